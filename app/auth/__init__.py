"""Accounts: sign-in, sign-out, password reset, invitations, the account page."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")
