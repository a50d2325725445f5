"""Bilateral meetings: request, answer, schedule without clashes, cancel; e-mails with the
iCalendar entry. Every step is checked against the state table in rules.py and audited."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app import audit
from app.auth.policy import is_organizer
from app.bilaterals import queries, rules
from app.bilaterals.ical import meeting_calendar
from app.correspondence.services import addresses
from app.extensions import db
from app.i18n import forum
from app.mail import queue_email
from app.models import BilateralMeeting, BilateralSlot, Delegation, MeetingStatus, Room, Side
from app.urls import absolute_url


class BilateralError(Exception):
    def __init__(self, message, clashes=()):
        super().__init__(str(message))
        self.message = message
        self.clashes = list(clashes)


def party_of(meeting: BilateralMeeting, user) -> str | None:
    if is_organizer(user):
        return None
    return meeting.party(user.delegation_id)


def allowed_actions(meeting: BilateralMeeting, user) -> list[str]:
    return rules.allowed_actions(
        meeting.status.value, party=party_of(meeting, user), secretariat=is_organizer(user)
    )


def _take(meeting: BilateralMeeting, action: str, user) -> rules.Step:
    """The step of `action`, if this user may take it now; else BilateralError."""
    party, secretariat = party_of(meeting, user), is_organizer(user)
    if not rules.may(action, meeting.status.value, party=party, secretariat=secretariat):
        raise BilateralError(_l("This meeting cannot be changed that way now."))
    step = rules.step(action, meeting.status.value)
    before = meeting.status
    meeting.status = MeetingStatus(step.to_state)
    audit.record(
        f"bilateral.{action}",
        meeting,
        changes={"status": [before.value, step.to_state]},
        delegation_id=meeting.requester_id,
    )
    return step


def request_meeting(
    requester: Delegation,
    counterpart: Delegation,
    subject: str,
    slot: tuple[datetime, datetime],
    user,
) -> BilateralMeeting:
    if counterpart.id == requester.id:
        raise BilateralError(_l("Choose another delegation."))
    meeting = BilateralMeeting(
        requester_id=requester.id, counterpart_id=counterpart.id, subject=subject
    )
    db.session.add(meeting)
    db.session.flush()
    db.session.add(
        BilateralSlot(
            meeting_id=meeting.id, proposed_by_id=requester.id, starts_at=slot[0], ends_at=slot[1]
        )
    )
    audit.record(
        "bilateral.requested",
        meeting,
        delegation_id=requester.id,
        changes={"counterpart": counterpart.code},
    )
    db.session.flush()
    db.session.refresh(meeting)
    _notify(meeting, "requested", [counterpart])
    return meeting


def accept(meeting: BilateralMeeting, slot_id: int, user) -> None:
    slot = next((s for s in meeting.slots if s.id == slot_id), None)
    if slot is None:
        raise BilateralError(_l("Choose one of the proposed times."))
    step = _take(meeting, "accept", user)
    meeting.starts_at, meeting.ends_at = slot.starts_at, slot.ends_at
    _notify_step(meeting, "accepted", step, user)


def decline(meeting: BilateralMeeting, user) -> None:
    step = _take(meeting, "decline", user)
    _notify_step(meeting, "declined", step, user)


def propose(meeting: BilateralMeeting, slot: tuple[datetime, datetime], user) -> None:
    step = _take(meeting, "propose", user)
    proposer = (
        meeting.requester_id if party_of(meeting, user) == "requester" else meeting.counterpart_id
    )
    db.session.add(
        BilateralSlot(
            meeting_id=meeting.id, proposed_by_id=proposer, starts_at=slot[0], ends_at=slot[1]
        )
    )
    db.session.flush()
    db.session.refresh(meeting, ["slots"])
    _notify_step(meeting, "proposed", step, user)


def cancel(meeting: BilateralMeeting, user) -> None:
    was_scheduled = meeting.status == MeetingStatus.SCHEDULED
    step = _take(meeting, "cancel", user)
    if was_scheduled:
        meeting.sequence += 1
    _notify_step(meeting, "cancelled", step, user, calendar=was_scheduled)


def clashes_for(
    meeting: BilateralMeeting, room_id: int, slot: tuple[datetime, datetime]
) -> list[rules.Clash]:
    heads = (meeting.requester.head_participant_id, meeting.counterpart.head_participant_id)
    return rules.clashes(
        slot[0], slot[1], room_id, heads, queries.bookings(*slot), ignore=("bilateral", meeting.id)
    )


def _lock(meeting: BilateralMeeting, room: Room) -> None:
    """Two organizers placing meetings at once must not both find the same room or head
    free: the room's and both delegations' rows are locked until commit (PostgreSQL; on
    SQLite a writing request holds the database's write lock from its start)."""
    ids = sorted((meeting.requester_id, meeting.counterpart_id))
    db.session.execute(
        sa.select(Delegation.id)
        .where(Delegation.id.in_(ids))
        .order_by(Delegation.id)
        .with_for_update()
    )
    db.session.execute(sa.select(Room.id).where(Room.id == room.id).with_for_update())


def schedule(meeting: BilateralMeeting, room: Room, slot: tuple[datetime, datetime], user) -> None:
    """Give the meeting a room and time, refused (with every clash) when the room or either
    head of delegation is taken then."""
    _lock(meeting, room)
    found = clashes_for(meeting, room.id, slot)
    if found:
        raise BilateralError(_l("This room and time clash with other commitments."), found)
    step = _take(meeting, "schedule", user)
    meeting.room_id, meeting.starts_at, meeting.ends_at = room.id, slot[0], slot[1]
    meeting.sequence += 1
    audit.record(
        "bilateral.room_assigned",
        meeting,
        changes={
            "room": room.name,
            "starts_at": slot[0].isoformat(),
            "ends_at": slot[1].isoformat(),
        },
        delegation_id=meeting.requester_id,
    )
    db.session.flush()
    db.session.refresh(meeting, ["room"])
    _notify_step(meeting, "scheduled", step, user, calendar=True)


def _notify_step(meeting, event: str, step: rules.Step, user, calendar: bool = False) -> None:
    party = party_of(meeting, user)
    delegations = [meeting.requester, meeting.counterpart]
    if step.notify == "other" and party is not None:
        delegations = [meeting.counterpart if party == "requester" else meeting.requester]
    _notify(meeting, event, delegations, calendar=calendar, secretariat=step.notify == "both")


def _notify(
    meeting, event: str, delegations, *, calendar: bool = False, secretariat: bool = False
) -> None:
    """E-mail the focal points of `delegations` (and the secretariat), each in their language,
    with the meeting's iCalendar entry when it has a room and time."""
    url = absolute_url("bilaterals.detail", meeting_id=meeting.id)
    recipients = [a for d in delegations for a in addresses(d, Side.DELEGATION)]
    if secretariat:
        recipients += addresses(None, Side.SECRETARIAT)
    seen = set()
    for address, locale in recipients:
        if address.lower() in seen:
            continue
        seen.add(address.lower())
        attachments = None
        if calendar:
            with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
                attachments = [("bilateral.ics", "text/calendar", meeting_calendar(meeting))]
        queue_email(
            address,
            "bilateral_update",
            locale=locale,
            topic=f"bilateral.{event}",
            attachments=attachments,
            meeting=meeting,
            event=event,
            url=url,
            forum=forum(),
        )
