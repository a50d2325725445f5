"""Reading a delegation: a page of its members and what they still lack, what the delegation
as a whole still has to provide, the head's choices, its audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from app.delegations.services import ACTIVE_STATUSES, Counts, count_where
from app.extensions import db
from app.models import (
    AuditLog,
    Category,
    Delegation,
    Participant,
    ParticipantStatus,
    User,
)
from app.models.name_search import contains_words
from app.registration import rules
from app.registration.services import missing_fields_of

# --- members and what they still lack --------------------------------------------------------


@dataclass
class Member:
    participant: Participant
    missing: list[str] = field(default_factory=list)
    has_account: bool = False


MEMBERS_PAGE_SIZE = 50


def _members(people: list[Participant], delegation: Delegation) -> list[Member]:
    """Each with what it still lacks and whether it has an account; one query for accounts."""
    active = [p for p in people if p.status in ACTIVE_STATUSES]
    missing = missing_fields_of(active)
    with_account = set(
        db.session.scalars(
            sa.select(User.participant_id).where(
                User.delegation_id == delegation.id,
                User.participant_id.in_([p.id for p in people]),
            )
        )
    )
    return [Member(p, missing.get(p.id, []), p.id in with_account) for p in people]


def _members_select(delegation: Delegation) -> sa.Select:
    """The delegation's members in the page's order: the head first, then active members by
    category and name, then closed registrations."""
    P = Participant
    return (
        sa.select(P)
        .outerjoin(Category, Category.id == P.category_id)
        .where(P.delegation_id == delegation.id)
        .options(contains_eager(P.category))
        .order_by(
            sa.case((P.id == delegation.head_participant_id, 0), else_=1),
            sa.case((P.status.in_(ACTIVE_STATUSES), 0), else_=1),
            sa.func.coalesce(Category.sort_order, 999),
            sa.func.lower(P.family_name),
            sa.func.lower(P.given_names),
            P.id,
        )
    )


def members_page(delegation: Delegation, page: int, q: str = ""):
    """One page of members (MEMBERS_PAGE_SIZE), optionally those whose names contain the
    words of q: the page costs the same for 5 members or 5,000, and a search or the page
    links reach every one. Its items are Members."""
    stmt = _members_select(delegation).where(*contains_words(q))
    found = db.paginate(stmt, page=page, per_page=MEMBERS_PAGE_SIZE, error_out=False)
    found.items = _members(list(found.items), delegation)
    return found


def delegation_missing(delegation: Delegation, counts: Counts) -> dict[str, int | bool]:
    """What the delegation as a whole still has to provide: one count over its active
    members (photos from the tallies, in counts)."""
    P = Participant
    lacks_passport = sa.and_(
        Category.requires_passport.is_(True),
        sa.or_(
            sa.func.coalesce(P.nationality, "") == "",
            *(getattr(P, f).is_(None) for f in rules.PASSPORT_FIELDS if f != "nationality"),
        ),
    )
    passport, consent = db.session.execute(
        sa.select(count_where(lacks_passport), count_where(P.consent_at.is_(None)))
        .select_from(P)
        .outerjoin(Category, Category.id == P.category_id)
        .where(P.delegation_id == delegation.id, P.status.in_(ACTIVE_STATUSES))
    ).one()
    return {
        "photos": counts.missing_photos,
        "passport": int(passport),
        "consent": int(consent),
        "letter": not delegation.documents,
        "head": delegation.head_participant_id is None,
    }


def pending_endorsement(delegation: Delegation) -> list[Participant]:
    """Self-registrations the focal point still has to endorse."""
    return list(
        db.session.scalars(
            sa.select(Participant)
            .where(
                Participant.delegation_id == delegation.id,
                Participant.status == ParticipantStatus.PENDING_ENDORSEMENT,
            )
            .order_by(Participant.id)
        )
    )


def categories() -> list[Category]:
    return list(db.session.scalars(sa.select(Category).order_by(Category.sort_order)))


def head_choices(delegation: Delegation) -> list[tuple[int, str]]:
    """The active members an organizer may name head, as (id, name) rows, not objects."""
    P = Participant
    rows = db.session.execute(
        sa.select(P.id, P.given_names, P.family_name)
        .where(P.delegation_id == delegation.id, P.status.in_(ACTIVE_STATUSES))
        .order_by(sa.func.lower(P.family_name), sa.func.lower(P.given_names), P.id)
    )
    return [(pid, " ".join(x for x in (given, family.upper()) if x)) for pid, given, family in rows]


# --- the delegation's own roster ------------------------------------------------------------


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
