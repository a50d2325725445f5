"""Accounts through the real forms: sign-in, slow-down, sign-out, passwords, reset, invitations.

This module runs with CSRF and rate limits on, as in production.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from app.auth import services
from app.extensions import db
from app.models import AuditLog, Invitation, OutboxMessage, Role, User, utcnow
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "another-fine-passphrase-77"


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        # The per-address limit is tested in test_deploy; here the per-e-mail one.
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "LOGIN_FAILURE_LIMIT": "5 per 15 minutes",
    }


def csrf(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client, email, password, next_=None):
    url = "/auth/login" + (f"?next={next_}" if next_ else "")
    token = csrf(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "email": email, "password": password})


def sign_out(client):
    token = csrf(client.get("/dashboard").get_data(as_text=True))
    return client.post("/auth/logout", data={"csrf_token": token})


def session_cookie(client):
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def _outbox(app, to):
    with app.app_context():
        return db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.to_addr == to).order_by(OutboxMessage.id)
        ).all()


def _link(text: str, path: str) -> str:
    match = re.search(r"http://localhost(" + re.escape(path) + r"[^\s]+)", text)
    assert match, text
    return match.group(1)


@pytest.fixture
def user(make_user):
    return make_user(Role.ORGANIZER, email="olga@example.org")


def test_login_through_the_form_gives_a_fresh_session(app, client, user):
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    response = sign_in(client, "Olga@Example.org ", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
    with client.session_transaction() as sess:
        assert "planted" not in sess  # nothing of the anonymous session carries over
    assert client.get("/dashboard").status_code == 200
    with app.app_context():
        fresh = db.session.get(User, user.id)
        assert fresh.last_login_at is not None
        assert "user.login" in db.session.scalars(sa.select(AuditLog.action)).all()


def test_wrong_password_and_unknown_email_answer_alike(app, client, user):
    known = sign_in(client, "olga@example.org", "wrong-password-123")
    unknown = sign_in(client, "nobody@example.org", "wrong-password-123")
    assert known.status_code == unknown.status_code == 200

    def normalised(response, email):
        page = response.get_data(as_text=True).replace(email, "EMAIL")
        return re.sub(r'value="[^"]*"', 'value=""', page)

    assert normalised(known, "olga@example.org") == normalised(unknown, "nobody@example.org")
    assert "The e-mail or password is not right." in known.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).failed_logins == 1


@pytest.mark.parametrize("email", ["olga@example.org", "nobody@example.org"])
def test_slow_down_after_failures_for_known_and_unknown_emails(app, client, user, email):
    for _ in range(5):
        assert sign_in(client, email, "wrong-password-123").status_code == 200
    blocked = sign_in(client, email, "wrong-password-123")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    # Even the right password waits: the answer does not tell a guess was right.
    assert sign_in(client, email, TEST_PASSWORD).status_code == 429
    # Another address is not affected.
    assert sign_in(client, "someone.else@example.org", "wrong-password-123").status_code == 200


def test_successful_logins_do_not_count_as_failures(client, user):
    for _ in range(7):
        assert sign_in(client, "olga@example.org", TEST_PASSWORD).status_code == 302
        sign_out(client)


def test_logout_then_replaying_the_old_cookie_is_refused(app, client, user):
    sign_in(client, "olga@example.org", TEST_PASSWORD)
    old_cookie = session_cookie(client)
    assert sign_out(client).status_code == 302
    assert client.get("/dashboard").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", old_cookie)
    response = replay.get("/dashboard")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_password_change_signs_out_other_sessions(app, user):
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, "olga@example.org", TEST_PASSWORD)
    sign_in(elsewhere, "olga@example.org", TEST_PASSWORD)
    page = here.get("/auth/account").get_data(as_text=True)
    response = here.post(
        "/auth/account",
        data={
            "csrf_token": csrf(page),
            "pw-current": TEST_PASSWORD,
            "pw-password": NEW_PASSWORD,
            "pw-confirm": NEW_PASSWORD,
            "pw-submit": "Change password",
        },
    )
    assert response.status_code == 302
    assert here.get("/dashboard").status_code == 200  # this device stays in
    assert elsewhere.get("/dashboard").status_code == 302  # every other one is out
    fresh = app.test_client()
    assert sign_in(fresh, "olga@example.org", TEST_PASSWORD).status_code == 200
    assert sign_in(fresh, "olga@example.org", NEW_PASSWORD).status_code == 302


def test_password_change_needs_the_current_password_and_a_good_new_one(client, user):
    sign_in(client, "olga@example.org", TEST_PASSWORD)
    page = client.get("/auth/account").get_data(as_text=True)
    data = {"csrf_token": csrf(page), "pw-submit": "Change password"}
    r = client.post(
        "/auth/account",
        data={
            **data,
            "pw-current": "wrong",
            "pw-password": NEW_PASSWORD,
            "pw-confirm": NEW_PASSWORD,
        },
    )
    assert "This is not your current password." in r.get_data(as_text=True)
    r = client.post(
        "/auth/account",
        data={**data, "pw-current": TEST_PASSWORD, "pw-password": "short", "pw-confirm": "short"},
    )
    assert "at least" in r.get_data(as_text=True)


def test_reset_token_is_single_use(app, client, user):
    page = client.get("/auth/forgot-password").get_data(as_text=True)
    r = client.post(
        "/auth/forgot-password", data={"csrf_token": csrf(page), "email": "olga@example.org"}
    )
    assert r.status_code == 302
    # An unknown address gets the same answer and no e-mail.
    r2 = client.post(
        "/auth/forgot-password", data={"csrf_token": csrf(page), "email": "nobody@example.org"}
    )
    assert r2.status_code == 302 and r2.headers["Location"] == r.headers["Location"]
    assert _outbox(app, "nobody@example.org") == []
    (mail,) = _outbox(app, "olga@example.org")
    link = _link(mail.body_text, "/auth/reset-password/")
    page = client.get(link).get_data(as_text=True)
    r = client.post(
        link, data={"csrf_token": csrf(page), "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert r.status_code == 302
    assert client.get(link).status_code == 400  # spent
    assert sign_in(app.test_client(), "olga@example.org", NEW_PASSWORD).status_code == 302


def test_reset_token_expires(app, client, user, monkeypatch):
    with app.test_request_context():
        token = services.make_reset_token(db.session.get(User, user.id))
    assert client.get(f"/auth/reset-password/{token}").status_code == 200
    hours = app.config["PASSWORD_RESET_HOURS"]
    later = int(time.time()) + hours * 3600 + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert client.get(f"/auth/reset-password/{token}").status_code == 400
    assert client.get("/auth/reset-password/garbage").status_code == 400


def _invite(app, email="new.person@example.org", role=Role.STAFF, **kw):
    with app.test_request_context():
        invitation, token = services.create_invitation(email, role, **kw)
        db.session.commit()
        return invitation.id, token


def _accept(client, token, password=NEW_PASSWORD):
    url = f"/auth/invitation/{token}"
    page = client.get(url)
    if page.status_code != 200:
        return page
    return client.post(
        url,
        data={
            "csrf_token": csrf(page.get_data(as_text=True)),
            "full_name": "New Person",
            "locale": "fr",
            "password": password,
            "confirm": password,
        },
    )


def test_invitation_is_single_use(app, client):
    _id, token = _invite(app)
    (mail,) = _outbox(app, "new.person@example.org")
    assert f"/auth/invitation/{token}" in mail.body_text
    r = _accept(client, token)
    assert r.status_code == 302 and r.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200
    with app.app_context():
        created = db.session.scalar(sa.select(User).where(User.email == "new.person@example.org"))
        assert created.role == Role.STAFF and created.locale == "fr"
    again = _accept(app.test_client(), token)
    assert again.status_code == 400


def test_invitation_expired_or_revoked_is_refused(app, client):
    expired_id, expired = _invite(app, "late@example.org")
    revoked_id, revoked = _invite(app, "withdrawn@example.org")
    with app.test_request_context():
        db.session.get(Invitation, expired_id).expires_at = utcnow() - timedelta(seconds=1)
        services.revoke_invitation(db.session.get(Invitation, revoked_id))
        db.session.commit()
    for token in (expired, revoked, "not-a-token"):
        r = client.get(f"/auth/invitation/{token}")
        assert r.status_code == 400
        assert "This link cannot be used" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_focal_point_invitation_joins_the_delegation(app, client, make_delegation):
    delegation = make_delegation("MN", name_en="Mongolia")
    _id, token = _invite(app, "focal@example.org", Role.FOCAL_POINT, delegation_id=delegation.id)
    assert _accept(client, token).status_code == 302
    with app.app_context():
        created = db.session.scalar(sa.select(User).where(User.email == "focal@example.org"))
        assert created.role == Role.FOCAL_POINT and created.delegation_id == delegation.id


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
    ],
)
def test_next_open_redirect_refused(client, user, target):
    r = sign_in(client, "olga@example.org", TEST_PASSWORD, next_=target)
    assert r.status_code == 302
    assert r.headers["Location"].endswith("/dashboard")


def test_next_within_the_site_is_followed(client, user):
    r = sign_in(client, "olga@example.org", TEST_PASSWORD, next_="/auth/account")
    assert r.headers["Location"].endswith("/auth/account")


def test_inactive_user_is_refused(app, client, make_user):
    make_user(Role.STAFF, email="gone@example.org", active=False)
    r = sign_in(client, "gone@example.org", TEST_PASSWORD)
    assert r.status_code == 200
    assert "The e-mail or password is not right." in r.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_idle_session_ends(app, client, user):
    sign_in(client, "olga@example.org", TEST_PASSWORD)
    assert client.get("/dashboard").status_code == 200
    limit = app.config["SESSION_IDLE_MINUTES"] * 60
    with client.session_transaction() as sess:
        sess["seen"] = time.time() - limit - 5
    r = client.get("/dashboard")
    assert r.status_code == 302 and "/auth/login" in r.headers["Location"]
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "inactivity" in page


def test_logout_needs_csrf(client, user):
    sign_in(client, "olga@example.org", TEST_PASSWORD)
    r = client.post("/auth/logout", data={})
    assert r.status_code in (302, 400)
    assert client.get("/dashboard").status_code == 200  # a forged logout does nothing
