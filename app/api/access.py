"""Who may call an API operation: the roles (as for every route, app/auth/access.py) and,
for a token, what its scope must grant. Checked before every API request, with the CSRF
token of a browser session's writes."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request
from flask_login import current_user
from flask_smorest import abort

from app.api import errors, tokens
from app.auth.access import public, roles_required
from app.extensions import csrf
from app.models import Role
from app.security import client_address

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def operation(*roles: Role, need: str | None) -> Callable:
    """Declare an operation's audience: these roles (none: everyone, signed in or not), and
    what a token's scope must grant (tokens.READ or tokens.CHECKIN; None: any token)."""

    def decorator(view):
        view = roles_required(*roles)(view) if roles else public(view)
        view.api_need = need
        return view

    return decorator


def check_request():
    """before_request of the API: a token within its scope; a session's writes with CSRF."""
    view = current_app.view_functions.get(request.endpoint or "")
    need = getattr(view, "api_need", None)
    token = tokens.current_token()
    if token is not None:
        if need is not None and not tokens.grants(token, need):
            abort(403, code=errors.INSUFFICIENT_SCOPE)
    elif (
        request.method not in SAFE_METHODS
        and current_user.is_authenticated
        and current_app.config.get("WTF_CSRF_ENABLED", True)
    ):
        csrf.protect()


def rate_key() -> str:
    """Rate-limit counters per token, else per client address (as the site's)."""
    _ = current_user.is_authenticated  # runs the request loader: a bearer token's owner
    token = tokens.current_token()
    return f"api-token:{token.id}" if token is not None else client_address()
