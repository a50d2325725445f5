"""The roster of participants and its downloads (CSV, XLSX, List of Participants PDF)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.auth.access import DESK, roles_required
from app.auth.policy import is_organizer
from app.desk import exports
from app.desk.lop import list_of_participants_pdf
from app.desk.roster import (
    SORTS,
    RosterFilter,
    delegation_order,
    distinct_values,
    load_in_order,
    localized_name,
    protocol_groups,
)
from app.desk.routes import bp
from app.extensions import db
from app.i18n import current_language, forum
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


def _attachment(filename: str) -> dict:
    return {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }


def _url_of(endpoint: str, key: str):
    """url_for(endpoint, key=id) for many ids: the URL built once, the id put in per row
    (100 url_for calls were a tenth of the page)."""
    mark = 987654321
    head, tail = url_for(endpoint, **{key: mark}).split(str(mark))
    return lambda value: f"{head}{int(value)}{tail}"


@bp.route("/roster")
@roles_required(*DESK)
def roster():
    filt = _filter()
    if len(request.args.getlist("status")) > 1:
        # Several status boxes ticked: one canonical URL, which pagination links can copy.
        return redirect(url_for("desk.roster", **filt.to_args()))
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
    views = current_app.view_functions
    settings = forum()
    tz = settings.tz if settings else None
    show_photos = "registration.photo" in views
    return render_template(
        "desk/roster.html",
        page=page,
        filt=filt,
        filter_args=filt.to_args(),
        # Looked up once per page rather than once per row.
        delegation_names=delegation_names,
        category_names=category_names,
        status_labels={s: (str(s.label), s.badge_class) for s in ParticipantStatus},
        local_time=lambda dt: dt.astimezone(tz).strftime("%Y-%m-%d %H:%M") if tz else str(dt),
        photo_url=_url_of("registration.photo", "participant_id") if show_photos else None,
        arrival_days=arrival_days,
        statuses=list(ParticipantStatus),
        kinds=list(DelegationKind),
        sorts=SORTS,
        is_organizer=organizer,
        show_photos=show_photos,
        detail_url=_url_of("registration.detail", "participant_id")
        if "registration.detail" in views
        else None,
        bulk_actions=organizer and "registration.bulk_action" in views,
        languages=current_app.config["LANGUAGES"],
    )


def _export_stem(personal: bool) -> str:
    # A file with passport data must not be mistaken for (or saved over) the plain list.
    return "participants-personal-data" if personal else "participants"


@bp.route("/roster.csv")
@roles_required(*DESK)
def roster_csv():
    filt = _filter()
    personal = _personal()
    exports.record_roster_export(filt, personal, "csv", current_user)
    db.session.commit()
    return Response(
        exports.roster_csv_stream(filt, personal),
        mimetype="text/csv",
        headers=_attachment(exports.download_name(_export_stem(personal), "csv")),
    )


@bp.route("/roster.xlsx")
@roles_required(*DESK)
def roster_xlsx():
    filt = _filter()
    personal = _personal()
    exports.record_roster_export(filt, personal, "xlsx", current_user)
    db.session.commit()
    return Response(
        exports.roster_xlsx(filt, personal),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=_attachment(exports.download_name(_export_stem(personal), "xlsx")),
    )


def _list_language() -> str:
    lang = request.args.get("lang", "")
    return lang if lang in current_app.config["LANGUAGES"] else current_language()


@bp.route("/list-of-participants.pdf")
@roles_required(*DESK)
def list_of_participants():
    """Approved participants unless the filter names statuses, in protocol order."""
    lang = _list_language()
    filt = _filter().with_default_statuses(ParticipantStatus.APPROVED)
    return Response(
        list_of_participants_pdf(protocol_groups(filt, lang), lang),
        mimetype="application/pdf",
        headers=_attachment(exports.download_name(f"list-of-participants-{lang}", "pdf")),
    )
