"""Bilateral meetings through the routes: request, answer, room without clashes, e-mails with
iCalendar entries delivered over real SMTP, the day's list and PDF, and who sees what."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from pypdf import PdfReader

from app.extensions import db
from app.mail import deliver_due
from app.models import (
    AuditLog,
    BilateralMeeting,
    Delegation,
    MeetingStatus,
    ProgrammeSession,
    Role,
    Room,
    SessionKind,
    SessionSpeaker,
)
from tests.conftest import login


@pytest.fixture
def forum(app, make_forum, make_delegation, make_participant, make_user, make_category):
    make_forum(contact_email="secretariat@example.org")
    head = make_category("head", name_en="Head of delegation")
    mn = make_delegation("MN", name_en="Mongolia", name_fr="Mongolie")
    pe = make_delegation("PE", name_en="Peru", name_fr="Pérou")
    fr = make_delegation("FR", name_en="France", name_fr="France")
    heads = {
        d.code: make_participant(d, head, given_names="Head", family_name=d.code)
        for d in (mn, pe, fr)
    }
    with app.app_context():
        for d in (mn, pe, fr):
            db.session.get(Delegation, d.id).head_participant_id = heads[d.code].id
        hall, salon = Room(name="Hall A"), Room(name="Salon 3")
        db.session.add_all([hall, salon])
        db.session.flush()
        plenary = ProgrammeSession(
            kind=SessionKind.PLENARY,
            title_en="Plenary",
            room_id=hall.id,
            # 10:00–12:00 in Lianyungang
            starts_at=datetime(2025, 9, 17, 2, 0, tzinfo=UTC),
            ends_at=datetime(2025, 9, 17, 4, 0, tzinfo=UTC),
        )
        db.session.add(plenary)
        db.session.flush()
        db.session.add(SessionSpeaker(session_id=plenary.id, participant_id=heads["PE"].id))
        db.session.commit()
        rooms = {"hall": hall.id, "salon": salon.id}
    users = {
        "mn": make_user(Role.FOCAL_POINT, email="focal.mn@example.org", delegation_id=mn.id),
        "pe": make_user(
            Role.FOCAL_POINT, email="focal.pe@example.org", delegation_id=pe.id, locale="fr"
        ),
        "fr": make_user(Role.FOCAL_POINT, email="focal.fr@example.org", delegation_id=fr.id),
        "organizer": make_user(Role.ORGANIZER, email="organizer@example.org"),
    }
    return {"mn": mn, "pe": pe, "fr": fr, "rooms": rooms, "users": users}


def client(app, user):
    c = app.test_client()
    login(c, user)
    return c


def _post_request(app, forum, day="2025-09-17", start="11:00", end="11:45"):
    """Mongolia's focal point asks Peru for a meeting."""
    return client(app, forum["users"]["mn"]).post(
        "/bilaterals/new",
        data={
            "counterpart_id": forum["pe"].id,
            "subject": "Visa facilitation",
            "day": day,
            "start": start,
            "end": end,
        },
    )


def _request(app, forum):
    r = _post_request(app, forum)
    assert r.status_code == 302, r.text
    with app.app_context():
        return db.session.scalar(sa.select(BilateralMeeting.id))


def _meeting(app, meeting_id):
    with app.app_context():
        m = db.session.get(BilateralMeeting, meeting_id)
        db.session.expunge(m)
        return m


def _schedule(organizer, meeting_id, room_id, start, end):
    return organizer.post(
        f"/bilaterals/{meeting_id}/schedule",
        data={"room_id": room_id, "day": "2025-09-17", "start": start, "end": end},
    )


def test_request_accept_schedule_and_both_calendars_arrive(app, forum, smtp):
    inbox = smtp()
    meeting_id = _request(app, forum)
    pe = client(app, forum["users"]["pe"])
    with app.app_context():
        slot_id = db.session.scalar(sa.text("select id from bilateral_slots"))
    r = pe.post(f"/bilaterals/{meeting_id}/respond", data={"action": "accept", "slot_id": slot_id})
    assert r.status_code == 302
    assert _meeting(app, meeting_id).status == MeetingStatus.ACCEPTED

    organizer = client(app, forum["users"]["organizer"])
    # The hall is taken by the plenary, where Peru's head speaks: refused with both reasons.
    r = _schedule(organizer, meeting_id, forum["rooms"]["hall"], "11:00", "11:45")
    assert r.status_code == 409
    assert (
        "The room is taken by Plenary" in r.text
        and "A head of delegation is busy with Plenary" in r.text
    )
    assert _meeting(app, meeting_id).status == MeetingStatus.ACCEPTED
    r = _schedule(organizer, meeting_id, forum["rooms"]["salon"], "12:30", "13:15")
    assert r.status_code == 302
    m = _meeting(app, meeting_id)
    assert m.status == MeetingStatus.SCHEDULED and m.room_id == forum["rooms"]["salon"]

    with app.app_context():
        deliver_due()
        actions = set(
            db.session.scalars(
                sa.select(AuditLog.action).where(AuditLog.object_type == "bilateral_meetings")
            )
        )
    assert {
        "bilateral.requested",
        "bilateral.accept",
        "bilateral.schedule",
        "bilateral.room_assigned",
    } <= actions
    scheduled = [m for m in inbox.messages if "ics" in str([p.get_filename() for p in m.walk()])]
    assert sorted(m["To"] for m in scheduled) == [
        "focal.mn@example.org",
        "focal.pe@example.org",
        "secretariat@example.org",
    ]
    for message in scheduled:
        (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        (event,) = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
        assert event.decoded("dtstart").astimezone(UTC) == datetime(2025, 9, 17, 4, 30, tzinfo=UTC)
        assert event.decoded("dtend").astimezone(UTC) == datetime(2025, 9, 17, 5, 15, tzinfo=UTC)
        assert "Salon 3" in str(event["location"])
        assert str(event["uid"]).startswith(f"bilateral-{meeting_id}@")
    # Each in their language: Peru's focal point reads French.
    to_pe = next(m for m in scheduled if m["To"] == "focal.pe@example.org")
    text = next(p for p in to_pe.walk() if p.get_content_type() == "text/plain")
    assert "Mongolie – Pérou" in text.get_payload(decode=True).decode()

    # The day's list and its PDF for the protocol team.
    page = organizer.get("/bilaterals/?day=2025-09-17")
    assert "Salon 3" in page.text and "Mongolia – Peru" in page.text
    pdf = organizer.get("/bilaterals/schedule.pdf?day=2025-09-17")
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "12:30–13:15" in text and "Salon 3" in text and "Mongolia" in text and "Peru" in text


def test_a_third_delegation_sees_nothing_and_only_the_answerer_answers(app, forum):
    meeting_id = _request(app, forum)
    fr = client(app, forum["users"]["fr"])
    assert fr.get(f"/bilaterals/{meeting_id}").status_code == 404
    assert fr.get(f"/bilaterals/{meeting_id}/calendar.ics").status_code == 404
    assert (
        fr.post(f"/bilaterals/{meeting_id}/respond", data={"action": "decline"}).status_code == 404
    )
    # The requester cannot accept their own request.
    mn = client(app, forum["users"]["mn"])
    mn.post(f"/bilaterals/{meeting_id}/respond", data={"action": "decline"})
    assert _meeting(app, meeting_id).status == MeetingStatus.REQUESTED


def test_another_time_goes_back_and_forth(app, forum):
    meeting_id = _request(app, forum)
    pe = client(app, forum["users"]["pe"])
    r = pe.post(
        f"/bilaterals/{meeting_id}/respond",
        data={"action": "propose", "day": "2025-09-18", "start": "09:00", "end": "09:30"},
    )
    assert r.status_code == 302
    m = _meeting(app, meeting_id)
    assert m.status == MeetingStatus.COUNTERED
    mn = client(app, forum["users"]["mn"])
    with app.app_context():
        last_slot = db.session.scalar(sa.text("select max(id) from bilateral_slots"))
    mn.post(f"/bilaterals/{meeting_id}/respond", data={"action": "accept", "slot_id": last_slot})
    m = _meeting(app, meeting_id)
    assert m.status == MeetingStatus.ACCEPTED
    assert m.starts_at == datetime(2025, 9, 18, 1, 0, tzinfo=UTC)


def test_a_slot_outside_the_forum_is_refused(app, forum):
    r = _post_request(app, forum, day="2025-10-01")
    assert r.status_code == 200 and "Choose one of the forum" in r.text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(BilateralMeeting.id))) == 0
