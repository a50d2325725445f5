"""Two credentials and the session doors: the pick-up code collects a badge and opens no door;
reporting a badge lost revokes the badge only; a session with sign-up warns or refuses people
not signed up; every scan is recorded with its reason; the desk photo is sent like the
registration photo."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    CheckIn,
    CheckInResult,
    Participant,
    ProgrammeSession,
    RefusalReason,
    SessionKind,
    SessionSignup,
    SignupStatus,
    utcnow,
)
from tests.conftest import timedelta

FETCH = {"X-Requested-With": "fetch"}


def scan(client, code, point=""):
    return client.post(
        "/desk/checkin/scan", data={"code": code, "point": point}, headers=FETCH
    ).get_json()


def recorded(app):
    with app.app_context():
        return db.session.execute(
            sa.select(CheckIn.participant_id, CheckIn.result, CheckIn.reason, CheckIn.session_id)
            .where(CheckIn.at >= utcnow() - timedelta(minutes=5))
            .order_by(CheckIn.id)
        ).all()


def _session(app, **kw) -> int:
    with app.app_context():
        start = utcnow() + timedelta(hours=1)
        s = ProgrammeSession(
            kind=SessionKind.WORKSHOP,
            title_en="Workshop on data",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            signup_required=True,
            capacity=10,
            **kw,
        )
        db.session.add(s)
        db.session.commit()
        return s.id


def test_a_pickup_code_is_refused_at_every_door_and_accepted_at_pickup(app, world, as_role):
    staff = as_role("staff")
    code = world.pa1.pickup_code
    assert code and code != world.pa1.badge_secret
    data = scan(staff, code)
    assert data["state"] == "red" and data["reason"] == "pickup_code"
    assert "this is a pick-up code: collect the badge at the desk" in data["headline"]
    session_id = _session(app)
    data = scan(staff, code, point=str(session_id))
    assert data["state"] == "red" and data["reason"] == "pickup_code"
    assert recorded(app)[-2:] == [
        (world.pa1.id, CheckInResult.REFUSED, RefusalReason.PICKUP_CODE, None),
        (world.pa1.id, CheckInResult.REFUSED, RefusalReason.PICKUP_CODE, session_id),
    ]
    # The counter hands out the badge for the pick-up code, and for the badge itself.
    r = staff.post("/desk/badges/pickup", data={"code": code, "layout": "a6", "lang": "en"})
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    r = staff.post("/desk/badges/pickup", data={"code": world.pa1.badge_secret, "layout": "a6"})
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    # The badge opens the door.
    assert scan(staff, world.pa1.badge_secret)["state"] == "green"


def test_reporting_a_badge_lost_revokes_the_badge_not_the_pickup_code(app, world, as_role):
    staff = as_role("staff")
    old_badge, code = world.pa1.badge_secret, world.pa1.pickup_code
    assert staff.post(f"/desk/badges/{world.pa1.id}/lost", data={}).status_code == 302
    with app.app_context():
        p = db.session.get(Participant, world.pa1.id)
        assert p.pickup_code == code and p.badge_secret != old_badge
    assert scan(staff, old_badge)["reason"] == "revoked"
    r = staff.post("/desk/badges/pickup", data={"code": code, "layout": "a6"})
    assert r.status_code == 200 and r.mimetype == "application/pdf"


def test_session_door_warns_or_refuses_people_not_signed_up(app, world, as_role):
    staff = as_role("staff")
    warns = _session(app)
    refuses = _session(app, door_refuses_unsigned=True)
    with app.app_context():
        db.session.add(
            SessionSignup(
                session_id=warns, participant_id=world.pb1.id, status=SignupStatus.CONFIRMED
            )
        )
        db.session.commit()
    data = scan(staff, world.pa1.badge_secret, point=str(warns))
    assert data["state"] == "amber" and data["reason"] == "not_signed_up"
    assert "Not signed up for this session" in data["headline"]
    data = scan(staff, world.pa1.badge_secret, point=str(refuses))
    assert data["state"] == "red" and data["reason"] == "not_signed_up"
    assert scan(staff, world.pb1.badge_secret, point=str(warns))["state"] == "green"
    assert recorded(app)[-3:] == [
        (world.pa1.id, CheckInResult.WARNED, RefusalReason.NOT_SIGNED_UP, warns),
        (world.pa1.id, CheckInResult.REFUSED, RefusalReason.NOT_SIGNED_UP, refuses),
        (world.pb1.id, CheckInResult.ADMITTED, None, warns),
    ]


def test_organizers_choose_the_door_policy_in_the_session_form(app, world, as_role):
    organizer = as_role("organizer")
    r = organizer.post(
        "/programme/sessions/new",
        data={
            "kind": "workshop",
            "title_en": "Closed workshop",
            "day": "2025-09-17",
            "start": "09:00",
            "end": "10:00",
            "visibility": "public",
            "signup_required": "y",
            "door_refuses_unsigned": "y",
            "capacity": "5",
        },
    )
    assert r.status_code == 302
    with app.app_context():
        s = db.session.scalar(
            sa.select(ProgrammeSession).where(ProgrammeSession.title_en == "Closed workshop")
        )
        assert s.door_refuses_unsigned is True


def test_desk_photo_has_the_registration_photo_headers(app, world, as_role):
    from app.models import ParticipantPhoto

    with app.app_context():
        db.session.merge(ParticipantPhoto(participant_id=world.pa1.id, data=b"\xff\xd8jpeg"))
        db.session.get(Participant, world.pa1.id).photo_updated_at = utcnow()
        db.session.commit()
    desk = as_role("staff").get(f"/desk/checkin/photo/{world.pa1.id}")
    mine = as_role("delegate").get(f"/registration/{world.pa1.id}/photo")
    assert desk.status_code == mine.status_code == 200
    for header in ("Content-Security-Policy", "Cache-Control", "X-Content-Type-Options"):
        assert desk.headers[header] == mine.headers[header]
    assert "no-store" in desk.headers["Cache-Control"]
    assert "default-src 'none'" in desk.headers["Content-Security-Policy"]
