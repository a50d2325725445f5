"""Check-in at /desk/checkin: the scan at the doors, manual check-in, counts, photos."""

from flask import Blueprint

bp = Blueprint("checkin", __name__, url_prefix="/checkin")
