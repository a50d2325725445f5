"""Badges at /desk/badges: print runs, lost badges, the pick-up desk."""

from flask import Blueprint

bp = Blueprint("badges", __name__, url_prefix="/badges")
