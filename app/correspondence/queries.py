"""Lists of the correspondence area: the threads with their unread counts, one thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import CorrespondenceMessage, CorrespondenceRead, Delegation, Side

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class ThreadRow:
    delegation: Delegation
    messages: int
    unread: int
    last_at: datetime | None


def _read_mark(side: Side):
    """The side's last-read message id per delegation (0 when never read)."""
    return (
        sa.select(CorrespondenceRead.delegation_id, CorrespondenceRead.last_read_id)
        .where(CorrespondenceRead.side == side)
        .subquery()
    )


def threads(reader_side: Side = Side.SECRETARIAT) -> list[ThreadRow]:
    """Every delegation with its thread's size, what `reader_side` has not read, and the last
    message's time: threads with unread messages first, then the latest, then the rest in
    protocol order. Two statements whatever the number of delegations."""
    mark = _read_mark(reader_side)
    msg = CorrespondenceMessage
    unread = sa.func.count(msg.id).filter(
        msg.side == reader_side.other, msg.id > sa.func.coalesce(mark.c.last_read_id, 0)
    )
    stats = {
        row.delegation_id: row
        for row in db.session.execute(
            sa.select(
                msg.delegation_id,
                sa.func.count(msg.id).label("messages"),
                unread.label("unread"),
                sa.func.max(msg.created_at).label("last_at"),
            )
            .outerjoin(mark, mark.c.delegation_id == msg.delegation_id)
            .group_by(msg.delegation_id)
        )
    }
    rows = []
    for delegation in sorted(
        db.session.scalars(sa.select(Delegation)), key=lambda d: d.protocol_key
    ):
        s = stats.get(delegation.id)
        last = s.last_at if s else None
        if last is not None and last.tzinfo is None:  # SQLite's aggregate loses the type
            last = last.replace(tzinfo=UTC)
        rows.append(ThreadRow(delegation, s.messages if s else 0, s.unread if s else 0, last))
    rows.sort(key=lambda r: (r.unread == 0, r.last_at is None, -(r.last_at or EPOCH).timestamp()))
    return rows


def unread_count(delegation_id: int, reader_side: Side) -> int:
    mark = db.session.scalar(
        sa.select(CorrespondenceRead.last_read_id).where(
            CorrespondenceRead.delegation_id == delegation_id,
            CorrespondenceRead.side == reader_side,
        )
    )
    return (
        db.session.scalar(
            sa.select(sa.func.count(CorrespondenceMessage.id)).where(
                CorrespondenceMessage.delegation_id == delegation_id,
                CorrespondenceMessage.side == reader_side.other,
                CorrespondenceMessage.id > (mark or 0),
            )
        )
        or 0
    )


def thread(delegation_id: int) -> list[CorrespondenceMessage]:
    return list(
        db.session.scalars(
            sa.select(CorrespondenceMessage)
            .where(CorrespondenceMessage.delegation_id == delegation_id)
            .options(
                selectinload(CorrespondenceMessage.attachments),
                selectinload(CorrespondenceMessage.author),
            )
            .order_by(CorrespondenceMessage.id)
        )
    )


def read_marks(delegation_id: int) -> dict[Side, CorrespondenceRead]:
    rows = db.session.scalars(
        sa.select(CorrespondenceRead).where(CorrespondenceRead.delegation_id == delegation_id)
    )
    return {row.side: row for row in rows}
