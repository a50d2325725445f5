"""Logistics lists of the desk: each a page, and the same rows as XLSX (?format=xlsx);
the paper check-in list as a PDF."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _

from app.auth.access import DESK, roles_required
from app.desk.logistics import bp
from app.desk.logistics import queries as logistics
from app.desk.rosters import services as rosters
from app.desk.rosters.queries import RosterFilter, parse_day
from app.documents.spreadsheets import Sheet, xlsx_bytes
from app.downloads import download_name, pdf_response, xlsx_response
from app.models import ParticipantStatus


def _wants_xlsx() -> bool:
    return request.args.get("format") == "xlsx"


def _xlsx(stem: str, sheets: list[Sheet]) -> Response:
    return xlsx_response(xlsx_bytes(sheets), download_name(stem, "xlsx"))


def _hm(value) -> str:
    return value.strftime("%H:%M") if value else ""


def _iso(value) -> str:
    return value.isoformat() if value else ""


@bp.route("")
@roles_required(*DESK)
def index():
    """Logistics at a glance, with the way to each list."""
    return render_template("desk/logistics.html", o=logistics.overview())


@bp.route("/arrivals")
@roles_required(*DESK)
def arrivals():
    direction = request.args.get("direction", "arrivals")
    if direction not in logistics.DIRECTIONS:
        direction = "arrivals"
    day = parse_day(request.args.get("day"))
    days, missing = logistics.travel(direction, day)
    if _wants_xlsx():
        header = [
            _("Date"),
            _("Time"),
            _("Flight"),
            _("Airport"),
            _("Name"),
            _("Name in own script"),
            _("Delegation"),
            _("Category"),
            _("Phone"),
            _("Hotel"),
            _("Status"),
        ]
        rows = (
            [
                _iso(r.day),
                _hm(r.time),
                r.flight,
                r.airport,
                r.participant.display_name,
                r.participant.native_name,
                r.participant.delegation.name,
                r.participant.category.name,
                r.participant.phone,
                r.participant.hotel,
                str(r.participant.status.label),
            ]
            for d in days
            for r in d.rows
        )
        title = _("Arrivals") if direction == "arrivals" else _("Departures")
        return _xlsx(
            direction, [Sheet(title, header, rows, [11, 7, 9, 18, 30, 16, 26, 16, 16, 24, 12])]
        )
    return render_template(
        "desk/logistics_travel.html",
        direction=direction,
        day=day,
        days=days,
        missing=missing,
        all_days=logistics.travel_days(direction),
    )


@bp.route("/rooming")
@roles_required(*DESK)
def rooming():
    hotels = logistics.rooming()
    if _wants_xlsx():
        header = [
            _("Name"),
            _("Name in own script"),
            _("Gender"),
            _("Delegation"),
            _("Category"),
            _("Check-in"),
            _("Check-out"),
            _("Nights"),
            _("Accessibility needs"),
            _("Status"),
        ]
        sheets = [
            Sheet(
                h.name or _("No hotel given"),
                header,
                [
                    [
                        p.display_name,
                        p.native_name,
                        p.gender.value if p.gender else "",
                        p.delegation.name,
                        p.category.name,
                        _iso(p.arrival_date),
                        _iso(p.departure_date),
                        logistics.nights(p),
                        p.accessibility_needs,
                        str(p.status.label),
                    ]
                    for p in h.guests
                ],
                [30, 16, 8, 26, 16, 11, 11, 7, 30, 12],
            )
            for h in hotels
        ]
        return _xlsx("rooming-list", sheets or [Sheet(_("Rooming list"), header, [])])
    return render_template("desk/logistics_rooming.html", hotels=hotels, nights=logistics.nights)


@bp.route("/needs")
@roles_required(*DESK)
def needs():
    data = logistics.needs()
    if _wants_xlsx():
        counts = Sheet(
            _("Dietary counts"),
            [_("Diet"), _("Participants")],
            [[label, n] for _code, label, n in data.dietary]
            + [[_("No special diet"), data.no_special_diet]],
            [28, 12],
        )
        people = Sheet(
            _("Participants with needs"),
            [
                _("Name"),
                _("Delegation"),
                _("Category"),
                _("Diet"),
                _("Dietary notes"),
                _("Accessibility needs"),
                _("Hotel"),
            ],
            [
                [
                    p.display_name,
                    p.delegation.name,
                    p.category.name,
                    logistics.dietary_label(p.dietary) if p.dietary else "",
                    p.dietary_notes,
                    p.accessibility_needs,
                    p.hotel,
                ]
                for p in data.people
            ],
            [30, 26, 16, 18, 30, 30, 24],
        )
        return _xlsx("dietary-and-accessibility", [counts, people])
    return render_template(
        "desk/logistics_needs.html", data=data, dietary_label=logistics.dietary_label
    )


@bp.route("/visa-letters")
@roles_required(*DESK)
def visa_letters():
    rows, requested, pending = logistics.visa_letters()
    if _wants_xlsx():
        header = [
            _("Name"),
            _("Delegation"),
            _("Nationality"),
            _("Status"),
            _("Letter wanted"),
            _("Reference"),
            _("Language"),
            _("Issued"),
            _("Issued by"),
        ]
        body = [
            [
                r.participant.display_name,
                r.participant.delegation.name,
                r.participant.nationality or "",
                str(r.participant.status.label),
                _("Yes") if r.participant.visa_letter_wanted else _("No"),
                r.letter.reference if r.letter else "",
                r.letter.language if r.letter else "",
                r.letter.issued_at.strftime("%Y-%m-%d %H:%M") if r.letter else "",
                r.issued_by,
            ]
            for r in rows
        ]
        return _xlsx(
            "visa-letters",
            [Sheet(_("Visa letters"), header, body, [30, 26, 10, 12, 8, 22, 8, 16, 20])],
        )
    return render_template(
        "desk/logistics_visa.html", rows=rows, requested=requested, pending=pending
    )


@bp.route("/checkin-list.pdf")
@roles_required(*DESK)
def checkin_list_pdf():
    """Approved participants (or the roster filter's), a box each, by delegation."""
    lang = rosters.list_language(request.args.get("lang"))
    filt = RosterFilter.from_args(request.args).with_default_statuses(ParticipantStatus.APPROVED)
    return pdf_response(rosters.checkin_list_pdf(filt, lang), download_name("checkin-list", "pdf"))
