"""The desk's home page, and redirects from the URLs the desk had before its sub-packages.

Importing this module attaches every sub-package's routes to its blueprint (the imports
below); app/__init__.py registers the desk blueprint from here.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.access import DESK, roles_required
from app.desk import bp
from app.desk.badges import views as badges_views
from app.desk.checkin import offline_views
from app.desk.checkin import views as checkin_views
from app.desk.dashboard import views as dashboard_views
from app.desk.logistics import views as logistics_views
from app.desk.rosters import views as rosters_views

SUB_VIEWS = (
    badges_views,
    checkin_views,
    offline_views,
    dashboard_views,
    logistics_views,
    rosters_views,
)

# The URLs (under /desk) and endpoint names the desk had before its sub-packages, and the
# endpoint now serving each: the old URL redirects with 308 (GET and POST keep their method),
# and url_for("desk.<old name>") in code written against the old layout still resolves.
MOVED = (
    ("/roster", "roster", "desk.rosters.index", ("GET",)),
    ("/roster.csv", "roster_csv", "desk.rosters.csv", ("GET",)),
    ("/roster.xlsx", "roster_xlsx", "desk.rosters.xlsx", ("GET",)),
    (
        "/list-of-participants.pdf",
        "list_of_participants",
        "desk.rosters.list_of_participants",
        ("GET",),
    ),
    ("/pickup", "pickup", "desk.badges.pickup", ("GET", "POST")),
    ("/photo/<int:participant_id>", "photo", "desk.checkin.photo", ("GET",)),
    ("/arrivals", "arrivals", "desk.logistics.arrivals", ("GET",)),
    ("/rooming", "rooming", "desk.logistics.rooming", ("GET",)),
    ("/needs", "needs", "desk.logistics.needs", ("GET",)),
    ("/visa-letters", "visa_letters_list", "desk.logistics.visa_letters", ("GET",)),
    ("/checkin-list.pdf", "checkin_list_pdf", "desk.logistics.checkin_list_pdf", ("GET",)),
)


@bp.route("/")
@roles_required(*DESK)
def index():
    tiles = [
        (
            "desk.logistics.index",
            _("Logistics"),
            _("Arrivals, departures, rooming, dietary needs."),
        ),
        ("desk.dashboard.index", _("Dashboard"), _("Figures for the organizers.")),
    ]
    return render_template("desk/index.html", desk_extra_tiles=tiles)


def _moved_to(endpoint: str):
    @roles_required(*DESK)
    def moved(**values):
        url = url_for(endpoint, **values)
        if request.query_string:
            url += "?" + request.query_string.decode("latin-1")
        return redirect(url, 308)

    return moved


for _rule, _old_name, _endpoint, _methods in MOVED:
    bp.add_url_rule(_rule, _old_name, _moved_to(_endpoint), methods=_methods)
