"""A focal point of delegation B tries A's participants on every participant route: 404 (or
403 for routes their role may not use at all), and nothing changes."""

from __future__ import annotations

from app.extensions import db
from app.models import AuditLog, Participant
from tests.registration.conftest import valid_data


def snapshot(app, pid):
    import sqlalchemy as sa

    with app.app_context():
        p = db.session.get(Participant, pid)
        values = {
            c.key: getattr(p, c.key)
            for c in sa.inspect(Participant).column_attrs
            if c.key != "search_text"
        }
        values["photo"] = p.photo.data if p.photo else None
        values["audit"] = db.session.scalar(sa.select(sa.func.count(AuditLog.id)))
        return values


def participant_routes(app):
    """Every registration rule with <participant_id>, with its methods."""
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("registration.") and "participant_id" in rule.arguments:
            for method in sorted((rule.methods or set()) & {"GET", "POST"}):
                out.append((rule.rule, method))
    return sorted(out)


def test_focal_point_b_gets_404_on_every_route_of_a_participant_of_a(app, world, as_role):
    client = as_role("focal_point_b")
    routes = participant_routes(app)
    assert len(routes) >= 14, routes
    for pid in (world.pa1.id, world.pa2.id):
        before = snapshot(app, pid)
        for rule, method in routes:
            url = rule.replace("<int:participant_id>", str(pid))
            data = (
                valid_data(world.categories.delegate.id, submit="1", reason="x", lang="en")
                if method == "POST"
                else None
            )
            response = client.open(url, method=method, data=data)
            allowed = app.view_functions[
                next(r.endpoint for r in app.url_map.iter_rules() if r.rule == rule)
            ].access
            expected = 404 if "focal_point" in {str(r) for r in allowed} else 403
            assert response.status_code == expected, f"{method} {url} -> {response.status_code}"
            assert b"Erdene" not in response.data and b"Dorj" not in response.data
        assert snapshot(app, pid) == before


def test_new_participant_in_another_delegation_is_404(app, world, as_role):
    import sqlalchemy as sa

    client = as_role("focal_point_b")
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count(Participant.id)))
    assert client.get(f"/registration/new/{world.a.id}").status_code == 404
    response = client.post(
        f"/registration/new/{world.a.id}", data=valid_data(world.categories.delegate.id, submit="1")
    )
    assert response.status_code == 404
    assert client.post(f"/registration/delegation/{world.a.id}/visa-letters").status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == before


def test_a_delegate_sees_only_themselves(app, world, as_role):
    client = as_role("delegate")
    for rule, method in participant_routes(app):
        url = rule.replace("<int:participant_id>", str(world.pa2.id))
        response = client.open(url, method=method, data={})
        assert response.status_code in (403, 404), f"{method} {url}"
