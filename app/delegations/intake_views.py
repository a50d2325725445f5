"""Routes of the delegations area by which participants come in: the registration link a
focal point shares (self-registration) and the bulk import. The blueprint is the
delegations'; views.py imports this module."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import delegation_or_404, public, roles_required
from app.auth.policy import MANAGERS
from app.delegations import bp, services
from app.delegations.forms import ImportForm
from app.downloads import csv_response, xlsx_response
from app.extensions import db, limiter
from app.forms import EmptyForm
from app.i18n import forum
from app.models import Delegation, DelegationStatus
from app.registration import importer
from app.registration.fields import SECTIONS
from app.registration.forms import ParticipantForm
from app.registration.services import RegistrationError, create_participant, submit_participant


def back(delegation: Delegation, anchor: str = ""):
    return redirect(url_for("delegations.detail", delegation_id=delegation.id) + anchor)


# --- the registration link ------------------------------------------------------------------


@bp.route("/<int:delegation_id>/link/rotate", methods=["POST"])
@roles_required(*MANAGERS)
def rotate_link(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    if EmptyForm().validate_on_submit():
        services.rotate_registration_token(delegation)
        db.session.commit()
        flash(_("A new registration link was made; the previous one no longer works."), "success")
    return back(delegation, "#link")


@bp.route("/<int:delegation_id>/link/revoke", methods=["POST"])
@roles_required(*MANAGERS)
def revoke_link(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    if EmptyForm().validate_on_submit():
        services.revoke_registration_token(delegation)
        db.session.commit()
        flash(_("The registration link no longer works."), "success")
    return back(delegation, "#link")


@bp.route("/register/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["PUBLIC_FORM_RATE_LIMIT"], methods=["POST"])
def self_register(token: str):
    delegation = services.delegation_for_token(token)
    if delegation is None:
        return render_template("delegations/link_closed.html", reason="invalid"), 404
    if request.args.get("done"):
        return render_template("delegations/self_register_done.html", delegation=delegation)
    settings = forum()
    if (
        settings is None
        or not settings.registration_is_open()
        or delegation.status == DelegationStatus.DECLINED
    ):
        return render_template(
            "delegations/link_closed.html", reason="closed", delegation=delegation
        )
    actor = current_user if current_user.is_authenticated else None
    form = ParticipantForm(forum=settings, delegation=delegation, actor=None, submitting=True)
    del form.save_draft
    if form.validate_on_submit():
        try:
            participant = create_participant(delegation, form, actor, self_registered=True)
            submit_participant(participant, actor)
        except RegistrationError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            return redirect(url_for("delegations.self_register", token=token, done=1))
    return render_template(
        "delegations/self_register.html", form=form, delegation=delegation, sections=SECTIONS
    )


# --- bulk import ----------------------------------------------------------------------------


@bp.route("/<int:delegation_id>/import/template")
@roles_required(*MANAGERS)
def import_template(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    if request.args.get("format") == "xlsx":
        return xlsx_response(importer.template_xlsx(), f"import-template-{delegation.code}.xlsx")
    return csv_response(importer.template_csv(), f"import-template-{delegation.code}.csv")


@bp.route("/<int:delegation_id>/import", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def import_participants(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    form = ImportForm()
    result = None
    file_error = None
    if form.validate_on_submit():
        storage = form.file.data
        data = storage.read()
        try:
            result = importer.import_participants(
                delegation,
                storage.filename or "",
                data,
                current_user,
                submit_all=form.submit_all.data,
                forum=forum(),
            )
        except importer.ImportFileError as exc:
            db.session.rollback()
            file_error = str(exc)
        else:
            if result.ok:
                db.session.commit()
                flash(
                    _("%(n)s people imported.", n=len(result.created)),
                    "success",
                )
                return back(delegation)
            db.session.rollback()
    return render_template(
        "delegations/import.html",
        delegation=delegation,
        form=form,
        result=result,
        file_error=file_error,
        columns=importer.columns(),
        helps=importer.column_help(),
    )
