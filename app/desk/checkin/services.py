"""Check-in at the doors: the answer to one scan, name search at the desk, and counts.

Whether a code opens a door is rules.admission's decision; this module finds the facts it
reads and records the scan. A scan costs the same few statements whatever the size of the
forum: the badge secret, the pick-up code and the revoked secrets are unique-indexed, and "already checked in" looks at one participant's
check-ins at one point on one day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only

from app.extensions import db
from app.forum_time import day_bounds, forum_tz, local_today
from app.i18n import forum
from app.models import (
    Category,
    CheckIn,
    CheckInMethod,
    CheckInResult,
    Delegation,
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    RefusalReason,
    RevokedBadge,
    fold_for_search,
    name_search_candidates,
    utcnow,
)
from app.programme.services import signup_state
from app.registration import rules

SCANNED_MAX = 80
SEARCH_LIMIT = 20


@dataclass
class ScanOutcome:
    result: CheckInResult
    reason: RefusalReason | None = None
    participant: Participant | None = None
    previous: CheckIn | None = None  # the earlier admission, when already checked in
    check_in: CheckIn | None = None
    extra: dict = field(default_factory=dict)

    @property
    def state(self) -> str:
        """green, amber or red: what the desk shows."""
        return {
            CheckInResult.ADMITTED: "green",
            CheckInResult.ALREADY: "amber",
            CheckInResult.WARNED: "amber",
            CheckInResult.REFUSED: "red",
        }[self.result]


def _point_filter(session_id: int | None):
    if session_id is None:
        return CheckIn.session_id.is_(None)
    return CheckIn.session_id == session_id


def _load_participant(**where) -> Participant | None:
    """One participant with their delegation and category, row-locked for the decision
    (a no-op on SQLite, whose write transactions are already serialized)."""
    stmt = (
        sa.select(Participant)
        .options(
            joinedload(Participant.delegation, innerjoin=True),
            joinedload(Participant.category, innerjoin=True),
        )
        .with_for_update(of=Participant)
    )
    for key, value in where.items():
        stmt = stmt.where(getattr(Participant, key) == value)
    return db.session.scalars(stmt).unique().one_or_none()


def _refusal_reason(code: str | None) -> RefusalReason | None:
    return RefusalReason(code) if code and code != "already" else None


def identify(scanned: str) -> tuple[str, Participant | None]:
    """What a scanned code is (rules.BADGE, PICKUP_CODE, REVOKED_BADGE or UNKNOWN) and whose.

    Each look-up is one unique-index probe; most scans stop at the first.
    """
    if not scanned:
        return rules.UNKNOWN, None
    if (p := _load_participant(badge_secret=scanned)) is not None:
        return rules.BADGE, p
    if (p := _load_participant(pickup_code=scanned)) is not None:
        return rules.PICKUP_CODE, p
    revoked_owner = db.session.scalar(
        sa.select(RevokedBadge.participant_id).where(RevokedBadge.secret == scanned)
    )
    if revoked_owner is not None:
        return rules.REVOKED_BADGE, _load_participant(id=revoked_owner)
    return rules.UNKNOWN, None


def _previous_admission(participant: Participant, session_id: int | None) -> CheckIn | None:
    start, end = day_bounds(local_today(), forum_tz())
    return db.session.scalars(
        sa.select(CheckIn)
        .options(joinedload(CheckIn.staff_user))
        .where(
            CheckIn.participant_id == participant.id,
            _point_filter(session_id),
            CheckIn.result == CheckInResult.ADMITTED,
            CheckIn.at >= start,
            CheckIn.at < end,
        )
        .order_by(CheckIn.at)
        .limit(1)
    ).first()


def check_in(
    *,
    user,
    session_id: int | None = None,
    secret: str | None = None,
    participant: Participant | None = None,
    method: CheckInMethod = CheckInMethod.SCAN,
) -> ScanOutcome:
    """Decide (rules.admission) and record one scan (a code) or one manual check-in (a
    participant found by name, who holds their badge)."""
    scanned = (secret or "").strip()
    if participant is None:
        credential, participant = identify(scanned)
    else:
        credential = rules.BADGE
    door = rules.ENTRANCE if session_id is None else rules.SESSION_DOOR
    policy = rules.OPEN
    signup = "none"
    if participant is not None and session_id is not None:
        session = db.session.get(ProgrammeSession, session_id)
        if session is not None:
            policy = rules.session_policy(session.signup_required, session.door_refuses_unsigned)
            if policy != rules.OPEN:
                signup = signup_state(session_id, participant.id)
    previous = None
    if (
        participant is not None
        and credential == rules.BADGE
        and participant.status == ParticipantStatus.APPROVED
    ):
        previous = _previous_admission(participant, session_id)
    decision = rules.admission(
        credential,
        door,
        participant.status.value if participant is not None else None,
        signup=signup,
        session_policy=policy,
        already=previous is not None,
    )
    if decision.decision == rules.ADMIT:
        result = CheckInResult.ADMITTED
    elif decision.decision == rules.REFUSE:
        result = CheckInResult.REFUSED
    elif decision.reason == "already":
        result = CheckInResult.ALREADY
    else:
        result = CheckInResult.WARNED
    outcome = ScanOutcome(
        result,
        _refusal_reason(decision.reason),
        participant=participant,
        previous=previous if decision.reason == "already" else None,
    )

    now = utcnow()
    record = CheckIn(
        participant_id=outcome.participant.id if outcome.participant else None,
        session_id=session_id,
        at=now,
        staff_user_id=getattr(user, "id", None),
        method=method,
        result=outcome.result,
        reason=outcome.reason,
        scanned=scanned[:SCANNED_MAX] if credential == rules.UNKNOWN else "",
    )
    db.session.add(record)
    if (
        outcome.result == CheckInResult.ADMITTED
        and session_id is None
        and outcome.participant.checked_in_at is None
    ):
        outcome.participant.checked_in_at = now
    db.session.flush()
    outcome.check_in = record
    return outcome


SEARCH_COLUMNS = (
    Participant.id,
    Participant.delegation_id,
    Participant.category_id,
    Participant.status,
    Participant.honorific,
    Participant.given_names,
    Participant.family_name,
    Participant.native_name,
    Participant.checked_in_at,
    Participant.photo_updated_at,
)
# Only what the desk shows (names in every language): building the objects is most of the
# cost of a search. Built once: the loader options cost as much again to build per call.
_SEARCH_LOAD = (
    load_only(*SEARCH_COLUMNS),
    joinedload(Participant.delegation, innerjoin=True).load_only(
        Delegation.name_en, Delegation.name_fr, Delegation.name_zh
    ),
    joinedload(Participant.category, innerjoin=True).load_only(
        Category.name_en, Category.name_fr, Category.name_zh
    ),
)


def search(query: str, limit: int = SEARCH_LIMIT) -> list[Participant]:
    """Participants whose names (any script) or e-mail contain every word of the query."""
    words = fold_for_search(query).split()
    if not words:
        return []
    # First the ids, scanning only the participants table; then the few rows the desk shows,
    # with only the columns it shows (no passport to decrypt, no travel details).
    ids_stmt = sa.select(Participant.id)
    for word in words[:5]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        ids_stmt = ids_stmt.where(Participant.search_text.like(f"%{escaped}%", escape="\\"))
    # The trigram index names the few rows that can match (flat in the size of the forum);
    # the LIKEs above decide.
    if (narrowed := name_search_candidates(words[:5])) is not None:
        ids_stmt = ids_stmt.where(narrowed)
    ids_stmt = ids_stmt.order_by(Participant.family_name, Participant.given_names, Participant.id)
    ids = list(db.session.scalars(ids_stmt.limit(limit)))
    if not ids:
        return []
    rows = db.session.scalars(
        sa.select(Participant).where(Participant.id.in_(ids)).options(*_SEARCH_LOAD)
    ).unique()
    by_id = {p.id: p for p in rows}
    return [by_id[i] for i in ids if i in by_id]


def sessions_for_doors() -> list[ProgrammeSession]:
    return list(
        db.session.scalars(sa.select(ProgrammeSession).order_by(ProgrammeSession.starts_at))
    )


def session_or_none(session_id: int | None) -> ProgrammeSession | None:
    return db.session.get(ProgrammeSession, session_id) if session_id else None


def _forum_days(tz) -> list[date]:
    settings = forum()
    days: list[date] = []
    if settings:
        d = settings.starts_on
        while d <= settings.ends_on and len(days) < 31:
            days.append(d)
            d += timedelta(days=1)
    today = local_today(tz)
    if today not in days:
        days.append(today)
    return sorted(days)


def _admitted_people(*conditions) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(CheckIn.participant_id))).where(
                CheckIn.result == CheckInResult.ADMITTED, *conditions
            )
        )
        or 0
    )


def point_count_today(session_id: int | None) -> dict[str, int]:
    """People admitted, and scans refused, at one point today (one statement)."""
    start, end = day_bounds(local_today(), forum_tz())
    admitted, refused = db.session.execute(
        sa.select(
            sa.func.count(
                sa.distinct(
                    sa.case((CheckIn.result == CheckInResult.ADMITTED, CheckIn.participant_id))
                )
            ),
            sa.func.count(sa.case((CheckIn.result == CheckInResult.REFUSED, 1))),
        ).where(_point_filter(session_id), CheckIn.at >= start, CheckIn.at < end)
    ).one()
    return {"admitted": admitted or 0, "refused": refused or 0}


def stats() -> dict:
    """People admitted at the entrance per forum day (and today), and at each session door."""
    tz = forum_tz()
    today = local_today(tz)
    per_day = []
    for day in _forum_days(tz):
        start, end = day_bounds(day, tz)
        per_day.append(
            {
                "day": day,
                "today": day == today,
                "admitted": _admitted_people(
                    CheckIn.session_id.is_(None), CheckIn.at >= start, CheckIn.at < end
                ),
            }
        )
    rows = db.session.execute(
        sa.select(
            ProgrammeSession.id,
            ProgrammeSession.title_en,
            ProgrammeSession.starts_at,
            sa.func.count(sa.distinct(CheckIn.participant_id)),
        )
        .join(CheckIn, CheckIn.session_id == ProgrammeSession.id)
        .where(CheckIn.result == CheckInResult.ADMITTED)
        .group_by(ProgrammeSession.id, ProgrammeSession.title_en, ProgrammeSession.starts_at)
        .order_by(ProgrammeSession.starts_at)
    ).all()
    sessions = (
        {
            s.id: s
            for s in db.session.scalars(
                sa.select(ProgrammeSession).where(ProgrammeSession.id.in_([r[0] for r in rows]))
            )
        }
        if rows
        else {}
    )
    per_session = [
        {"session": sessions.get(sid), "id": sid, "admitted": n} for sid, _t, _s, n in rows
    ]
    approved = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Participant)
            .where(Participant.status == ParticipantStatus.APPROVED)
        )
        or 0
    )
    checked_in = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Participant)
            .where(Participant.checked_in_at.is_not(None))
        )
        or 0
    )
    return {
        "per_day": per_day,
        "per_session": per_session,
        "approved": approved,
        "checked_in": checked_in,
    }


def pickup(code: str) -> tuple[rules.Admission, Participant | None]:
    """May this code collect a badge at the pick-up counter? (The pick-up code or the badge.)"""
    credential, participant = identify((code or "").strip())
    status = participant.status.value if participant is not None else None
    return rules.admission(credential, rules.PICKUP, status), participant
