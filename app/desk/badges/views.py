"""Badge printing at the desk: choose a batch, preview, print (recorded), report a lost
badge, and the pick-up counter (scan the approval e-mail's code, print that badge)."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.auth.access import DESK, participant_or_404, roles_required
from app.desk.badges import bp, queries, services
from app.desk.badges.forms import BatchForm, PickupForm
from app.desk.checkin import queries as checkin_queries
from app.desk.checkin import services as checkin_services
from app.downloads import spooled_pdf_response
from app.extensions import db
from app.forms import EmptyForm, choices
from app.models import ParticipantStatus
from app.registration import rules


def _batch_form(formdata, meta_csrf: bool, counts: dict | None = None) -> BatchForm:
    """The batch form with its delegations and categories (with counts, for the page)."""
    form = BatchForm(formdata=formdata, meta={} if meta_csrf else {"csrf": False})
    delegations, categories = queries.batch_choices()

    def label(name: str, key: str, object_id: int) -> str:
        if counts is None:
            return name
        n, todo = counts[key].get(object_id, (0, 0))
        return _(
            "%(name)s — %(n)d approved, %(todo)d to print", name=name, n=n, todo=int(todo or 0)
        )

    form.delegation_id.choices = choices(
        [("", _("Every delegation"))]
        + [(d.id, label(d.name, "delegation", d.id)) for d in delegations]
    )
    form.category_id.choices = choices(
        [("", _("Every category"))] + [(c.id, label(c.name, "category", c.id)) for c in categories]
    )
    return form


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _filename(layout: str) -> str:
    return f"badges-{layout}.pdf"


def _skipped_message(n: int) -> str:
    return ngettext(
        "%(num)d badge skipped: that person is not cleared by security yet, or was refused.",
        "%(num)d badges skipped: those people are not cleared by security yet, or were refused.",
        n,
    )


@bp.route("")
@roles_required(*DESK)
def index():
    counts = queries.approved_counts()
    form = _batch_form(request.args, meta_csrf=False, counts=counts)
    form.validate()
    batch_size = queries.count_badges(**form.batch())
    uncleared = queries.count_uncleared(**form.batch())
    q = (request.args.get("q") or "").strip()[:100]
    found = checkin_queries.search(q) if q else []
    prints = queries.print_counts([p.id for p in found])
    return render_template(
        "desk/badges.html",
        form=form,
        counts=counts,
        batch_size=batch_size,
        uncleared=uncleared,
        args=form.query_args(),
        q=q,
        found=found,
        prints=prints,
        print_form=EmptyForm(),
        ParticipantStatus=ParticipantStatus,
    )


@bp.route("/pdf")
@roles_required(*DESK)
def pdf():
    """A preview of a batch: nothing is recorded (printing is a POST)."""
    form = _batch_form(request.args, meta_csrf=False)
    if not form.validate():
        abort(400)
    ids = queries.batch_ids(**form.batch())
    out, _count = services.badge_pdf(ids, form.layout.data, form.lang.data)
    return spooled_pdf_response(out, _filename(form.layout.data), inline=True)


@bp.route("/print", methods=["POST"])
@roles_required(*DESK)
def print_batch():
    form = _batch_form(request.form, meta_csrf=True)
    if "scope" not in request.form or not form.validate():
        flash(_("Choose the badges and the layout to print."), "danger")
        return redirect(url_for("desk.badges.index"))
    ids = queries.batch_ids(**form.batch())
    if uncleared := queries.count_uncleared(**form.batch()):
        flash(_skipped_message(uncleared), "warning")
    if not ids:
        flash(_("No approved participant in this batch."), "warning")
        return redirect(url_for("desk.badges.index", **form.query_args()))
    out, _count = services.badge_pdf(ids, form.layout.data, form.lang.data)
    services.record_prints(ids, current_user, form.layout.data)
    db.session.commit()
    return spooled_pdf_response(out, _filename(form.layout.data))


@bp.route("/<int:participant_id>/lost", methods=["POST"])
@roles_required(*DESK)
def report_lost(participant_id: int):
    participant = participant_or_404(participant_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        flash(_("The form has expired; please try again."), "danger")
        return redirect(url_for("desk.badges.index"))
    services.report_lost_badge(participant, current_user)
    db.session.commit()
    flash(
        _(
            "The badge of %(name)s is revoked and will be refused at the door. Print the "
            "replacement now.",
            name=participant.display_name,
        ),
        "success",
    )
    return redirect(url_for("desk.badges.index", q=participant.family_name))


@bp.route("/pickup", methods=["GET", "POST"])
@roles_required(*DESK)
def pickup():
    """The pick-up counter: the approval e-mail's code in, that person's badge out."""
    form = PickupForm()
    refusal = None
    if form.validate_on_submit():
        decision, participant = checkin_services.pickup(form.code.data)
        if decision.reason == "revoked":
            refusal = _(
                "This code belongs to a badge reported lost. Ask for the participant's "
                "new code or search by name on the badge page."
            )
        elif decision.reason == "unknown":
            refusal = _("Unknown code.")
        elif decision.reason == "not_cleared":
            refusal = _(
                "%(name)s is not cleared by security: no badge.", name=participant.display_name
            )
        elif decision.decision != rules.ADMIT:
            refusal = _(
                "%(name)s is not approved (%(status)s): no badge.",
                name=participant.display_name,
                status=participant.status.label,
            )
        else:
            out, _count = services.badge_pdf([participant.id], form.layout.data, form.lang.data)
            services.record_prints([participant.id], current_user, form.layout.data)
            db.session.commit()
            return spooled_pdf_response(out, f"badge-{participant.id}.pdf", inline=True)
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and _wants_json():
        message = refusal or " ".join(str(e) for errs in form.errors.values() for e in errs)
        return jsonify(state="red", message=message), status
    return render_template("desk/pickup.html", form=form, refusal=refusal), status
