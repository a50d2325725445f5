"""The desk's dashboard panels (organizers: the whole forum at a glance; staff: badges and
check-ins), registered for /dashboard, and the same panels on the desk's own page."""

from __future__ import annotations

from flask import g, render_template
from flask_login import current_user

from app.auth.access import DESK, roles_required
from app.auth.policy import ORGANIZERS
from app.desk.checkin import queries as checkin_queries
from app.desk.dashboard import bp
from app.desk.dashboard import services as dashboard
from app.models import Role
from app.panels import Panel, register_panel

# Where the panels link: organizers may open all three, staff the desk's two.
ORGANIZER_LINKS = {
    "delegations": "delegations.index",
    "checkin": "desk.checkin.index",
    "badges": "desk.badges.index",
}
STAFF_LINKS = {"checkin": "desk.checkin.index", "badges": "desk.badges.index"}


def _figures() -> dashboard.Figures:
    """Computed once per request, shared by the organizers' panels."""
    if "desk_figures" not in g:
        g.desk_figures = dashboard.organizer_figures()
    return g.desk_figures


def _organizer_panel(user) -> dict:
    return {
        "fig": _figures(),
        "links": ORGANIZER_LINKS,
        "active_arg": dashboard.ACTIVE_ARG,
        "visa_arg": dashboard.VISA_STATUS_ARG,
    }


def _staff_panel(user) -> dict:
    return {"fig": dashboard.staff_figures(), "links": STAFF_LINKS}


def _inside_panel(user) -> dict:
    return {"points": checkin_queries.inside_now()}


PANELS = (
    Panel(
        "desk_actions",
        "desk/dashboard_actions.html",
        frozenset(ORGANIZERS),
        _organizer_panel,
        10,
        True,
    ),
    Panel(
        "desk_participants",
        "desk/dashboard_participants.html",
        frozenset(ORGANIZERS),
        _organizer_panel,
        20,
        True,
    ),
    Panel(
        "desk_activity",
        "desk/dashboard_activity.html",
        frozenset(ORGANIZERS),
        _organizer_panel,
        30,
        True,
    ),
    Panel(
        "desk_staff", "desk/dashboard_staff.html", frozenset({Role.STAFF}), _staff_panel, 10, True
    ),
    # Who is inside each room now (security asks during an evacuation drill).
    Panel("desk_inside", "desk/dashboard_inside.html", frozenset(DESK), _inside_panel, 35, True),
)

for _panel in PANELS:
    register_panel(
        _panel.name, _panel.template, _panel.roles, _panel.loader, _panel.order, _panel.wide
    )


@bp.route("")
@roles_required(*DESK)
def index():
    """The desk's panels alone (organizers see the forum's figures, staff the desk's)."""
    panels = [(p, p.loader(current_user)) for p in PANELS if current_user.role in p.roles]
    return render_template("desk/dashboard.html", panels=panels)
