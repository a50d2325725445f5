"""Demo bilateral meetings in every state, the scheduled ones in rooms and at times that
clash with nothing (checked with the same rules as the secretariat's form)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.bilaterals import queries, rules
from app.extensions import db
from app.models import (
    BilateralMeeting,
    BilateralSlot,
    Delegation,
    ForumSettings,
    MeetingStatus,
    Room,
)

ROOMS = ("Bilateral Room A", "Bilateral Room B")
# (requester, counterpart, subject, status, day, local start "HH:MM", minutes, room index)
MEETINGS = [
    ("CN", "MN", "Cooperation at the Erenhot–Zamyn-Üüd border crossing", MeetingStatus.SCHEDULED, 0, "12:15", 45, 0),
    ("RU", "MN", "Exchange of information on irregular transit", MeetingStatus.SCHEDULED, 0, "12:15", 45, 1),
    ("CN", "PE", "Facilitation of visas for business travellers", MeetingStatus.SCHEDULED, 1, "12:30", 45, 0),
    ("UNODC", "US", "Joint training on document fraud detection", MeetingStatus.SCHEDULED, 1, "12:30", 40, 1),
    ("US", "PE", "Return and readmission procedures", MeetingStatus.ACCEPTED, 1, "09:00", 30, None),
    ("IOM", "CN", "Assisted voluntary return programme 2026", MeetingStatus.REQUESTED, 0, "18:30", 45, None),
    ("UNHCR", "PE", "Protection-sensitive entry systems", MeetingStatus.COUNTERED, 1, "08:30", 30, None),
    ("FR", "RU", "Consular cooperation", MeetingStatus.DECLINED, 0, "12:15", 30, None),
]  # fmt: skip
TZ_OFFSET = timedelta(hours=8)  # Asia/Shanghai: the demo forum's zone, without DST


def _utc(start_on, day: int, clock: str) -> datetime:
    hh, mm = (int(x) for x in clock.split(":"))
    local = datetime(start_on.year, start_on.month, start_on.day, hh, mm) + timedelta(days=day)
    return (local - TZ_OFFSET).replace(tzinfo=UTC)


def _rooms() -> list[Room]:
    rooms = []
    for name in ROOMS:
        room = db.session.scalar(sa.select(Room).where(Room.name == name))
        if room is None:
            room = Room(name=name, capacity=12)
            db.session.add(room)
        rooms.append(room)
    db.session.flush()
    return rooms


def _free(meeting: BilateralMeeting, room: Room, start: datetime, end: datetime) -> datetime:
    """The first start from `start` on, in steps of 15 minutes, with no clash."""
    heads = (meeting.requester.head_participant_id, meeting.counterpart.head_participant_id)
    while rules.clashes(start, end, room.id, heads, queries.bookings(start, end)):
        start, end = start + timedelta(minutes=15), end + timedelta(minutes=15)
    return start


def seed_bilaterals(summary) -> None:
    settings = ForumSettings.get()
    if settings is None:
        return
    starts_on = settings.starts_on
    codes = {c for m in MEETINGS for c in m[:2]}
    delegations = {
        d.code: d
        for d in db.session.scalars(sa.select(Delegation).where(Delegation.code.in_(codes)))
    }
    rooms = _rooms()
    count = 0
    for req, cp, subject, status, day, clock, minutes, room_index in MEETINGS:
        if req not in delegations or cp not in delegations:
            continue
        start = _utc(starts_on, day, clock)
        end = start + timedelta(minutes=minutes)
        meeting = BilateralMeeting(
            requester=delegations[req], counterpart=delegations[cp], subject=subject, status=status
        )
        db.session.add(meeting)
        db.session.flush()
        db.session.add(
            BilateralSlot(
                meeting_id=meeting.id,
                proposed_by_id=meeting.requester_id,
                starts_at=start,
                ends_at=end,
            )
        )
        if status == MeetingStatus.COUNTERED:
            later = start + timedelta(hours=4)
            db.session.add(
                BilateralSlot(
                    meeting_id=meeting.id,
                    proposed_by_id=meeting.counterpart_id,
                    starts_at=later,
                    ends_at=later + timedelta(minutes=minutes),
                )
            )
        if status in (MeetingStatus.ACCEPTED, MeetingStatus.SCHEDULED):
            meeting.starts_at, meeting.ends_at = start, end
        if status == MeetingStatus.SCHEDULED:
            room = rooms[room_index]
            start = _free(meeting, room, start, end)
            meeting.room_id, meeting.starts_at, meeting.ends_at = (
                room.id,
                start,
                start + timedelta(minutes=minutes),
            )
            meeting.sequence = 1
        db.session.flush()
        count += 1
    summary.add(
        f"Bilateral meetings: {count}, scheduled in {len(rooms)} rooms, requested, accepted, declined."
    )
