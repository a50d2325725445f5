"""The programme: topics, rooms, sessions, agenda, sign-ups, calendar feeds."""

from flask import Blueprint

bp = Blueprint("programme", __name__, url_prefix="/programme")
