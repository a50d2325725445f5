"""Every API operation, read from openapi.json (a new one is covered without editing this
file): as every role's token, with every scope, and against another delegation's objects.
The same matrix as tests/test_access.py, for tokens."""

from __future__ import annotations

import re

import pytest

from app.api.tokens import SCOPE_GRANTS
from app.auth.access import ANONYMOUS
from app.models import TokenScope
from tests.conftest import ROLES
from tests.test_access import _collect_app

SPEC = _collect_app.test_client().get("/api/v1/openapi.json").get_json()
OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in SPEC["paths"].items()
    for method in item
    if method in ("get", "post", "put", "patch", "delete")
)
IDS = [f"{m} {p}" for m, p in OPERATIONS]


def _bodies(world) -> dict:
    """A valid body for each operation that takes one (add one for a new operation)."""
    scan = {"code": world.pa1.badge_secret, "point": "entrance"}
    return {
        ("POST", "/api/v1/checkins"): scan,
        ("POST", "/api/v1/checkins/batch"): {"scans": [scan]},
    }


def _view(app, method: str, path: str):
    endpoint, _args = app.url_map.bind("localhost").match(
        re.sub(r"\{[^}]+\}", "1", path), method=method
    )
    return app.view_functions[endpoint]


def _call(app, world, method, path, headers, params=None):
    values = {**world.params, **(params or {})}
    url = re.sub(r"\{([^}]+)\}", lambda m: str(values[m.group(1)]), path)
    body = _bodies(world).get((method, path))
    if method == "POST" and body is None:
        pytest.fail(f"no body for {method} {path}: add one in _bodies()")
    return app.test_client().open(url, method=method, json=body, headers=headers)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=IDS)
def test_roles(app, world, make_token, method, path):
    view = _view(app, method, path)
    for role in ROLES:
        headers = {} if role == ANONYMOUS else make_token(role, "full")
        response = _call(app, world, method, path, headers)
        where = f"{method} {path} as {role} -> {response.status_code} {response.get_json()}"
        assert response.status_code < 500, where
        assert response.is_json, where
        if role in view.access:
            assert response.status_code not in (401, 403), where
        elif role == ANONYMOUS:
            assert response.status_code == 401, where
            assert response.get_json()["code"] == "unauthorized", where
        else:
            assert response.status_code == 403, where
            assert response.get_json()["code"] == "forbidden", where


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=IDS)
def test_scopes(app, world, make_token, method, path):
    view = _view(app, method, path)
    need = view.api_need
    needs = () if need is None else (need,) if isinstance(need, str) else need
    for scope in TokenScope:
        response = _call(app, world, method, path, make_token("admin", scope.value))
        where = f"{method} {path} with a {scope} token -> {response.status_code}"
        assert response.status_code < 500, where
        if not needs or any(n in SCOPE_GRANTS[scope] for n in needs):
            assert response.status_code not in (401, 403), where
        else:
            assert response.status_code == 403, where
            assert response.get_json()["code"] == "insufficient_scope", where


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=IDS)
def test_other_delegation(app, world, make_token, method, path):
    """A focal point's and a delegate's tokens (delegation A) never reach delegation B:
    B's objects are 404s, and no list shows B's people."""
    view = _view(app, method, path)
    other = {"delegation_id": world.b.id, "participant_id": world.pb1.id}
    for role in ("focal_point", "delegate"):
        if role not in view.access:
            continue
        headers = make_token(role, "full")
        response = _call(app, world, method, path, headers, params=other)
        where = f"{method} {path} as {role} of A -> {response.status_code}"
        if any(f"{{{name}}}" in path for name in other):
            assert response.status_code == 404, where
        text = response.get_data(as_text=True)
        for secret in ("Quispe", "Peru", "P9876543", world.pb1.badge_secret):
            assert secret not in text, where


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=IDS)
def test_staff_never_see_passports(app, world, make_token, method, path):
    if "staff" not in _view(app, method, path).access:
        return
    text = _call(app, world, method, path, make_token("staff", "full")).get_data(as_text=True)
    assert "E1234567" not in text and "P9876543" not in text and "1975-05-01" not in text


def test_revoked_token_is_refused_and_use_is_recorded(app, world, make_token):
    from app.api import tokens
    from app.extensions import db
    from app.models import ApiToken, AuditLog

    headers = make_token("organizer", "read")
    client = app.test_client()
    listed = client.get("/api/v1/participants", headers=headers)
    assert "E1234567" in listed.get_data(as_text=True)  # organizers see passports
    with app.app_context():
        token = db.session.query(ApiToken).filter_by(name="organizer read").one()
        assert token.last_used_at is not None
        actions = [a.action for a in db.session.query(AuditLog).order_by(AuditLog.id)]
        assert "api_token.created" in actions and "api.personal_data_read" in actions
        tokens.revoke(token)
        db.session.commit()
        assert db.session.query(AuditLog).filter_by(action="api_token.revoked").count() == 1
    refused = client.get("/api/v1/participants", headers=headers)
    assert refused.status_code == 401
    assert refused.get_json()["code"] == "unauthorized"


def test_tokens_open_no_pages(app, world, make_token):
    """A bearer token signs in API requests only, never a page of the site."""
    response = app.test_client().get("/desk/checkin", headers=make_token("admin", "full"))
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
