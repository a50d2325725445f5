"""Accounts, roles and invitations."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.delegation import Delegation
    from app.models.participant import Participant


class Role(enum.StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    STAFF = "staff"
    FOCAL_POINT = "focal_point"
    DELEGATE = "delegate"

    @property
    def label(self) -> str:
        return {
            "admin": _l("Administrator"),
            "organizer": _l("Organizer"),
            "staff": _l("Staff"),
            "focal_point": _l("Focal point"),
            "delegate": _l("Delegate"),
        }[self.value]


# A password hash nobody can match, checked for unknown e-mails so timing reveals nothing.
_DUMMY_HASH_CACHE: dict[str, str] = {}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(
            "role NOT IN ('focal_point', 'delegate') OR delegation_id IS NOT NULL",
            name="delegation_for_delegation_roles",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    delegation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL", use_alter=True), unique=True
    )
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    last_failed_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Rotated at logout and password change: every cookie issued before is refused.
    session_token: Mapped[str] = mapped_column(
        sa.String(64), default=lambda: secrets.token_urlsafe(32)
    )
    # Personal calendar feed URL (unguessable, rotatable).
    feed_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegation: Mapped[Delegation | None] = relationship(
        back_populates="users", foreign_keys=[delegation_id]
    )
    participant: Mapped[Participant | None] = relationship(foreign_keys=[participant_id])

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    # Flask-Login: the cookie carries the id and the current session token.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"]
        )
        self.rotate_session()

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        return check_password_hash(self.password_hash, password)

    def rotate_session(self) -> None:
        self.session_token = secrets.token_urlsafe(32)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


def dummy_password_check(password: str) -> None:
    """Spend the same time as a real check, for e-mails that have no account."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASH_CACHE:
        _DUMMY_HASH_CACHE[method] = generate_password_hash(secrets.token_hex(16), method=method)
    check_password_hash(_DUMMY_HASH_CACHE[method], password)


class Invitation(db.Model):
    """A one-time link that lets a person set a password and join with a role."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    full_name: Mapped[str] = mapped_column(sa.String(200), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role, "invitation_role"))
    delegation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE")
    )
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    delegation: Mapped[Delegation | None] = relationship(foreign_keys=[delegation_id])
    participant: Mapped[Participant | None] = relationship(foreign_keys=[participant_id])
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if utcnow() >= self.expires_at:
            return "expired"
        return "pending"
