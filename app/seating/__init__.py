"""Plenary seating: hall plans filled in protocol order, manual moves, chart and place cards."""

from flask import Blueprint

bp = Blueprint("seating", __name__, url_prefix="/seating")
