"""Announcements and practical-information pages."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.programme import Visibility

if TYPE_CHECKING:
    from app.models.delegation import Delegation
    from app.models.user import User


class Audience(enum.StrEnum):
    PUBLIC = "public"
    PARTICIPANTS = "participants"
    FOCAL_POINTS = "focal_points"
    STAFF = "staff"
    DELEGATION = "delegation"

    @property
    def label(self) -> str:
        return {
            "public": _l("Public"),
            "participants": _l("All participants"),
            "focal_points": _l("Focal points"),
            "staff": _l("Staff"),
            "delegation": _l("One delegation"),
        }[self.value]


class Announcement(db.Model):
    __tablename__ = "announcements"
    __table_args__ = (
        sa.CheckConstraint(
            "(audience = 'delegation') = (delegation_id IS NOT NULL)", name="delegation_audience"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    body_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")  # rendered, then sanitized
    audience: Mapped[Audience] = mapped_column(
        enum_column(Audience, "announcement_audience"), default=Audience.PUBLIC
    )
    delegation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    pinned: Mapped[bool] = mapped_column(default=False)
    publish_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    email_requested: Mapped[bool] = mapped_column(default=False)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    delegation: Mapped[Delegation | None] = relationship()
    author: Mapped[User | None] = relationship()


class InfoPage(db.Model):
    """A practical-information page (venue, travel, visa, hotels, contacts) in one language."""

    __tablename__ = "info_pages"
    __table_args__ = (sa.UniqueConstraint("slug", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60))
    locale: Mapped[str] = mapped_column(sa.String(8), default="en")
    title: Mapped[str] = mapped_column(sa.String(200))
    body_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "page_visibility"), default=Visibility.PUBLIC
    )
    sort_order: Mapped[int] = mapped_column(default=100)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
