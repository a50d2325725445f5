"""Removing personal data after the forum: passports, dates of birth, photos, documents."""

from __future__ import annotations

import sqlalchemy as sa

from app import audit
from app.extensions import db
from app.models import Document, Participant, ParticipantPhoto


def count_personal_data() -> dict[str, int]:
    def count(stmt) -> int:
        return db.session.scalar(stmt) or 0

    return {
        "passport_numbers": count(
            sa.select(sa.func.count(Participant.id)).where(Participant.passport_number.is_not(None))
        ),
        "passport_expiry_dates": count(
            sa.select(sa.func.count(Participant.id)).where(Participant.passport_expiry.is_not(None))
        ),
        "dates_of_birth": count(
            sa.select(sa.func.count(Participant.id)).where(Participant.date_of_birth.is_not(None))
        ),
        "photos": count(sa.select(sa.func.count()).select_from(ParticipantPhoto)),
        "documents": count(sa.select(sa.func.count(Document.id))),
    }


def purge() -> dict[str, int]:
    """Remove it all in the caller's transaction; returns the counts and writes one audit entry."""
    counts = count_personal_data()
    db.session.execute(
        sa.update(Participant)
        .where(
            sa.or_(
                Participant.passport_number.is_not(None),
                Participant.passport_expiry.is_not(None),
                Participant.date_of_birth.is_not(None),
                Participant.photo_updated_at.is_not(None),
            )
        )
        .values(
            passport_number=None,
            passport_expiry=None,
            date_of_birth=None,
            photo_updated_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(sa.delete(ParticipantPhoto).execution_options(synchronize_session=False))
    db.session.execute(sa.delete(Document).execution_options(synchronize_session=False))
    audit.record("personal_data.purged", object_type="participants", changes=dict(counts))
    db.session.flush()
    return counts
