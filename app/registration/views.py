"""Routes of the registration area: a participant's page, the form and the workflow
buttons. The photo, visa letters and audit trail are in record_views.py (imported here)."""

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
from app.auth.policy import (
    EDITORS,
    MANAGERS,
    ORGANIZERS,
    is_manager,
    is_organizer,
    may_edit,
    may_see_personal_data,
)
from app.auth.services import create_invitation, user_by_email
from app.documents.qr import qr_svg
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import forum
from app.integers import form_ids
from app.models import Participant, ParticipantStatus, Role, User, VisaLetter
from app.notify import participant_locale
from app.panels import register_panel
from app.registration import bp, rules, services, visas
from app.registration.fields import DIETARY_LABELS, SECTIONS
from app.registration.forms import ParticipantForm
from app.registration.record_views import LETTER_LANGUAGES, delegation_page, to_detail
from app.registration.services import RegistrationError
from app.security import is_safe_redirect

S = ParticipantStatus


@bp.app_context_processor
def _status_rules() -> dict:
    """Templates show an action's button only where the status table allows the action."""
    return {"may_act": rules.may, "is_closed": rules.is_closed}


# --- pages --------------------------------------------------------------------------------


@bp.route("/")
@login_required_any
def index():
    """Everyone's way in: a delegate's own registration, a focal point's delegation, the
    roster for organizers and staff."""
    role = current_user.role
    if role == Role.DELEGATE:
        if current_user.participant_id:
            return redirect(
                url_for("registration.detail", participant_id=current_user.participant_id)
            )
        return render_template("registration/no_registration.html")
    if role == Role.FOCAL_POINT:
        return redirect(delegation_page(current_user.delegation_id))
    return redirect(url_for("desk.rosters.index"))


@bp.route("/<int:participant_id>")
@login_required_any
def detail(participant_id: int):
    p = participant_or_404(
        participant_id,
        options=[selectinload(Participant.category), selectinload(Participant.delegation)],
    )
    return _render_detail(p)


def _badge_qr(p: Participant, personal: bool):
    """The badge pick-up code, for the participant, their focal point and organizers."""

    if not personal or p.status != S.APPROVED:
        return None
    return qr_svg(p.pickup_code, title=_("Badge pick-up code"))


def _render_detail(p: Participant, revealed: str | None = None, status: int = 200):
    personal = may_see_personal_data(current_user, p)
    letters = []
    account = None
    if personal or is_organizer(current_user):
        letters = list(
            db.session.scalars(
                sa.select(VisaLetter)
                .where(VisaLetter.participant_id == p.id)
                .order_by(VisaLetter.issued_at.desc())
            )
        )
        account = db.session.scalar(sa.select(User).where(User.participant_id == p.id))
    return (
        render_template(
            "registration/detail.html",
            p=p,
            personal=personal,
            revealed=revealed,
            may_edit=may_edit(current_user, p)
            and (p.status not in services.CLOSED or is_organizer(current_user)),
            is_organizer=is_organizer(current_user),
            is_manager=is_manager(current_user),
            letters=letters,
            badge_qr=_badge_qr(p, personal),
            account=account,
            missing=services.missing_fields(p),
            letter_allowed=visas.visa_letter_allowed(p) and personal,
            letter_languages=LETTER_LANGUAGES,
            dietary_labels=DIETARY_LABELS,
            seats_left=services.seats_left(p.delegation),
            waitlist_position=services.waitlist_position(p),
            form=EmptyForm(),
        ),
        status,
    )


def _form_page(form, p: Participant | None, delegation, status: int = 200):
    return (
        render_template(
            "registration/form.html",
            form=form,
            p=p,
            delegation=delegation,
            sections=SECTIONS,
            personal=p is None or may_see_personal_data(current_user, p),
            seats_left=services.seats_left(delegation),
        ),
        status,
    )


def _after_save(p: Participant, form, *, created: bool = False) -> tuple[bool, str | None]:
    """Submit when the submit button was used; returns (ok, message)."""
    if not form.submit.data or p.status != S.DRAFT:
        return True, None
    try:
        status = services.submit_participant(p, current_user, created=created)
    except RegistrationError as exc:
        return False, str(exc)
    if status == S.WAITLISTED:
        return True, _("Every seat is taken: the registration is on the waiting list.")
    if status == S.PENDING_ENDORSEMENT:
        return True, _("Submitted; it now awaits the focal point’s endorsement.")
    return True, _("Submitted for approval.")


@bp.route("/new/<int:delegation_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def new(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    settings = forum()
    form = ParticipantForm(forum=settings, delegation=delegation, actor=current_user)
    if request.method == "POST" and form.validate():
        try:
            p = services.create_participant(delegation, form, current_user)
            ok, message = _after_save(p, form, created=True)
        except RegistrationError as exc:
            ok, message = False, str(exc)
        if not ok:
            db.session.rollback()
            flash(message, "danger")
            return _form_page(form, None, delegation, 422)
        page = to_detail(p)  # before the commit expires p (no SELECT to read its id back)
        db.session.commit()
        flash(message or _("Saved as a draft."), "success")
        return page
    return _form_page(form, None, delegation, 422 if form.errors else 200)


@bp.route("/<int:participant_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(participant_id: int):
    p = participant_or_404(participant_id)
    form = ParticipantForm(
        obj=p,
        forum=forum(),
        delegation=p.delegation,
        actor=current_user,
        participant=p,
    )
    if p.status != S.DRAFT:
        del form.save_draft
        form.submit.label.text = _("Save changes")
    if request.method == "POST" and form.validate():
        try:
            services.update_participant(p, form, current_user)
            ok, message = _after_save(p, form)
        except RegistrationError as exc:
            ok, message = False, str(exc)
        if not ok:
            db.session.rollback()
            flash(message, "danger")
            return _form_page(form, p, p.delegation, 422)
        db.session.commit()
        flash(message or _("Changes saved."), "success")
        return to_detail(p)
    settings = forum()
    closed = p.status in services.CLOSED or (settings is not None and not settings.edits_are_open())
    if request.method == "GET" and closed and not is_organizer(current_user):
        flash(
            _("This registration can no longer be changed here. Please contact the secretariat."),
            "warning",
        )
        return to_detail(p)
    return _form_page(form, p, p.delegation, 422 if form.errors else 200)


# --- workflow buttons ---------------------------------------------------------------------


def _act(p: Participant, action, success: str):
    """Run one workflow service for a POST button, commit, flash, back to the page."""
    form = EmptyForm()
    if not form.validate_on_submit():
        flash(_("The form has expired; please try again."), "danger")
        return _back_to(p)
    try:
        action()
    except RegistrationError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _back_to(p)
    db.session.commit()
    flash(success, "success")
    return _back_to(p)


def _back_to(p: Participant):
    target = request.form.get("next")
    if is_safe_redirect(target):
        return redirect(target)
    return to_detail(p)


@bp.route("/<int:participant_id>/submit", methods=["POST"])
@roles_required(*EDITORS)
def submit(participant_id: int):
    p = participant_or_404(participant_id)

    def action():
        status = services.submit_participant(p, current_user)
        if status == S.WAITLISTED:
            flash(_("Every seat is taken: the registration is on the waiting list."), "warning")

    return _act(p, action, _("Registration submitted."))


@bp.route("/<int:participant_id>/endorse", methods=["POST"])
@roles_required(*MANAGERS)
def endorse(participant_id: int):
    p = participant_or_404(participant_id)
    return _act(
        p, lambda: services.endorse_participant(p, current_user), _("Registration endorsed.")
    )


@bp.route("/<int:participant_id>/withdraw", methods=["POST"])
@roles_required(*MANAGERS)
def withdraw(participant_id: int):
    p = participant_or_404(participant_id)
    return _act(
        p,
        lambda: services.withdraw_participant(p, current_user, request.form.get("reason", "")),
        _("Registration withdrawn."),
    )


@bp.route("/<int:participant_id>/approve", methods=["POST"])
@roles_required(*ORGANIZERS)
def approve(participant_id: int):
    p = participant_or_404(participant_id)
    return _act(
        p, lambda: services.approve_participant(p, current_user), _("Registration approved.")
    )


@bp.route("/<int:participant_id>/reject", methods=["POST"])
@roles_required(*ORGANIZERS)
def reject(participant_id: int):
    p = participant_or_404(participant_id)
    return _act(
        p,
        lambda: services.reject_participant(p, current_user, request.form.get("reason", "")),
        _("Registration rejected; the reason was sent."),
    )


@bp.route("/<int:participant_id>/cancel", methods=["POST"])
@roles_required(*ORGANIZERS)
def cancel(participant_id: int):
    p = participant_or_404(participant_id)
    return _act(
        p,
        lambda: services.cancel_participant(p, current_user, request.form.get("reason", "")),
        _("Registration cancelled."),
    )


BULK_ACTIONS = ("approve", "reject", "cancel")


@bp.route("/bulk", methods=["POST"])
@roles_required(*ORGANIZERS)
def bulk_action():
    """Approve, reject or cancel a selection (posted by the roster); one transaction per
    person, so one refusal does not undo the others."""
    target = request.form.get("next")
    back = redirect(target if is_safe_redirect(target) else url_for("desk.rosters.index"))
    form = EmptyForm()
    action = request.form.get("action", "")
    reason = request.form.get("reason", "").strip()
    ids = form_ids("participant_ids")
    if not form.validate_on_submit() or action not in BULK_ACTIONS:
        flash(_("Choose an action."), "danger")
        return back
    if not ids:
        flash(_("Select at least one participant."), "warning")
        return back
    if action == "reject" and not reason:
        flash(_("Give a reason for the rejection; it is sent to the participants."), "danger")
        return back
    done, refused = 0, []
    for pid in ids:
        p = db.session.get(Participant, pid)
        if p is None:
            continue
        try:
            if action == "approve":
                services.approve_participant(p, current_user)
            elif action == "reject":
                services.reject_participant(p, current_user, reason)
            else:
                services.cancel_participant(p, current_user, reason)
        except RegistrationError as exc:
            db.session.rollback()
            refused.append(f"{p.full_name}: {exc}")
            continue
        db.session.commit()
        done += 1
    if done:
        flash(_("%(n)s registration(s) updated.", n=done), "success")
    if refused:
        flash(_("Not changed: %(list)s", list="; ".join(refused[:10])), "warning")
    return back


@bp.route("/<int:participant_id>/invite", methods=["POST"])
@roles_required(*MANAGERS)
def invite(participant_id: int):
    """Invite the participant by e-mail to complete their own profile."""

    p = participant_or_404(participant_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        return to_detail(p)
    if not p.email:
        flash(_("Enter the participant’s e-mail address first."), "danger")
        return to_detail(p)
    if p.status in services.CLOSED:
        flash(_("This registration is closed."), "danger")
        return to_detail(p)
    existing = db.session.scalar(sa.select(User).where(User.participant_id == p.id))
    other = user_by_email(p.email)
    if existing is not None or (other is not None and other.role != Role.DELEGATE):
        flash(_("This person already has an account."), "warning")
        return to_detail(p)
    invitation, _token = create_invitation(
        p.email,
        Role.DELEGATE,
        delegation_id=p.delegation_id,
        participant_id=p.id,
        full_name=p.full_name,
        invited_by=current_user,
        locale=participant_locale(p),
    )
    db.session.commit()
    flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
    return to_detail(p)


# --- personal data ------------------------------------------------------------------------


@bp.route("/<int:participant_id>/passport", methods=["POST"])
@roles_required(*EDITORS)
def reveal_passport(participant_id: int):
    """Show the passport number once, on an explicit request that is audited."""
    p = participant_or_404(participant_id)
    if not may_see_personal_data(current_user, p):
        abort(404)
    form = EmptyForm()
    if not form.validate_on_submit() or not p.passport_number:
        return to_detail(p)
    number = services.reveal_passport(p, current_user)
    db.session.commit()
    return _render_detail(p, revealed=number)


# --- dashboard ----------------------------------------------------------------------------


def _my_registration_panel(user) -> dict | None:
    if not user.participant_id:
        return None
    p = db.session.get(
        Participant, user.participant_id, options=[selectinload(Participant.category)]
    )
    if p is None:
        return None
    return {
        "participant": p,
        "missing": services.missing_fields(p),
        "letter_allowed": visas.visa_letter_allowed(p),
        "form": EmptyForm(),
    }


register_panel(
    "my_registration",
    "registration/_panel_my_registration.html",
    roles=(Role.DELEGATE,),
    loader=_my_registration_panel,
    order=10,
)
