"""The staff desk: check-ins, badge prints and revoked badge secrets."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.participant import Participant
    from app.models.programme import ProgrammeSession
    from app.models.user import User


class CheckInMethod(enum.StrEnum):
    SCAN = "scan"
    MANUAL = "manual"


class CheckInResult(enum.StrEnum):
    ADMITTED = "admitted"
    ALREADY = "already"  # already checked in at this point
    WARNED = "warned"  # amber for another reason (not signed up): the desk decides
    REFUSED = "refused"


class RefusalReason(enum.StrEnum):
    """Why a scan was refused or warned (rules.admission's reason codes)."""

    UNKNOWN = "unknown"
    REVOKED = "revoked"
    NOT_APPROVED = "not_approved"
    WITHDRAWN = "withdrawn"
    PICKUP_CODE = "pickup_code"
    NOT_SIGNED_UP = "not_signed_up"


class Direction(enum.StrEnum):
    IN = "in"
    OUT = "out"


class BadgePrintReason(enum.StrEnum):
    FIRST = "first"
    REPRINT = "reprint"
    LOST = "lost"


class CheckIn(db.Model):
    """Every scan at a door, admitted or refused."""

    __tablename__ = "check_ins"
    __table_args__ = (sa.Index("ix_check_ins_point", "session_id", "result", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    # None: the entrance; otherwise the door of a session.
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programme_sessions.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    staff_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    method: Mapped[CheckInMethod] = mapped_column(enum_column(CheckInMethod, "checkin_method"))
    result: Mapped[CheckInResult] = mapped_column(enum_column(CheckInResult, "checkin_result"))
    reason: Mapped[RefusalReason | None] = mapped_column(
        enum_column(RefusalReason, "refusal_reason")
    )
    # What was scanned, cut short, for refused unknown codes.
    scanned: Mapped[str] = mapped_column(sa.String(80), default="")
    # The client's id of the scan (an upload repeated after a network error is recorded once).
    nonce: Mapped[str | None] = mapped_column(sa.String(64), unique=True, index=True)
    # When the device scanned (an offline desk uploads later); `at` is when it was recorded.
    scanned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    direction: Mapped[Direction] = mapped_column(
        enum_column(Direction, "checkin_direction"), default=Direction.IN, server_default="in"
    )
    # Recorded as the door decided offline (force), whatever the policy says now.
    forced: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    participant: Mapped[Participant | None] = relationship()
    session: Mapped[ProgrammeSession | None] = relationship()
    staff_user: Mapped[User | None] = relationship()


class BadgePrint(db.Model):
    __tablename__ = "badge_prints"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[BadgePrintReason] = mapped_column(enum_column(BadgePrintReason, "badge_reason"))
    layout: Mapped[str] = mapped_column(sa.String(20), default="a6")

    participant: Mapped[Participant] = relationship()
    user: Mapped[User | None] = relationship()


class RevokedBadge(db.Model):
    """A badge secret that no longer admits (the badge was reported lost)."""

    __tablename__ = "revoked_badges"

    id: Mapped[int] = mapped_column(primary_key=True)
    secret: Mapped[str] = mapped_column(sa.String(64), unique=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
