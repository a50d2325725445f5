"""What the clearance pages and the rest of the app read: states, counts and lists."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.i18n import forum
from app.models import (
    Clearance,
    ClearanceBatch,
    ClearanceStatus,
    Delegation,
    Participant,
    ParticipantStatus,
)
from app.registration import rules

# Who is vetted: everyone holding or waiting for a seat (people who left are not).
VETTED_STATUSES = (
    ParticipantStatus.SUBMITTED,
    ParticipantStatus.APPROVED,
    ParticipantStatus.WAITLISTED,
)
PER_PAGE = 50


def clearance_required() -> bool:
    settings = forum()
    return bool(settings and settings.clearance_required)


def admission_fact(participant_id: int) -> str:
    """The clearance fact rules.admission reads: NOT_REQUIRED, or the person's state."""
    if not clearance_required():
        return rules.NOT_REQUIRED
    status = db.session.scalar(
        sa.select(Clearance.status).where(Clearance.participant_id == participant_id)
    )
    return (status or ClearanceStatus.NOT_SENT).value


def states_of(ids: list[int] | None = None) -> dict[int, str]:
    """The clearance state of everyone who has a record (all, or these ids): the offline
    desk's manifest, which says apart whether the forum requires clearance."""
    stmt = sa.select(Clearance.participant_id, Clearance.status)
    if ids is not None:
        stmt = stmt.where(Clearance.participant_id.in_(ids))
    return {pid: status.value for pid, status in db.session.execute(stmt)}


def clearance_changed_since(since) -> sa.Select:
    """Participants whose clearance was sent or decided after `since`."""
    return sa.select(Clearance.participant_id).where(
        sa.func.coalesce(Clearance.decided_at, Clearance.sent_at) > since
    )


def cleared_clause():
    """A WHERE clause keeping cleared participants only (badge printing)."""
    return Participant.id.in_(
        sa.select(Clearance.participant_id).where(Clearance.status == ClearanceStatus.CLEARED)
    )


def counts() -> dict[ClearanceStatus, int]:
    """People in the process per clearance state (not sent included), in one query."""
    state = sa.func.coalesce(Clearance.status, ClearanceStatus.NOT_SENT.value)
    rows = db.session.execute(
        sa.select(state, sa.func.count())
        .select_from(Participant)
        .outerjoin(Clearance, Clearance.participant_id == Participant.id)
        .where(Participant.status.in_(VETTED_STATUSES))
        .group_by(state)
    ).all()
    out = dict.fromkeys(ClearanceStatus, 0)
    for value, n in rows:
        out[ClearanceStatus(value)] = n
    return out


def unsent_ids() -> list[int]:
    """Participants in the process never sent for vetting, in delegation then name order."""
    return list(
        db.session.scalars(
            sa.select(Participant.id)
            .join(Delegation, Delegation.id == Participant.delegation_id)
            .outerjoin(Clearance, Clearance.participant_id == Participant.id)
            .where(Participant.status.in_(VETTED_STATUSES), Clearance.participant_id.is_(None))
            .order_by(Delegation.sort_key, Delegation.code, Participant.family_name, Participant.id)
        )
    )


def people_page(state: ClearanceStatus | None, page: int):
    """The organizers' list, paginated, and each listed person's clearance (by id)."""
    stmt = (
        sa.select(Participant)
        .options(joinedload(Participant.delegation), joinedload(Participant.category))
        .outerjoin(Clearance, Clearance.participant_id == Participant.id)
        .where(Participant.status.in_(VETTED_STATUSES))
        .order_by(Participant.family_name, Participant.given_names, Participant.id)
    )
    if state == ClearanceStatus.NOT_SENT:
        stmt = stmt.where(Clearance.participant_id.is_(None))
    elif state is not None:
        stmt = stmt.where(Clearance.status == state)
    people = db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)
    clearances = {
        c.participant_id: c
        for c in db.session.scalars(
            sa.select(Clearance)
            .options(joinedload(Clearance.decided_by))
            .where(Clearance.participant_id.in_([p.id for p in people.items]))
        )
    }
    return people, clearances


def vetting_page(page: int, status: ClearanceStatus = ClearanceStatus.PENDING):
    """Clearances to decide, with what vetting needs of each person."""
    stmt = (
        sa.select(Clearance)
        .options(joinedload(Clearance.participant).joinedload(Participant.delegation))
        .where(Clearance.status == status)
        .order_by(Clearance.reference)
    )
    return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)


def batches() -> list[tuple[ClearanceBatch, int]]:
    """Every batch, newest first, with the number of its answers still pending."""
    pending = (
        sa.select(sa.func.count())
        .where(Clearance.batch_id == ClearanceBatch.id, Clearance.status == ClearanceStatus.PENDING)
        .scalar_subquery()
    )
    return list(
        db.session.execute(
            sa.select(ClearanceBatch, pending)
            .options(joinedload(ClearanceBatch.created_by))
            .order_by(ClearanceBatch.id.desc())
        ).all()
    )


def by_reference(references: list[str]) -> dict[str, Clearance]:
    out: dict[str, Clearance] = {}
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        for c in db.session.scalars(
            sa.select(Clearance)
            .options(joinedload(Clearance.participant))
            .where(Clearance.reference.in_(chunk))
        ):
            out[c.reference] = c
    return out
