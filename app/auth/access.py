"""Who may use which route: one declaration per view, enforced before every request.

A view declares its audience with @roles_required(...), @login_required_any or @public.
A view that declares nothing is refused to everyone (default deny), and the access test
fails on it. Object access for focal points and delegates goes through the *_or_404 helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from flask import abort, current_app, request
from flask_login import current_user

from app.auth.policy import DESK, ORGANIZERS
from app.extensions import db, login_manager
from app.models import Delegation, Participant, Role

ANONYMOUS = "anonymous"
ALL_ROLES = frozenset(Role)
__all__ = ["DESK", "ORGANIZERS"]


def _declare(view: Callable, audience: Iterable) -> Callable:
    view.access = frozenset(audience)  # type: ignore[attr-defined]
    return view


def roles_required(*roles: Role) -> Callable:
    """Only signed-in users with one of these roles."""

    def decorator(view):
        return _declare(view, roles)

    return decorator


def login_required_any(view: Callable) -> Callable:
    """Any signed-in user."""
    return _declare(view, ALL_ROLES)


def public(view: Callable) -> Callable:
    """Everyone, signed in or not."""
    return _declare(view, ALL_ROLES | {ANONYMOUS})


def view_access(endpoint: str) -> frozenset | None:
    if endpoint == "static" or endpoint.endswith(".static"):
        return ALL_ROLES | {ANONYMOUS}
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access", None)


def enforce_access():
    """before_request: apply the route's declaration (default deny)."""
    if request.endpoint is None:
        return None  # no route: the 404/405 handler answers
    allowed = view_access(request.endpoint)
    if allowed is None:
        current_app.logger.error("route %s declares no access; refused", request.endpoint)
        abort(403)
    if ANONYMOUS in allowed:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in allowed:
        abort(403)
    return None


# --- object scoping -------------------------------------------------------------------------


def scope_participants(stmt: sa.Select, user=None) -> sa.Select:
    """Restrict a participant query to what the user may see."""
    user = user or current_user
    if user.role in DESK:
        return stmt
    if user.role == Role.FOCAL_POINT:
        return stmt.where(Participant.delegation_id == user.delegation_id)
    if user.role == Role.DELEGATE:
        return stmt.where(Participant.id == user.participant_id)
    return stmt.where(sa.false())


def scope_delegations(stmt: sa.Select, user=None) -> sa.Select:
    user = user or current_user
    if user.role in DESK:
        return stmt
    return stmt.where(Delegation.id == user.delegation_id)


def delegation_or_404(delegation_id: int, user=None) -> Delegation:
    """Load a delegation the user may see; another delegation answers 404, not 403."""
    user = user or current_user
    delegation = db.get_or_404(Delegation, delegation_id)
    if user.role in (Role.FOCAL_POINT, Role.DELEGATE) and delegation.id != user.delegation_id:
        abort(404)
    return delegation


def participant_or_404(participant_id: int, user=None, *, options: Iterable = ()) -> Participant:
    """Load a participant the user may see: organizers and staff all, a focal point their
    delegation's, a delegate only themselves. Anything else is a 404."""
    user = user or current_user
    participant = db.session.get(Participant, participant_id, options=list(options))
    if participant is None:
        abort(404)
    if user.role == Role.FOCAL_POINT and participant.delegation_id != user.delegation_id:
        abort(404)
    if user.role == Role.DELEGATE and participant.id != user.participant_id:
        abort(404)
    if user.role == Role.SECURITY:  # vetting has its own pages (app/clearance)
        abort(404)
    return participant
