"""API tokens: what another system or a check-in device presents instead of a session."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.user import User

# What a token is shown as (its first characters; the rest is never stored).
TOKEN_PREFIX_LENGTH = 8


class TokenScope(enum.StrEnum):
    READ = "read"  # read the resources its owner may see
    CHECKIN = "checkin"  # a check-in device: check-in points, scans, check-ins
    FULL = "full"  # both

    @property
    def label(self) -> str:
        return {
            "read": _l("Read only"),
            "checkin": _l("Check-in device"),
            "full": _l("Full"),
        }[self.value]


def new_api_token() -> str:
    """A high-entropy token (256 bits): a sha256 of it is a safe thing to store."""
    return "acr_" + secrets.token_urlsafe(32)


class ApiToken(db.Model):
    """A token acts as its owner (their role and delegation decide what it sees), limited
    to its scope. Stored as a sha256: the token itself is shown once, at creation."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(TOKEN_PREFIX_LENGTH + 4))
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope, "api_token_scope"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None
