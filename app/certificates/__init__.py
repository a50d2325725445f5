"""Certificates of attendance: for everyone checked in, with a public check of their code."""

from flask import Blueprint

bp = Blueprint("certificates", __name__, url_prefix="/certificates")
