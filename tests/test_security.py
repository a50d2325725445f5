"""Security hardening (OWASP ASVS level 2 where it applies): headers, cookies, CSRF on every
POST, GET never writes, re-authentication, idle sessions, passwords, redirects, upload limits.

The walks over routes read `app.url_map`, so every route an area adds is covered the day it
lands; URL parameters come from the `world` fixture, like tests/test_access.py.
"""

from __future__ import annotations

import hashlib
import io
import time
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import Blueprint, render_template_string, url_for
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from werkzeug.routing import Rule
from werkzeug.test import encode_multipart

from app import create_app
from app.auth.access import login_required_any
from app.extensions import db
from tests.conftest import (
    ON_POSTGRES,
    ROLES,
    TEST_PASSWORD,
    _reset_database,
    _test_config,
    client_for,
)


def fresh_app(config: dict):
    """An app of our own (not the `app` fixture) on a clean schema."""
    app = create_app(config)
    if ON_POSTGRES:
        _reset_database(app)
    else:
        with app.app_context():
            db.create_all()
    return app


# --- walking the routes ---------------------------------------------------------------------


def rules(app, method: str) -> list[Rule]:
    """Every rule answering `method`, static files excepted, in a stable order."""
    out = [
        r
        for r in app.url_map.iter_rules()
        if method in (r.methods or ())
        and r.endpoint != "static"
        and not r.endpoint.endswith(".static")
    ]
    return sorted(out, key=lambda r: (r.rule, r.endpoint))


def url_of(app, rule: Rule, params: dict) -> str:
    missing = [a for a in rule.arguments if a not in params]
    if missing:
        pytest.fail(f"no value for {missing} of {rule.rule}: add it in tests/world_extras.py")
    with app.test_request_context():
        return url_for(rule.endpoint, **{a: params[a] for a in rule.arguments})


def snapshot(app) -> dict[str, tuple[int, str]]:
    """Row count and a digest of the content of every table."""
    from tests.test_scaling import tallies_and_recount

    out = {}
    with app.app_context():
        db.session.remove()
        for table in db.metadata.sorted_tables:
            if table.name in TALLY_TABLES:
                continue
            rows = db.session.execute(sa.select(table)).all()
            digest = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
            out[table.name] = (len(rows), digest)
        # The dashboard folds the tallies' delta rows into their totals (a cache of counts):
        # what must not change is what they add up to.
        found, _recount = tallies_and_recount()
        folded = repr(sorted((k, sorted(v.items())) for k, v in found.items()))
        out["tallies"] = (0, hashlib.sha256(folded.encode()).hexdigest())
        db.session.remove()
    return out


TALLY_TABLES = {"participant_tallies", "category_tallies", "submission_tallies", "tally_deltas"}


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


# --- headers --------------------------------------------------------------------------------


def _header_pages(client) -> list:
    return [
        client.get("/"),
        client.get("/auth/login"),
        client.get("/healthz"),
        client.get("/no-such-page"),  # 404 error page
        client.post("/healthz"),  # 405 error page
        client.get("/static/css/app.css"),
        client.get("/dashboard"),  # redirect to the login page
    ]


def test_security_headers_on_every_kind_of_response(app, world):
    for response in _header_pages(app.test_client()):
        h = response.headers
        where = f"{response.request.path} -> {response.status_code}"
        csp = h.get("Content-Security-Policy", "")
        directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ") if d}
        assert directives.get("script-src") == ["'self'"], where
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, where
        assert directives.get("object-src") == ["'none'"], where
        assert directives.get("frame-ancestors") == ["'none'"], where
        assert directives.get("base-uri") == ["'self'"], where
        assert directives.get("form-action") == ["'self'"], where
        assert h.get("X-Content-Type-Options") == "nosniff", where
        assert h.get("Referrer-Policy") in ("same-origin", "strict-origin-when-cross-origin")
        assert h.get("X-Frame-Options") == "DENY", where
        # Plain HTTP in development: no HSTS (it would pin a dev host to HTTPS).
        assert "Strict-Transport-Security" not in h, where
        response.close()


def test_security_headers_on_signed_in_pages(app, world):
    for role in ROLES[1:]:
        response = client_for(app, world, role).get("/dashboard")
        assert response.status_code == 200
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"


def test_hsts_over_https(app, world):
    client = app.test_client()
    response = client.get("/", base_url="https://localhost")
    hsts = response.headers.get("Strict-Transport-Security", "")
    assert "max-age=" in hsts and int(hsts.split("max-age=")[1].split(";")[0]) >= 15552000


@pytest.fixture
def production_app(tmp_path):
    """SECURE_COOKIES on, as in production behind TLS; CSRF and rate limits on."""
    config = _test_config(tmp_path)
    config.update(SECURE_COOKIES=True, WTF_CSRF_ENABLED=True)
    app = fresh_app(config)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_hsts_and_headers_with_secure_cookies(production_app):
    client = production_app.test_client()
    for response in _header_pages(client):
        assert "max-age=" in response.headers.get("Strict-Transport-Security", "")
        assert response.headers.get("X-Content-Type-Options") == "nosniff"
        assert response.headers.get("Referrer-Policy")
        response.close()


def _csrf_token(html: str) -> str:
    marker = 'name="csrf_token" type="hidden" value="'
    if marker not in html:
        marker = 'name="csrf_token" value="'
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_production_cookies_after_a_real_login(production_app):
    from app.models import Role, User

    with production_app.app_context():
        user = User(email="cookie@example.org", role=Role.ORGANIZER, full_name="Cookie")
        user.set_password(TEST_PASSWORD)
        db.session.add(user)
        db.session.commit()
    client = production_app.test_client()
    page = client.get("/auth/login", base_url="https://localhost")
    response = client.post(
        "/auth/login",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/auth/login"},  # checked by CSRF over HTTPS
        data={
            "csrf_token": _csrf_token(page.get_data(as_text=True)),
            "email": "cookie@example.org",
            "password": TEST_PASSWORD,
            "remember": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    assert {"session", "remember_token"} <= set(cookies), cookies
    for name in ("session", "remember_token"):
        attrs = [a.strip().lower() for a in cookies[name].split(";")]
        assert "secure" in attrs, cookies[name]
        assert "httponly" in attrs, cookies[name]
        assert "samesite=lax" in attrs or "samesite=strict" in attrs, cookies[name]


# --- CSRF on every POST ----------------------------------------------------------------------


@pytest.fixture
def app_config(tmp_path):
    """This module's app has CSRF protection on, as in production."""
    config = _test_config(tmp_path)
    config["WTF_CSRF_ENABLED"] = True
    return config


def test_every_post_without_csrf_token_is_refused(app, world):
    post_rules = rules(app, "POST")
    assert post_rules, "no POST routes found"
    before = snapshot(app)
    failures = []
    for rule in post_rules:
        url = url_of(app, rule, world.params)
        for role in ("anonymous", "organizer", "admin", "focal_point"):
            client = client_for(app, world, role)
            response = client.post(url, data={"submit": "y", "next": "/"})
            body = response.get_data(as_text=True)
            if url.startswith("/api/"):
                # The API: signed out is 401, a role it does not serve 403, and a session
                # without the X-CSRFToken header 400 csrf_failed (tokens need none).
                refused = response.status_code in (401, 403) or (
                    response.status_code == 400 and response.json["code"] == "csrf_failed"
                )
                if not refused:
                    failures.append(f"POST {url} as {role} -> {response.status_code}")
            elif response.status_code != 400 or "The form has expired" not in body:
                failures.append(f"POST {url} as {role} -> {response.status_code}")
    assert failures == [], "POST accepted without a CSRF token:\n" + "\n".join(failures)
    after = snapshot(app)
    assert changed_tables(before, after) == []


def test_post_with_a_wrong_csrf_token_is_refused(app, world):
    client = client_for(app, world, "organizer")
    before = snapshot(app)
    response = client.post("/auth/logout", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert snapshot(app) == before


# --- GET never changes data ------------------------------------------------------------------


# Reads that are audited by design (personal-data exports): they add to the audit log only.
AUDITED_READS = {
    "desk.rosters.csv",
    "desk.rosters.xlsx",
    "clearance.batch_xlsx",
    "clearance.batch_photos",
}


def test_get_never_changes_data(app, world):
    before = snapshot(app)
    answered = 0
    for rule in rules(app, "GET"):
        url = url_of(app, rule, world.params)
        for role in ROLES:
            response = client_for(app, world, role).get(url)
            assert response.status_code < 500, f"GET {url} as {role} -> {response.status_code}"
            answered += 1
        after = snapshot(app)
        allowed = ["audit_log"] if rule.endpoint in AUDITED_READS else []
        assert changed_tables(before, after) in ([], allowed), f"GET {url} changed data"
        before = after if allowed else before
    assert answered > 0


# --- sessions, passwords, re-authentication ---------------------------------------------------


@pytest.fixture
def no_csrf_app(tmp_path):
    config = _test_config(tmp_path)
    config["SESSION_IDLE_MINUTES"] = 30
    app = fresh_app(config)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _user(app, email="idle@example.org", role="organizer"):
    from app.models import Role, User

    with app.app_context():
        user = User(email=email, role=Role(role), full_name="Someone")
        user.set_password(TEST_PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user.get_id(), user.id


def test_session_ends_after_the_idle_time(no_csrf_app):
    app = no_csrf_app
    user_id, _ = _user(app)
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = user_id
        sess["seen"] = time.time() - 29 * 60  # active 29 minutes ago: still signed in
    assert client.get("/dashboard").status_code == 200
    with client.session_transaction() as sess:
        assert time.time() - sess["seen"] < 5  # the visit renewed the idle clock
        sess["seen"] = time.time() - 31 * 60  # idle for 31 minutes: signed out
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    with client.session_transaction() as sess:
        assert "_user_id" not in sess


def test_passwords_need_twelve_characters_and_not_a_common_one(no_csrf_app):
    from app.auth.services import password_problem

    with no_csrf_app.test_request_context():
        assert password_problem("short-pw-11") is not None  # 11 characters
        assert password_problem("password1234") is not None  # on the common list
        assert password_problem("aaaaaaaaaaaaaaa") is not None  # one repeated character
        assert password_problem("jane.doe.password", "jane.doe@example.org") is not None
        assert password_problem("violet-harbour-58") is None


def test_changing_the_password_needs_the_current_one(no_csrf_app):
    app = no_csrf_app
    user_id, uid = _user(app, "change@example.org")
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = user_id
        sess["seen"] = time.time()
    new = "violet-harbour-58-new"
    form = {"pw-current": "wrong-password-123", "pw-password": new, "pw-confirm": new}
    response = client.post("/auth/account", data={**form, "pw-submit": "y"})
    assert response.status_code == 200
    assert "This is not your current password." in response.get_data(as_text=True)
    from app.models import User

    with app.app_context():
        assert db.session.get(User, uid).check_password(TEST_PASSWORD)
    form["pw-current"] = TEST_PASSWORD
    client.post("/auth/account", data={**form, "pw-submit": "y"})
    with app.app_context():
        assert db.session.get(User, uid).check_password(new)


def _reauth_app(tmp_path):
    """An app with one sensitive test route guarded by require_recent_auth and ReauthMixin."""
    from app.auth.reauth import ReauthMixin, require_recent_auth

    config = _test_config(tmp_path)
    app = fresh_app(config)
    bp = Blueprint("reauth_probe", __name__)
    done = []

    class ProbeForm(ReauthMixin, FlaskForm):
        pass

    @bp.route("/probe/decorated", methods=["GET", "POST"])
    @login_required_any
    @require_recent_auth(5)
    def decorated():
        done.append("decorated")
        return "changed"

    @bp.route("/probe/form", methods=["POST"])
    @login_required_any
    def with_form():
        form = ProbeForm()
        if form.validate_on_submit():
            done.append("form")
            return "changed"
        return render_template_string("{{ form.current_password.errors|join }}", form=form), 422

    app.register_blueprint(bp)
    return app, done


def _dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_reauthentication_helpers(tmp_path):
    app, done = _reauth_app(tmp_path)
    try:
        _check_reauthentication(app, done)
    finally:
        _dispose(app)


def _check_reauthentication(app, done):
    user_id, _ = _user(app, "admin2@example.org", "admin")
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = user_id
        sess["seen"] = time.time()

    # Without the password the change is refused and the page asks for it.
    response = client.post("/probe/decorated", data={})
    assert response.status_code == 302 and done == []
    response = client.post("/probe/decorated", data={"current_password": "not-my-password"})
    assert response.status_code == 302 and done == []
    response = client.post("/probe/form", data={"current_password": "not-my-password"})
    assert response.status_code == 422 and "not your password" in response.get_data(as_text=True)
    assert done == []

    # The right password is accepted and remembered for a few minutes.
    response = client.post("/probe/form", data={"current_password": TEST_PASSWORD})
    assert response.status_code == 200 and done == ["form"]
    assert client.post("/probe/decorated", data={}).status_code == 200
    assert done == ["form", "decorated"]

    # Six minutes later it must be confirmed again.
    with client.session_transaction() as sess:
        sess["reauth_at"] = time.time() - 6 * 60
    assert client.post("/probe/decorated", data={}).status_code == 302
    assert done == ["form", "decorated"]

    from app.models import AuditLog

    with app.app_context():
        actions = db.session.scalars(sa.select(AuditLog.action)).all()
        assert "user.reauth_failed" in actions


# --- redirects, uploads -----------------------------------------------------------------------

HOSTILE_NEXT = [
    "//evil.example",
    "//evil.example/path",
    "https://evil.example",
    "http://evil.example/auth/login",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "///evil.example",
    "/%09/evil.example",
    " //evil.example",
    "https:evil.example",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_next_redirects_stay_on_the_site(no_csrf_app, target):
    app = no_csrf_app
    _user(app, "next@example.org")
    client = app.test_client()
    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"email": "next@example.org", "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    _assert_on_site(response.headers["Location"])
    # The language switch takes a next= too.
    response = client.post("/language", data={"lang": "fr", "next": target})
    _assert_on_site(response.headers["Location"])


def _assert_on_site(location: str) -> None:
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert location.startswith("/") and not location.startswith("//"), location
    assert "\\" not in location and not any(ord(c) < 33 for c in location), location


def test_next_redirect_to_a_local_page_is_kept(no_csrf_app):
    _user(no_csrf_app, "local@example.org")
    response = no_csrf_app.test_client().post(
        "/auth/login",
        query_string={"next": "/auth/account?tab=1"},
        data={"email": "local@example.org", "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == "/auth/account?tab=1"


def test_uploads_over_the_limit_get_a_clear_413_page(no_csrf_app):
    app = no_csrf_app
    limit_mb = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    assert limit_mb == 16
    user_id, _ = _user(app, "upload@example.org", "admin")  # admins may open every route
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = user_id
        sess["seen"] = time.time()
    payload = b"%PDF-1.4\n" + b"0" * (17 * 1024 * 1024)
    # Every route reads the form through Werkzeug, which enforces MAX_CONTENT_LENGTH.
    targets = ["/auth/login", "/auth/account"]
    targets += [r.rule for r in rules(app, "POST") if not r.arguments][:5]
    for url in dict.fromkeys(targets):
        # Encoded in memory: the test client would spool a large body to an unclosed file.
        boundary, body = encode_multipart(
            {
                "file": FileStorage(io.BytesIO(payload), filename="huge.pdf"),
                "photo": FileStorage(io.BytesIO(b"x"), filename="p.jpg"),
            }
        )
        response = client.post(
            url, data=body, content_type=f"multipart/form-data; boundary={boundary}"
        )
        body = response.get_data(as_text=True)
        assert response.status_code == 413, f"{url} -> {response.status_code}"
        assert f"{limit_mb} MB" in body, body[:300]
        assert "File too large" in body
        assert response.headers.get("X-Content-Type-Options") == "nosniff"


# --- NUL bytes ----------------------------------------------------------------------------------


def test_nul_bytes_in_text_input_are_refused(tmp_path):
    from app.security import refuse_nul_bytes

    app = fresh_app(_test_config(tmp_path))
    if refuse_nul_bytes not in app.before_request_funcs.get(None, []):
        app.before_request(refuse_nul_bytes)  # until create_app registers it
    try:
        client = app.test_client()
        assert client.post("/auth/login", data={"email": "a\x00b@x.org"}).status_code == 400
        assert client.get("/auth/login?next=/\x00").status_code == 400
        assert client.get("/auth/reset-password/ab%00cd").status_code == 400
        # A file may hold NUL bytes: only text fields are inspected.
        boundary, body = encode_multipart(
            {"email": "x@example.org", "photo": FileStorage(io.BytesIO(b"\x00\x01"), "p.jpg")}
        )
        response = client.post(
            "/auth/login", data=body, content_type=f"multipart/form-data; boundary={boundary}"
        )
        assert response.status_code == 200
    finally:
        _dispose(app)


def test_create_app_refuses_nul_bytes(app):
    from app.security import refuse_nul_bytes

    if refuse_nul_bytes not in app.before_request_funcs.get(None, []):
        pytest.skip("create_app does not register app.security.refuse_nul_bytes yet")
    assert app.test_client().get("/?q=%00").status_code == 400
