"""Binds the API to an app: flask-smorest, token sign-in, errors, rate limits, CSRF."""

from __future__ import annotations

from flask import current_app
from flask_wtf.csrf import CSRFError

from app.api import access, bp, docs_bp, errors, tokens
from app.api import checkin_views as _checkin_views  # noqa: F401  (registers the routes)
from app.api import docs_views as _docs_views  # noqa: F401  (registers the routes)
from app.extensions import api, csrf, limiter, login_manager

SETTINGS = {
    "API_TITLE": "Accredit",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": None,  # openapi.json and the page are docs_views' (declared access)
}
SECURITY = {"bearerToken": {"type": "http", "scheme": "bearer"}}

# Blueprint hooks: once, at import (a blueprint takes none after its first registration).
bp.before_request(access.check_request)
for _status in errors.CODES:
    bp.register_error_handler(_status, errors.for_exception)
bp.register_error_handler(CSRFError, errors.for_exception)
csrf.exempt(bp)  # a token needs none; access.check_request asks a session's writes for it
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=access.rate_key)(bp)


def register(app) -> None:
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    api.init_app(
        app,
        spec_kwargs={
            "servers": [{"url": "/"}],
            "security": [{"bearerToken": []}],
        },
    )
    api.spec.components.security_scheme("bearerToken", SECURITY["bearerToken"])
    login_manager.request_loader(tokens.load_user_from_request)
    # No login page for the API: signed out is a 401 (JSON, errors.py).
    login_manager.blueprint_login_views["api"] = None
    api.register_blueprint(bp)
    app.register_blueprint(docs_bp)
