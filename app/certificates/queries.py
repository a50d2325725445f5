"""What the certificates read: who checked in (the check-in records), and their certificates."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.desk.rosters.queries import delegation_order
from app.extensions import db
from app.models import Certificate, CheckIn, CheckInResult, Participant

# A scan that let the person in (or found them in already): they attended.
ATTENDED = (CheckInResult.ADMITTED, CheckInResult.ALREADY)


def attended():
    """SQL: the participant has at least one check-in record that admitted them."""
    return (
        sa.exists()
        .where(CheckIn.participant_id == Participant.id, CheckIn.result.in_(ATTENDED))
        .correlate(Participant)
    )


def has_attended(participant_id: int) -> bool:
    stmt = sa.select(Participant.id).where(Participant.id == participant_id, attended())
    return db.session.scalar(stmt) is not None


def counts() -> tuple[int, int]:
    """(people who checked in, certificates issued)."""
    checked_in = db.session.scalar(
        sa.select(sa.func.count()).select_from(Participant).where(attended())
    )
    issued = db.session.scalar(sa.select(sa.func.count(Certificate.id)))
    return checked_in or 0, issued or 0


def without_certificate() -> list[int]:
    """Ids of the people who checked in and have no certificate yet."""
    has = sa.exists().where(Certificate.participant_id == Participant.id)
    return list(db.session.scalars(sa.select(Participant.id).where(attended(), ~has)))


def all_certificates(lang: str) -> Iterator[Certificate]:
    """Every certificate of someone who checked in, delegations in protocol order."""
    stmt = (
        sa.select(Certificate)
        .join(Certificate.participant)
        .join(Participant.delegation)
        .where(attended())
        .options(joinedload(Certificate.participant).joinedload(Participant.delegation))
        .order_by(
            *delegation_order(lang),
            sa.func.lower(Participant.family_name),
            sa.func.lower(Participant.given_names),
            Participant.id,
        )
        .execution_options(yield_per=200)
    )
    yield from db.session.scalars(stmt)


def by_code(code: str) -> Certificate | None:
    return db.session.scalar(
        sa.select(Certificate)
        .where(Certificate.code == code)
        .options(joinedload(Certificate.participant))
    )
