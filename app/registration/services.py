"""The rules of registration: create, edit, submit, endorse, decide, withdraw, waitlist.

Every state change takes the delegation's row lock first and only then counts the seats,
so two submissions racing for the last seat cannot both win: on PostgreSQL the second waits
on SELECT … FOR UPDATE; on SQLite the POST transaction already holds the write lock
(BEGIN IMMEDIATE). Services flush, never commit; every change is audited and the e-mails
it causes are queued in the same transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app import audit
from app.auth.policy import is_organizer
from app.documents.qr import qr_png
from app.extensions import db
from app.i18n import forum
from app.models import (
    SEAT_STATUSES,
    Delegation,
    Participant,
    ParticipantStatus,
    new_badge_secret,
    utcnow,
)
from app.notify import Recipient, notify, recipients_of
from app.programme.services import release_signups
from app.registration import rules
from app.registration.photos import PhotoError, process_photo, store_photo

S = ParticipantStatus

CLOSED = tuple(S(s) for s in sorted(rules.CLOSED_STATUSES))


class RegistrationError(Exception):
    """A rule refused the action; `message` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


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


def seats_taken_locked(delegation: Delegation) -> int:
    """Take the delegation's lock, then count its seats: what a new quota may not go below.

    The lock is held until the transaction ends, so no submission takes a seat between the
    count and the change of quota."""
    lock_delegation(delegation.id)
    return seats_taken(delegation)


def seats_left(delegation: Delegation) -> int:
    return max(delegation.quota - seats_taken(delegation), 0)


# --- completeness -------------------------------------------------------------------------


FIELD_LABELS = {
    "given_names": _l("Given name(s)"),
    "email": _l("E-mail"),
    "nationality": _l("Nationality"),
    "date_of_birth": _l("Date of birth"),
    "passport_number": _l("Passport number"),
    "passport_expiry": _l("Passport expiry date"),
    "photo": _l("Photo"),
    "consent": _l("Consent"),
}


def completeness_facts(p: Participant) -> dict:
    """What the completeness rule (rules.missing_fields) reads of a participant."""
    return {
        "given_names": p.given_names,
        "email": p.email,
        "requires_passport": p.category is not None and p.category.requires_passport,
        "nationality": p.nationality,
        "date_of_birth": p.date_of_birth,
        "passport_number": p.passport_number,
        "passport_expiry": p.passport_expiry,
        "has_photo": p.has_photo,
        "consent": p.consent_at is not None,
    }


def missing_fields(p: Participant) -> list[str]:
    """What a participant still lacks to be submitted (labels, for the user)."""
    return [str(FIELD_LABELS[m]) for m in rules.missing_fields(completeness_facts(p))]


def lacks_passport_data(p: Participant) -> bool:
    """Whether the passport data a visa needs are still missing."""
    return rules.lacks_passport_data(completeness_facts(p))


def blocking_missing_fields(p: Participant) -> list[str]:
    """Missing fields that prevent a submission (a photo may follow later)."""
    return [str(FIELD_LABELS[m]) for m in rules.blocking_missing_fields(completeness_facts(p))]


# --- heads of delegation ------------------------------------------------------------------


def other_head(delegation_id: int, participant_id: int | None = None) -> Participant | None:
    """The delegation's active head of delegation other than participant_id, if any."""
    return db.session.scalar(
        sa.select(Participant).where(
            Participant.delegation_id == delegation_id,
            Participant.is_head.is_(True),
            Participant.status.not_in(CLOSED),
            *([Participant.id != participant_id] if participant_id else []),
        )
    )


def _flush_checking_head(p: Participant) -> None:
    """Flush; a second head of delegation (the database's unique index, e.g. two forms saved
    at once) becomes the form's message instead of a server error."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError as exc:
        # PostgreSQL names the index; SQLite names the column it covers.
        message = str(exc.orig)
        if "ux_participants_one_head" not in message and (
            "UNIQUE constraint failed: participants.delegation_id" not in message
        ):
            raise
        raise RegistrationError(
            _l("This delegation already has a head of delegation; a delegation has one head.")
        ) from None


# --- creating and editing -----------------------------------------------------------------


def _check_registration_open(actor) -> None:
    f = forum()
    if f is not None and not is_organizer(actor) and not f.registration_is_open():
        raise RegistrationError(_l("Registration is closed."))


def check_edits_open(actor) -> None:
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
    _flush_checking_head(p)
    if form.processed_photo is not None:
        store_photo(p, form.processed_photo)
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
    check_edits_open(actor)
    form.populate_participant(p)
    changes = audit.changes_of(p)
    if form.processed_photo is not None:
        store_photo(p, form.processed_photo)
        changes["photo"] = "changed"
    if changes:
        _flush_checking_head(p)
        audit.record("participant.updated", p, changes=changes, actor_id=getattr(actor, "id", None))
    return changes


# --- the workflow -------------------------------------------------------------------------


def _refuse_unless(action: str, p: Participant, message) -> None:
    if not rules.may(action, p.status.value):
        raise RegistrationError(message)


def _move(
    p: Participant,
    action: str,
    actor,
    *,
    seat_free: bool = True,
    changes: dict | None = None,
    recipients: list[Recipient] | None = None,
    **email_context,
) -> ParticipantStatus:
    """Apply one row of the status table to p: status, audit entry, e-mail (at most once).

    The caller holds the delegation's lock and has checked rules.may(action, ...).
    """
    t = rules.transition(action)
    before = p.status.value
    after = rules.next_status(action, before, seat_free=seat_free)
    p.status = S(after)
    if after == rules.WAITLISTED:
        p.waitlisted_at = utcnow()
    else:
        p.waitlisted_at = None
    db.session.flush()
    audit.record(
        t.audit,
        p,
        changes={"status": after, **(changes or {})},
        actor_id=getattr(actor, "id", None),
    )
    template = rules.email_for(action, before, after)
    if template is not None:
        notify(p, template, recipients=recipients, **email_context)
    if t.frees_seats:
        _release_session_places(p)
    return p.status


def _release_session_places(p: Participant) -> None:
    """Someone who leaves holds no session place: their sign-ups go to the waitlists."""

    release_signups(p)


def submit_participant(p: Participant, actor) -> ParticipantStatus:
    """Draft -> submitted if a seat is free, else waitlisted; a self-registration goes to
    pending_endorsement first.

    What does not depend on the seats (completeness, who hears about it) is read before the
    lock, so the part that runs one submission at a time stays short.
    """
    _check_registration_open(actor)
    not_draft = _l("Only a draft can be submitted.")
    _refuse_unless("submit", p, not_draft)
    missing = blocking_missing_fields(p)
    if missing:
        raise RegistrationError(
            _l("Complete these fields first: %(fields)s.", fields=", ".join(missing))
        )
    recipients = recipients_of(p)
    delegation = lock_delegation(p.delegation_id)
    db.session.refresh(p, ["status"])  # another request may have moved it meanwhile
    _refuse_unless("submit", p, not_draft)
    endorsing = p.self_registered and p.endorsed_at is None
    # Seats counted before p changes, so that p is written once (no autoflush in between).
    seat_free = not endorsing and seats_taken(delegation) < delegation.quota
    p.submitted_at = p.submitted_at or utcnow()
    if endorsing:
        return _move(
            p,
            "submit_for_endorsement",
            actor,
            recipients=recipients,
            pending_endorsement=True,
        )
    return _move(
        p,
        "submit",
        actor,
        seat_free=seat_free,
        recipients=recipients,
    )


def endorse_participant(p: Participant, actor) -> ParticipantStatus:
    """The focal point vouches for a self-registration: it now counts as submitted."""
    delegation = lock_delegation(p.delegation_id)
    _reload(p)
    _refuse_unless("endorse", p, _l("Only a registration awaiting endorsement can be endorsed."))
    p.endorsed_at = utcnow()
    return _move(p, "endorse", actor, seat_free=seats_taken(delegation) < delegation.quota)


def approve_participant(p: Participant, actor) -> None:
    delegation = lock_delegation(p.delegation_id)
    _reload(p)
    _refuse_unless("approve", p, _l("Only a submitted or waitlisted registration can be approved."))
    if not rules.holds_seat(p.status.value) and seats_taken(delegation) >= delegation.quota:
        raise RegistrationError(
            _l("The delegation has no free seat. Raise its quota or free a seat first.")
        )
    p.decided_at = utcnow()
    p.status_reason = ""
    if not p.pickup_code:
        p.pickup_code = new_badge_secret()

    # The HTML e-mail shows the pick-up code (not the badge) as a QR code for the counter.
    _move(p, "approve", actor, inline_images={"badge-qr": qr_png(p.pickup_code)})


def reject_participant(p: Participant, actor, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError(
            _l("Give a reason for the rejection; it is sent to the participant.")
        )
    delegation = lock_delegation(p.delegation_id)
    _reload(p)
    _refuse_unless("reject", p, _l("Only a submitted or waitlisted registration can be rejected."))
    p.decided_at = utcnow()
    p.status_reason = reason[:1000]
    _move(p, "reject", actor, changes={"reason": p.status_reason}, reason=p.status_reason)
    promote_waitlisted(delegation)


def withdraw_participant(p: Participant, actor, reason: str = "") -> None:
    """The delegation withdraws a member; the seats they held go to the waitlists."""
    delegation = lock_delegation(p.delegation_id)
    _reload(p)
    _refuse_unless("withdraw", p, _l("This registration cannot be withdrawn."))
    p.status_reason = (reason or "").strip()[:1000]
    _move(p, "withdraw", actor)
    promote_waitlisted(delegation)


def cancel_participant(p: Participant, actor, reason: str = "") -> None:
    """Organizers cancel a registration; the seats it held go to the waitlists."""
    delegation = lock_delegation(p.delegation_id)
    _reload(p)
    _refuse_unless("cancel", p, _l("This registration cannot be cancelled."))
    p.decided_at = utcnow()
    p.status_reason = (reason or "").strip()[:1000]
    _move(p, "cancel", actor, cancelled=True, reason=p.status_reason)
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
        _move(p, "promote", None)
    return waiting


# --- photos -------------------------------------------------------------------------------


def set_photo(p: Participant, file_storage, actor=None) -> None:
    """Check, convert and store an uploaded photo; RegistrationError with the reason if bad."""

    if actor is not None:
        check_edits_open(actor)
    try:
        processed = process_photo(file_storage)
    except PhotoError as exc:
        raise RegistrationError(exc.message) from None
    store_photo(p, processed)
    db.session.flush()
    audit.record(
        "participant.photo_changed",
        p,
        changes={"photo": "changed"},
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
