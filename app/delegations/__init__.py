"""Delegations: list, edit, focal points, registration links, nomination letters."""

from flask import Blueprint

bp = Blueprint("delegations", __name__, url_prefix="/delegations")
