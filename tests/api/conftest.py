"""API tokens for the API's tests: `make_token(role, scope)` returns the bearer header."""

from __future__ import annotations

import pytest

from app.api import tokens
from app.extensions import db
from app.models import TokenScope, User


@pytest.fixture
def make_token(app, world):
    def make(role: str = "staff", scope: str = "checkin", user=None) -> dict:
        with app.app_context():
            owner = db.session.get(User, (user or getattr(world.users, role)).id)
            _token, plain = tokens.create(
                name=f"{role} {scope}", scope=TokenScope(scope), user=owner, by=None
            )
            db.session.commit()
        return {"Authorization": f"Bearer {plain}"}

    return make


@pytest.fixture
def api(app):
    """A client for the API: api.post(path, json, headers) etc."""
    return app.test_client()
