"""Plenary seating: a hall of rows (or tables) of seats, and who sits where."""

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

# Bounds of a plan (forms and services both check them).
MAX_ROWS = 60
MAX_SEATS_PER_ROW = 60


class HallLayout(enum.StrEnum):
    ROWS = "rows"  # theatre style: rows of seats facing the podium, row 1 in front
    TABLES = "tables"  # round or square tables, table 1 nearest the podium

    @property
    def label(self) -> str:
        return {"rows": _l("Rows of seats"), "tables": _l("Tables")}[self.value]


class Hall(db.Model):
    """A plenary hall plan defined by the organizers: `row_count` rows (or tables) of
    `seats_per_row` seats each, filled in the protocol order of `language`."""

    __tablename__ = "halls"
    __table_args__ = (
        sa.CheckConstraint(f"row_count BETWEEN 1 AND {MAX_ROWS}", name="rows_in_range"),
        sa.CheckConstraint(
            f"seats_per_row BETWEEN 1 AND {MAX_SEATS_PER_ROW}", name="seats_in_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    layout: Mapped[HallLayout] = mapped_column(
        enum_column(HallLayout, "hall_layout"), default=HallLayout.ROWS
    )
    row_count: Mapped[int] = mapped_column(default=10)
    seats_per_row: Mapped[int] = mapped_column(default=12)
    # The language whose alphabet orders the delegations (en, fr, zh).
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    seats: Mapped[list[SeatAssignment]] = relationship(
        back_populates="hall", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def capacity(self) -> int:
        return self.row_count * self.seats_per_row


class SeatAssignment(db.Model):
    """One person in one seat of a hall: a seat holds one person, a person one seat."""

    __tablename__ = "seat_assignments"
    __table_args__ = (
        sa.UniqueConstraint("hall_id", "row_no", "seat_no", name="one_person_per_seat"),
        sa.UniqueConstraint("hall_id", "participant_id", name="one_seat_per_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(sa.ForeignKey("halls.id", ondelete="CASCADE"))
    row_no: Mapped[int]  # row or table, 1 nearest the podium
    seat_no: Mapped[int]  # seat in the row, 1 on the left as seen from the podium
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )

    hall: Mapped[Hall] = relationship(back_populates="seats")
    participant: Mapped[Participant] = relationship()
