"""Routes of the delegations area."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.auth.access import roles_required
from app.models import Role

bp = Blueprint("delegations", __name__, url_prefix="/delegations")


@bp.route("/")
@roles_required(Role.ADMIN, Role.ORGANIZER, Role.FOCAL_POINT)
def index():
    return render_template("main/placeholder.html", area="delegations")
