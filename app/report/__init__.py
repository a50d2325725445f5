"""The forum's report: attendance from the check-in records, as a page, a PDF and an XLSX."""

from flask import Blueprint

bp = Blueprint("report", __name__, url_prefix="/report")

from app.report import views  # noqa: E402, F401  (registers the routes on bp)
