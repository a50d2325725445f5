"""Participant registration: the form, photos, workflow, visa letters, import."""

from flask import Blueprint

bp = Blueprint("registration", __name__, url_prefix="/registration")
