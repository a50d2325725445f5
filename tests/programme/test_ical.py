"""iCalendar feeds parse back: VTIMEZONE of the forum, TZID'd times, stable UIDs."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from app.extensions import db
from app.models import SessionSignup, User, Visibility


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def _events(cal: Calendar) -> dict[str, object]:
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_whole_agenda_feed_round_trip(client, world, make_session, make_room):
    room = make_room("Lianyungang Hall")
    make_session(
        title_en="Opening ceremony",
        title_zh="开幕式",
        start=(9, 0),
        end=(9, 45),
        room_id=room.id,
        speakers=["Amy Pope"],
    )
    make_session(title_en="Closed dinner", visibility=Visibility.PARTICIPANTS)
    raw = client.get("/programme/agenda.ics")
    text = raw.data.decode()
    assert "BEGIN:VTIMEZONE" in text and "TZID:Asia/Shanghai" in text
    assert "DTSTART;TZID=Asia/Shanghai:20250917T090000" in text
    cal = _parse(raw)
    assert str(cal["version"]) == "2.0" and cal["prodid"]
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = _events(cal)
    assert "Closed dinner" not in events  # participants-only sessions are not public
    opening = events["Opening ceremony"]
    start = opening.decoded("dtstart")
    assert start.tzinfo is not None and start.astimezone(UTC) == datetime(
        2025, 9, 17, 1, 0, tzinfo=UTC
    )
    assert opening.decoded("dtend").astimezone(UTC) == datetime(2025, 9, 17, 1, 45, tzinfo=UTC)
    assert "Lianyungang Hall" in str(opening["location"])
    assert "Amy Pope" in str(opening["description"])
    uid = str(opening["uid"])
    # The UID is stable across downloads and the same in the one-session feed.
    again = _events(_parse(client.get("/programme/agenda.ics")))
    assert str(again["Opening ceremony"]["uid"]) == uid
    sid = uid.split("@")[0].removeprefix("session-")
    single = _parse(client.get(f"/programme/sessions/{sid}.ics"))
    assert [str(e["uid"]) for e in single.walk("VEVENT")] == [uid]
    assert single.walk("VTIMEZONE")
    # Titles follow the reader's language.
    client.post("/language", data={"lang": "zh"})
    assert "开幕式" in _events(_parse(client.get("/programme/agenda.ics")))


def test_personal_feed_token_and_rotation(app, client, as_role, world, make_session):
    mine = make_session(
        title_en="My workshop", signup_required=True, visibility=Visibility.PARTICIPANTS
    )
    make_session(title_en="Not mine")
    with app.app_context():
        db.session.add(SessionSignup(session_id=mine.id, participant_id=world.pa1.id))
        db.session.commit()
        token = db.session.get(User, world.users.delegate.id).feed_token
    events = _events(_parse(client.get(f"/programme/calendar/{token}.ics")))
    # The delegate's own sessions (signed up, speaking) even when participants-only.
    assert "My workshop" in events and "Workshop on e-visas" in events and "Not mine" not in events
    assert client.get("/programme/calendar/not-a-token.ics").status_code == 404
    delegate = as_role("delegate")
    assert token in delegate.get("/programme/calendar").get_data(as_text=True)
    assert delegate.post("/programme/calendar/rotate").status_code == 302
    assert client.get(f"/programme/calendar/{token}.ics").status_code == 404
    with app.app_context():
        new_token = db.session.get(User, world.users.delegate.id).feed_token
    assert new_token != token
    assert client.get(f"/programme/calendar/{new_token}.ics").status_code == 200
    # An organizer's personal feed is the whole programme, participants-only included.
    with app.app_context():
        org_token = db.session.get(User, world.users.organizer.id).feed_token
    events = _events(_parse(client.get(f"/programme/calendar/{org_token}.ics")))
    assert {"My workshop", "Not mine"} <= set(events)
