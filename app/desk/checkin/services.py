"""Check-in at the doors: the answer to one scan, name search at the desk, and counts.

Whether a code opens a door is rules.admission's decision; this module finds the facts it
reads and records the scan. A scan costs the same few statements whatever the size of the
forum: the badge secret, the pick-up code and the revoked secrets are unique-indexed, and "already checked in" looks at one participant's
check-ins at one point on one day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, load_only
from sqlalchemy.orm.attributes import set_committed_value

from app.clearance.queries import admission_fact
from app.extensions import db
from app.forum_time import day_bounds, forum_tz, local_today
from app.i18n import forum
from app.models import (
    Category,
    CheckIn,
    CheckInMethod,
    CheckInResult,
    Delegation,
    Direction,
    Participant,
    ProgrammeSession,
    RefusalReason,
    RevokedBadge,
    utcnow,
)
from app.programme.services import signup_state
from app.registration import rules

SCANNED_MAX = 80


@dataclass
class ScanOutcome:
    result: CheckInResult
    reason: RefusalReason | None = None
    participant: Participant | None = None
    previous: CheckIn | None = None  # the earlier admission, when already checked in
    check_in_id: int | None = None  # the record of this scan (of the first, for a replay)
    replayed: bool = False  # the nonce was recorded before: nothing new was recorded
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


REASON_TEXT = {
    RefusalReason.UNKNOWN: _l("Unknown badge"),
    RefusalReason.REVOKED: _l("Badge revoked (reported lost)"),
    RefusalReason.NOT_APPROVED: _l("Not approved"),
    RefusalReason.WITHDRAWN: _l("Withdrawn or cancelled"),
    RefusalReason.PICKUP_CODE: _l("this is a pick-up code: collect the badge at the desk"),
    RefusalReason.NOT_SIGNED_UP: _l("Not signed up for this session"),
    RefusalReason.NOT_CLEARED: _l("Not cleared by security"),
}


def headline(outcome: ScanOutcome) -> str:
    if outcome.result == CheckInResult.ADMITTED:
        return _("Admitted")
    if outcome.result == CheckInResult.ALREADY:
        return _("Already checked in")
    if outcome.result == CheckInResult.WARNED:
        return _("Warning: %(reason)s", reason=REASON_TEXT[outcome.reason])
    return _("Refused: %(reason)s", reason=REASON_TEXT[outcome.reason])


def point_filter(session_id: int | None):
    if session_id is None:
        return CheckIn.session_id.is_(None)
    return CheckIn.session_id == session_id


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
# Only what the desk shows (names in every language), for a search's results and a scan's
# answer: building the objects is most of the cost, and no passport is decrypted. Built
# once: the loader options cost as much again to build per call.
DOOR_LOAD = (
    load_only(*SEARCH_COLUMNS),
    joinedload(Participant.delegation, innerjoin=True).load_only(
        Delegation.name_en, Delegation.name_fr, Delegation.name_zh
    ),
    joinedload(Participant.category, innerjoin=True).load_only(
        Category.name_en, Category.name_fr, Category.name_zh, Category.colour
    ),
)


# One statement per column a scan looks a participant up by, built once: building the
# select and its loader options costs more than running it.
_BY = {
    column: sa.select(Participant)
    .options(*DOOR_LOAD)
    .where(getattr(Participant, column) == sa.bindparam("value"))
    .with_for_update(of=Participant)
    for column in ("badge_secret", "pickup_code", "id")
}


def _load_participant(column: str, value) -> Participant | None:
    """One participant with their delegation and category, row-locked for the decision
    (a no-op on SQLite, whose write transactions are already serialized)."""
    return db.session.scalars(_BY[column], {"value": value}).unique().one_or_none()


def _refusal_reason(code: str | None) -> RefusalReason | None:
    return RefusalReason(code) if code and code != "already" else None


def identify(scanned: str) -> tuple[str, Participant | None]:
    """What a scanned code is (rules.BADGE, PICKUP_CODE, REVOKED_BADGE or UNKNOWN) and whose.

    Each look-up is one unique-index probe; most scans stop at the first.
    """
    if not scanned:
        return rules.UNKNOWN, None
    if (p := _load_participant("badge_secret", scanned)) is not None:
        return rules.BADGE, p
    if (p := _load_participant("pickup_code", scanned)) is not None:
        return rules.PICKUP_CODE, p
    revoked_owner = db.session.scalar(
        sa.select(RevokedBadge.participant_id).where(RevokedBadge.secret == scanned)
    )
    if revoked_owner is not None:
        return rules.REVOKED_BADGE, _load_participant("id", revoked_owner)
    return rules.UNKNOWN, None


def counts_exits(session_id: int | None) -> bool:
    """Does this check-in point scan people leaving too?"""
    if session_id is None:
        settings = forum()
        return bool(settings and settings.entrance_counts_exits)
    session = db.session.get(ProgrammeSession, session_id)
    return bool(session and session.counts_exits)


def _previous_admission(
    participant: Participant, session_id: int | None, exits: bool
) -> CheckIn | None:
    """Today's admission that makes this one a duplicate: the first of the day, or where
    the point counts exits, the last passage if it was an entry (they are still inside)."""
    start, end = day_bounds(local_today(), forum_tz())
    last = db.session.scalars(
        sa.select(CheckIn)
        .options(joinedload(CheckIn.staff_user))
        .where(
            CheckIn.participant_id == participant.id,
            point_filter(session_id),
            CheckIn.result == CheckInResult.ADMITTED,
            CheckIn.at >= start,
            CheckIn.at < end,
        )
        .order_by(CheckIn.at.desc() if exits else CheckIn.at, CheckIn.id.desc())
        .limit(1)
    ).first()
    return None if last is None or last.direction == Direction.OUT else last


def _decide(
    session_id, credential, participant, direction
) -> tuple[rules.Admission, CheckIn | None]:
    """rules.admission's answer for one scan, and the admission it duplicates if any."""
    door = rules.ENTRANCE if session_id is None else rules.SESSION_DOOR
    status = participant.status.value if participant is not None else None
    policy, signup = rules.OPEN, "none"
    session = db.session.get(ProgrammeSession, session_id) if session_id is not None else None
    if direction == Direction.OUT:
        # People leaving always pass; only a code that is no badge is refused.
        decision = rules.admission(credential, door, status)
        if decision.decision == rules.REFUSE and credential == rules.BADGE:
            decision = rules.Admission(rules.ADMIT, None)
        return decision, None
    if participant is not None and session is not None:
        policy = rules.session_policy(session.signup_required, session.door_refuses_unsigned)
        if policy != rules.OPEN:
            signup = signup_state(session_id, participant.id)
    previous = None
    # Never admitted at the entrance (the morning queue's usual case): no query needed.
    if (
        credential == rules.BADGE
        and status == rules.APPROVED
        and not (session_id is None and participant.checked_in_at is None)
    ):
        exits = session.counts_exits if session is not None else counts_exits(None)
        previous = _previous_admission(participant, session_id, exits)
    decision = rules.admission(
        credential,
        door,
        status,
        signup=signup,
        session_policy=policy,
        already=previous is not None,
        clearance=rules.NOT_REQUIRED if participant is None else admission_fact(participant.id),
    )
    return decision, previous


def _result(decision: rules.Admission) -> CheckInResult:
    if decision.decision == rules.ADMIT:
        return CheckInResult.ADMITTED
    if decision.decision == rules.REFUSE:
        return CheckInResult.REFUSED
    return CheckInResult.ALREADY if decision.reason == "already" else CheckInResult.WARNED


def _replay(record: CheckIn) -> ScanOutcome:
    """The answer first given to the scan this record keeps (an upload repeated)."""
    result = record.result
    if record.forced and record.reason is not None:
        # Recorded as admitted because the door let them through; the answer was the policy's.
        result = CheckInResult.REFUSED
        session = record.session
        if record.reason == RefusalReason.NOT_SIGNED_UP and not session.door_refuses_unsigned:
            result = CheckInResult.WARNED
    return ScanOutcome(
        result, record.reason, participant=record.participant, check_in_id=record.id, replayed=True
    )


def record_scan(
    point: int | None,
    code: str | None,
    *,
    by,
    direction: str = "in",
    scanned_at: datetime | None = None,
    nonce: str | None = None,
    force: bool = False,
    participant: Participant | None = None,
    method: CheckInMethod = CheckInMethod.SCAN,
) -> ScanOutcome:
    """Decide (rules.admission) and record one scan at a check-in point (None: the
    entrance; otherwise a session id), or a manual check-in (`participant`, found by name).

    A scan whose `nonce` was recorded before records nothing and answers as it did then.
    `force`: the door already let them through (offline); an admission is recorded even
    where the policy now says otherwise (the answer still says what the policy said), but
    never a second admission on the same day.
    """
    scanned = (code or "").strip()
    if participant is None:
        credential, participant = identify(scanned)
    else:
        credential = rules.BADGE
    if nonce and (earlier := db.session.scalar(sa.select(CheckIn).where(CheckIn.nonce == nonce))):
        return _replay(earlier)
    direction = Direction(direction)
    decision, previous = _decide(point, credential, participant, direction)
    outcome = ScanOutcome(
        _result(decision),
        _refusal_reason(decision.reason),
        participant=participant,
        previous=previous if decision.reason == "already" else None,
    )
    forced = (
        force
        and participant is not None
        and outcome.result in (CheckInResult.WARNED, CheckInResult.REFUSED)
    )
    now = utcnow()
    values = dict(
        participant_id=participant.id if participant else None,
        session_id=point,
        at=now,
        scanned_at=(scanned_at or now).astimezone(UTC),
        staff_user_id=getattr(by, "id", None),
        method=method,
        result=CheckInResult.ADMITTED if forced else outcome.result,
        reason=outcome.reason,
        scanned=scanned[:SCANNED_MAX] if credential == rules.UNKNOWN else "",
        nonce=nonce or None,
        direction=direction,
        forced=forced,
    )
    # A Core INSERT: the ORM's flush of one new object costs more than the rest of the scan.
    table = CheckIn.__table__
    outcome.check_in_id = (
        db.session.connection().execute(table.insert().values(**values).returning(table.c.id))
    ).scalar_one()
    if (
        values["result"] == CheckInResult.ADMITTED
        and direction == Direction.IN
        and point is None
        and participant.checked_in_at is None
    ):
        # One UPDATE, without the ORM's flush of the whole participant (its hooks refold
        # the names and look up the category: most of a scan's time).
        participants = Participant.__table__
        db.session.connection().execute(
            participants.update()
            .where(participants.c.id == participant.id, participants.c.checked_in_at.is_(None))
            .values(checked_in_at=now)
        )
        set_committed_value(participant, "checked_in_at", now)
    return outcome


def pickup(code: str) -> tuple[rules.Admission, Participant | None]:
    """May this code collect a badge at the pick-up counter? (The pick-up code or the badge.)"""
    credential, participant = identify((code or "").strip())
    status = participant.status.value if participant is not None else None
    clearance = admission_fact(participant.id) if participant is not None else rules.NOT_REQUIRED
    return rules.admission(credential, rules.PICKUP, status, clearance=clearance), participant
