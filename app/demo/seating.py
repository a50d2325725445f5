"""Demo data of seating and certificates: the plenary hall seated in protocol order, and the
entrance check-ins of the two forum days (so certificates exist for those who came)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.certificates.services import issue_missing
from app.extensions import db
from app.models import (
    CheckIn,
    CheckInMethod,
    CheckInResult,
    Delegation,
    ForumSettings,
    HallLayout,
    Participant,
    ParticipantStatus,
)
from app.seating.services import create_hall, fill_in_protocol_order

HOST_CODE = "CN"
# Share of the approved participants who came on each day (the delegate account always came).
CAME_ON_DAY = (0.93, 0.86)


def host_first(summary) -> None:
    """The host country leads the protocol order (its sort key), in every list and the hall."""
    host = db.session.scalar(sa.select(Delegation).where(Delegation.code == HOST_CODE))
    if host is not None and not host.sort_key:
        host.sort_key = "0"
        summary.add(f"Protocol order: {host.name_en} (host) first, then alphabetical.")


def seed_plenary_hall(summary) -> None:
    hall = create_hall("Plenary Hall", HallLayout.ROWS, 14, 16, "en")
    db.session.flush()
    outcome = fill_in_protocol_order(hall)
    summary.add(f"Plenary Hall: {outcome.seated} people seated in protocol order.")


def _arrival(day, rng: random.Random, tz: ZoneInfo) -> datetime:
    minutes = rng.randint(0, 95)  # 07:50 to 09:25, before the opening
    return datetime.combine(day, time(7, 50), tzinfo=tz) + timedelta(minutes=minutes)


def seed_check_ins(summary, rng: random.Random) -> None:
    """Entrance scans on each forum day, unless another area's demo data recorded some."""
    if db.session.scalar(sa.select(sa.func.count(CheckIn.id))):
        return
    forum = db.session.get(ForumSettings, 1)
    rows = db.session.execute(
        sa.select(Participant.id, Participant.email)
        .where(Participant.status == ParticipantStatus.APPROVED)
        .order_by(Participant.id)
    ).all()
    came = [
        pid
        for pid, email in rows
        if email == "delegate@example.org" or rng.random() < CAME_ON_DAY[0]
    ]
    records, first = [], {}
    for number, share in enumerate(CAME_ON_DAY):
        day = forum.starts_on + timedelta(days=number)
        if day > forum.ends_on:
            break
        for pid in came:
            if number and rng.random() > share / CAME_ON_DAY[0]:
                continue
            at = _arrival(day, rng, forum.tz)
            first.setdefault(pid, at)
            records.append(
                {
                    "participant_id": pid,
                    "at": at,
                    "method": CheckInMethod.SCAN,
                    "result": CheckInResult.ADMITTED,
                }
            )
    db.session.execute(sa.insert(CheckIn), records)
    db.session.execute(
        sa.update(Participant),
        [{"id": pid, "checked_in_at": at} for pid, at in first.items()],
    )
    summary.add(f"Check-ins: {len(first)} people came, {len(records)} entrance scans.")


def seed_seating(summary) -> None:
    """The seating and certificates of the demo forum (none in a synthetic one)."""
    if summary.synthetic:
        return
    host_first(summary)
    seed_plenary_hall(summary)
    seed_check_ins(summary, random.Random(15))
    summary.add(f"Certificates of attendance: {issue_missing()} issued.")
