"""Visa invitation letters: who may have one, and issuing them with unique reference
numbers (the PDF itself is drawn by letters.py)."""

from __future__ import annotations

import secrets
from datetime import date

import sqlalchemy as sa
from flask import current_app

from app import audit
from app.extensions import db
from app.i18n import forum
from app.models import Participant, ParticipantStatus, VisaLetter

S = ParticipantStatus


def visa_letter_allowed(p: Participant) -> bool:
    return p.status == S.APPROVED and p.visa_letter_wanted


def new_letter_reference(prefix: str, today: date | None = None) -> str:
    """PREFIX-YEAR-XXXXXXXX; the year is left out when the prefix already names one."""
    prefix = prefix or "FORUM"
    today = today or date.today()
    if not any(str(y) in prefix for y in range(today.year - 2, today.year + 3)):
        prefix = f"{prefix}-{today:%Y}"
    return f"{prefix}-{secrets.token_hex(4).upper()}"


def issue_visa_letters(participants: list[Participant], actor, language: str) -> list[VisaLetter]:
    """Record one issue per participant, each with a unique reference number."""

    f = forum()
    prefix = f.letter_reference_prefix if f else "FORUM"
    letters = []
    for p in participants:
        for _attempt in range(5):
            reference = new_letter_reference(prefix)
            exists = db.session.scalar(
                sa.select(VisaLetter.id).where(VisaLetter.reference == reference)
            )
            if not exists:
                break
        letter = VisaLetter(
            participant_id=p.id,
            reference=reference,
            language=language,
            issued_by_id=getattr(actor, "id", None),
        )
        db.session.add(letter)
        letters.append(letter)
    db.session.flush()
    for p, letter in zip(participants, letters, strict=True):
        audit.record(
            "participant.visa_letter_issued",
            p,
            changes={"reference": letter.reference, "language": language},
            actor_id=getattr(actor, "id", None),
        )
    current_app.logger.info("issued %d visa letter(s)", len(letters))
    return letters
