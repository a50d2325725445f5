"""Administration → API tokens: created with the admin's password, shown once, listed by
its first characters only, revoked."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import ApiToken, AuditLog
from tests.conftest import TEST_PASSWORD


def test_create_show_once_use_revoke(app, world, as_role):
    admin = as_role("admin")
    form = {
        "name": "Hotel Lianyungang",
        "user_id": world.users.organizer.id,
        "scope": "read",
        "current_password": TEST_PASSWORD,
    }
    page = admin.post("/admin/api-tokens", data=form, follow_redirects=True)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    plain = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', html).group(1)
    assert plain.startswith("acr_") and len(plain) > 40

    with app.app_context():
        token = db.session.scalar(sa.select(ApiToken).where(ApiToken.name == "Hotel Lianyungang"))
        assert token.token_hash != plain and plain not in token.token_hash
        assert db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "api_token.created"))
        token_id = token.id
    # Shown once: then the list shows only its beginning.
    listing = admin.get("/admin/api-tokens").get_data(as_text=True)
    assert plain not in listing and plain[:12] in listing

    api = app.test_client()
    headers = {"Authorization": f"Bearer {plain}"}
    assert api.get("/api/v1/delegations", headers=headers).status_code == 200
    assert "Hotel Lianyungang" in admin.get("/admin/api-tokens").get_data(as_text=True)

    assert admin.post(f"/admin/api-tokens/{token_id}/revoke").status_code == 302
    assert api.get("/api/v1/delegations", headers=headers).status_code == 401
    assert "Revoked" in admin.get("/admin/api-tokens").get_data(as_text=True)


def test_wrong_password_creates_nothing(app, world, as_role):
    before = _count(app)
    page = as_role("admin").post(
        "/admin/api-tokens",
        data={
            "name": "x",
            "user_id": world.users.staff.id,
            "scope": "full",
            "current_password": "wrong",
        },
    )
    assert 'id="new-token"' not in page.get_data(as_text=True)
    assert _count(app) == before


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken))
