"""Sign-up with capacity and waitlist; exports; simultaneous sign-ups on PostgreSQL."""

from __future__ import annotations

import io
import threading

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.models import (
    AuditLog,
    Participant,
    ParticipantStatus,
    Role,
    SessionSignup,
    SignupStatus,
)
from app.programme import services
from tests.conftest import ON_POSTGRES


@pytest.fixture
def app_config(app_config):
    # The race test runs 30 transactions at once: give them a connection each.
    if ON_POSTGRES:
        return {**app_config, "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 35, "max_overflow": 5}}
    return app_config


def _status(app, session_id, participant_id):
    with app.app_context():
        return db.session.scalar(
            sa.select(SessionSignup.status).where(
                SessionSignup.session_id == session_id,
                SessionSignup.participant_id == participant_id,
            )
        )


def _delegate_for(make_user, participant):
    return make_user(
        Role.DELEGATE, delegation_id=participant.delegation_id, participant_id=participant.id
    )


def test_capacity_waitlist_and_promotion(
    app, world, make_session, make_participant, make_user, login_as
):
    s = make_session(title_en="Workshop", signup_required=True, capacity=2)
    people = [make_participant(world.b) for _ in range(4)]
    clients = [login_as(_delegate_for(make_user, p)) for p in people]
    for c in clients:
        assert c.post(f"/programme/sessions/{s.id}/signup").status_code == 302
    statuses = [_status(app, s.id, p.id) for p in people]
    assert statuses == [SignupStatus.CONFIRMED] * 2 + [SignupStatus.WAITLISTED] * 2
    page = clients[3].get(f"/programme/sessions/{s.id}").get_data(as_text=True)
    assert "on the waitlist" in page
    # Signing up twice changes nothing.
    clients[0].post(f"/programme/sessions/{s.id}/signup")
    assert _status(app, s.id, people[0].id) == SignupStatus.CONFIRMED
    # A confirmed cancellation promotes the first waitlisted.
    clients[1].post(f"/programme/sessions/{s.id}/cancel")
    assert _status(app, s.id, people[1].id) == SignupStatus.CANCELLED
    assert _status(app, s.id, people[2].id) == SignupStatus.CONFIRMED
    assert _status(app, s.id, people[3].id) == SignupStatus.WAITLISTED
    # A waitlisted cancellation promotes nobody.
    clients[3].post(f"/programme/sessions/{s.id}/cancel")
    assert _status(app, s.id, people[3].id) == SignupStatus.CANCELLED
    # Coming back joins the end of the queue.
    clients[1].post(f"/programme/sessions/{s.id}/signup")
    assert _status(app, s.id, people[1].id) == SignupStatus.WAITLISTED
    with app.app_context():
        actions = list(db.session.scalars(sa.select(AuditLog.action)))
        assert actions.count("session.signup") == 5 and "session.signup_promoted" in actions


def test_signup_refusals(app, world, as_role, make_session, make_participant, make_user, login_as):
    open_session = make_session(title_en="Open plenary", signup_required=False)
    r = as_role("delegate").post(
        f"/programme/sessions/{open_session.id}/signup", follow_redirects=True
    )
    assert "needs no sign-up" in r.get_data(as_text=True)
    s = make_session(title_en="Visit", signup_required=True, capacity=3)
    draft = make_participant(world.a, status=ParticipantStatus.SUBMITTED)
    r = login_as(_delegate_for(make_user, draft)).post(
        f"/programme/sessions/{s.id}/signup", follow_redirects=True
    )
    assert "Only approved participants" in r.get_data(as_text=True)
    assert _status(app, s.id, draft.id) is None
    assert as_role("focal_point").post(f"/programme/sessions/{s.id}/signup").status_code == 403


def test_exports_csv_and_xlsx(app, world, as_role, make_session, make_participant):
    s = make_session(title_en="Workshop", signup_required=True, capacity=5)
    evil = make_participant(
        world.b, family_name='=HYPERLINK("http://x")', given_names="@Bob", position="+1"
    )
    with app.app_context():
        for p in (world.pa1, evil):
            db.session.add(SessionSignup(session_id=s.id, participant_id=p.id))
        db.session.commit()
    client = as_role("organizer")
    r = client.get(f"/programme/sessions/{s.id}/signups.csv")
    assert r.mimetype == "text/csv"
    body = r.data.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "'=HYPERLINK" in body and "'@Bob" in body and "'+1" in body
    assert "Erdene" in body and "Mongolia" in body
    r = client.get(f"/programme/sessions/{s.id}/signups.xlsx")
    sheet = load_workbook(io.BytesIO(r.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[0][1] == "Family name"
    # In XLSX the text stays as typed, stored as a string cell, never as a formula.
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)
    assert as_role("staff").get(f"/programme/sessions/{s.id}/signups.csv").status_code == 403


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL pointing at PostgreSQL")
def test_simultaneous_signups_never_overbook(app, world, make_session, make_participant):
    seats, people = 5, 30
    participants = [make_participant(world.b) for _ in range(people)]
    for round_ in range(4):
        s = make_session(title_en=f"Race {round_}", signup_required=True, capacity=seats)
        barrier = threading.Barrier(people)
        errors: list[BaseException] = []

        def attempt(participant_id: int, session_id=s.id, barrier=barrier, errors=errors) -> None:
            try:
                with app.app_context():
                    barrier.wait(timeout=30)
                    participant = db.session.get(Participant, participant_id)
                    services.sign_up(session_id, participant)
                    db.session.commit()
                    db.session.remove()
            except BaseException as exc:  # noqa: BLE001  (reported below)
                errors.append(exc)

        threads = [threading.Thread(target=attempt, args=(p.id,)) for p in participants]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        with app.app_context():
            counts = dict(
                db.session.execute(
                    sa.select(SessionSignup.status, sa.func.count())
                    .where(SessionSignup.session_id == s.id)
                    .group_by(SessionSignup.status)
                ).all()
            )
        assert counts == {SignupStatus.CONFIRMED: seats, SignupStatus.WAITLISTED: people - seats}


def test_organizer_cancels_and_more_seats_promote(
    app, world, as_role, make_session, make_participant
):
    s = make_session(title_en="Visit", signup_required=True, capacity=1)
    people = [make_participant(world.b) for _ in range(4)]
    with app.app_context():
        for n, p in enumerate(people):
            db.session.add(
                SessionSignup(
                    session_id=s.id,
                    participant_id=p.id,
                    status=SignupStatus.CONFIRMED if n == 0 else SignupStatus.WAITLISTED,
                )
            )
        db.session.commit()
    organizer = as_role("organizer")
    r = organizer.post(f"/programme/sessions/{s.id}/signups/{people[0].id}/cancel")
    assert r.status_code == 302
    assert [_status(app, s.id, p.id) for p in people] == [
        SignupStatus.CANCELLED,
        SignupStatus.CONFIRMED,
        SignupStatus.WAITLISTED,
        SignupStatus.WAITLISTED,
    ]
    # Raising the capacity confirms the waitlist in order.
    edit = organizer.get(f"/programme/sessions/{s.id}/edit").get_data(as_text=True)
    assert 'value="1"' in edit
    r = organizer.post(
        f"/programme/sessions/{s.id}/edit",
        data={
            "kind": "visit",
            "title_en": "Visit",
            "day": "2025-09-17",
            "start": "09:00",
            "end": "10:00",
            "visibility": "public",
            "signup_required": "y",
            "capacity": "2",
        },
    )
    assert r.status_code == 302
    assert [_status(app, s.id, p.id) for p in people[1:]] == [
        SignupStatus.CONFIRMED,
        SignupStatus.CONFIRMED,
        SignupStatus.WAITLISTED,
    ]
    assert (
        as_role("staff")
        .post(f"/programme/sessions/{s.id}/signups/{people[1].id}/cancel")
        .status_code
        == 403
    )


def test_signed_in_agenda_shares_its_sessions_but_shows_each_their_own_sign_up(
    app, world, make_session, make_participant, make_user, login_as
):
    """The sessions of the signed-in agenda are rendered once for everyone; the badges
    "signed up" / "on the waitlist" are each delegate's own, and a sign-up shows at once."""
    s = make_session(title_en="Small workshop", signup_required=True, capacity=1)
    first, second, third = (make_participant(world.b) for _ in range(3))
    clients = [login_as(_delegate_for(make_user, p)) for p in (first, second, third)]
    for c in clients:
        c.get("/programme/")  # the shared part is cached before anyone signs up
    clients[0].post(f"/programme/sessions/{s.id}/signup")
    clients[1].post(f"/programme/sessions/{s.id}/signup")
    pages = [c.get("/programme/").get_data(as_text=True) for c in clients]
    assert "You are signed up" in pages[0] and "on the waitlist" not in pages[0]
    assert "on the waitlist" in pages[1] and "You are signed up" not in pages[1]
    assert "You are signed up" not in pages[2] and "on the waitlist" not in pages[2]
    assert all("Full; waitlist open" in p and "\x1e" not in p for p in pages)
    assert "agenda" in str(app.extensions["pagecache"].keys())
