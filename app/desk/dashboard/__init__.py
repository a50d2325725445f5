"""The dashboard at /desk/dashboard, and the panel registry behind /dashboard."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
