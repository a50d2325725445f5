"""The staff desk blueprint; views live in the modules imported at the bottom."""

from flask import Blueprint

bp = Blueprint("desk", __name__, url_prefix="/desk", cli_group=None)

from app.desk import (  # noqa: E402,F401
    badges_views,
    checkin_views,
    dashboard_views,
    logistics_views,
    manifest_views,
    roster_views,
)
