"""Routes of the announcements area."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.auth.access import public

bp = Blueprint("announcements", __name__, url_prefix="/announcements")


@bp.route("/")
@public
def index():
    return render_template("main/placeholder.html", area="announcements")
