"""The check-in desk views and the desk home."""

from __future__ import annotations

from flask import render_template

from app.auth.access import DESK, roles_required
from app.desk.routes import bp


@bp.route("/")
@roles_required(*DESK)
def index():
    return render_template("main/placeholder.html", area="desk")
