"""Routes of the seating area: hall plans, filling and moves (organizers), the chart and the
place cards (the desk too)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.auth.access import DESK, ORGANIZERS, roles_required
from app.downloads import pdf_response
from app.extensions import db
from app.forms import EmptyForm
from app.integers import bounded_int
from app.models import Hall, HallLayout
from app.seating import bp, services
from app.seating.forms import HallForm, MoveForm, parse_seat
from app.seating.queries import Plan, halls, plan


@bp.route("/")
@roles_required(*DESK)
def index():
    return render_template("seating/index.html", halls=halls(), form=HallForm())


@bp.route("/new", methods=["POST"])
@roles_required(*ORGANIZERS)
def create():
    form = HallForm()
    if not form.validate_on_submit():
        return render_template("seating/index.html", halls=halls(), form=form), 400
    hall = services.create_hall(
        form.name.data,
        HallLayout(form.layout.data),
        form.row_count.data,
        form.seats_per_row.data,
        form.language.data,
    )
    db.session.commit()
    flash(_("Hall plan created. Fill it in protocol order, then move people as needed."), "success")
    return redirect(url_for("seating.detail", hall_id=hall.id))


def _move_form(current: Plan, formdata=None) -> MoveForm:
    hall = current.hall
    people = [
        (
            p.id,
            f"{p.name} — {p.delegation}"
            + (f" ({_seat_label(hall, current.seat_of[p.id])})" if p.id in current.seat_of else ""),
        )
        for p in current.people
    ]
    seats = []
    for row in range(1, hall.row_count + 1):
        for seat, who in current.row(row):
            label = _seat_label(hall, (row, seat))
            seats.append((f"{row}-{seat}", f"{label} — {who.name}" if who else label))
    form = MoveForm(formdata, people=people, seats=seats)
    if formdata is None:
        form.participant_id.data = bounded_int(request.args.get("person", ""), minimum=1) or 0
        form.seat.data = request.args.get("seat", "")
    return form


def _seat_label(hall: Hall, seat: tuple[int, int]) -> str:
    return _("%(row)s, seat %(seat)s", row=services.row_label(hall, seat[0]), seat=seat[1])


def _render_detail(hall: Hall, current: Plan, move_form: MoveForm | None = None, status=200):
    return render_template(
        "seating/detail.html",
        hall=hall,
        plan=current,
        move_form=move_form or _move_form(current),
        row_label=services.row_label,
        card_sets=services.CARD_SETS,
        form=EmptyForm(),
    ), status


@bp.route("/<int:hall_id>")
@roles_required(*DESK)
def detail(hall_id: int):
    hall = db.get_or_404(Hall, hall_id)
    return _render_detail(hall, plan(hall))


@bp.route("/<int:hall_id>/fill", methods=["POST"])
@roles_required(*ORGANIZERS)
def fill(hall_id: int):
    hall = db.get_or_404(Hall, hall_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    outcome = services.fill_in_protocol_order(hall)
    db.session.commit()
    flash(
        ngettext(
            "%(num)d person seated in protocol order.",
            "%(num)d people seated in protocol order.",
            outcome.seated,
        ),
        "success",
    )
    if outcome.unseated:
        flash(
            ngettext(
                "%(num)d person has no seat: the hall is full.",
                "%(num)d people have no seat: the hall is full.",
                len(outcome.unseated),
            ),
            "warning",
        )
    return redirect(url_for("seating.detail", hall_id=hall.id))


@bp.route("/<int:hall_id>/move", methods=["POST"])
@roles_required(*ORGANIZERS)
def move(hall_id: int):
    hall = db.get_or_404(Hall, hall_id)
    current = plan(hall)
    form = _move_form(current, request.form)
    if not form.validate_on_submit():
        return _render_detail(hall, current, form, 400)
    target = parse_seat(form.seat.data)  # one of the hall's seats: the choices say so
    outcome = services.move_person(hall, form.participant_id.data, target)
    db.session.commit()
    names = {p.id: p.name for p in current.people}
    who = names.get(form.participant_id.data, "")
    if target is None:
        flash(_("%(name)s no longer has a seat.", name=who), "success")
    else:
        flash(
            _("%(name)s now sits in %(seat)s.", name=who, seat=_seat_label(hall, target)), "success"
        )
    if outcome.swapped_with:
        other = names.get(outcome.swapped_with, "")
        if outcome.displaced:
            flash(_("%(name)s no longer has a seat.", name=other), "warning")
        else:
            flash(_("%(name)s took the seat that was freed.", name=other), "info")
    return redirect(url_for("seating.detail", hall_id=hall.id, _anchor="plan"))


@bp.route("/<int:hall_id>/delete", methods=["POST"])
@roles_required(*ORGANIZERS)
def delete(hall_id: int):
    hall = db.get_or_404(Hall, hall_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.delete_hall(hall)
    db.session.commit()
    flash(_("Hall plan deleted."), "success")
    return redirect(url_for("seating.index"))


@bp.route("/<int:hall_id>/chart.pdf")
@roles_required(*DESK)
def chart(hall_id: int):
    hall = db.get_or_404(Hall, hall_id)
    return pdf_response(services.chart_pdf(hall), f"seating-chart-{hall.id}.pdf")


@bp.route("/<int:hall_id>/place-cards.pdf")
@roles_required(*DESK)
def place_cards(hall_id: int):
    """Place cards for the heads of delegation, everyone seated, or a chosen set."""
    hall = db.get_or_404(Hall, hall_id)
    which = request.args.get("set", "heads")
    if which not in services.CARD_SETS:
        abort(400)
    chosen = {bounded_int(v, minimum=1) for v in request.args.getlist("participant_id")}
    people = services.card_people(plan(hall), which, chosen - {None})
    return pdf_response(services.cards_pdf(hall, people), f"place-cards-{hall.id}-{which}.pdf")
