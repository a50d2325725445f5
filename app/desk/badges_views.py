"""Badge printing at the desk: choose a batch, preview, print (recorded), report a lost
badge, and the pick-up counter (scan the approval e-mail's code, print that badge)."""

from __future__ import annotations

import io

import sqlalchemy as sa
from flask import (
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from app.auth.access import DESK, participant_or_404, roles_required
from app.desk import badges, checkin
from app.desk.checkin import search as search_participants
from app.desk.routes import bp
from app.extensions import db
from app.forms import EmptyForm, FlaskForm, no_control_characters, strip_filter
from app.integers import optional_id
from app.models import (
    Category,
    Delegation,
    Participant,
    ParticipantStatus,
)
from app.registration import rules

LAYOUT_CHOICES = [
    ("a6", _l("A6 portrait (pouch), one per page")),
    ("cr80", _l("CR80 card (54 × 85.6 mm)")),
    ("a4", _l("A4 sheet of four A6, with crop marks")),
]
LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français"), ("zh", "中文")]
SCOPE_CHOICES = [
    ("unprinted", _l("Approved and not yet printed")),
    ("all", _l("All approved")),
]


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class BatchForm(FlaskForm):
    """Which badges, in which layout and language. Read from the query string for pages and
    previews, from the body for printing."""

    scope = SelectField(_l("Badges"), choices=_choices(SCOPE_CHOICES), default="unprinted")
    delegation_id = SelectField(_l("Delegation"), coerce=optional_id, validate_choice=False)
    category_id = SelectField(_l("Category"), coerce=optional_id, validate_choice=False)
    participant_id = HiddenField(filters=[optional_id])
    layout = SelectField(
        _l("Layout"), choices=_choices(LAYOUT_CHOICES), default="a6", validators=[InputRequired()]
    )
    lang = SelectField(_l("Badge language"), choices=_choices(LANGUAGE_CHOICES), default="en")

    def batch(self) -> dict:
        return {
            "scope": self.scope.data or "unprinted",
            "delegation_id": self.delegation_id.data,
            "category_id": self.category_id.data,
            "participant_id": self.participant_id.data,
        }

    def query_args(self) -> dict:
        args = {k: v for k, v in self.batch().items() if v}
        args.update(layout=self.layout.data, lang=self.lang.data)
        return args


class PickupForm(FlaskForm):
    code = StringField(
        _l("Code from the approval e-mail"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Scan or type the code.")),
            Length(max=200),
            no_control_characters,
        ],
    )
    layout = SelectField(_l("Layout"), choices=_choices(LAYOUT_CHOICES[:2]), default="a6")
    lang = SelectField(_l("Badge language"), choices=_choices(LANGUAGE_CHOICES), default="en")


def _batch_form(formdata, meta_csrf: bool, counts: dict | None = None) -> BatchForm:
    """The batch form with its delegations and categories (with counts, for the page)."""
    form = BatchForm(formdata=formdata, meta={} if meta_csrf else {"csrf": False})
    delegations = db.session.scalars(
        sa.select(Delegation).order_by(Delegation.kind, Delegation.sort_key, Delegation.name_en)
    ).all()
    categories = db.session.scalars(
        sa.select(Category).order_by(Category.sort_order, Category.name_en)
    ).all()

    def label(name: str, key: str, object_id: int) -> str:
        if counts is None:
            return name
        n, todo = counts[key].get(object_id, (0, 0))
        return _(
            "%(name)s — %(n)d approved, %(todo)d to print", name=name, n=n, todo=int(todo or 0)
        )

    form.delegation_id.choices = _choices(
        [("", _("Every delegation"))]
        + [
            (d.id, label(d.name, "delegation", d.id))
            for d in sorted(delegations, key=lambda d: d.protocol_key)
        ]
    )
    form.category_id.choices = _choices(
        [("", _("Every category"))] + [(c.id, label(c.name, "category", c.id)) for c in categories]
    )
    return form


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _send_pdf(out, filename: str, inline: bool = False):
    """Send the spooled PDF. A small one (still in memory) is handed over as bytes and its
    file closed now; a large one streams from its temporary file, which the server closes."""
    out.seek(0, io.SEEK_END)
    size = out.tell()
    out.seek(0)
    if size <= badges.SPOOL_IN_MEMORY:
        data = out.read()
        out.close()
        out = io.BytesIO(data)
    return send_file(
        out,
        mimetype="application/pdf",
        as_attachment=not inline,
        download_name=filename,
        max_age=0,
    )


def _filename(layout: str) -> str:
    return f"badges-{layout}.pdf"


def _approved_counts() -> dict:
    """Approved participants and those still to print, overall, per delegation, per category."""
    printed = sa.case((Participant.badge_printed_at.is_(None), 1), else_=0)
    approved = Participant.status == ParticipantStatus.APPROVED
    total = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(printed), 0)).where(approved)
    ).one()
    per_delegation = {
        row[0]: (row[1], row[2])
        for row in db.session.execute(
            sa.select(Participant.delegation_id, sa.func.count(), sa.func.sum(printed))
            .where(approved)
            .group_by(Participant.delegation_id)
        )
    }
    per_category = {
        row[0]: (row[1], row[2])
        for row in db.session.execute(
            sa.select(Participant.category_id, sa.func.count(), sa.func.sum(printed))
            .where(approved)
            .group_by(Participant.category_id)
        )
    }
    return {
        "approved": total[0],
        "unprinted": int(total[1] or 0),
        "delegation": per_delegation,
        "category": per_category,
    }


def _skipped_message(n: int) -> str:
    return ngettext(
        "%(num)d badge skipped: that person is not cleared by security yet, or was refused.",
        "%(num)d badges skipped: those people are not cleared by security yet, or were refused.",
        n,
    )


@bp.route("/badges", endpoint="badges")
@roles_required(*DESK)
def badges_page():
    counts = _approved_counts()
    form = _batch_form(request.args, meta_csrf=False, counts=counts)
    form.validate()
    batch_size = badges.count_badges(**form.batch())
    uncleared = badges.count_uncleared(**form.batch())
    q = (request.args.get("q") or "").strip()[:100]
    found = search_participants(q) if q else []
    prints = badges.print_counts([p.id for p in found])
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


@bp.route("/badges/pdf")
@roles_required(*DESK)
def badge_pdf():
    """A preview of a batch: nothing is recorded (printing is a POST)."""
    form = _batch_form(request.args, meta_csrf=False)
    if not form.validate():
        abort(400)
    ids = badges.batch_ids(**form.batch())
    out, _count = badges.badge_pdf(ids, form.layout.data, form.lang.data)
    return _send_pdf(out, _filename(form.layout.data), inline=True)


@bp.route("/badges/print", methods=["POST"])
@roles_required(*DESK)
def print_badges():
    form = _batch_form(request.form, meta_csrf=True)
    if "scope" not in request.form or not form.validate():
        flash(_("Choose the badges and the layout to print."), "danger")
        return redirect(url_for("desk.badges"))
    ids = badges.batch_ids(**form.batch())
    if uncleared := badges.count_uncleared(**form.batch()):
        flash(_skipped_message(uncleared), "warning")
    if not ids:
        flash(_("No approved participant in this batch."), "warning")
        return redirect(url_for("desk.badges", **form.query_args()))
    out, _count = badges.badge_pdf(ids, form.layout.data, form.lang.data)
    badges.record_prints(ids, current_user, form.layout.data)
    db.session.commit()
    return _send_pdf(out, _filename(form.layout.data))


@bp.route("/badges/<int:participant_id>/lost", methods=["POST"])
@roles_required(*DESK)
def report_lost(participant_id: int):
    participant = participant_or_404(participant_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        flash(_("The form has expired; please try again."), "danger")
        return redirect(url_for("desk.badges"))
    badges.report_lost_badge(participant, current_user)
    db.session.commit()
    flash(
        _(
            "The badge of %(name)s is revoked and will be refused at the door. Print the "
            "replacement now.",
            name=participant.display_name,
        ),
        "success",
    )
    return redirect(url_for("desk.badges", q=participant.family_name))


@bp.route("/pickup", methods=["GET", "POST"])
@roles_required(*DESK)
def pickup():
    """The pick-up counter: the approval e-mail's code in, that person's badge out."""
    form = PickupForm()
    refusal = None
    if form.validate_on_submit():
        decision, participant = checkin.pickup(form.code.data)
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
            out, _count = badges.badge_pdf([participant.id], form.layout.data, form.lang.data)
            badges.record_prints([participant.id], current_user, form.layout.data)
            db.session.commit()
            return _send_pdf(out, f"badge-{participant.id}.pdf", inline=True)
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and _wants_json():
        message = refusal or " ".join(str(e) for errs in form.errors.values() for e in errs)
        return jsonify(state="red", message=message), status
    return render_template("desk/pickup.html", form=form, refusal=refusal), status
