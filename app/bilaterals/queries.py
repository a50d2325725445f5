"""Lists of the bilaterals area: a delegation's meetings, a day's schedule, the bookings that
a new room and time must not collide with."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.bilaterals.rules import Booking
from app.extensions import db
from app.forum_time import day_bounds, forum_tz
from app.models import (
    BilateralMeeting,
    Delegation,
    MeetingStatus,
    ProgrammeSession,
    Room,
)

_LOAD = (
    selectinload(BilateralMeeting.requester).selectinload(Delegation.head),
    selectinload(BilateralMeeting.counterpart).selectinload(Delegation.head),
    selectinload(BilateralMeeting.room),
    selectinload(BilateralMeeting.slots),
)


def for_delegation(delegation_id: int) -> list[BilateralMeeting]:
    return list(
        db.session.scalars(
            sa.select(BilateralMeeting)
            .where(
                sa.or_(
                    BilateralMeeting.requester_id == delegation_id,
                    BilateralMeeting.counterpart_id == delegation_id,
                )
            )
            .options(*_LOAD)
            .order_by(
                BilateralMeeting.starts_at.is_(None),
                BilateralMeeting.starts_at,
                BilateralMeeting.id,
            )
        )
    )


def scheduled_on(day: date) -> list[BilateralMeeting]:
    """The day's scheduled meetings in the forum's time zone, by time then room."""
    start, end = day_bounds(day, forum_tz())
    return list(
        db.session.scalars(
            sa.select(BilateralMeeting)
            .outerjoin(Room, Room.id == BilateralMeeting.room_id)
            .where(
                BilateralMeeting.status == MeetingStatus.SCHEDULED,
                BilateralMeeting.starts_at >= start,
                BilateralMeeting.starts_at < end,
            )
            .options(*_LOAD)
            .order_by(BilateralMeeting.starts_at, Room.name)
        )
    )


def in_states(*states: MeetingStatus) -> list[BilateralMeeting]:
    return list(
        db.session.scalars(
            sa.select(BilateralMeeting)
            .where(BilateralMeeting.status.in_(states))
            .options(*_LOAD)
            .order_by(
                BilateralMeeting.starts_at.is_(None),
                BilateralMeeting.starts_at,
                BilateralMeeting.id,
            )
        )
    )


def rooms() -> list[Room]:
    return list(db.session.scalars(sa.select(Room).order_by(Room.name)))


def bookings(starts_at: datetime, ends_at: datetime) -> list[Booking]:
    """Scheduled bilaterals and programme sessions overlapping [starts_at, ends_at), with the
    heads of delegation of a bilateral and the speakers of a session as their people."""
    meetings = db.session.scalars(
        sa.select(BilateralMeeting)
        .where(
            BilateralMeeting.status == MeetingStatus.SCHEDULED,
            BilateralMeeting.starts_at < ends_at,
            BilateralMeeting.ends_at > starts_at,
        )
        .options(*_LOAD)
    )
    out = [
        Booking(
            "bilateral",
            m.id,
            f"{m.requester.name} – {m.counterpart.name}",
            m.starts_at,
            m.ends_at,
            m.room_id,
            frozenset(
                p for p in (m.requester.head_participant_id, m.counterpart.head_participant_id) if p
            ),
        )
        for m in meetings
    ]
    sessions = db.session.scalars(
        sa.select(ProgrammeSession)
        .where(ProgrammeSession.starts_at < ends_at, ProgrammeSession.ends_at > starts_at)
        .options(selectinload(ProgrammeSession.speakers))
    )
    for s in sessions:
        people = frozenset(sp.participant_id for sp in s.speakers if sp.participant_id is not None)
        out.append(Booking("session", s.id, s.title, s.starts_at, s.ends_at, s.room_id, people))
    return out


def schedule_rows(day: date) -> list[dict]:
    """The day's scheduled meetings as plain rows (for the PDF renderer, which imports no
    area): times in the forum's time zone, names in the current language."""
    tz = forum_tz()
    rows = []
    for m in scheduled_on(day):
        heads = [d.head.display_name if d.head else "" for d in (m.requester, m.counterpart)]
        rows.append(
            {
                "start": m.starts_at.astimezone(tz).strftime("%H:%M"),
                "end": m.ends_at.astimezone(tz).strftime("%H:%M"),
                "room": m.room.name if m.room else "",
                "requester": m.requester.name,
                "counterpart": m.counterpart.name,
                "heads": heads,
                "subject": m.subject,
            }
        )
    return rows
