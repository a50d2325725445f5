"""Routes of the programme area."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.auth.access import public

bp = Blueprint("programme", __name__, url_prefix="/programme")


@bp.route("/")
@public
def agenda():
    return render_template("main/placeholder.html", area="programme")
