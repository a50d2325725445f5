"""Reading a delegation: its members and what they still lack, its roster as CSV, its audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.delegations.services import ACTIVE_STATUSES
from app.extensions import db
from app.i18n import country_name
from app.models import (
    AuditLog,
    Delegation,
    Participant,
    User,
)
from app.registration.services import lacks_passport_data, missing_fields
from app.spreadsheets import csv_bytes

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


# --- the delegation's own roster ------------------------------------------------------------


def roster_csv(delegation: Delegation) -> str:
    """The delegation's members as CSV (UTF-8 with BOM so Excel reads it)."""

    members = members_of(delegation)
    header = [
        str(_l("Status")),
        str(_l("Honorific")),
        str(_l("Given names")),
        str(_l("Family name")),
        str(_l("Name in own script")),
        str(_l("Category")),
        str(_l("Position")),
        str(_l("Organization")),
        str(_l("E-mail")),
        str(_l("Phone")),
        str(_l("Nationality")),
        str(_l("Arrival")),
        str(_l("Departure")),
        str(_l("Hotel")),
        str(_l("Missing")),
    ]
    rows = []
    for m in members:
        p = m.participant
        rows.append(
            [
                p.status.label,
                p.honorific,
                p.given_names,
                p.family_name,
                p.native_name,
                p.category.name if p.category else "",
                p.position,
                p.organization,
                p.email or "",
                p.phone,
                country_name(p.nationality) if p.nationality else "",
                " ".join(
                    x
                    for x in (
                        p.arrival_date.isoformat() if p.arrival_date else "",
                        p.arrival_flight,
                    )
                    if x
                ),
                " ".join(
                    x
                    for x in (
                        p.departure_date.isoformat() if p.departure_date else "",
                        p.departure_flight,
                    )
                    if x
                ),
                p.hotel,
                ", ".join(m.missing),
            ]
        )
    return csv_bytes(header, rows).decode("utf-8")


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
