"""Routes of the registration area about a participant's record beyond the form: the
photo, visa letters and the audit trail. The blueprint is registration's; views.py imports
this module, so the routes exist wherever the area does."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.auth.access import (
    delegation_or_404,
    login_required_any,
    participant_or_404,
    roles_required,
)
from app.auth.policy import EDITORS, ORGANIZERS, is_organizer, may_see_personal_data
from app.downloads import pdf_response
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import current_language
from app.models import AuditLog, Participant, ParticipantStatus
from app.registration import bp, photos, services, visas
from app.registration.history import describe
from app.registration.letters import visa_letters_pdf
from app.registration.services import RegistrationError
from app.security import is_safe_redirect

S = ParticipantStatus
LETTER_LANGUAGES = ("en", "fr", "zh")


def to_detail(p: Participant):
    return redirect(url_for("registration.detail", participant_id=p.id))


def delegation_page(delegation_id: int) -> str:
    return url_for("delegations.detail", delegation_id=delegation_id)


# --- photos -------------------------------------------------------------------------------


@bp.route("/<int:participant_id>/photo")
@login_required_any
def photo(participant_id: int):
    return photos.photo_download(participant_or_404(participant_id))


@bp.route("/<int:participant_id>/photo", methods=["POST"])
@roles_required(*EDITORS)
def upload_photo(participant_id: int):
    p = participant_or_404(participant_id)
    form = EmptyForm()
    upload = request.files.get("photo")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        flash(_("Choose a photo to upload."), "danger")
        return to_detail(p)
    if p.status in services.CLOSED and not is_organizer(current_user):
        flash(_("This registration is closed and can no longer be changed."), "danger")
        return to_detail(p)
    try:
        services.set_photo(p, upload, current_user)
    except RegistrationError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return to_detail(p)
    db.session.commit()
    flash(_("Photo saved."), "success")
    return to_detail(p)


@bp.route("/<int:participant_id>/photo/remove", methods=["POST"])
@roles_required(*EDITORS)
def remove_photo(participant_id: int):
    p = participant_or_404(participant_id)
    form = EmptyForm()
    if form.validate_on_submit() and p.has_photo:
        try:
            photos.remove_photo(p, current_user)
        except RegistrationError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return to_detail(p)
        db.session.commit()
        flash(_("Photo removed."), "success")
    return to_detail(p)


# --- visa letters ---------------------------------------------------------------------------


def _letter_language() -> str:
    lang = request.values.get("lang", "")
    return lang if lang in LETTER_LANGUAGES else current_language()


@bp.route("/<int:participant_id>/visa-letter", methods=["POST"])
@roles_required(*EDITORS)
def visa_letter(participant_id: int):
    """Issue (and record) the participant's visa invitation letter as a PDF."""

    p = participant_or_404(participant_id, options=[selectinload(Participant.delegation)])
    if not may_see_personal_data(current_user, p):
        abort(404)
    form = EmptyForm()
    if not form.validate_on_submit():
        return to_detail(p)
    if not visas.visa_letter_allowed(p):
        flash(
            _(
                "A visa letter is available once the registration is approved and one was requested."
            ),
            "warning",
        )
        return to_detail(p)
    language = _letter_language()
    letters = visas.issue_visa_letters([p], current_user, language)
    data = visa_letters_pdf([p], letters, language)
    db.session.commit()
    return pdf_response(data, f"visa-letter-{letters[0].reference}.pdf")


@bp.route("/delegation/<int:delegation_id>/visa-letters", methods=["POST"])
@roles_required(*ORGANIZERS)
def visa_letters(delegation_id: int):
    """One PDF with the letters of every approved member of a delegation who asked for one."""

    delegation = delegation_or_404(delegation_id)
    form = EmptyForm()
    people = list(
        db.session.scalars(
            sa.select(Participant)
            .where(
                Participant.delegation_id == delegation.id,
                Participant.status == S.APPROVED,
                Participant.visa_letter_wanted.is_(True),
            )
            .options(selectinload(Participant.delegation))
            .order_by(Participant.family_name, Participant.given_names)
        )
    )
    target = request.form.get("next")
    back = redirect(target if is_safe_redirect(target) else delegation_page(delegation.id))
    if not form.validate_on_submit():
        return back
    if not people:
        flash(_("No approved member of this delegation asked for a visa letter."), "warning")
        return back
    language = _letter_language()
    letters = visas.issue_visa_letters(people, current_user, language)
    data = visa_letters_pdf(people, letters, language)
    db.session.commit()
    return pdf_response(data, f"visa-letters-{delegation.code}.pdf")


# --- audit trail --------------------------------------------------------------------------


@bp.route("/<int:participant_id>/history")
@roles_required(*ORGANIZERS)
def history(participant_id: int):
    p = participant_or_404(participant_id)
    entries = db.session.scalars(
        sa.select(AuditLog)
        .where(AuditLog.object_type == Participant.__tablename__, AuditLog.object_id == p.id)
        .options(selectinload(AuditLog.actor))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(500)
    ).all()

    return render_template(
        "registration/history.html", p=p, entries=entries, described=describe(entries)
    )
