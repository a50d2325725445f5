"""The forum's report: attendance from the check-in records, as a page, a PDF and an XLSX."""

from flask import Blueprint

bp = Blueprint("report", __name__, url_prefix="/report")
