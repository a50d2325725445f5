"""Routes of the registration area."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.auth.access import login_required_any

bp = Blueprint("registration", __name__, url_prefix="/participants")


@bp.route("/")
@login_required_any
def index():
    return render_template("main/placeholder.html", area="registration")
