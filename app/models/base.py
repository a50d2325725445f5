"""Declarative base, column types and helpers shared by every model."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from flask_babel import get_locale

from app.orm import Base  # noqa: F401  (re-exported)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator):
    """An aware UTC datetime, stored naive in UTC so SQLite and PostgreSQL agree."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class EncryptedString(sa.TypeDecorator):
    """Text encrypted at rest with Fernet; the key (DATA_KEY) lives in instance/ or the env."""

    impl = sa.Text
    cache_ok = True

    @staticmethod
    def _fernet() -> Fernet:
        return Fernet(current_app.config["DATA_KEY"])

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return None
        return self._fernet().encrypt(value.encode()).decode("ascii")

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        try:
            return self._fernet().decrypt(value.encode("ascii")).decode()
        except InvalidToken:
            # A wrong key must not take the page down; the value is simply unreadable.
            return "\ufffd"


def enum_column(enum_cls: type[enum.Enum], name: str, **kw) -> sa.Enum:
    """A portable enum: VARCHAR plus a CHECK constraint of the allowed values."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
        **kw,
    )


class LocalizedMixin:
    """Fields stored as <name>_en / _fr / _zh, read in the current language with English fallback."""

    def localized(self, field: str, locale: str | None = None) -> str:
        if locale is None:
            loc = get_locale()
            locale = loc.language if loc else "en"
        value = getattr(self, f"{field}_{locale}", None)
        return value or getattr(self, f"{field}_en", None) or ""


def render_item(type_, obj, autogen_context):
    """Alembic autogenerate: write our column types as the plain types they store."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    if type_ == "type" and isinstance(obj, EncryptedString):
        return "sa.Text()"
    return False
