"""iCalendar (RFC 5545) feeds of the programme, with the forum's VTIMEZONE."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, Event, vText

from app.forms import flatten_line
from app.i18n import forum
from app.models import ProgrammeSession, Visibility, utcnow
from app.programme.services import forum_tz
from app.urls import absolute_url


def session_uid(session: ProgrammeSession) -> str:
    """Stable per session, so a calendar updates the event instead of adding a new one."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "accredit"
    return f"session-{session.id}@{host}"


def _event(session: ProgrammeSession, tz, stamp) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add("last-modified", session.updated_at)
    # One-line properties stay one line even if older data holds a line break (RFC 5545
    # escapes one in a TEXT value, but a calendar name or URL with one cannot be written).
    event.add("summary", flatten_line(session.title))
    lines = []
    if session.topic:
        lines.append(f"{session.topic.number}. {session.topic.title}")
    names = []
    for sp in session.speakers:
        if sp.participant is not None:
            names.append(f"{sp.participant.display_name} ({sp.participant.delegation.name})")
        else:
            names.append(", ".join(x for x in (sp.guest_name, sp.guest_title) if x))
    if names:
        lines.append("; ".join(names))
    if session.description:
        lines.append(session.description)
    if lines:
        event.add("description", "\n\n".join(lines))
    location = ", ".join(
        x
        for x in ((session.room.name if session.room else ""), forum().venue if forum() else "")
        if x
    )
    if location:
        event.add("location", vText(flatten_line(location)))
    event.add("categories", [session.kind.value])
    event.add("class", "PUBLIC" if session.visibility == Visibility.PUBLIC else "PRIVATE")
    event.add("url", absolute_url("programme.session", session_id=session.id))
    return event


def calendar_for(sessions: list[ProgrammeSession], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Accredit//Programme//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", flatten_line(name))
    tz = forum_tz()
    cal.add("x-wr-timezone", tz.key)
    stamp = utcnow()
    for session in sessions:
        cal.add_component(_event(session, tz, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()
