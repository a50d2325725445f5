"""Languages: the browser's first, then the visitor's choice, then the user's; the forum's time zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.support import Translations

from app import ROOT
from app.extensions import db
from app.models import ForumSettings, OutboxMessage, Role, User


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))
    assert match
    return match.group(1)


@pytest.fixture
def forum(make_forum):
    return make_forum()


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("fr", "fr"),
        ("fr-CA,fr;q=0.9,en;q=0.5", "fr"),
        ("zh-CN,zh;q=0.9", "zh"),
        ("zh-Hans-CN", "zh"),
        ("de-DE,de;q=0.9", "en"),
        ("en-GB", "en"),
        ("", "en"),
    ],
)
def test_first_language_follows_the_browser(client, forum, header, lang):
    response = client.get("/", headers={"Accept-Language": header} if header else {})
    assert response.status_code == 200
    assert html_lang(response) == lang


def test_switcher_on_every_page(client, forum):
    for url in ("/", "/auth/login", "/no-such-page"):
        page = client.get(url).get_data(as_text=True)
        assert 'action="/language"' in page
        for code in ("en", "fr", "zh"):
            assert f'name="lang" value="{code}"' in page


def test_choice_is_remembered_in_the_session(client, forum):
    r = client.post("/language", data={"lang": "zh", "next": "/auth/login"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/auth/login")
    assert html_lang(client.get("/", headers={"Accept-Language": "fr"})) == "zh"
    # An unknown language or an outside target changes nothing harmful.
    r = client.post("/language", data={"lang": "xx", "next": "https://evil.example/"})
    assert r.headers["Location"].endswith("/")
    assert html_lang(client.get("/")) == "zh"


def test_choice_is_remembered_per_user(app, forum, make_user, login_as):
    user = make_user(Role.ORGANIZER)
    client = login_as(user)
    client.post("/language", data={"lang": "fr", "next": "/dashboard"})
    with app.app_context():
        assert db.session.get(User, user.id).locale == "fr"
    # Another browser (English) of the same user gets French after signing in.
    with app.app_context():
        fresh = db.session.get(User, user.id)
        db.session.expunge(fresh)
    other = login_as(fresh)
    assert html_lang(other.get("/dashboard", headers={"Accept-Language": "en"})) == "fr"


def test_the_account_language_wins_over_the_browser(app, forum, make_user, login_as):
    user = make_user(Role.STAFF, locale="zh")
    client = login_as(user)
    assert html_lang(client.get("/dashboard", headers={"Accept-Language": "fr"})) == "zh"


def test_pages_use_the_compiled_catalogues(client, forum):
    """When a catalogue translates "Sign in", the French page shows the translation."""
    mo = Path(ROOT) / "translations" / "fr" / "LC_MESSAGES" / "messages.mo"
    if not mo.exists():
        pytest.skip("no compiled French catalogue (make translations)")
    french = Translations.load(str(Path(ROOT) / "translations"), ["fr"]).gettext("Sign in")
    if french == "Sign in":
        pytest.skip("'Sign in' is not translated yet")
    page = client.get("/auth/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert french in page


def test_times_are_shown_in_the_forum_time_zone(app, forum, make_user, login_as):
    with app.app_context():
        message = OutboxMessage(
            to_addr="x@example.org",
            subject="Time zone probe",
            body_text="x",
            created_at=datetime(2025, 9, 17, 1, 30, tzinfo=UTC),
        )
        db.session.add(message)
        db.session.commit()
        url = f"/admin/outbox/{message.id}"
    client = login_as(make_user(Role.ADMIN))
    page = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "9:30:00" in page  # 01:30 UTC is 09:30 in Shanghai
    with app.app_context():
        db.session.execute(sa.update(ForumSettings).values(timezone="Europe/Paris"))
        db.session.commit()
    page = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "3:30:00" in page  # and 03:30 in Paris (summer time)


def test_error_pages_in_the_visitors_language(client, forum):
    response = client.get("/no-such-page", headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 404
    assert html_lang(response) == "zh"
    assert "Traceback" not in response.get_data(as_text=True)
