"""Announcements and practical-information pages."""

from flask import Blueprint

bp = Blueprint("announcements", __name__, url_prefix="/announcements")
