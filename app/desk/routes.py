"""Routes of the desk area."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.auth.access import DESK, roles_required

bp = Blueprint("desk", __name__, url_prefix="/desk")


@bp.route("/")
@roles_required(*DESK)
def index():
    return render_template("main/placeholder.html", area="desk")


@bp.route("/roster")
@roles_required(*DESK)
def roster():
    return render_template("main/placeholder.html", area="roster")
