"""The API's read resources: forum, delegations, categories, participants, sessions,
sign-ups and check-in points, each in the caller's scope."""

from __future__ import annotations

from flask_smorest import abort

from app.api import bp, queries, tokens
from app.api.access import operation
from app.api.schemas import (
    CategoryOut,
    DelegationOut,
    ForumOut,
    ParticipantOut,
    ParticipantPage,
    ParticipantQuery,
    PointOut,
    SessionOut,
    SignupPage,
    SignupQuery,
)
from app.auth.access import ALL_ROLES
from app.auth.policy import DESK

SIGNED_IN = tuple(ALL_ROLES)


@bp.route("/forum")
@operation(need=None)
@bp.response(200, ForumOut)
def forum():
    """The forum: name, dates, time zone, place (public)."""
    info = queries.forum_info()
    if info is None:
        abort(404)
    return info


@bp.route("/delegations")
@operation(*SIGNED_IN, need=tokens.READ)
@bp.response(200, DelegationOut(many=True))
def delegations():
    """Delegations (a focal point's or a delegate's: their own)."""
    return queries.delegations()


@bp.route("/delegations/<int:delegation_id>")
@operation(*SIGNED_IN, need=tokens.READ)
@bp.response(200, DelegationOut)
def delegation(delegation_id: int):
    return queries.delegation(delegation_id)


@bp.route("/categories")
@operation(*SIGNED_IN, need=tokens.READ)
@bp.response(200, CategoryOut(many=True))
def categories():
    return queries.categories()


@bp.route("/participants")
@operation(*SIGNED_IN, need=tokens.READ)
@bp.arguments(ParticipantQuery, location="query")
@bp.response(200, ParticipantPage)
def participants(query):
    """Participants in the caller's scope, filtered, searched and paginated. Passport data
    only for whoever may edit the registration (never staff); a token's reads of it are
    written to the audit log."""
    return queries.participants(query)


@bp.route("/participants/<int:participant_id>")
@operation(*SIGNED_IN, need=tokens.READ)
@bp.response(200, ParticipantOut)
def participant(participant_id: int):
    return queries.participant(participant_id)


@bp.route("/sessions")
@operation(need=tokens.READ)
@bp.response(200, SessionOut(many=True))
def sessions():
    """The programme's sessions (participants-only ones for the signed-in)."""
    return queries.sessions()


@bp.route("/sessions/<int:session_id>")
@operation(need=tokens.READ)
@bp.response(200, SessionOut)
def session(session_id: int):
    return queries.session(session_id)


@bp.route("/signups")
@operation(*SIGNED_IN, need=tokens.READ)
@bp.arguments(SignupQuery, location="query")
@bp.response(200, SignupPage)
def signups(query):
    """Session sign-ups of the participants in the caller's scope."""
    return queries.signups(query)


@bp.route("/checkin-points")
@operation(*DESK, need=(tokens.READ, tokens.CHECKIN))
@bp.response(200, PointOut(many=True))
def checkin_points():
    """The entrance and each session's door, and whether they count exits."""
    return queries.checkin_points()
