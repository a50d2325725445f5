"""Routes of the clearance area: organizers send batches and read the states; the security
service (and organizers) download batches, import answers and decide on the vetting page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import roles_required
from app.auth.policy import ORGANIZERS, VETTING
from app.clearance import bp, queries, services
from app.clearance.forms import AnswersForm, DecisionForm
from app.downloads import XLSX, download_name, file_response
from app.extensions import db
from app.forms import EmptyForm
from app.integers import query_int
from app.models import Clearance, ClearanceBatch, ClearanceStatus, Role
from app.panels import register_panel
from app.registration.importer import ImportFileError
from app.registration.photos import photo_download


def _state_arg() -> ClearanceStatus | None:
    try:
        return ClearanceStatus(request.args.get("state", ""))
    except ValueError:
        return None


def _page_arg() -> int:
    return query_int("page", 1, minimum=1)


@bp.route("/", endpoint="index")
@roles_required(*ORGANIZERS)
def index():
    state = _state_arg()
    people, clearances = queries.people_page(state, _page_arg())
    return render_template(
        "clearance/index.html",
        counts=queries.counts(),
        required=queries.clearance_required(),
        state=state,
        people=people,
        clearances=clearances,
        batches=queries.batches(),
        send_form=EmptyForm(),
        answers_form=AnswersForm(),
        States=ClearanceStatus,
    )


@bp.route("/batches", methods=["POST"], endpoint="send")
@roles_required(*ORGANIZERS)
def send():
    if not EmptyForm().validate_on_submit():
        flash(_("The form has expired; please try again."), "danger")
        return redirect(url_for("clearance.index"))
    batch = services.send_batch(current_user)
    if batch is None:
        flash(_("Everyone has been sent for vetting already."), "info")
        return redirect(url_for("clearance.index"))
    db.session.commit()
    flash(
        _(
            "Batch %(n)s: %(count)s people sent for vetting. Download the list and the photos "
            "for the security service.",
            n=batch.id,
            count=batch.size,
        ),
        "success",
    )
    return redirect(url_for("clearance.index"))


@bp.route("/batches/<int:batch_id>.xlsx", endpoint="batch_xlsx")
@roles_required(*VETTING)
def batch_xlsx(batch_id: int):
    batch = db.get_or_404(ClearanceBatch, batch_id)
    body = services.export_xlsx(batch)
    db.session.commit()  # the export's audit entry
    return file_response(
        body,
        XLSX,
        download_name(f"clearance-batch-{batch.id}", "xlsx"),
    )


@bp.route("/batches/<int:batch_id>/photos.zip", endpoint="batch_photos")
@roles_required(*VETTING)
def batch_photos(batch_id: int):
    batch = db.get_or_404(ClearanceBatch, batch_id)
    body = services.photos_zip(batch)
    db.session.commit()
    return file_response(
        body, "application/zip", download_name(f"clearance-batch-{batch.id}-photos", "zip")
    )


@bp.route("/answers", methods=["GET", "POST"], endpoint="answers")
@roles_required(*VETTING)
def answers():
    form = AnswersForm()
    report = None
    file_error = None
    if form.validate_on_submit():
        storage = form.file.data
        try:
            report = services.import_answers(
                storage.filename or "", storage.read(services.MAX_ANSWER_BYTES + 1), current_user
            )
        except ImportFileError as exc:
            db.session.rollback()
            file_error = str(exc)
        else:
            if report.ok:
                db.session.commit()
                flash(
                    _(
                        "%(rows)s answers read: %(cleared)s cleared, %(refused)s refused, "
                        "%(same)s unchanged.",
                        rows=report.rows,
                        cleared=report.cleared,
                        refused=report.refused,
                        same=report.unchanged,
                    ),
                    "success",
                )
                back = "clearance.index" if current_user.role in ORGANIZERS else "clearance.vetting"
                return redirect(url_for(back))
            db.session.rollback()
    status = 422 if (report and not report.ok) or file_error else 200
    return render_template(
        "clearance/answers.html", form=form, report=report, file_error=file_error
    ), status


@bp.route("/vetting", endpoint="vetting")
@roles_required(*VETTING)
def vetting():
    return render_template(
        "clearance/vetting.html",
        page=queries.vetting_page(_page_arg()),
        counts=queries.counts(),
        batches=queries.batches(),
        form=DecisionForm(),
    )


def _clearance_or_404(participant_id: int) -> Clearance:
    """Only people sent for vetting are visible to the security service."""
    clearance = db.session.get(Clearance, participant_id)
    if clearance is None:
        abort(404)
    return clearance


@bp.route("/<int:participant_id>/decision", methods=["POST"], endpoint="decide")
@roles_required(*VETTING)
def decide(participant_id: int):
    clearance = _clearance_or_404(participant_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(f"{clearance.reference}: {error}", "danger")
        return redirect(url_for("clearance.vetting"))
    status = ClearanceStatus(form.decision.data)
    if services.decide(clearance, status, form.reason.data or "", current_user):
        services.close_answered_batches({clearance.batch_id})
    db.session.commit()
    flash(
        _("%(ref)s: %(state)s.", ref=clearance.reference, state=status.label),
        "success",
    )
    return redirect(url_for("clearance.vetting"))


@bp.route("/<int:participant_id>/photo", endpoint="photo")
@roles_required(*VETTING)
def photo(participant_id: int):
    return photo_download(_clearance_or_404(participant_id).participant)


@bp.app_template_global("clearance_of")
def clearance_of(participant_id: int) -> Clearance | None:
    """A participant's clearance, for their page (organizers see it there)."""
    return db.session.get(Clearance, participant_id) if queries.clearance_required() else None


def _panel(user) -> dict | None:
    if user.role != Role.SECURITY and not queries.clearance_required():
        return None
    return {"counts": queries.counts(), "States": ClearanceStatus}


register_panel(
    "clearance", "clearance/dashboard_panel.html", (*ORGANIZERS, Role.SECURITY), _panel, 25
)
