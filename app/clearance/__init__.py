"""Security clearance: batches for the host's security service, its answers, the vetting page."""

from flask import Blueprint

bp = Blueprint("clearance", __name__, url_prefix="/clearance")
