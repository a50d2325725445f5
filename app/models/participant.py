"""Participants, their categories, photos and visa letters."""

from __future__ import annotations

import enum
import secrets
import unicodedata
from datetime import date, datetime, time
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import EncryptedString, LocalizedMixin, UTCDateTime, enum_column, utcnow
from app.models.user import Role
from app.registration import rules

if TYPE_CHECKING:
    from app.models.delegation import Delegation


class ParticipantStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING_ENDORSEMENT = "pending_endorsement"  # self-registered, awaits the focal point
    SUBMITTED = "submitted"
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # by the delegation
    CANCELLED = "cancelled"  # by organizers

    @property
    def label(self) -> str:
        return {
            "draft": _l("Draft"),
            "pending_endorsement": _l("Awaiting endorsement"),
            "submitted": _l("Submitted"),
            "approved": _l("Approved"),
            "waitlisted": _l("Waitlisted"),
            "rejected": _l("Rejected"),
            "withdrawn": _l("Withdrawn"),
            "cancelled": _l("Cancelled"),
        }[self.value]

    @property
    def badge_class(self) -> str:
        return {
            "draft": "secondary",
            "pending_endorsement": "info",
            "submitted": "primary",
            "approved": "success",
            "waitlisted": "warning",
            "rejected": "danger",
            "withdrawn": "dark",
            "cancelled": "dark",
        }[self.value]


# Statuses that hold a seat of the delegation's quota (decided in app/registration/rules.py).
SEAT_STATUSES = tuple(ParticipantStatus(s) for s in sorted(rules.SEAT_STATUSES))
CLOSED_STATUSES = tuple(ParticipantStatus(s) for s in sorted(rules.CLOSED_STATUSES))

# The category whose members lead their delegation: at most one active per delegation.
HEAD_CATEGORY = "head_of_delegation"
# The category a new participant starts in: the forum's ordinary one.
DEFAULT_CATEGORY = "delegate"


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class ChosenBy(enum.StrEnum):
    """Who may give a participant a category: each level includes those after it."""

    ANYONE = "anyone"  # people registering themselves through a delegation's link
    FOCAL_POINTS = "focal_points"  # focal points (and organizers)
    ORGANIZERS = "organizers"  # organizers and administrators only

    @property
    def label(self) -> str:
        return {
            "anyone": _l("Anyone, including people registering themselves"),
            "focal_points": _l("Focal points and organizers"),
            "organizers": _l("Organizers only"),
        }[self.value]


# Categories nobody should pick for themselves in a new forum (and in the demo): the forum
# gives them. Security staff are registered by their delegation's focal point.
RESERVED_CATEGORIES = {
    "security": ChosenBy.FOCAL_POINTS,
    "organizer": ChosenBy.ORGANIZERS,
    "staff": ChosenBy.ORGANIZERS,
    "vip": ChosenBy.ORGANIZERS,
}


class Category(LocalizedMixin, db.Model):
    """Participant category (head of delegation, delegate, media, …), each with a badge colour."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(100))
    name_fr: Mapped[str | None] = mapped_column(sa.String(100))
    name_zh: Mapped[str | None] = mapped_column(sa.String(100))
    colour: Mapped[str] = mapped_column(sa.String(7), default="#1f4e79")
    text_colour: Mapped[str] = mapped_column(sa.String(7), default="#ffffff")
    sort_order: Mapped[int] = mapped_column(default=100)
    # Categories whose members travel from abroad need passport and travel details.
    requires_passport: Mapped[bool] = mapped_column(default=True)
    # Who may choose it on a registration form (or in an import): the forum decides.
    chosen_by: Mapped[ChosenBy] = mapped_column(
        enum_column(ChosenBy, "category_chosen_by"),
        default=ChosenBy.ANYONE,
        server_default=ChosenBy.ANYONE.value,
    )

    @property
    def name(self) -> str:
        return self.localized("name")

    def may_be_chosen_by(self, role) -> bool:
        """`role` is the chooser's Role, or None for someone registering themselves."""

        if role in (Role.ADMIN, Role.ORGANIZER):
            return True
        if role == Role.FOCAL_POINT:
            return self.chosen_by in (ChosenBy.ANYONE, ChosenBy.FOCAL_POINTS)
        return self.chosen_by == ChosenBy.ANYONE


def new_badge_secret() -> str:
    """Random, opaque, 160 bits; what the QR code on the badge (or the pick-up code) carries."""
    return secrets.token_urlsafe(20)


# An active head of delegation: the predicate of the partial unique index (SQLite and
# PostgreSQL both index only the rows it matches).
_ONE_HEAD_WHERE = sa.text(
    "is_head AND status NOT IN (" + ", ".join(f"'{s}'" for s in sorted(rules.CLOSED_STATUSES)) + ")"
)


def fold_for_search(*parts: str | None) -> str:
    """Lower-case, accent-free text for name search in any script."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


class Participant(db.Model):
    __tablename__ = "participants"
    __table_args__ = (
        sa.Index("ix_participants_delegation_status", "delegation_id", "status"),
        # Name search at the desk: scanned in display order, stopping at the first matches,
        # without touching the table (at most ~2.5 kB a row, under PostgreSQL's btree limit).
        sa.Index("ix_participants_name_search", "family_name", "given_names", "id", "search_text"),
        sa.CheckConstraint(
            "departure_date IS NULL OR arrival_date IS NULL OR departure_date >= arrival_date",
            name="departure_after_arrival",
        ),
        sa.Index(
            "ux_participants_one_head",
            "delegation_id",
            unique=True,
            sqlite_where=_ONE_HEAD_WHERE,
            postgresql_where=_ONE_HEAD_WHERE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"), index=True)
    status: Mapped[ParticipantStatus] = mapped_column(
        enum_column(ParticipantStatus, "participant_status"),
        default=ParticipantStatus.DRAFT,
        index=True,
    )

    # Identity
    honorific: Mapped[str] = mapped_column(sa.String(40), default="")
    given_names: Mapped[str] = mapped_column(sa.String(120), default="")
    family_name: Mapped[str] = mapped_column(sa.String(120))
    native_name: Mapped[str] = mapped_column(sa.String(200), default="")
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "gender"))
    nationality: Mapped[str | None] = mapped_column(sa.String(2))
    date_of_birth: Mapped[date | None] = mapped_column(sa.Date)
    passport_number: Mapped[str | None] = mapped_column(EncryptedString)
    passport_expiry: Mapped[date | None] = mapped_column(sa.Date)

    # Position
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    organization: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    languages: Mapped[str] = mapped_column(sa.String(200), default="")
    # Language of the e-mails sent about this registration (en, fr, zh).
    locale: Mapped[str | None] = mapped_column(sa.String(8))

    # Travel and stay
    arrival_date: Mapped[date | None] = mapped_column(sa.Date, index=True)
    arrival_time: Mapped[time | None] = mapped_column(sa.Time)
    arrival_flight: Mapped[str] = mapped_column(sa.String(20), default="")
    arrival_airport: Mapped[str] = mapped_column(sa.String(80), default="")
    departure_date: Mapped[date | None] = mapped_column(sa.Date)
    departure_time: Mapped[time | None] = mapped_column(sa.Time)
    departure_flight: Mapped[str] = mapped_column(sa.String(20), default="")
    departure_airport: Mapped[str] = mapped_column(sa.String(80), default="")
    hotel: Mapped[str] = mapped_column(sa.String(200), default="")

    # Needs and documents
    dietary: Mapped[str] = mapped_column(sa.String(40), default="")
    dietary_notes: Mapped[str] = mapped_column(sa.String(300), default="")
    accessibility_needs: Mapped[str] = mapped_column(sa.String(500), default="")
    visa_letter_wanted: Mapped[bool] = mapped_column(default=False, index=True)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Workflow
    self_registered: Mapped[bool] = mapped_column(default=False)
    endorsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_reason: Mapped[str] = mapped_column(sa.String(1000), default="")

    # Badge and desk
    badge_secret: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_badge_secret)
    # Collects the badge at the pick-up counter (the approval e-mail's QR); opens no door.
    pickup_code: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_badge_secret)
    # Kept equal to "the category is head of delegation" (see _participant_head below).
    is_head: Mapped[bool] = mapped_column(default=False)
    badge_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    photo_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    search_text: Mapped[str] = mapped_column(sa.String(600), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    delegation: Mapped[Delegation] = relationship(
        back_populates="participants", foreign_keys=[delegation_id]
    )
    category: Mapped[Category] = relationship()
    photo: Mapped[ParticipantPhoto | None] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Participant {self.id} {self.family_name}>"

    @property
    def full_name(self) -> str:
        """Given names then FAMILY NAME, as on the badge."""
        return " ".join(p for p in (self.given_names, self.family_name.upper()) if p)

    @property
    def display_name(self) -> str:
        parts = [self.honorific, self.full_name]
        return " ".join(p for p in parts if p)

    @property
    def sort_name(self) -> str:
        return f"{self.family_name.casefold()} {self.given_names.casefold()}"

    @property
    def has_photo(self) -> bool:
        return self.photo_updated_at is not None

    @property
    def passport_masked(self) -> str:
        if not self.passport_number:
            return ""
        return "•" * max(len(self.passport_number) - 3, 3) + self.passport_number[-3:]

    def refresh_search_text(self) -> None:
        self.search_text = fold_for_search(
            self.given_names, self.family_name, self.native_name, self.email
        )[:600]


# The roster's default order, so a page of 50 reads 50 index entries instead of sorting
# every row (tests/test_scaling.py checks the plans on SQLite and PostgreSQL).
sa.Index(
    "ix_participants_roster_name",
    sa.func.lower(Participant.family_name),
    sa.func.lower(Participant.given_names),
    Participant.id,
)


@sa.event.listens_for(Participant, "before_insert")
@sa.event.listens_for(Participant, "before_update")
def _participant_search_text(mapper, connection, target: Participant) -> None:
    target.refresh_search_text()


@sa.event.listens_for(Participant, "before_insert")
@sa.event.listens_for(Participant, "before_update")
def _participant_head(mapper, connection, target: Participant) -> None:
    """is_head follows the category, so the database can hold one head per delegation."""
    state = sa.inspect(target)
    if state.persistent and not state.attrs.category_id.history.has_changes():
        return
    category = state.attrs.category.loaded_value
    if category is None or category is sa.orm.base.NO_VALUE or category.id != target.category_id:
        code = connection.scalar(sa.select(Category.code).where(Category.id == target.category_id))
    else:
        code = category.code
    target.is_head = code == HEAD_CATEGORY


class ParticipantPhoto(db.Model):
    """Badge photo, kept in the database so app servers stay stateless."""

    __tablename__ = "participant_photos"

    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    content_type: Mapped[str] = mapped_column(sa.String(40), default="image/jpeg")
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    width: Mapped[int] = mapped_column(default=0)
    height: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="photo")


class VisaLetter(db.Model):
    """One issue of a visa invitation letter."""

    __tablename__ = "visa_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(sa.String(60), unique=True)
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship()
