"""The programme: topics, rooms, sessions, their speakers and sign-ups."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import LocalizedMixin, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models.participant import Participant


class SessionKind(enum.StrEnum):
    CEREMONY = "ceremony"
    PLENARY = "plenary"
    PANEL = "panel"
    WORKSHOP = "workshop"
    BILATERAL = "bilateral"
    VISIT = "visit"
    MEAL = "meal"

    @property
    def label(self) -> str:
        return {
            "ceremony": _l("Ceremony"),
            "plenary": _l("Plenary"),
            "panel": _l("Panel"),
            "workshop": _l("Workshop"),
            "bilateral": _l("Bilateral meeting"),
            "visit": _l("Visit"),
            "meal": _l("Meal"),
        }[self.value]


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    PARTICIPANTS = "participants"

    @property
    def label(self) -> str:
        return {"public": _l("Public"), "participants": _l("Participants only")}[self.value]


class SpeakerRole(enum.StrEnum):
    CHAIR = "chair"
    MODERATOR = "moderator"
    SPEAKER = "speaker"

    @property
    def label(self) -> str:
        return {"chair": _l("Chair"), "moderator": _l("Moderator"), "speaker": _l("Speaker")}[
            self.value
        ]


class SignupStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Topic(LocalizedMixin, db.Model):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(default=1)
    title_en: Mapped[str] = mapped_column(sa.String(300))
    title_fr: Mapped[str | None] = mapped_column(sa.String(300))
    title_zh: Mapped[str | None] = mapped_column(sa.String(300))
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    description_fr: Mapped[str | None] = mapped_column(sa.Text)
    description_zh: Mapped[str | None] = mapped_column(sa.Text)

    @property
    def title(self) -> str:
        return self.localized("title")


class Room(db.Model):
    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    capacity: Mapped[int | None] = mapped_column()


class ProgrammeSession(LocalizedMixin, db.Model):
    """A programme item (called a session in the product; not the HTTP session)."""

    __tablename__ = "programme_sessions"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SessionKind] = mapped_column(enum_column(SessionKind, "session_kind"))
    topic_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("topics.id", ondelete="SET NULL"), index=True
    )
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rooms.id", ondelete="SET NULL"))
    title_en: Mapped[str] = mapped_column(sa.String(300))
    title_fr: Mapped[str | None] = mapped_column(sa.String(300))
    title_zh: Mapped[str | None] = mapped_column(sa.String(300))
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    description_fr: Mapped[str | None] = mapped_column(sa.Text)
    description_zh: Mapped[str | None] = mapped_column(sa.Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int | None] = mapped_column()
    signup_required: Mapped[bool] = mapped_column(default=False)
    # At the door, someone not signed up is refused (True) or only warned about (False).
    door_refuses_unsigned: Mapped[bool] = mapped_column(default=False)
    # The door scans people leaving too: the dashboard knows who is inside.
    counts_exits: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "session_visibility"), default=Visibility.PUBLIC
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    topic: Mapped[Topic | None] = relationship()
    room: Mapped[Room | None] = relationship()
    speakers: Mapped[list[SessionSpeaker]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="(SessionSpeaker.role, SessionSpeaker.sort_order)",
    )

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def description(self) -> str:
        return self.localized("description")


class SessionSpeaker(db.Model):
    """A chair or speaker: a participant, or a named guest with their title."""

    __tablename__ = "session_speakers"
    __table_args__ = (
        sa.CheckConstraint(
            "participant_id IS NOT NULL OR guest_name <> ''", name="participant_or_guest"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_sessions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    guest_name: Mapped[str] = mapped_column(sa.String(200), default="")
    guest_title: Mapped[str] = mapped_column(sa.String(300), default="")
    role: Mapped[SpeakerRole] = mapped_column(
        enum_column(SpeakerRole, "speaker_role"), default=SpeakerRole.SPEAKER
    )
    sort_order: Mapped[int] = mapped_column(default=0)

    session: Mapped[ProgrammeSession] = relationship(back_populates="speakers")
    participant: Mapped[Participant | None] = relationship()


class SessionSignup(db.Model):
    __tablename__ = "session_signups"
    __table_args__ = (sa.UniqueConstraint("session_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_sessions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[SignupStatus] = mapped_column(
        enum_column(SignupStatus, "signup_status"), default=SignupStatus.CONFIRMED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    session: Mapped[ProgrammeSession] = relationship()
    participant: Mapped[Participant] = relationship()
