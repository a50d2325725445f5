"""The iCalendar entry of a bilateral meeting, built with the programme's calendar helpers."""

from __future__ import annotations

from flask_babel import gettext as _
from icalendar import Event, vText

from app.forms import flatten_line
from app.forum_time import forum_tz
from app.i18n import forum
from app.models import BilateralMeeting, MeetingStatus, utcnow
from app.programme.ical import calendar_of, stable_uid
from app.urls import absolute_url


def meeting_event(meeting: BilateralMeeting) -> Event:
    tz = forum_tz()
    event = Event()
    event.add("uid", stable_uid("bilateral", meeting.id))
    event.add("dtstamp", utcnow())
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", meeting.ends_at.astimezone(tz))
    # In the current language: e-mails build it under the recipient's (force_locale).
    names = f"{meeting.requester.name} – {meeting.counterpart.name}"
    event.add("summary", flatten_line(_("Bilateral meeting: %(names)s", names=names)))
    event.add("description", meeting.subject)
    settings = forum()
    location = ", ".join(
        x
        for x in (meeting.room.name if meeting.room else "", settings.venue if settings else "")
        if x
    )
    if location:
        event.add("location", vText(flatten_line(location)))
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    event.add("categories", ["bilateral"])
    event.add("class", "PRIVATE")
    event.add("url", absolute_url("bilaterals.detail", meeting_id=meeting.id))
    return event


def meeting_calendar(meeting: BilateralMeeting) -> bytes:
    return calendar_of([meeting_event(meeting)], _("Bilateral meetings"))
