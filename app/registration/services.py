"""The rules of registration: create, edit, submit, endorse, decide, withdraw, waitlist.

Every state change takes the delegation's row lock first and only then counts the seats,
so two submissions racing for the last seat cannot both win: on PostgreSQL the second waits
on SELECT … FOR UPDATE; on SQLite the POST transaction already holds the write lock
(BEGIN IMMEDIATE). Services flush, never commit; every change is audited and the e-mails
it causes are queued in the same transaction.
"""

from __future__ import annotations

import secrets
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from app import audit
from app.auth.access import ORGANIZERS
from app.extensions import db
from app.mail import queue_email
from app.models import (
    SEAT_STATUSES,
    Delegation,
    Participant,
    ParticipantPhoto,
    ParticipantStatus,
    Role,
    User,
    VisaLetter,
    utcnow,
)

S = ParticipantStatus

# Statuses from which each action may start.
SUBMITTABLE = (S.DRAFT,)
DECIDABLE = (S.SUBMITTED, S.WAITLISTED)
WITHDRAWABLE = (S.DRAFT, S.PENDING_ENDORSEMENT, S.SUBMITTED, S.APPROVED, S.WAITLISTED)
CANCELLABLE = (S.PENDING_ENDORSEMENT, S.SUBMITTED, S.APPROVED, S.WAITLISTED)
CLOSED = (S.REJECTED, S.WITHDRAWN, S.CANCELLED)


class RegistrationError(Exception):
    """A rule refused the action; `message` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def is_organizer(actor) -> bool:
    return actor is not None and getattr(actor, "role", None) in ORGANIZERS


# --- seats and the lock -------------------------------------------------------------------


def lock_delegation(delegation_id: int) -> Delegation:
    """Take the delegation's row lock (held until the transaction ends) and reload it.

    FOR NO KEY UPDATE (key_share=True): it serializes everyone who counts the delegation's
    seats, yet does not wait for the KEY SHARE lock that inserting a participant of this
    delegation takes through the foreign key. Plain FOR UPDATE would: two requests that each
    inserted a participant, then asked for the lock, deadlock on PostgreSQL.
    """
    return db.session.execute(
        sa.select(Delegation)
        .where(Delegation.id == delegation_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one()


def _reload(p: Participant) -> Participant:
    """Re-read the participant after the lock: another request may have moved it."""
    db.session.refresh(p)
    return p


def seats_taken(delegation: Delegation | int) -> int:
    delegation_id = delegation if isinstance(delegation, int) else delegation.id
    return db.session.scalar(
        sa.select(sa.func.count(Participant.id)).where(
            Participant.delegation_id == delegation_id, Participant.status.in_(SEAT_STATUSES)
        )
    )


def waitlist_position(p: Participant) -> int | None:
    """1 for the next to move up; None when p is not waitlisted."""
    if p.status != S.WAITLISTED or p.waitlisted_at is None:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count(Participant.id)).where(
            Participant.delegation_id == p.delegation_id,
            Participant.status == S.WAITLISTED,
            sa.or_(
                Participant.waitlisted_at < p.waitlisted_at,
                sa.and_(Participant.waitlisted_at == p.waitlisted_at, Participant.id < p.id),
            ),
        )
    )
    return ahead + 1


def seats_left(delegation: Delegation) -> int:
    return max(delegation.quota - seats_taken(delegation), 0)


def _take_seat_or_wait(p: Participant, delegation: Delegation) -> bool:
    """Under the lock: a free seat makes p submitted, else waitlisted. True if seated."""
    now = utcnow()
    # Counted before p changes, so that p is written once (no autoflush of submitted_at).
    free = seats_taken(delegation) < delegation.quota
    p.submitted_at = p.submitted_at or now
    if free:
        p.status = S.SUBMITTED
        p.waitlisted_at = None
        db.session.flush()
        return True
    p.status = S.WAITLISTED
    p.waitlisted_at = now
    db.session.flush()
    return False


# --- who hears about it -----------------------------------------------------------------


def participant_locale(p: Participant) -> str | None:
    user = db.session.scalar(sa.select(User).where(User.participant_id == p.id))
    if user is not None and user.locale:
        return user.locale
    return p.locale


def _focal_points(delegation_id: int) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User).where(
                User.delegation_id == delegation_id,
                User.role == Role.FOCAL_POINT,
                User.active.is_(True),
            )
        )
    )


Recipient = tuple[str, str | None, bool]  # address, language, is a focal point


def recipients_of(p: Participant, focal_points: bool = True) -> list[Recipient]:
    out: list[Recipient] = []
    if p.email:
        out.append((p.email, participant_locale(p), False))
    if focal_points:
        out += [(u.email, u.locale, True) for u in _focal_points(p.delegation_id)]
    return out


def notify(
    p: Participant,
    template: str,
    *,
    focal_points: bool = True,
    recipients: list[Recipient] | None = None,
    **context,
) -> int:
    """Queue `template` to the participant and their focal points, each in their language."""
    from app.auth.services import absolute_url
    from app.i18n import forum

    sent: set[str] = set()
    context.setdefault("forum", forum())
    context.setdefault("url", absolute_url("registration.detail", participant_id=p.id))
    if recipients is None:
        recipients = recipients_of(p, focal_points)
    for address, locale, as_focal_point in recipients:
        key = address.lower()
        if key in sent:
            continue
        sent.add(key)
        queue_email(
            address,
            template,
            locale=locale,
            participant=p,
            delegation=p.delegation,
            to_focal_point=as_focal_point,
            **context,
        )
    return len(sent)


# --- completeness -------------------------------------------------------------------------


def missing_fields(p: Participant) -> list[str]:
    """What a participant still lacks to be submitted (labels, for the user)."""
    missing = []
    if not p.given_names:
        missing.append(str(_l("Given name(s)")))
    if not p.email:
        missing.append(str(_l("E-mail")))
    if p.category is not None and p.category.requires_passport:
        if not p.nationality:
            missing.append(str(_l("Nationality")))
        if not p.date_of_birth:
            missing.append(str(_l("Date of birth")))
        if not p.passport_number:
            missing.append(str(_l("Passport number")))
        if not p.passport_expiry:
            missing.append(str(_l("Passport expiry date")))
    if not p.has_photo:
        missing.append(str(_l("Photo")))
    if p.consent_at is None:
        missing.append(str(_l("Consent")))
    return missing


def blocking_missing_fields(p: Participant) -> list[str]:
    """Missing fields that prevent a submission (a photo may follow later)."""
    photo = str(_l("Photo"))
    return [m for m in missing_fields(p) if m != photo]


# --- creating and editing -----------------------------------------------------------------


def _check_registration_open(actor) -> None:
    from app.i18n import forum

    f = forum()
    if f is not None and not is_organizer(actor) and not f.registration_is_open():
        raise RegistrationError(_l("Registration is closed."))


def _check_edits_open(actor) -> None:
    from app.i18n import forum

    f = forum()
    if f is not None and not is_organizer(actor) and not f.edits_are_open():
        raise RegistrationError(
            _l("The deadline for changes has passed. Please contact the secretariat.")
        )


def create_participant(
    delegation: Delegation, form, actor, *, self_registered: bool = False
) -> Participant:
    """A new draft in the delegation, from a validated ParticipantForm."""
    _check_registration_open(actor)
    p = Participant(
        delegation_id=delegation.id,
        status=S.DRAFT,
        self_registered=self_registered,
        created_by_id=getattr(actor, "id", None),
        family_name="",
    )
    p.delegation = delegation
    form.populate_participant(p)
    db.session.add(p)
    db.session.flush()
    if form.processed_photo is not None:
        _store_photo(p, form.processed_photo)
    audit.record(
        "participant.created",
        p,
        changes={**audit.changes_of(p), "self_registered": self_registered},
        actor_id=getattr(actor, "id", None),
    )
    return p


def update_participant(p: Participant, form, actor) -> dict:
    """Apply a validated form to p; returns the recorded changes."""
    if p.status in CLOSED and not is_organizer(actor):
        raise RegistrationError(_l("This registration is closed and can no longer be changed."))
    _check_edits_open(actor)
    form.populate_participant(p)
    changes = audit.changes_of(p)
    if form.processed_photo is not None:
        _store_photo(p, form.processed_photo)
        changes["photo"] = "changed"
    if changes:
        db.session.flush()
        audit.record("participant.updated", p, changes=changes, actor_id=getattr(actor, "id", None))
    return changes


# --- the workflow -------------------------------------------------------------------------


def submit_participant(p: Participant, actor) -> ParticipantStatus:
    """Draft -> submitted if a seat is free, else waitlisted; a self-registration goes to
    pending_endorsement first.

    What does not depend on the seats (completeness, who hears about it) is read before the
    lock, so the part that runs one submission at a time stays short.
    """
    _check_registration_open(actor)
    if p.status not in SUBMITTABLE:
        raise RegistrationError(_l("Only a draft can be submitted."))
    missing = blocking_missing_fields(p)
    if missing:
        raise RegistrationError(
            _l("Complete these fields first: %(fields)s.", fields=", ".join(missing))
        )
    recipients = recipients_of(p)
    delegation = lock_delegation(p.delegation_id)
    db.session.refresh(p, ["status"])  # another request may have moved it meanwhile
    if p.status not in SUBMITTABLE:
        raise RegistrationError(_l("Only a draft can be submitted."))
    actor_id = getattr(actor, "id", None)
    if p.self_registered and p.endorsed_at is None:
        p.status = S.PENDING_ENDORSEMENT
        p.submitted_at = utcnow()
        db.session.flush()
        audit.record(
            "participant.submitted", p, changes={"status": p.status.value}, actor_id=actor_id
        )
        notify(p, "participant_submitted", pending_endorsement=True, recipients=recipients)
        return p.status
    seated = _take_seat_or_wait(p, delegation)
    audit.record("participant.submitted", p, changes={"status": p.status.value}, actor_id=actor_id)
    notify(
        p, "participant_submitted" if seated else "participant_waitlisted", recipients=recipients
    )
    return p.status


def endorse_participant(p: Participant, actor) -> ParticipantStatus:
    """The focal point vouches for a self-registration: it now counts as submitted."""
    delegation = lock_delegation(p.delegation_id)
    _reload(p)
    if p.status != S.PENDING_ENDORSEMENT:
        raise RegistrationError(_l("Only a registration awaiting endorsement can be endorsed."))
    p.endorsed_at = utcnow()
    seated = _take_seat_or_wait(p, delegation)
    audit.record(
        "participant.endorsed",
        p,
        changes={"status": p.status.value},
        actor_id=getattr(actor, "id", None),
    )
    notify(p, "participant_submitted" if seated else "participant_waitlisted")
    return p.status


def approve_participant(p: Participant, actor) -> None:
    delegation = lock_delegation(p.delegation_id)
    _reload(p)
    if p.status not in DECIDABLE:
        raise RegistrationError(_l("Only a submitted or waitlisted registration can be approved."))
    if p.status == S.WAITLISTED and seats_taken(delegation) >= delegation.quota:
        raise RegistrationError(
            _l("The delegation has no free seat. Raise its quota or free a seat first.")
        )
    p.status = S.APPROVED
    p.decided_at = utcnow()
    p.waitlisted_at = None
    p.status_reason = ""
    db.session.flush()
    audit.record(
        "participant.approved",
        p,
        changes={"status": p.status.value},
        actor_id=getattr(actor, "id", None),
    )
    from app.qr import qr_png

    # The HTML e-mail shows the badge code as a QR code the desk scans at badge pick-up.
    notify(p, "participant_approved", inline_images={"badge-qr": qr_png(p.badge_secret)})


def reject_participant(p: Participant, actor, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError(
            _l("Give a reason for the rejection; it is sent to the participant.")
        )
    delegation = lock_delegation(p.delegation_id)
    _reload(p)
    if p.status not in (*DECIDABLE, S.PENDING_ENDORSEMENT):
        raise RegistrationError(_l("Only a submitted or waitlisted registration can be rejected."))
    p.status = S.REJECTED
    p.decided_at = utcnow()
    p.waitlisted_at = None
    p.status_reason = reason[:1000]
    db.session.flush()
    audit.record(
        "participant.rejected",
        p,
        changes={"status": p.status.value, "reason": p.status_reason},
        actor_id=getattr(actor, "id", None),
    )
    notify(p, "participant_rejected", reason=p.status_reason)
    promote_waitlisted(delegation)


def withdraw_participant(p: Participant, actor, reason: str = "") -> None:
    """The delegation withdraws a member; a seat it held goes to the waitlist."""
    delegation = lock_delegation(p.delegation_id)
    _reload(p)
    if p.status not in WITHDRAWABLE:
        raise RegistrationError(_l("This registration cannot be withdrawn."))
    was_draft = p.status == S.DRAFT
    p.status = S.WITHDRAWN
    p.waitlisted_at = None
    p.status_reason = (reason or "").strip()[:1000]
    db.session.flush()
    audit.record(
        "participant.withdrawn",
        p,
        changes={"status": p.status.value},
        actor_id=getattr(actor, "id", None),
    )
    if not was_draft:
        notify(p, "participant_withdrawn")
    promote_waitlisted(delegation)


def cancel_participant(p: Participant, actor, reason: str = "") -> None:
    """Organizers cancel a registration; a seat it held goes to the waitlist."""
    delegation = lock_delegation(p.delegation_id)
    _reload(p)
    if p.status not in CANCELLABLE:
        raise RegistrationError(_l("This registration cannot be cancelled."))
    p.status = S.CANCELLED
    p.decided_at = utcnow()
    p.waitlisted_at = None
    p.status_reason = (reason or "").strip()[:1000]
    db.session.flush()
    audit.record(
        "participant.cancelled",
        p,
        changes={"status": p.status.value},
        actor_id=getattr(actor, "id", None),
    )
    notify(p, "participant_withdrawn", cancelled=True, reason=p.status_reason)
    promote_waitlisted(delegation)


def promote_waitlisted(delegation: Delegation | int) -> list[Participant]:
    """Give free seats to the waitlist in the order people were waitlisted.

    A promoted participant becomes submitted (holding the seat) and awaits approval.
    Call after anything that frees a seat: rejection, withdrawal, cancellation, a quota raise.
    """
    delegation_id = delegation if isinstance(delegation, int) else delegation.id
    delegation = lock_delegation(delegation_id)
    free = delegation.quota - seats_taken(delegation)
    if free <= 0:
        return []
    waiting = list(
        db.session.scalars(
            sa.select(Participant)
            .where(Participant.delegation_id == delegation_id, Participant.status == S.WAITLISTED)
            .order_by(Participant.waitlisted_at, Participant.id)
            .limit(free)
        )
    )
    for p in waiting:
        p.status = S.SUBMITTED
        p.waitlisted_at = None
        db.session.flush()
        audit.record("participant.promoted", p, changes={"status": p.status.value})
        notify(p, "participant_promoted")
    return waiting


# --- photos -------------------------------------------------------------------------------


def _store_photo(p: Participant, processed) -> None:
    photo = db.session.get(ParticipantPhoto, p.id) if p.id else None
    if photo is None:
        photo = ParticipantPhoto(participant_id=p.id)
        db.session.add(photo)
    photo.data = processed.data
    photo.content_type = processed.content_type
    photo.width = processed.width
    photo.height = processed.height
    photo.updated_at = utcnow()
    p.photo_updated_at = photo.updated_at


def set_photo(p: Participant, file_storage, actor=None) -> None:
    """Check, convert and store an uploaded photo; RegistrationError with the reason if bad."""
    from app.registration.photos import PhotoError, process_photo

    if actor is not None:
        _check_edits_open(actor)
    try:
        processed = process_photo(file_storage)
    except PhotoError as exc:
        raise RegistrationError(exc.message) from None
    _store_photo(p, processed)
    db.session.flush()
    audit.record(
        "participant.photo_changed",
        p,
        changes={"photo": "changed"},
        actor_id=getattr(actor, "id", None),
    )


def remove_photo(p: Participant, actor=None) -> None:
    photo = db.session.get(ParticipantPhoto, p.id)
    if photo is not None:
        db.session.delete(photo)
    p.photo_updated_at = None
    db.session.flush()
    audit.record(
        "participant.photo_removed",
        p,
        changes={"photo": "removed"},
        actor_id=getattr(actor, "id", None),
    )


# --- personal data ------------------------------------------------------------------------


def reveal_passport(p: Participant, actor) -> str:
    """The full passport number, for one look; every reveal is audited."""
    audit.record(
        "participant.passport_revealed",
        p,
        changes={"passport_number": "revealed"},
        actor_id=getattr(actor, "id", None),
    )
    return p.passport_number or ""


# --- visa letters -------------------------------------------------------------------------


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
    from app.i18n import forum

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
