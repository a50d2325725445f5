"""Routes of the admin area."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.auth.access import ORGANIZERS, roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@roles_required(*ORGANIZERS)
def index():
    return render_template("main/placeholder.html", area="admin")
