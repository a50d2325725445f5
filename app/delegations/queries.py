"""Reading a delegation: its members and what they still lack, its roster as CSV, its audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.delegations.services import ACTIVE_STATUSES
from app.extensions import db
from app.models import (
    AuditLog,
    Delegation,
    Participant,
    User,
)
from app.registration.services import lacks_passport_data, missing_fields

# --- members and what they still lack --------------------------------------------------------


@dataclass
class Member:
    participant: Participant
    missing: list[str] = field(default_factory=list)
    has_account: bool = False


def members_of(delegation: Delegation) -> list[Member]:
    """Members with what each still lacks; one query for people, one for accounts."""

    people = db.session.scalars(
        sa.select(Participant)
        .where(Participant.delegation_id == delegation.id)
        .options(selectinload(Participant.category))
    ).all()
    with_account = set(
        db.session.scalars(
            sa.select(User.participant_id).where(
                User.delegation_id == delegation.id, User.participant_id.is_not(None)
            )
        )
    )
    head_id = delegation.head_participant_id
    people = sorted(
        people,
        key=lambda p: (
            p.id != head_id,
            p.status not in ACTIVE_STATUSES,
            p.category.sort_order if p.category else 999,
            p.sort_name,
        ),
    )
    return [
        Member(
            p,
            missing_fields(p) if p.status in ACTIVE_STATUSES else [],
            p.id in with_account,
        )
        for p in people
    ]


def delegation_missing(delegation: Delegation, members: list[Member]) -> dict[str, int | bool]:
    """What the delegation as a whole still has to provide."""
    active = [m for m in members if m.participant.status in ACTIVE_STATUSES]
    return {
        "photos": sum(1 for m in active if m.participant.photo_updated_at is None),
        "passport": sum(1 for m in active if lacks_passport_data(m.participant)),
        "consent": sum(1 for m in active if m.participant.consent_at is None),
        "letter": not delegation.documents,
        "head": delegation.head_participant_id is None,
    }


def audit_trail(delegation: Delegation, limit: int = 200) -> list:
    return list(
        db.session.scalars(
            sa.select(AuditLog)
            .where(AuditLog.delegation_id == delegation.id)
            .options(selectinload(AuditLog.actor))
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(limit)
        )
    )
