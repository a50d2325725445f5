"""The status workflow: quota, waitlist and promotion in order, decisions, e-mails in the
recipient's language, bulk actions and invitations."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app import notify
from app.extensions import db
from app.models import (
    AuditLog,
    Delegation,
    Invitation,
    OutboxMessage,
    Participant,
    ParticipantStatus,
    Role,
    User,
    utcnow,
)
from app.registration import services

S = ParticipantStatus


@pytest.fixture
def sent(monkeypatch):
    """Every e-mail the registration services queue: (to, template, locale, context)."""
    calls = []
    real = notify.queue_email

    def spy(to, template, *, locale=None, **context):
        calls.append((to, template, locale, context))
        return real(to, template, locale=locale, **context)

    monkeypatch.setattr(notify, "queue_email", spy)
    return calls


@pytest.fixture
def small(world, make_delegation, make_participant, make_category, make_user):
    """A delegation with two seats, a focal point speaking Chinese, and five complete drafts."""
    cat = make_category("local", name_en="Local", requires_passport=False)
    d = make_delegation("SB", name_en="Solomon Islands", quota=2)
    fp = make_user(Role.FOCAL_POINT, email="fp.sb@example.org", delegation_id=d.id, locale="zh")
    people = [
        make_participant(
            d,
            cat,
            status=S.DRAFT,
            email=f"m{i}@example.org",
            locale="fr" if i % 2 else "en",
            consent_at=utcnow(),
        )
        for i in range(5)
    ]
    return type("Small", (), {"d": d, "fp": fp, "people": people, "cat": cat})


def run(app, fn, user_id=None):
    """Call fn(actor) inside a request, commit, and return its result."""
    with app.test_request_context("/", method="POST"):
        actor = db.session.get(User, user_id) if user_id else None
        result = fn(actor)
        db.session.commit()
        return result


def status_of(app, pid) -> ParticipantStatus:
    with app.app_context():
        return db.session.get(Participant, pid).status


def submit(app, pid, user_id):
    return run(
        app,
        lambda actor: services.submit_participant(db.session.get(Participant, pid), actor),
        user_id,
    )


def test_quota_waitlist_and_promotion_in_order(app, world, small, sent):
    fp, org = small.fp.id, world.users.organizer.id
    ids = [p.id for p in small.people]
    results = [submit(app, pid, fp) for pid in ids]
    assert results == [S.SUBMITTED, S.SUBMITTED, S.WAITLISTED, S.WAITLISTED, S.WAITLISTED]
    with app.app_context():
        positions = [services.waitlist_position(db.session.get(Participant, i)) for i in ids]
    assert positions == [None, None, 1, 2, 3]
    with app.app_context():
        assert services.seats_taken(small.d.id) == 2
    # Approval keeps the seat; no promotion.
    run(app, lambda a: services.approve_participant(db.session.get(Participant, ids[0]), a), org)
    assert status_of(app, ids[2]) == S.WAITLISTED
    # A rejection frees a seat: the first waitlisted moves up, not the others.
    run(
        app,
        lambda a: services.reject_participant(
            db.session.get(Participant, ids[1]), a, "Not a member"
        ),
        org,
    )
    assert [status_of(app, i) for i in ids[2:]] == [S.SUBMITTED, S.WAITLISTED, S.WAITLISTED]
    # A withdrawal by the delegation frees the next.
    run(app, lambda a: services.withdraw_participant(db.session.get(Participant, ids[0]), a), fp)
    assert [status_of(app, i) for i in ids[2:]] == [S.SUBMITTED, S.SUBMITTED, S.WAITLISTED]
    # A cancellation by organizers, then a quota raise.
    run(app, lambda a: services.cancel_participant(db.session.get(Participant, ids[2]), a), org)
    assert status_of(app, ids[4]) == S.SUBMITTED
    with app.app_context():
        assert services.seats_taken(small.d.id) == 2
        db.session.get(Delegation, small.d.id).quota = 3
        db.session.commit()
    assert run(app, lambda a: services.promote_waitlisted(small.d.id)) == []
    templates = [t for _to, t, _l, _c in sent]
    for name in (
        "participant_submitted",
        "participant_waitlisted",
        "participant_approved",
        "participant_rejected",
        "participant_promoted",
        "participant_withdrawn",
    ):
        assert name in templates
    with app.app_context():
        actions = set(db.session.scalars(sa.select(AuditLog.action)))
    assert {
        "participant.submitted",
        "participant.approved",
        "participant.rejected",
        "participant.withdrawn",
        "participant.cancelled",
        "participant.promoted",
    } <= actions


def test_e_mails_go_to_each_recipient_in_their_language(app, world, small, sent):
    fp = small.fp.id
    submit(app, small.people[1].id, fp)  # locale fr
    by_to = {to: locale for to, _t, locale, _c in sent}
    assert by_to == {"m1@example.org": "fr", "fp.sb@example.org": "zh"}
    # A participant with an account: the account's language wins.
    with app.app_context():
        user = User(
            email="m0-account@example.org",
            role=Role.DELEGATE,
            delegation_id=small.d.id,
            participant_id=small.people[0].id,
            locale="zh",
        )
        db.session.add(user)
        db.session.commit()
    sent.clear()
    submit(app, small.people[0].id, fp)
    assert {to: locale for to, _t, locale, _c in sent}["m0@example.org"] == "zh"
    with app.app_context():
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.to_addr == "m0@example.org")
        ).all()
        assert rows and rows[-1].subject.strip()


def test_approval_mail_has_pickup_code_and_rejection_mail_the_reason(app, world, small):
    org = world.users.organizer.id
    a, b = small.people[0].id, small.people[1].id
    submit(app, a, small.fp.id)
    submit(app, b, small.fp.id)
    run(app, lambda u: services.approve_participant(db.session.get(Participant, a), u), org)
    run(
        app,
        lambda u: services.reject_participant(
            db.session.get(Participant, b), u, "Seat reserved for ministers"
        ),
        org,
    )
    with app.app_context():
        p = db.session.get(Participant, a)
        secret, badge = p.pickup_code, p.badge_secret
        approved = db.session.scalar(
            sa.select(OutboxMessage).where(
                OutboxMessage.to_addr == "m0@example.org",
                OutboxMessage.topic == "participant_approved",
            )
        )
        rejected = db.session.scalar(
            sa.select(OutboxMessage).where(
                OutboxMessage.to_addr == "m1@example.org",
                OutboxMessage.topic == "participant_rejected",
            )
        )
        assert secret in approved.body_text
        assert badge not in approved.body_text  # the e-mail collects a badge, opens no door
        assert "What to bring" in approved.body_text
        assert "collect the badge" in approved.body_text
        assert "Seat reserved for ministers" in rejected.body_text


def test_a_rejection_needs_a_reason(app, world, small):
    pid = small.people[0].id
    submit(app, pid, small.fp.id)
    with pytest.raises(services.RegistrationError):
        run(
            app,
            lambda u: services.reject_participant(db.session.get(Participant, pid), u, "  "),
            world.users.organizer.id,
        )
    assert status_of(app, pid) == S.SUBMITTED


def test_self_registration_waits_for_endorsement(app, world, small, sent):
    pid = small.people[0].id
    with app.app_context():
        db.session.get(Participant, pid).self_registered = True
        db.session.commit()
    assert submit(app, pid, None) == S.PENDING_ENDORSEMENT
    with app.app_context():
        assert services.seats_taken(small.d.id) == 0
    assert (
        run(
            app,
            lambda u: services.endorse_participant(db.session.get(Participant, pid), u),
            small.fp.id,
        )
        == S.SUBMITTED
    )
    with app.app_context():
        p = db.session.get(Participant, pid)
        assert p.endorsed_at is not None


def test_only_drafts_are_submitted_and_closed_ones_stay_closed(app, world, small):
    pid = small.people[0].id
    submit(app, pid, small.fp.id)
    with pytest.raises(services.RegistrationError):
        submit(app, pid, small.fp.id)
    run(
        app,
        lambda u: services.withdraw_participant(db.session.get(Participant, pid), u),
        small.fp.id,
    )
    for fn in (
        services.approve_participant,
        services.endorse_participant,
        services.withdraw_participant,
    ):
        with pytest.raises(services.RegistrationError):
            run(
                app,
                lambda u, fn=fn: fn(db.session.get(Participant, pid), u),
                world.users.organizer.id,
            )
    assert status_of(app, pid) == S.WITHDRAWN


def test_registration_closed_refuses_focal_points_not_organizers(app, world, small):
    from app.models import ForumSettings

    with app.app_context():
        db.session.get(ForumSettings, 1).registration_closes_at = utcnow()
        db.session.commit()
    with pytest.raises(services.RegistrationError):
        submit(app, small.people[0].id, small.fp.id)
    assert submit(app, small.people[0].id, world.users.organizer.id) == S.SUBMITTED


def test_buttons_through_the_routes(app, world, small, login_as):
    fp = login_as(small.fp)
    org = login_as(world.users.organizer)
    a, b, c = (p.id for p in small.people[:3])
    for pid in (a, b, c):
        assert fp.post(f"/registration/{pid}/submit").status_code == 302
    assert [status_of(app, i) for i in (a, b, c)] == [S.SUBMITTED, S.SUBMITTED, S.WAITLISTED]
    # Focal points cannot decide; organizers can.
    assert fp.post(f"/registration/{a}/approve").status_code == 403
    assert org.post(f"/registration/{a}/approve").status_code == 302
    response = org.post(f"/registration/{b}/reject", data={"reason": ""}, follow_redirects=True)
    assert "Give a reason" in response.get_data(as_text=True)
    assert status_of(app, b) == S.SUBMITTED
    org.post(f"/registration/{b}/reject", data={"reason": "Duplicate"})
    assert status_of(app, b) == S.REJECTED
    assert status_of(app, c) == S.SUBMITTED  # promoted
    assert fp.post(f"/registration/{c}/withdraw").status_code == 302
    assert status_of(app, c) == S.WITHDRAWN


def test_bulk_action_with_a_filtered_selection(app, world, small, login_as):
    ids = [p.id for p in small.people]
    for pid in ids[:3]:
        submit(app, pid, small.fp.id)
    org = login_as(world.users.organizer)
    response = org.post(
        "/registration/bulk",
        data={
            "participant_ids": [str(i) for i in ids[:3]],
            "action": "approve",
            "next": "/desk/rosters?delegation=SB",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/desk/rosters?delegation=SB")
    # Two approved; the waitlisted one is refused (no seat) and named.
    assert [status_of(app, i) for i in ids[:3]] == [S.APPROVED, S.APPROVED, S.WAITLISTED]
    # Reject without a reason: nothing changes; an unsafe next is ignored.
    response = org.post(
        "/registration/bulk",
        data={
            "participant_ids": [str(ids[2])],
            "action": "reject",
            "next": "https://evil.example/",
        },
    )
    assert "evil" not in response.headers["Location"]
    assert status_of(app, ids[2]) == S.WAITLISTED
    org.post(
        "/registration/bulk",
        data={"participant_ids": [str(ids[0]), "x"], "action": "cancel", "reason": "No visa"},
    )
    assert status_of(app, ids[0]) == S.CANCELLED
    assert status_of(app, ids[2]) == S.SUBMITTED  # promoted into the freed seat
    assert (
        org.post(
            "/registration/bulk", data={"action": "delete", "participant_ids": [str(ids[1])]}
        ).status_code
        == 302
    )
    assert status_of(app, ids[1]) == S.APPROVED
    assert (
        login_as(small.fp).post("/registration/bulk", data={"action": "approve"}).status_code == 403
    )


def test_focal_point_invites_a_member_to_complete_their_profile(app, world, small, login_as):
    pid = small.people[0].id
    response = login_as(small.fp).post(f"/registration/{pid}/invite")
    assert response.status_code == 302
    with app.app_context():
        inv = db.session.scalar(sa.select(Invitation).where(Invitation.participant_id == pid))
        assert inv.role == Role.DELEGATE
        assert inv.delegation_id == small.d.id
        assert inv.email == "m0@example.org"
        assert db.session.scalar(
            sa.select(OutboxMessage).where(OutboxMessage.to_addr == "m0@example.org")
        )


def test_delegate_edits_own_profile(app, world, login_as):
    from tests.registration.conftest import valid_data

    client = login_as(world.users.delegate)
    assert client.get(f"/registration/{world.pa1.id}/edit").status_code == 200
    data = valid_data(
        world.categories.delegate.id,
        family_name="Erdene",
        given_names="Bat",
        email="bat@example.org",
        hotel="Sea View",
        submit="1",
    )
    assert client.post(f"/registration/{world.pa1.id}/edit", data=data).status_code == 302
    with app.app_context():
        p = db.session.get(Participant, world.pa1.id)
        assert p.hotel == "Sea View"
        assert p.status == S.APPROVED
        assert p.category_id == world.categories.head.id
    # Another participant's page is not there for them.
    assert client.get(f"/registration/{world.pa2.id}/edit").status_code == 404
    assert (
        client.get("/registration/").headers["Location"].endswith(f"/registration/{world.pa1.id}")
    )


def test_index_sends_each_role_to_its_page(world, as_role):
    assert as_role("focal_point").get("/registration/").status_code == 302
    assert as_role("organizer").get("/registration/").headers["Location"].endswith("/desk/rosters")
    assert as_role("staff").get("/registration/").headers["Location"].endswith("/desk/rosters")


def test_dashboard_panel_for_the_delegate(world, as_role):
    html = as_role("delegate").get("/dashboard").get_data(as_text=True)
    assert "My registration" in html
    assert "Download my visa letter" in html


def test_old_participants_addresses_move_on_permanently(as_role, world):
    """The area was served at /participants until issue 11: bookmarks and e-mailed links
    (GET) land on the same page under /registration."""
    client = as_role("focal_point")
    response = client.get(f"/participants/{world.pa1.id}/edit?next=%2Fdashboard")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/registration/{world.pa1.id}/edit?next=%2Fdashboard"
    assert client.get(response.headers["Location"]).status_code == 200
    assert client.get("/participants/").headers["Location"] == "/registration/"
