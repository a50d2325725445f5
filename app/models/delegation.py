"""Delegations of countries and regions, international organizations and others."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import LocalizedMixin, UTCDateTime, enum_column, utcnow
from app.models.participant import fold_for_search

if TYPE_CHECKING:
    from app.models.participant import Participant
    from app.models.user import User


class DelegationKind(enum.StrEnum):
    COUNTRY = "country"  # countries and regions, coded ISO 3166 alpha-2 as CLDR keys them
    ORGANIZATION = "organization"
    OTHER = "other"  # experts, media, host secretariat

    @property
    def label(self) -> str:
        return {
            "country": _l("Country or region"),
            "organization": _l("International organization"),
            "other": _l("Other"),
        }[self.value]

    @property
    def protocol_rank(self) -> int:
        return {"country": 0, "organization": 1, "other": 2}[self.value]


class DelegationStatus(enum.StrEnum):
    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return {
            "invited": _l("Invited"),
            "confirmed": _l("Confirmed"),
            "declined": _l("Declined"),
        }[self.value]


class Delegation(LocalizedMixin, db.Model):
    __tablename__ = "delegations"
    __table_args__ = (sa.CheckConstraint("quota >= 0", name="quota_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DelegationKind] = mapped_column(enum_column(DelegationKind, "delegation_kind"))
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(200))
    name_fr: Mapped[str | None] = mapped_column(sa.String(200))
    name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    quota: Mapped[int] = mapped_column(default=5)
    status: Mapped[DelegationStatus] = mapped_column(
        enum_column(DelegationStatus, "delegation_status"), default=DelegationStatus.INVITED
    )
    # Protocol order override: keyed delegations first within their kind, by key; the rest
    # alphabetically.
    sort_key: Mapped[str] = mapped_column(sa.String(40), default="")
    head_participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL", use_alter=True)
    )
    # Self-registration link; None when revoked.
    registration_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    registration_token_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participants: Mapped[list[Participant]] = relationship(
        back_populates="delegation",
        foreign_keys="Participant.delegation_id",
        passive_deletes=True,
    )
    head: Mapped[Participant | None] = relationship(
        foreign_keys=[head_participant_id], post_update=True
    )
    users: Mapped[list[User]] = relationship(
        back_populates="delegation", foreign_keys="User.delegation_id", passive_deletes=True
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="delegation", passive_deletes=True, order_by="Document.uploaded_at"
    )

    def __repr__(self) -> str:
        return f"<Delegation {self.code}>"

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def protocol_key(self) -> tuple:
        """Countries and regions alphabetically (in the current language, accents folded so
        Égypte sorts with E), then organizations, then others. Within a kind, delegations
        with a sort key come first, in the order of their keys (e.g. the host)."""

        key = self.sort_key or ""
        return (self.kind.protocol_rank, key == "", key, fold_for_search(self.name))


class DocumentKind(enum.StrEnum):
    NOTE_VERBALE = "note_verbale"
    NOMINATION_LETTER = "nomination_letter"

    @property
    def label(self) -> str:
        return {
            "note_verbale": _l("Note verbale"),
            "nomination_letter": _l("Letter of nomination"),
        }[self.value]


class Document(db.Model):
    """An uploaded PDF of a delegation (note verbale or nomination letter)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"))
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100), default="application/pdf")
    size: Mapped[int] = mapped_column(default=0)
    data: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    delegation: Mapped[Delegation] = relationship(back_populates="documents")
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
