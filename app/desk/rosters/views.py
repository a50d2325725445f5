"""The roster of participants and its downloads (CSV, XLSX, List of Participants PDF)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.access import DESK, roles_required
from app.auth.policy import is_organizer
from app.desk.rosters import bp, services
from app.desk.rosters.queries import (
    SORTS,
    RosterFilter,
    delegation_order,
    distinct_values,
    load_in_order,
    localized_name,
)
from app.downloads import csv_response, download_name, pdf_response, xlsx_response
from app.extensions import db
from app.forum_time import forum_tz
from app.i18n import current_language
from app.integers import query_int
from app.models import (
    Category,
    Delegation,
    DelegationKind,
    Participant,
    ParticipantStatus,
)


def _filter() -> RosterFilter:
    return RosterFilter.from_args(request.args)


def _personal() -> bool:
    """personal=1 adds passport numbers and dates of birth: organizers only."""
    if request.args.get("personal") not in ("1", "yes", "true"):
        return False
    if not is_organizer(current_user):
        abort(403)
    return True


def _url_of(endpoint: str, key: str):
    """url_for(endpoint, key=id) for many ids: the URL built once, the id put in per row
    (100 url_for calls were a tenth of the page)."""
    mark = 987654321
    head, tail = url_for(endpoint, **{key: mark}).split(str(mark))
    return lambda value: f"{head}{int(value)}{tail}"


@bp.route("")
@roles_required(*DESK)
def index():
    filt = _filter()
    if len(request.args.getlist("status")) > 1:
        # Several status boxes ticked: one canonical URL, which pagination links can copy.
        return redirect(url_for("desk.rosters.index", **filt.to_args()))
    lang = current_language()
    # The total from the tallies when the filter allows (no count of the whole table).
    total = filt.count_from_tallies()
    page = db.paginate(
        filt.id_select(),
        page=query_int("page", 1) or 1,
        per_page=current_app.config["ROSTER_PAGE_SIZE"],
        max_per_page=500,
        error_out=False,
        count=total is None,
    )
    if total is not None:
        page.total = total
    page.items = load_in_order(list(page.items))
    # Drop-downs read as rows, not ORM objects: 200 delegations cost more than the page.
    delegation_names = dict(
        db.session.execute(
            sa.select(Delegation.id, localized_name(Delegation, lang)).order_by(
                *delegation_order(lang)
            )
        ).all()
    )
    category_names = dict(
        db.session.execute(
            sa.select(Category.id, localized_name(Category, lang)).order_by(
                Category.sort_order, Category.id
            )
        ).all()
    )
    arrival_days = distinct_values(Participant.arrival_date)
    organizer = is_organizer(current_user)
    tz = forum_tz()
    return render_template(
        "desk/roster.html",
        page=page,
        filt=filt,
        filter_args=filt.to_args(),
        # Looked up once per page rather than once per row.
        delegation_names=delegation_names,
        category_names=category_names,
        status_labels={s: (str(s.label), s.badge_class) for s in ParticipantStatus},
        local_time=lambda dt: dt.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        photo_url=_url_of("registration.photo", "participant_id"),
        arrival_days=arrival_days,
        statuses=list(ParticipantStatus),
        kinds=list(DelegationKind),
        sorts=SORTS,
        is_organizer=organizer,
        detail_url=_url_of("registration.detail", "participant_id"),
        bulk_actions=organizer,
        languages=current_app.config["LANGUAGES"],
    )


def _export_stem(personal: bool) -> str:
    # A file with passport data must not be mistaken for (or saved over) the plain list.
    return "participants-personal-data" if personal else "participants"


def _export(fmt: str, body, respond):
    """An audited roster export: the entry commits before the body is built or streamed."""
    filt = _filter()
    personal = _personal()
    services.record_roster_export(filt, personal, fmt, current_user)
    db.session.commit()
    return respond(body(filt, personal), download_name(_export_stem(personal), fmt))


@bp.route("/export.csv")
@roles_required(*DESK)
def csv():
    return _export("csv", services.roster_csv_stream, csv_response)


@bp.route("/export.xlsx")
@roles_required(*DESK)
def xlsx():
    return _export("xlsx", services.roster_xlsx, xlsx_response)


@bp.route("/list-of-participants.pdf")
@roles_required(*DESK)
def list_of_participants():
    """Approved participants unless the filter names statuses, in protocol order."""
    lang = services.list_language(request.args.get("lang"))
    filt = _filter().with_default_statuses(ParticipantStatus.APPROVED)
    return pdf_response(
        services.list_of_participants_pdf(filt, lang),
        download_name(f"list-of-participants-{lang}", "pdf"),
    )
