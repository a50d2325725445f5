"""Roster views of the desk (Part B of issue 5 owns this module)."""

from __future__ import annotations

from flask import render_template

from app.auth.access import DESK, roles_required
from app.desk.routes import bp


@bp.route("/roster")
@roles_required(*DESK)
def roster():
    return render_template("main/placeholder.html", area="roster")
