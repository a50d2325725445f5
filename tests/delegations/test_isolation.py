"""A focal point of delegation B tries every delegations route with A's ids: 404 (or 403 for
secretariat-only routes), and nothing changes."""

from __future__ import annotations

import io

import sqlalchemy as sa
from flask import url_for

from app.extensions import db
from app.models import (
    AuditLog,
    Delegation,
    Document,
    Invitation,
    OutboxMessage,
    Participant,
)
from tests.delegations.conftest import PDF
from tests.registration.conftest import valid_data


def _snapshot(app, world) -> dict:
    with app.app_context():
        a = db.session.get(Delegation, world.a.id)
        doc = db.session.get(Document, world.document_a)
        inv = db.session.get(Invitation, world.invitation_a)
        counts = {
            model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Participant, Document, Invitation, AuditLog, OutboxMessage, Delegation)
        }
        return {
            **counts,
            "a": (a.quota, a.code, a.name_en, a.head_participant_id, a.registration_token),
            "doc": (doc.verified_at, doc.size),
            "inv": (inv.revoked_at, inv.accepted_at),
            "statuses": tuple(
                db.session.scalars(sa.select(Participant.status).order_by(Participant.id))
            ),
        }


def _delegation_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("delegations.") and "delegation_id" in rule.arguments:
            yield rule


def test_focal_point_b_cannot_touch_delegation_a(app, world, as_role):
    with app.app_context():
        db.session.get(Delegation, world.a.id).registration_token = "a-secret-link-token-000"
        db.session.commit()
    before = _snapshot(app, world)
    client = as_role("focal_point_b")
    params = {
        "delegation_id": world.a.id,
        "document_id": world.document_a,
        "invitation_id": world.invitation_a,
    }
    bodies = {
        "POST": {
            "kind": "country",
            "code": "MN",
            "name_en": "Hacked",
            "quota": "99",
            "status": "confirmed",
            "participant_id": str(world.pb1.id),
            "email": "intruder@example.org",
            "submit_all": "y",
        }
    }
    tried = []
    for rule in _delegation_rules(app):
        with app.test_request_context():
            url = url_for(rule.endpoint, **{k: params[k] for k in rule.arguments})
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            data = dict(bodies.get(method, {}))
            if method == "POST":
                data["file"] = (io.BytesIO(PDF), "x.pdf")
            response = client.open(
                url, method=method, data=data, content_type="multipart/form-data"
            )
            tried.append((method, rule.rule))
            assert response.status_code in (403, 404), f"{method} {url} -> {response.status_code}"
    assert len(tried) >= 15, tried
    assert _snapshot(app, world) == before

    # Even B's own routes do not reach A's objects.
    own = f"/delegations/{world.b.id}"
    assert client.get(f"{own}/documents/{world.document_a}").status_code == 404
    assert client.post(f"{own}/invitations/{world.invitation_a}/resend").status_code == 404
    assert client.post(f"{own}/invitations/{world.invitation_a}/revoke").status_code == 404
    assert _snapshot(app, world) == before


def test_self_registration_link_only_reaches_its_delegation(app, world, client):
    """The link of A registers into A, whatever the form says."""
    with app.app_context():
        db.session.get(Delegation, world.a.id).registration_token = "a-secret-link-token-000"
        db.session.commit()
    data = valid_data(world.categories.delegate.id, family_name="Tsend", email="t@example.org")
    data.update(submit="1", delegation_id=str(world.b.id), status="approved")
    response = client.post("/delegations/register/a-secret-link-token-000", data=data)
    assert response.status_code == 302
    with app.app_context():
        p = db.session.scalar(sa.select(Participant).where(Participant.family_name == "Tsend"))
        assert p.delegation_id == world.a.id
        assert p.status.value == "pending_endorsement"
