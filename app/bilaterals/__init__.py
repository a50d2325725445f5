"""Bilateral meetings between delegations, with rooms and times set by the secretariat."""

from flask import Blueprint

bp = Blueprint("bilaterals", __name__, url_prefix="/bilaterals", cli_group=None)
