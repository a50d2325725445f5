"""Bilateral meetings between delegations: requests, proposed slots, the room assigned."""

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
    from app.models.delegation import Delegation
    from app.models.programme import Room


class MeetingStatus(enum.StrEnum):
    REQUESTED = "requested"  # waiting for the counterpart
    COUNTERED = "countered"  # the counterpart proposed another slot: waiting for the requester
    ACCEPTED = "accepted"  # agreed on a slot: waiting for the secretariat's room
    SCHEDULED = "scheduled"
    DECLINED = "declined"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            "requested": _l("Requested"),
            "countered": _l("Another time proposed"),
            "accepted": _l("Accepted, awaiting a room"),
            "scheduled": _l("Scheduled"),
            "declined": _l("Declined"),
            "cancelled": _l("Cancelled"),
        }[self.value]


class BilateralMeeting(db.Model):
    __tablename__ = "bilateral_meetings"
    __table_args__ = (
        sa.CheckConstraint("requester_id <> counterpart_id", name="two_delegations"),
        sa.Index("ix_bilateral_meetings_starts", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    counterpart_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.REQUESTED
    )
    # The agreed slot, then the time the secretariat set; with the room once scheduled.
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rooms.id", ondelete="SET NULL"))
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE: bumped per change
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    requester: Mapped[Delegation] = relationship(foreign_keys=[requester_id])
    counterpart: Mapped[Delegation] = relationship(foreign_keys=[counterpart_id])
    room: Mapped[Room | None] = relationship()
    slots: Mapped[list[BilateralSlot]] = relationship(
        back_populates="meeting", passive_deletes=True, order_by="BilateralSlot.id"
    )

    def party(self, delegation_id: int | None) -> str | None:
        """ "requester", "counterpart" or None for someone else."""
        if delegation_id == self.requester_id:
            return "requester"
        if delegation_id == self.counterpart_id:
            return "counterpart"
        return None


class BilateralSlot(db.Model):
    """A time one side proposed."""

    __tablename__ = "bilateral_slots"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="slot_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bilateral_meetings.id", ondelete="CASCADE"), index=True
    )
    proposed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("delegations.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    meeting: Mapped[BilateralMeeting] = relationship(back_populates="slots")
