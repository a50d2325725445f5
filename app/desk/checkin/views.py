"""The check-in desk: scan, manual check-in, search, counts, photos."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import DESK, participant_or_404, roles_required
from app.desk.checkin import bp
from app.desk.checkin import queries as checkin_queries
from app.desk.checkin import services as service
from app.desk.checkin.forms import ManualForm, ScanForm
from app.extensions import db
from app.integers import optional_id
from app.models import (
    CheckInMethod,
    CheckInResult,
    ParticipantStatus,
    RefusalReason,
)
from app.registration.photos import photo_download


def _point(value) -> int | None:
    """The check-in point from a form or query value: None for the entrance, else a
    session id (unknown ids fall back to the entrance)."""
    if value in (None, "", "entrance"):
        return None
    session_id = optional_id(value)
    return session_id if session_id and checkin_queries.session_or_none(session_id) else None


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch" or (
        request.accept_mimetypes.best == "application/json"
    )


_headline = service.headline


def _detail(outcome: service.ScanOutcome) -> str:
    previous = outcome.previous
    if previous is not None:
        who = previous.staff_user.display_name if previous.staff_user else _("unknown")
        return _(
            "Checked in at %(when)s by %(who)s.",
            when=format_datetime(previous.at, "short"),
            who=who,
        )
    p = outcome.participant
    if outcome.reason == RefusalReason.NOT_APPROVED and p is not None:
        return _("Registration status: %(status)s.", status=p.status.label)
    if outcome.reason == RefusalReason.WITHDRAWN and p is not None:
        return _("Registration status: %(status)s.", status=p.status.label)
    if outcome.reason == RefusalReason.REVOKED:
        return _("This badge was reported lost; the participant has a new one.")
    if outcome.reason == RefusalReason.UNKNOWN:
        return _("No participant has this code. Search by name below.")
    if outcome.reason == RefusalReason.PICKUP_CODE:
        return _("The code from the approval e-mail opens no door; the printed badge does.")
    if outcome.reason == RefusalReason.NOT_SIGNED_UP:
        if outcome.result == CheckInResult.WARNED:
            return _("This session requires sign-up; admit only if there is room.")
        return _("This session admits only those signed up.")
    return ""


def _page(point: int | None, outcome=None, form=None, status: int = 200):
    q = (request.args.get("q") or "").strip()[:100]
    results = checkin_queries.search(q) if q else []
    return (
        render_template(
            "desk/checkin.html",
            form=form or ScanForm(formdata=None, point=point or ""),
            manual_form=ManualForm(formdata=None),
            point=point,
            point_session=checkin_queries.session_or_none(point),
            counts_exits=service.counts_exits(point),
            sessions=checkin_queries.sessions_for_doors(),
            outcome=outcome,
            headline=_headline(outcome) if outcome else "",
            detail=_detail(outcome) if outcome else "",
            q=q,
            results=results,
            stats=checkin_queries.stats(),
            today=checkin_queries.point_count_today(point),
            ParticipantStatus=ParticipantStatus,
        ),
        status,
    )


def _answer(outcome: service.ScanOutcome, point: int | None):
    """The answer, built before the commit so that nothing is loaded twice."""
    if not _wants_json():
        response = _page(point, outcome)
        db.session.commit()
        return response
    p = outcome.participant
    response = jsonify(
        state=outcome.state,
        result=outcome.result.value,
        reason=outcome.reason.value if outcome.reason else None,
        headline=_headline(outcome),
        html=render_template(
            "desk/_checkin_result.html",
            outcome=outcome,
            headline=_headline(outcome),
            detail=_detail(outcome),
        ),
        participant_id=p.id if p else None,
        today=checkin_queries.point_count_today(point),
    )
    db.session.commit()
    return response


@bp.route("")
@roles_required(*DESK)
def index():
    return _page(_point(request.args.get("point")))


@bp.route("/scan", methods=["POST"])
@roles_required(*DESK)
def scan():
    form = ScanForm()
    point = _point(form.point.data)
    if not form.validate():
        if _wants_json():
            message = " ".join(str(e) for errors in form.errors.values() for e in errors)
            return jsonify(state="invalid", message=message), 400
        return _page(point, form=form, status=400)
    leaving = form.direction.data == "out" and service.counts_exits(point)
    outcome = service.record_scan(
        point, form.code.data, by=current_user, direction="out" if leaving else "in"
    )
    return _answer(outcome, point)


@bp.route("/manual", methods=["POST"])
@roles_required(*DESK)
def manual():
    form = ManualForm()
    point = _point(form.point.data)
    if not form.validate():
        if _wants_json():
            return jsonify(state="invalid", message=_("Choose a participant.")), 400
        return _page(point, status=400)
    participant = participant_or_404(form.participant_id.data)
    outcome = service.record_scan(
        point, None, by=current_user, participant=participant, method=CheckInMethod.MANUAL
    )
    return _answer(outcome, point)


@bp.route("/stats")
@roles_required(*DESK)
def stats():
    point = _point(request.args.get("point"))
    stats = checkin_queries.stats()
    today = checkin_queries.point_count_today(point)
    return jsonify(
        html=render_template("desk/_checkin_counts.html", stats=stats, today=today),
        today=today,
        approved=stats["approved"],
        checked_in=stats["checked_in"],
        per_day=[
            {"day": d["day"].isoformat(), "admitted": d["admitted"]} for d in stats["per_day"]
        ],
        per_session=[
            {
                "session_id": s["id"],
                "title": s["session"].title if s["session"] else "",
                "admitted": s["admitted"],
            }
            for s in stats["per_session"]
        ],
    )


@bp.route("/photo/<int:participant_id>")
@roles_required(*DESK)
def photo(participant_id: int):
    """The badge photo, for the face check at the door."""
    return photo_download(participant_or_404(participant_id))
