"""The forum itself: one settings row, edited by admins."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.extensions import db
from app.models.base import LocalizedMixin, UTCDateTime, utcnow


class ForumSettings(LocalizedMixin, db.Model):
    __tablename__ = "forum_settings"
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    name_en: Mapped[str] = mapped_column(sa.String(300))
    name_fr: Mapped[str | None] = mapped_column(sa.String(300))
    name_zh: Mapped[str | None] = mapped_column(sa.String(300))
    short_name_en: Mapped[str | None] = mapped_column(sa.String(120))
    short_name_fr: Mapped[str | None] = mapped_column(sa.String(120))
    short_name_zh: Mapped[str | None] = mapped_column(sa.String(120))
    theme_en: Mapped[str | None] = mapped_column(sa.Text)
    theme_fr: Mapped[str | None] = mapped_column(sa.Text)
    theme_zh: Mapped[str | None] = mapped_column(sa.Text)
    host_en: Mapped[str | None] = mapped_column(sa.String(300))
    host_fr: Mapped[str | None] = mapped_column(sa.String(300))
    host_zh: Mapped[str | None] = mapped_column(sa.String(300))
    venue: Mapped[str | None] = mapped_column(sa.String(300))
    city: Mapped[str | None] = mapped_column(sa.String(120))
    country_code: Mapped[str | None] = mapped_column(sa.String(2))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Shanghai")
    # The entrance scans people leaving too (a check-in point's counts_exits).
    entrance_counts_exits: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edit_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    signatory_name: Mapped[str | None] = mapped_column(sa.String(200))
    signatory_title: Mapped[str | None] = mapped_column(sa.String(300))
    letter_reference_prefix: Mapped[str] = mapped_column(sa.String(40), default="FORUM")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The forum's identity (app/identity.py checks it): PNGs re-encoded on upload, loaded
    # only when drawn (every page reads this row), and two colours that pass WCAG AA.
    logo_png: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    emblem_png: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    has_logo: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    has_emblem: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    brand_primary: Mapped[str] = mapped_column(
        sa.String(7), default="#17365d", server_default="#17365d"
    )
    brand_accent: Mapped[str] = mapped_column(
        sa.String(7), default="#a4122a", server_default="#a4122a"
    )

    @property
    def identity_version(self) -> int:
        """Changes whenever the settings do: a cache-buster for the logo and the colours."""
        return int(self.updated_at.timestamp()) if self.updated_at else 0

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def registration_is_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)

    def edits_are_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return not (self.edit_deadline and now >= self.edit_deadline)

    @classmethod
    def get(cls) -> ForumSettings | None:
        return db.session.get(cls, 1)
