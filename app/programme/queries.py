"""Reading the programme: which sessions a user may see, agenda lists, sign-up counts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import (
    Delegation,
    Participant,
    ProgrammeSession,
    Role,
    Room,
    SessionSignup,
    SessionSpeaker,
    SignupStatus,
    Topic,
    User,
    Visibility,
    utcnow,
)
from app.programme.services import forum_days, local

# --- who sees what -----------------------------------------------------------------------


def may_see_participants_only(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def visible_sessions_filter(user):
    if may_see_participants_only(user):
        return sa.true()
    return ProgrammeSession.visibility == Visibility.PUBLIC


def agenda_options():
    """Everything an agenda row shows, in a fixed number of statements (two), loading only
    the columns shown: no passport number is decrypted to print a programme."""
    return (
        joinedload(ProgrammeSession.topic),
        joinedload(ProgrammeSession.room),
        selectinload(ProgrammeSession.speakers)
        .joinedload(SessionSpeaker.participant)
        .load_only(
            Participant.id,
            Participant.delegation_id,
            Participant.honorific,
            Participant.given_names,
            Participant.family_name,
            Participant.native_name,
            Participant.position,
        )
        .joinedload(Participant.delegation)
        .load_only(
            Delegation.id,
            Delegation.code,
            Delegation.name_en,
            Delegation.name_fr,
            Delegation.name_zh,
        ),
    )


def agenda_sessions(user, topic_id: int | None = None) -> list[ProgrammeSession]:
    stmt = (
        sa.select(ProgrammeSession)
        .where(visible_sessions_filter(user))
        .options(*agenda_options())
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.ends_at, ProgrammeSession.id)
    )
    if topic_id:
        stmt = stmt.where(ProgrammeSession.topic_id == topic_id)
    return list(db.session.scalars(stmt))


def signup_panel_sessions(user) -> tuple[int, list[ProgrammeSession]]:
    """How many sessions the user sees, and those with sign-up, in agenda order: the
    organizers' dashboard panel, without the speakers and rooms of the whole agenda."""
    visible = visible_sessions_filter(user)
    total = (
        db.session.scalar(sa.select(sa.func.count()).select_from(ProgrammeSession).where(visible))
        or 0
    )
    sessions = db.session.scalars(
        sa.select(ProgrammeSession)
        .where(visible, ProgrammeSession.signup_required)
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.ends_at, ProgrammeSession.id)
    )
    return total, list(sessions)


def group_by_day(sessions: list[ProgrammeSession]) -> list[tuple[date, list[ProgrammeSession]]]:
    days: dict[date, list[ProgrammeSession]] = {d: [] for d in forum_days()}
    for s in sessions:
        days.setdefault(local(s.starts_at).date(), []).append(s)
    return sorted(days.items())


def session_or_404(session_id: int, user, *, options=()) -> ProgrammeSession:
    """A session the user may see; a participants-only one is a 404 for the public."""
    session = db.session.get(ProgrammeSession, session_id, options=list(options))
    if session is None:
        abort(404)
    if session.visibility != Visibility.PUBLIC and not may_see_participants_only(user):
        abort(404)
    return session


def topics() -> list[Topic]:
    return list(db.session.scalars(sa.select(Topic).order_by(Topic.number, Topic.id)))


def rooms() -> list[Room]:
    return list(db.session.scalars(sa.select(Room).order_by(Room.name)))


def signup_counts(session_ids=None) -> dict[int, dict[SignupStatus, int]]:
    """Confirmed and waitlisted counts per session, in one statement."""
    stmt = sa.select(SessionSignup.session_id, SessionSignup.status, sa.func.count()).group_by(
        SessionSignup.session_id, SessionSignup.status
    )
    if session_ids is not None:
        stmt = stmt.where(SessionSignup.session_id.in_(list(session_ids)))
    out: dict[int, dict[SignupStatus, int]] = defaultdict(dict)
    for sid, status, n in db.session.execute(stmt):
        out[sid][status] = n
    return out


def user_signups(user) -> dict[int, SignupStatus]:
    """The signed-in delegate's active sign-ups, session id -> status."""
    if not (user.is_authenticated and user.role == Role.DELEGATE and user.participant_id):
        return {}
    rows = db.session.execute(
        sa.select(SessionSignup.session_id, SessionSignup.status).where(
            SessionSignup.participant_id == user.participant_id,
            SessionSignup.status != SignupStatus.CANCELLED,
        )
    )
    return {row[0]: row[1] for row in rows}


def my_sessions(participant_id: int, *, waitlisted: bool = True) -> list[ProgrammeSession]:
    """Sessions a participant signed up for (confirmed, and waitlisted unless told not to)
    or speaks at."""
    held = (
        [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]
        if waitlisted
        else [SignupStatus.CONFIRMED]
    )
    signed = sa.select(SessionSignup.session_id).where(
        SessionSignup.participant_id == participant_id,
        SessionSignup.status.in_(held),
    )
    speaks = sa.select(SessionSpeaker.session_id).where(
        SessionSpeaker.participant_id == participant_id
    )
    stmt = (
        sa.select(ProgrammeSession)
        .where(sa.or_(ProgrammeSession.id.in_(signed), ProgrammeSession.id.in_(speaks)))
        .options(*agenda_options())
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )
    return list(db.session.scalars(stmt))


def feed_sessions(user: User) -> list[ProgrammeSession]:
    """The personal calendar: a delegate's own sessions; everyone else the whole programme."""
    if user.role == Role.DELEGATE:
        # A calendar shows no waitlist: a waitlisted session is not the person's to attend.
        return my_sessions(user.participant_id, waitlisted=False) if user.participant_id else []
    return agenda_sessions(user)


def upcoming_sessions(limit: int = 5) -> list[ProgrammeSession]:
    """Public sessions not yet over; once the forum is over, its first sessions."""
    stmt = (
        sa.select(ProgrammeSession)
        .where(ProgrammeSession.visibility == Visibility.PUBLIC)
        .options(selectinload(ProgrammeSession.room), selectinload(ProgrammeSession.topic))
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
        .limit(limit)
    )
    upcoming = list(db.session.scalars(stmt.where(ProgrammeSession.ends_at > utcnow())))
    return upcoming or list(db.session.scalars(stmt))
