"""Every route, as every role: the answer matches what the route declares.

A route that declares nothing fails here (and is refused at run time). Allowed roles must not
get 401/403 or a server error; others get 403, or the login page when signed out. Object
routes are called with objects of delegation A, which the focal point and delegate belong to.
"""

from __future__ import annotations

import tempfile

import pytest
from werkzeug.routing import Rule

from app import create_app
from app.auth.access import ANONYMOUS
from tests.conftest import ROLES, client_for

_collect_app = create_app(
    {
        "TESTING": True,
        "INSTANCE_PATH": tempfile.mkdtemp(prefix="accredit-collect-"),
        "SECRET_KEY": "x",
        "DATA_KEY": "mG7Gk2l3gQy3b3Kx8Kq8Z9S8k8h6sF2m1dHk1Yb8pXo=",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
    }
)


def _routes() -> list[tuple[str, str, str]]:
    out = []
    for rule in _collect_app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            out.append((rule.endpoint, rule.rule, method))
    return sorted(out)


ROUTES = _routes()


def test_every_view_declares_access():
    undeclared = [
        endpoint
        for endpoint, view in _collect_app.view_functions.items()
        if endpoint != "static"
        and not endpoint.endswith(".static")
        and getattr(view, "access", None) is None
    ]
    assert undeclared == [], f"routes without an access declaration: {undeclared}"


def _url(app, rule_text: str, params: dict) -> str:
    rule: Rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text)
    values = {}
    for arg in rule.arguments:
        if arg not in params:
            pytest.fail(
                f"no value for URL parameter <{arg}> of {rule_text}: add it in tests/world_extras.py"
            )
        values[arg] = params[arg]
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


@pytest.mark.parametrize(
    ("endpoint", "rule", "method"), ROUTES, ids=[f"{m} {r}" for _e, r, m in ROUTES]
)
def test_route_access(app, world, endpoint, rule, method):
    allowed = app.view_functions[endpoint].access
    url = _url(app, rule, world.params)
    for role in ROLES:
        client = client_for(app, world, role)
        response = client.open(url, method=method, data={})
        status = response.status_code
        where = f"{method} {url} as {role} -> {status}"
        assert status < 500, where
        if role in allowed:
            assert status not in (401, 403), where
            if role != ANONYMOUS:
                assert "/auth/login" not in response.headers.get("Location", ""), where
        elif role == ANONYMOUS and rule.startswith("/api/"):
            assert status == 401, where  # the API has no login page (tests/api for tokens)
        elif role == ANONYMOUS:
            assert status in (302, 401), where
            assert "/auth/login" in response.headers.get("Location", ""), where
        else:
            assert status == 403, where
