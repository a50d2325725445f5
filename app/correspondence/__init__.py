"""Correspondence between the secretariat and each delegation's focal points."""

from flask import Blueprint

bp = Blueprint("correspondence", __name__, url_prefix="/correspondence", cli_group=None)
