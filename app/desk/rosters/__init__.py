"""Rosters at /desk/rosters: the participant roster, its CSV/XLSX exports, the list of
participants."""

from flask import Blueprint

bp = Blueprint("rosters", __name__, url_prefix="/rosters")
