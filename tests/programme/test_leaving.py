"""Leaving frees every seat: a withdrawn or cancelled participant's session places go to the
waitlists, in order, and the person who moves up is told once. Organizers remove or move a
sign-up from the session page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    AuditLog,
    OutboxMessage,
    Participant,
    SessionSignup,
    SignupStatus,
    User,
)
from app.registration import services


def _signups(app, *pairs):
    with app.app_context():
        for session_id, participant_id, status in pairs:
            db.session.add(
                SessionSignup(session_id=session_id, participant_id=participant_id, status=status)
            )
        db.session.commit()


def _status(app, session_id, participant_id):
    with app.app_context():
        return db.session.scalar(
            sa.select(SessionSignup.status).where(
                SessionSignup.session_id == session_id,
                SessionSignup.participant_id == participant_id,
            )
        )


@pytest.mark.parametrize("leave", ["withdraw", "cancel"])
def test_leaving_releases_every_session_place_and_promotes_in_order(
    app, world, make_session, make_participant, leave
):
    full = make_session(title_en="Visit", signup_required=True, capacity=1)
    other = make_session(
        title_en="Workshop", signup_required=True, capacity=1, start=(11, 0), end=(12, 0)
    )
    leaver = make_participant(world.b)
    first, second = make_participant(world.b), make_participant(world.b)
    _signups(
        app,
        (full.id, leaver.id, SignupStatus.CONFIRMED),
        (full.id, first.id, SignupStatus.WAITLISTED),
        (full.id, second.id, SignupStatus.WAITLISTED),
        (other.id, leaver.id, SignupStatus.WAITLISTED),
    )
    with app.test_request_context("/", method="POST"):
        organizer = db.session.get(User, world.users.organizer.id)
        p = db.session.get(Participant, leaver.id)
        if leave == "withdraw":
            services.withdraw_participant(p, organizer)
        else:
            services.cancel_participant(p, organizer, "No longer travelling")
        db.session.commit()
    assert _status(app, full.id, leaver.id) == SignupStatus.CANCELLED
    assert _status(app, other.id, leaver.id) == SignupStatus.CANCELLED
    assert _status(app, full.id, first.id) == SignupStatus.CONFIRMED
    assert _status(app, full.id, second.id) == SignupStatus.WAITLISTED
    with app.app_context():
        told = db.session.scalars(
            sa.select(OutboxMessage.to_addr).where(OutboxMessage.topic == "session_signup_promoted")
        ).all()
        assert told == [first.email]
        actions = db.session.scalars(sa.select(AuditLog.action)).all()
        assert actions.count("session.signup_released") == 2
        assert actions.count("session.signup_promoted") == 1


def test_organizer_removes_and_moves_a_signup_from_the_session_page(
    app, world, as_role, make_session, make_participant
):
    s = make_session(title_en="Visit", signup_required=True, capacity=1)
    target = make_session(
        title_en="Boat tour", signup_required=True, capacity=5, start=(14, 0), end=(15, 0)
    )
    a, b, c = (make_participant(world.b) for _ in range(3))
    _signups(
        app,
        (s.id, a.id, SignupStatus.CONFIRMED),
        (s.id, b.id, SignupStatus.WAITLISTED),
        (s.id, c.id, SignupStatus.WAITLISTED),
    )
    organizer = as_role("organizer")
    page = organizer.get(f"/programme/sessions/{s.id}").get_data(as_text=True)
    assert f'action="/programme/sessions/{s.id}/signups/{a.id}/cancel"' in page
    assert f'action="/programme/sessions/{s.id}/signups/{a.id}/move"' in page
    assert "Boat tour" in page

    r = organizer.post(
        f"/programme/sessions/{s.id}/signups/{a.id}/move", data={"to_session": str(target.id)}
    )
    assert r.status_code == 302
    assert _status(app, target.id, a.id) == SignupStatus.CONFIRMED
    assert _status(app, s.id, a.id) == SignupStatus.CANCELLED
    assert _status(app, s.id, b.id) == SignupStatus.CONFIRMED  # the freed seat moved up

    r = organizer.post(f"/programme/sessions/{s.id}/signups/{b.id}/cancel")
    assert r.status_code == 302
    assert _status(app, s.id, c.id) == SignupStatus.CONFIRMED
    with app.app_context():
        entries = db.session.scalars(
            sa.select(AuditLog).where(AuditLog.action.like("session.signup%"))
        ).all()
        moved = [e for e in entries if e.action == "session.signup_moved"]
        assert moved and moved[0].actor_id == world.users.organizer.id
        assert any(e.action == "session.signup_cancelled" for e in entries)
    # Staff see no buttons and may not post.
    assert (
        as_role("staff").post(f"/programme/sessions/{s.id}/signups/{c.id}/cancel").status_code
        == 403
    )


def test_personal_calendar_leaves_out_waitlisted_sessions(app, world, make_session, client):
    confirmed = make_session(title_en="Confirmed visit", signup_required=True, capacity=1)
    waiting = make_session(
        title_en="Waitlisted visit", signup_required=True, capacity=1, start=(11, 0), end=(12, 0)
    )
    pa1 = world.pa1
    _signups(
        app,
        (confirmed.id, pa1.id, SignupStatus.CONFIRMED),
        (waiting.id, pa1.id, SignupStatus.WAITLISTED),
    )
    with app.app_context():
        user = db.session.get(User, world.users.delegate.id)
        user.feed_token = "feed-token-for-the-test-0123456789"
        db.session.commit()
    body = client.get("/programme/calendar/feed-token-for-the-test-0123456789.ics").get_data(
        as_text=True
    )
    assert "Confirmed visit" in body
    assert "Waitlisted visit" not in body
