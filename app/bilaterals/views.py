"""Routes of the bilaterals area: requests and answers by focal points, rooms and times by
the secretariat, the day's list and its PDF, a meeting's iCalendar entry."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import delegation_or_404, roles_required
from app.auth.policy import ORGANIZERS, is_organizer
from app.bilaterals import bp, queries, services
from app.bilaterals.forms import RequestForm, RespondForm, ScheduleForm
from app.bilaterals.ical import meeting_calendar
from app.documents.bilaterals import day_schedule_pdf
from app.downloads import file_response, pdf_response
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import forum
from app.models import BilateralMeeting, Delegation, MeetingStatus, Role, Room
from app.programme.services import forum_days, local

PEOPLE = (*ORGANIZERS, Role.FOCAL_POINT)


def _meeting_or_404(meeting_id: int) -> BilateralMeeting:
    """A meeting the user may see: organizers all, a focal point their delegation's."""
    meeting = db.get_or_404(BilateralMeeting, meeting_id)
    if not is_organizer(current_user) and meeting.party(current_user.delegation_id) is None:
        abort(404)
    return meeting


def _day() -> date:
    days = forum_days()
    raw = request.args.get("day", "")
    try:
        day = date.fromisoformat(raw) if raw else (days[0] if days else date.today())
    except ValueError:
        abort(400)
    return day


@bp.route("/")
@roles_required(*PEOPLE)
def index():
    if not is_organizer(current_user):
        delegation = delegation_or_404(current_user.delegation_id)
        return render_template(
            "bilaterals/index.html",
            delegation=delegation,
            meetings=queries.for_delegation(delegation.id),
        )
    day = _day()
    return render_template(
        "bilaterals/index.html",
        day=day,
        days=forum_days(),
        scheduled=queries.scheduled_on(day),
        waiting=queries.in_states(MeetingStatus.ACCEPTED),
        pending=queries.in_states(MeetingStatus.REQUESTED, MeetingStatus.COUNTERED),
    )


@bp.route("/schedule.pdf")
@roles_required(*ORGANIZERS)
def schedule_pdf():
    day = _day()
    settings = forum()
    title = settings.localized("name") if settings else "Accredit"
    pdf = day_schedule_pdf(queries.schedule_rows(day), day, title)
    return pdf_response(pdf, f"bilaterals-{day.isoformat()}.pdf")


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.FOCAL_POINT)
def new():
    requester = delegation_or_404(current_user.delegation_id)
    others = sorted(
        db.session.scalars(sa.select(Delegation).where(Delegation.id != requester.id)),
        key=lambda d: d.protocol_key,
    )
    form = RequestForm(days=forum_days(), delegations=others)
    if form.validate_on_submit():
        counterpart = db.get_or_404(Delegation, form.counterpart_id.data)
        try:
            meeting = services.request_meeting(
                requester, counterpart, form.subject.data, form.slot(), current_user
            )
        except services.BilateralError as exc:
            flash(exc.message, "danger")
        else:
            db.session.commit()
            flash(
                _("Your request was sent to the delegation of %(name)s.", name=counterpart.name),
                "success",
            )
            return redirect(url_for("bilaterals.detail", meeting_id=meeting.id))
    return render_template("bilaterals/new.html", form=form, delegation=requester)


@bp.route("/<int:meeting_id>")
@roles_required(*PEOPLE)
def detail(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    return _detail_page(meeting)


def _detail_page(meeting, respond=None, schedule=None, clashes=()):
    days = forum_days()
    actions = services.allowed_actions(meeting, current_user)
    if respond is None:
        respond = RespondForm(days=days, slots=meeting.slots, formdata=None)
    if schedule is None:
        schedule = ScheduleForm(days=days, rooms=queries.rooms(), formdata=None, obj=None)
        if meeting.starts_at:
            start, end = local(meeting.starts_at), local(meeting.ends_at)
            schedule.day.data = start.date().isoformat()
            schedule.start.data, schedule.end.data = start.time(), end.time()
        if meeting.room_id:
            schedule.room_id.data = meeting.room_id
    return render_template(
        "bilaterals/detail.html",
        meeting=meeting,
        actions=actions,
        party=services.party_of(meeting, current_user),
        respond=respond,
        schedule=schedule,
        clashes=clashes,
    )


@bp.route("/<int:meeting_id>/respond", methods=["POST"])
@roles_required(Role.FOCAL_POINT)
def respond(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    form = RespondForm(days=forum_days(), slots=meeting.slots)
    if not form.validate_on_submit():
        return _detail_page(meeting, respond=form), 400
    try:
        if form.action.data == "accept":
            services.accept(meeting, form.slot_id.data, current_user)
        elif form.action.data == "propose":
            services.propose(meeting, form.slot(), current_user)
        else:
            services.decline(meeting, current_user)
    except services.BilateralError as exc:
        flash(exc.message, "danger")
        return redirect(url_for("bilaterals.detail", meeting_id=meeting.id))
    db.session.commit()
    flash(_("Your answer was sent."), "success")
    return redirect(url_for("bilaterals.detail", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/schedule", methods=["POST"])
@roles_required(*ORGANIZERS)
def schedule(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    form = ScheduleForm(days=forum_days(), rooms=queries.rooms())
    if not form.validate_on_submit():
        return _detail_page(meeting, schedule=form), 400
    room = db.get_or_404(Room, form.room_id.data)
    try:
        services.schedule(meeting, room, form.slot(), current_user)
    except services.BilateralError as exc:
        flash(exc.message, "danger")
        return _detail_page(meeting, schedule=form, clashes=exc.clashes), 409
    db.session.commit()
    flash(_("The room was assigned; both delegations were informed."), "success")
    return redirect(url_for("bilaterals.detail", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/cancel", methods=["POST"])
@roles_required(*PEOPLE)
def cancel(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.cancel(meeting, current_user)
    except services.BilateralError as exc:
        flash(exc.message, "danger")
    else:
        db.session.commit()
        flash(_("The meeting was cancelled."), "success")
    return redirect(url_for("bilaterals.detail", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/calendar.ics")
@roles_required(*PEOPLE)
def calendar(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    if meeting.status != MeetingStatus.SCHEDULED:
        abort(404)
    return file_response(meeting_calendar(meeting), "text/calendar", f"bilateral-{meeting.id}.ics")
