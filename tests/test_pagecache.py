"""The public agenda is shared between anonymous visitors, never stale after an edit here,
and each visitor still gets a CSRF token of their own."""

import re

import pytest
from flask_wtf.csrf import validate_csrf

from app.extensions import db
from app.models import ProgrammeSession


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_anonymous_agenda_is_shared_and_fresh_after_an_edit(app, world, client):
    first = client.get("/programme/").get_data(as_text=True)
    assert "agenda" in app.extensions["pagecache"].__repr__()
    # A second visitor gets the cached page with a token valid for their own session.
    other = app.test_client()
    page = other.get("/programme/").get_data(as_text=True)
    assert "\x1e" not in page
    with other.session_transaction() as sess:
        stored = dict(sess)
    with app.test_request_context():
        from flask import session

        session.update(stored)
        validate_csrf(_token(page))
    # An organizer's edit (any commit that writes a session) shows at once.
    with app.app_context():
        item = db.session.get(ProgrammeSession, world.params["session_id"])
        item.title_en = "Renamed plenary"
        db.session.commit()
    assert "Renamed plenary" in client.get("/programme/").get_data(as_text=True)
    assert "Renamed plenary" not in first


def test_signed_in_users_never_get_the_shared_copy(app, world, as_role):
    as_role("anonymous").get("/programme/")
    html = as_role("organizer").get("/programme/").get_data(as_text=True)
    assert world.users.organizer.full_name in html
