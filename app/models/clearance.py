"""Security clearance: batches sent to the host's security service and each person's answer."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.participant import Participant
    from app.models.user import User


class ClearanceStatus(enum.StrEnum):
    """A participant with no Clearance row has not been sent ("not sent")."""

    NOT_SENT = "not_sent"  # never stored: the state of a participant without a row
    PENDING = "pending"
    CLEARED = "cleared"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {
            "not_sent": _l("Not sent"),
            "pending": _l("Pending"),
            "cleared": _l("Cleared"),
            "refused": _l("Refused"),
        }[self.value]

    @property
    def badge_class(self) -> str:
        return {
            "not_sent": "secondary",
            "pending": "warning",
            "cleared": "success",
            "refused": "danger",
        }[self.value]


class ClearanceBatch(db.Model):
    """One export sent to the security service."""

    __tablename__ = "clearance_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    size: Mapped[int] = mapped_column(default=0)
    # Set when the last answer of the batch came in (its sender is told once).
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()


class Clearance(db.Model):
    """A participant's vetting: sent in a batch under a reference, then cleared or refused."""

    __tablename__ = "clearances"

    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    # What the service answers by: stable for the participant across batches.
    reference: Mapped[str] = mapped_column(sa.String(20), unique=True)
    batch_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clearance_batches.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ClearanceStatus] = mapped_column(
        enum_column(ClearanceStatus, "clearance_status"), index=True
    )
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship()
    batch: Mapped[ClearanceBatch] = relationship()
    decided_by: Mapped[User | None] = relationship()
