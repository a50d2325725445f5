"""The check-in desk over HTTP: every answer, what is recorded, search, counts, and the
number of statements per scan."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    BadgePrint,
    CheckIn,
    CheckInMethod,
    CheckInResult,
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    RefusalReason,
    SessionKind,
    utcnow,
)
from tests.conftest import timedelta

FETCH = {"X-Requested-With": "fetch"}


@pytest.fixture(autouse=True)
def _without_world_desk_rows(request):
    """These tests count check-ins and prints from zero: drop the ones the world brings."""
    if "world" not in request.fixturenames:
        return
    request.getfixturevalue("world")
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.execute(sa.delete(CheckIn))
        db.session.execute(sa.delete(BadgePrint))
        db.session.execute(sa.update(Participant).values(badge_printed_at=None, checked_in_at=None))
        db.session.commit()


def scan(client, code, point="", html=False):
    headers = {} if html else FETCH
    return client.post("/desk/checkin/scan", data={"code": code, "point": point}, headers=headers)


def check_ins(app):
    with app.app_context():
        return db.session.execute(
            sa.select(
                CheckIn.participant_id,
                CheckIn.result,
                CheckIn.reason,
                CheckIn.scanned,
                CheckIn.method,
                CheckIn.session_id,
            ).order_by(CheckIn.id)
        ).all()


def test_admitted_then_already(app, world, as_role):
    staff = as_role("staff")
    r = scan(staff, world.pa1.badge_secret)
    assert r.status_code == 200
    data = r.get_json()
    assert data["state"] == "green" and data["result"] == "admitted"
    assert "Erdene".upper() in data["html"] and "Mongolia" in data["html"]
    assert data["today"]["admitted"] == 1

    r = scan(staff, world.pa1.badge_secret)
    data = r.get_json()
    assert data["state"] == "amber" and data["result"] == "already"
    assert world.users.staff.display_name in data["html"]  # by whom

    rows = check_ins(app)
    assert [(row.result, row.method) for row in rows] == [
        (CheckInResult.ADMITTED, CheckInMethod.SCAN),
        (CheckInResult.ALREADY, CheckInMethod.SCAN),
    ]
    with app.app_context():
        p = db.session.get(Participant, world.pa1.id)
        assert p.checked_in_at is not None


def test_admitted_without_javascript(world, as_role):
    r = scan(as_role("organizer"), world.pa1.badge_secret, html=True)
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert 'data-state="green"' in page
    assert 'aria-live="assertive"' in page
    assert 'name="code"' in page and 'value=""' in page  # the field is empty for the next scan


def test_refusals_are_recorded(app, world, as_role, make_participant):
    staff = as_role("staff")
    withdrawn = make_participant(world.b, status=ParticipantStatus.WITHDRAWN)
    cancelled = make_participant(world.b, status=ParticipantStatus.CANCELLED)
    long_code = "x" * 200

    expected = [
        (long_code, RefusalReason.UNKNOWN),
        (world.pa2.badge_secret, RefusalReason.NOT_APPROVED),
        (withdrawn.badge_secret, RefusalReason.WITHDRAWN),
        (cancelled.badge_secret, RefusalReason.WITHDRAWN),
    ]
    for code, reason in expected:
        data = scan(staff, code).get_json()
        assert data["state"] == "red", code
        assert data["reason"] == reason.value

    rows = check_ins(app)
    assert [row.reason for row in rows] == [reason for _c, reason in expected]
    assert all(row.result == CheckInResult.REFUSED for row in rows)
    assert rows[0].participant_id is None and rows[0].scanned == "x" * 80
    assert rows[1].participant_id == world.pa2.id


def test_revoked_badge_refused_new_one_admitted(app, world, as_role):
    staff = as_role("staff")
    old = world.pa1.badge_secret
    r = staff.post(f"/desk/badges/{world.pa1.id}/lost", data={})
    assert r.status_code == 302
    with app.app_context():
        new = db.session.get(Participant, world.pa1.id).badge_secret
    assert new != old

    data = scan(staff, old).get_json()
    assert (data["state"], data["reason"]) == ("red", "revoked")
    assert "Erdene".upper() in data["html"]  # whose badge it was
    assert scan(staff, new).get_json()["state"] == "green"


def test_empty_scan_is_not_recorded(app, world, as_role):
    staff = as_role("staff")
    r = scan(staff, "   ")
    assert r.status_code == 400
    assert scan(staff, "", html=True).status_code == 400
    assert check_ins(app) == []


def test_session_door_is_its_own_point(app, world, as_role):
    with app.app_context():
        session = ProgrammeSession(
            kind=SessionKind.PLENARY,
            title_en="Opening plenary",
            starts_at=utcnow(),
            ends_at=utcnow() + timedelta(hours=1),
        )
        db.session.add(session)
        db.session.commit()
        session_id = session.id
    staff = as_role("staff")
    assert scan(staff, world.pa1.badge_secret, point=str(session_id)).get_json()["state"] == "green"
    with app.app_context():
        # Only the entrance marks arrival.
        assert db.session.get(Participant, world.pa1.id).checked_in_at is None
    assert scan(staff, world.pa1.badge_secret).get_json()["state"] == "green"
    assert scan(staff, world.pa1.badge_secret, point=str(session_id)).get_json()["state"] == "amber"

    stats = staff.get("/desk/checkin/stats").get_json()
    assert stats["per_session"] == [
        {"session_id": session_id, "title": "Opening plenary", "admitted": 1}
    ]
    assert sum(d["admitted"] for d in stats["per_day"]) == 1
    page = staff.get(f"/desk/checkin?point={session_id}").get_data(as_text=True)
    assert "Opening plenary" in page


def test_search_and_manual_check_in(app, world, as_role, make_participant):
    zh = make_participant(world.a, given_names="Wei", family_name="Wang", native_name="王伟")
    staff = as_role("staff")
    page = staff.get("/desk/checkin?q=王").get_data(as_text=True)
    assert "王伟" in page and "WANG" in page
    page = staff.get("/desk/checkin?q=lucia").get_data(as_text=True)  # accents folded
    assert "QUISPE" in page

    r = staff.post(
        "/desk/checkin/manual", data={"participant_id": zh.id, "point": ""}, headers=FETCH
    )
    assert r.get_json()["state"] == "green"
    r = staff.post("/desk/checkin/manual", data={"participant_id": zh.id, "point": ""})
    assert 'data-state="amber"' in r.get_data(as_text=True)
    rows = check_ins(app)
    assert [row.method for row in rows] == [CheckInMethod.MANUAL, CheckInMethod.MANUAL]
    assert staff.post("/desk/checkin/manual", data={"participant_id": 999999}).status_code == 404


def test_staff_pages_show_no_passport_data(world, as_role):
    staff = as_role("staff")
    pages = [
        staff.get("/desk/checkin?q=erdene"),
        scan(staff, world.pa1.badge_secret, html=True),
        staff.get("/desk/badges?q=erdene"),
        staff.get("/desk/"),
        staff.get("/desk/badges/pickup"),
    ]
    for r in pages:
        text = r.get_data(as_text=True)
        assert r.status_code == 200
        assert "Erdene".upper() in text or "/desk/" in r.request.path
        assert "E1234567" not in text and "234567" not in text
        assert "1975" not in text


def test_desk_home_links(as_role):
    page = as_role("staff").get("/desk/").get_data(as_text=True)
    for href in ("/desk/checkin", "/desk/badges", "/desk/badges/pickup", "/desk/rosters"):
        assert f'href="{href}"' in page


def test_photo_served_to_desk_only(app, world, as_role):
    from app.models import ParticipantPhoto

    with app.app_context():
        db.session.merge(ParticipantPhoto(participant_id=world.pa1.id, data=b"\xff\xd8jpeg"))
        p = db.session.get(Participant, world.pa1.id)
        p.photo_updated_at = utcnow()
        db.session.commit()
    r = as_role("staff").get(f"/desk/checkin/photo/{world.pa1.id}")
    assert r.status_code == 200 and r.data == b"\xff\xd8jpeg"
    assert as_role("focal_point").get(f"/desk/checkin/photo/{world.pa1.id}").status_code == 403
    assert as_role("staff").get(f"/desk/checkin/photo/{world.pa2.id}").status_code == 404
    html = scan(as_role("staff"), world.pa1.badge_secret).get_json()["html"]
    assert f"/desk/checkin/photo/{world.pa1.id}" in html


def _count_statements(app, fn) -> int:
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    if os.environ.get("SHOW_SQL"):
        print("\n---\n".join(statements))
    return len(statements)


def _add_participants(app, world, n):
    with app.app_context():
        db.session.execute(
            sa.insert(Participant),
            [
                {
                    "delegation_id": world.b.id,
                    "category_id": world.categories.delegate.id,
                    "given_names": f"Extra{i}",
                    "family_name": f"Person{i}",
                    "status": ParticipantStatus.APPROVED,
                    "badge_secret": f"bulk-secret-{n}-{i}",
                }
                for i in range(n)
            ],
        )
        db.session.commit()


def test_statements_per_scan_do_not_grow(app, world, as_role, make_participant):
    staff = as_role("staff")
    scan(staff, world.pb1.badge_secret)  # warm up: first request loads settings, fonts …

    def counts(participant):
        return (
            _count_statements(app, lambda: scan(staff, participant.badge_secret)),  # green
            _count_statements(app, lambda: scan(staff, participant.badge_secret)),  # amber
            _count_statements(app, lambda: scan(staff, "no-such-badge")),  # red
        )

    _add_participants(app, world, 10)
    small = counts(make_participant(world.a))
    _add_participants(app, world, 190)
    large = counts(make_participant(world.a))
    assert small == large, (small, large)
    assert max(large) <= 10
