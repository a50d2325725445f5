"""Logistics at /desk/logistics: arrivals and departures, rooming, needs, visa letters, the
check-in list."""

from flask import Blueprint

bp = Blueprint("logistics", __name__, url_prefix="/logistics")
