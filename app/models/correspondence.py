"""Correspondence: one thread per delegation between the secretariat and its focal points."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.delegation import Delegation
    from app.models.user import User


class Side(enum.StrEnum):
    """The two sides of a thread: the secretariat (organizers) and the delegation."""

    SECRETARIAT = "secretariat"
    DELEGATION = "delegation"

    @property
    def other(self) -> Side:
        return Side.DELEGATION if self is Side.SECRETARIAT else Side.SECRETARIAT


class CorrespondenceMessage(db.Model):
    __tablename__ = "correspondence_messages"
    __table_args__ = (sa.Index("ix_correspondence_thread", "delegation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(sa.ForeignKey("delegations.id", ondelete="CASCADE"))
    side: Mapped[Side] = mapped_column(enum_column(Side, "correspondence_side"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegation: Mapped[Delegation] = relationship()
    author: Mapped[User | None] = relationship()
    attachments: Mapped[list[CorrespondenceAttachment]] = relationship(
        back_populates="message", passive_deletes=True, order_by="CorrespondenceAttachment.id"
    )


class CorrespondenceAttachment(db.Model):
    """A checked PDF or image; its bytes live in instance/correspondence/<storage_key>."""

    __tablename__ = "correspondence_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        sa.ForeignKey("correspondence_messages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column(default=0)
    storage_key: Mapped[str] = mapped_column(sa.String(64), unique=True)

    message: Mapped[CorrespondenceMessage] = relationship(back_populates="attachments")


class CorrespondenceRead(db.Model):
    """How far one side of a thread has read: the read receipt the other side sees."""

    __tablename__ = "correspondence_reads"
    __table_args__ = (sa.UniqueConstraint("delegation_id", "side"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(sa.ForeignKey("delegations.id", ondelete="CASCADE"))
    side: Mapped[Side] = mapped_column(enum_column(Side, "correspondence_side"))
    last_read_id: Mapped[int] = mapped_column(default=0)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
