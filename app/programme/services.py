"""Rules of the programme: times in the forum's zone, who sees which session, sign-ups."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app import audit
from app.documents.spreadsheets import Sheet, csv_bytes, xlsx_bytes
from app.extensions import db
from app.forum_time import forum_tz
from app.i18n import forum
from app.models import (
    Delegation,
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    Room,
    SessionSignup,
    SessionSpeaker,
    SignupStatus,
    Topic,
    User,
    utcnow,
)
from app.models.participant import fold_for_search
from app.notify import notify, recipients_of
from app.registration import rules
from app.urls import absolute_url

# --- time --------------------------------------------------------------------------------


def forum_days() -> list[date]:
    f = forum()
    if f is None:
        return []
    return [f.starts_on + timedelta(days=n) for n in range((f.ends_on - f.starts_on).days + 1)]


def to_utc(day: date, clock: time) -> datetime:
    """A wall-clock time on a forum day, in the forum's zone, as an aware UTC datetime."""
    return datetime.combine(day, clock, tzinfo=forum_tz()).astimezone(UTC)


def local(dt: datetime) -> datetime:
    return dt.astimezone(forum_tz())


# --- editing -----------------------------------------------------------------------------


def room_conflicts(session: ProgrammeSession) -> list[ProgrammeSession]:
    """Other sessions in the same room at overlapping times (a warning, not a refusal)."""
    if session.room_id is None:
        return []
    stmt = sa.select(ProgrammeSession).where(
        ProgrammeSession.room_id == session.room_id,
        ProgrammeSession.starts_at < session.ends_at,
        ProgrammeSession.ends_at > session.starts_at,
    )
    if session.id is not None:
        stmt = stmt.where(ProgrammeSession.id != session.id)
    return list(db.session.scalars(stmt.order_by(ProgrammeSession.starts_at)))


SESSION_FIELDS = (
    "kind",
    "topic_id",
    "room_id",
    "title_en",
    "title_fr",
    "title_zh",
    "description_en",
    "description_fr",
    "description_zh",
    "capacity",
    "signup_required",
    "door_refuses_unsigned",
    "visibility",
)


def save_session(session: ProgrammeSession | None, values: dict) -> ProgrammeSession:
    """Create or update a session from validated values (day, start, end in the forum's zone)."""
    new = session is None
    session = session or ProgrammeSession()
    for key in SESSION_FIELDS:
        setattr(session, key, values[key])
    session.starts_at = to_utc(values["day"], values["start"])
    session.ends_at = to_utc(values["day"], values["end"])
    if new:
        db.session.add(session)
    changes = audit.changes_of(session)
    db.session.flush()
    audit.record("session.created" if new else "session.updated", session, changes=changes)
    if not new and session.signup_required:
        fill_from_waitlist(session.id)  # more seats: the waitlist moves up
    return session


def delete_session(session: ProgrammeSession) -> None:
    audit.record("session.deleted", session, changes={"title_en": session.title_en})
    db.session.delete(session)
    db.session.flush()


def add_speaker(session: ProgrammeSession, values: dict) -> SessionSpeaker:
    speaker = SessionSpeaker(
        session_id=session.id,
        participant_id=values.get("participant_id") or None,
        guest_name=values.get("guest_name") or "",
        guest_title=values.get("guest_title") or "",
        role=values["role"],
        sort_order=values.get("sort_order") or 0,
    )
    db.session.add(speaker)
    db.session.flush()
    audit.record(
        "session.speaker_added",
        speaker,
        changes={
            "session_id": session.id,
            "participant_id": speaker.participant_id,
            "guest_name": speaker.guest_name,
            "role": speaker.role.value,
        },
    )
    return speaker


def remove_speaker(speaker: SessionSpeaker) -> None:
    audit.record(
        "session.speaker_removed",
        speaker,
        changes={"session_id": speaker.session_id, "participant_id": speaker.participant_id},
    )
    db.session.delete(speaker)
    db.session.flush()


def speaker_choices(query: str | None = None, limit: int | None = None) -> list[tuple[int, str]]:
    """Approved participants, as (id, "Name — Delegation") for the speaker form; with a query,
    those whose name (in any script) contains it, for the form's search box."""

    stmt = (
        sa.select(Participant, Delegation.name_en)
        .join(Delegation, Participant.delegation_id == Delegation.id)
        .where(Participant.status == ParticipantStatus.APPROVED)
        .order_by(Delegation.name_en, Participant.family_name, Participant.given_names)
    )
    if query is not None:
        folded = fold_for_search(query)
        if not folded:
            return []
        stmt = stmt.where(Participant.search_text.contains(folded, autoescape=True))
    rows = db.session.execute(stmt.limit(limit))
    return [(p.id, f"{p.display_name} — {name}") for p, name in rows]


def _save(obj, model, values: dict, kind: str):
    """Create or update a simple programme record (topic, room) and audit the change."""
    new = obj is None
    obj = obj or model()
    for key, value in values.items():
        setattr(obj, key, value)
    if new:
        db.session.add(obj)
    changes = audit.changes_of(obj)
    db.session.flush()
    audit.record(f"{kind}.created" if new else f"{kind}.updated", obj, changes=changes)
    return obj


def _delete(obj, kind: str, label_field: str) -> None:
    audit.record(f"{kind}.deleted", obj, changes={label_field: getattr(obj, label_field)})
    db.session.delete(obj)
    db.session.flush()


def save_topic(topic: Topic | None, values: dict) -> Topic:
    return _save(topic, Topic, values, "topic")


def delete_topic(topic: Topic) -> None:
    _delete(topic, "topic", "title_en")


def save_room(room: Room | None, values: dict) -> Room:
    return _save(room, Room, values, "room")


def delete_room(room: Room) -> None:
    _delete(room, "room", "name")


def room_name_taken(name: str, room_id: int | None) -> bool:
    stmt = sa.select(Room.id).where(sa.func.lower(Room.name) == name.lower())
    if room_id:
        stmt = stmt.where(Room.id != room_id)
    return db.session.scalar(stmt) is not None


# --- sign-up -----------------------------------------------------------------------------


class SignupError(Exception):
    """A sign-up the rules refuse; the message is shown to the user."""


@dataclass
class SignupResult:
    signup: SessionSignup
    status: SignupStatus


def _locked_session(session_id: int) -> ProgrammeSession:
    # The row lock serializes sign-ups for one session on PostgreSQL; on SQLite the write
    # transaction (BEGIN IMMEDIATE) already does. FOR NO KEY UPDATE, so that it never waits
    # on the KEY SHARE lock a sign-up row's foreign key takes (no deadlock between two).
    session = db.session.scalar(
        sa.select(ProgrammeSession)
        .where(ProgrammeSession.id == session_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    if session is None:
        abort(404)
    return session


def _confirmed_count(session_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(SessionSignup)
        .where(
            SessionSignup.session_id == session_id,
            SessionSignup.status == SignupStatus.CONFIRMED,
        )
    )


def sign_up(session_id: int, participant: Participant, actor=None) -> SignupResult:
    """Confirm a seat while one is free, else put the participant on the waitlist."""
    session = _locked_session(session_id)
    if not session.signup_required:
        raise SignupError(_("This session needs no sign-up."))
    if not rules.may_sign_up(participant.status.value):
        raise SignupError(_("Only approved participants can sign up for sessions."))
    signup = db.session.scalar(
        sa.select(SessionSignup).where(
            SessionSignup.session_id == session.id,
            SessionSignup.participant_id == participant.id,
        )
    )
    if signup is not None and signup.status != SignupStatus.CANCELLED:
        return SignupResult(signup, signup.status)
    full = session.capacity is not None and _confirmed_count(session.id) >= session.capacity
    status = SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED
    if signup is None:
        signup = SessionSignup(session_id=session.id, participant_id=participant.id)
        db.session.add(signup)
    signup.status = status
    signup.created_at = utcnow()  # a returning participant queues again from now
    db.session.flush()
    audit.record(
        "session.signup",
        signup,
        changes={"session_id": session.id, "participant_id": participant.id, "status": status},
        actor_id=getattr(actor, "id", None),
    )
    return SignupResult(signup, status)


def cancel_signup(
    session_id: int, participant_id: int, actor=None, *, action: str = "session.signup_cancelled"
) -> SessionSignup | None:
    """Cancel; a freed seat goes to the first on the waitlist. Returns the promoted sign-up."""
    session = _locked_session(session_id)
    signup = db.session.scalar(
        sa.select(SessionSignup).where(
            SessionSignup.session_id == session.id,
            SessionSignup.participant_id == participant_id,
            SessionSignup.status != SignupStatus.CANCELLED,
        )
    )
    if signup is None:
        return None
    was_confirmed = signup.status == SignupStatus.CONFIRMED
    signup.status = SignupStatus.CANCELLED
    db.session.flush()
    audit.record(
        action,
        signup,
        changes={"session_id": session.id, "participant_id": participant_id},
        actor_id=getattr(actor, "id", None),
    )
    if was_confirmed:
        return promote_waitlisted(session)
    return None


def release_signups(participant: Participant, actor=None) -> list[SessionSignup]:
    """Someone who left (withdrawn, cancelled, rejected) gives up every session place;
    each freed seat goes to that session's waitlist. Returns the promoted sign-ups.

    Sessions are locked in id order, as everywhere, so two releases cannot deadlock.
    """
    session_ids = list(
        db.session.scalars(
            sa.select(SessionSignup.session_id)
            .where(
                SessionSignup.participant_id == participant.id,
                SessionSignup.status != SignupStatus.CANCELLED,
            )
            .order_by(SessionSignup.session_id)
        )
    )
    promoted = []
    for session_id in session_ids:
        moved_up = cancel_signup(
            session_id, participant.id, actor, action="session.signup_released"
        )
        if moved_up is not None:
            promoted.append(moved_up)
    return promoted


def move_signup(session_id: int, participant_id: int, to_session_id: int, actor=None):
    """Organizers move someone's place to another session (confirmed there if a seat is free,
    else on its waitlist); the place they leave goes to the first on the waitlist."""
    if to_session_id == session_id:
        raise SignupError(_("Choose another session."))
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        abort(404)
    first, second = sorted((session_id, to_session_id))
    _locked_session(first)  # both locks in id order (see release_signups)
    _locked_session(second)
    result = sign_up(to_session_id, participant, actor)
    promoted = cancel_signup(session_id, participant_id, actor, action="session.signup_moved")
    return result, promoted


def fill_from_waitlist(session_id: int) -> list[SessionSignup]:
    """Confirm waitlisted sign-ups, in order, while seats are free."""
    session = _locked_session(session_id)
    promoted = []
    while (signup := promote_waitlisted(session)) is not None:
        promoted.append(signup)
    return promoted


def promote_waitlisted(session: ProgrammeSession) -> SessionSignup | None:
    """The first on the waitlist takes a free seat and hears about it."""
    if session.capacity is not None and _confirmed_count(session.id) >= session.capacity:
        return None
    first = db.session.scalar(
        sa.select(SessionSignup)
        .where(
            SessionSignup.session_id == session.id,
            SessionSignup.status == SignupStatus.WAITLISTED,
        )
        .order_by(SessionSignup.created_at, SessionSignup.id)
        .limit(1)
    )
    if first is None:
        return None
    first.status = SignupStatus.CONFIRMED
    db.session.flush()
    audit.record(
        "session.signup_promoted",
        first,
        changes={"session_id": session.id, "participant_id": first.participant_id},
    )
    _tell_promoted(first.participant, session)
    return first


def _tell_promoted(participant: Participant, session: ProgrammeSession) -> None:
    notify(
        participant,
        "session_signup_promoted",
        recipients=recipients_of(participant, focal_points=False),
        session=session,
        url=absolute_url("programme.session", session_id=session.id),
    )


def signup_state(session_id: int, participant_id: int) -> str:
    """confirmed, waitlisted or none: what the session door reads."""
    status = db.session.scalar(
        sa.select(SessionSignup.status).where(
            SessionSignup.session_id == session_id,
            SessionSignup.participant_id == participant_id,
            SessionSignup.status != SignupStatus.CANCELLED,
        )
    )
    return status.value if status is not None else "none"


def signup_sessions() -> list[ProgrammeSession]:
    """Sessions people sign up for, in time order (where a sign-up can be moved)."""
    return list(
        db.session.scalars(
            sa.select(ProgrammeSession)
            .where(ProgrammeSession.signup_required.is_(True))
            .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
        )
    )


def session_signups(session_id: int) -> list[SessionSignup]:
    """Active sign-ups of a session, confirmed first, then the waitlist in order."""
    stmt = (
        sa.select(SessionSignup)
        .where(
            SessionSignup.session_id == session_id,
            SessionSignup.status != SignupStatus.CANCELLED,
        )
        .options(selectinload(SessionSignup.participant).selectinload(Participant.delegation))
        .order_by(
            sa.case((SessionSignup.status == SignupStatus.CONFIRMED, 0), else_=1),
            SessionSignup.created_at,
            SessionSignup.id,
        )
    )
    return list(db.session.scalars(stmt))


# --- exports -----------------------------------------------------------------------------


def signup_rows(signups: list[SessionSignup]):
    header = [
        _("Status"),
        _("Family name"),
        _("Given names"),
        _("Delegation"),
        _("Position"),
        _("E-mail"),
        _("Signed up"),
    ]
    yield header
    for s in signups:
        p = s.participant
        yield [
            s.status.value,
            p.family_name,
            p.given_names,
            p.delegation.name,
            p.position,
            p.email or "",
            local(s.created_at).strftime("%Y-%m-%d %H:%M"),
        ]


def signups_csv(signups: list[SessionSignup]) -> bytes:
    header, *rows = signup_rows(signups)
    return csv_bytes(header, rows)


def signups_xlsx(signups: list[SessionSignup], title: str) -> bytes:
    header, *rows = signup_rows(signups)
    return xlsx_bytes([Sheet(title or "Sign-ups", header, rows)])


# --- calendar feed token -----------------------------------------------------------------


def user_for_feed_token(token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(sa.select(User).where(User.feed_token == token, User.active.is_(True)))


def rotate_feed_token(user: User) -> None:
    user.feed_token = secrets.token_urlsafe(32)
    audit.record("user.feed_token_rotated", user, changes={"feed_token": ["", ""]})
