"""Check-ins over the API: one scan, a batch of scans (an offline desk's queue), the list."""

from __future__ import annotations

from flask_login import current_user

from app.api import bp, services, tokens
from app.api.access import operation
from app.api.schemas import BatchIn, BatchOut, CheckInOut, CheckInQuery, ScanIn, ScanOut
from app.auth.policy import DESK


@bp.route("/checkins", methods=["POST"])
@operation(*DESK, need=tokens.CHECKIN)
@bp.arguments(ScanIn)
@bp.response(201, ScanOut, description="A new scan, recorded")
@bp.alt_response(200, schema=ScanOut, description="A repeated nonce: the first answer")
def checkin_create(scan):
    """Record one scan at a check-in point.

    The answer uses the desk's admission policy and reasons. A `nonce` seen before records
    nothing and answers as the first upload did (200). `force`: the door already let them
    through (offline); an admission is recorded (never a second one on the same day) and
    the answer says what the policy says.
    """
    outcomes, answers = services.record_scans([scan], current_user)
    return answers[0], 200 if outcomes[0].replayed else 201


@bp.route("/checkins/batch", methods=["POST"])
@operation(*DESK, need=tokens.CHECKIN)
@bp.arguments(BatchIn)
@bp.response(200, BatchOut)
def checkin_batch(body):
    """Record up to 500 scans in order (an offline desk's queue); one answer per scan."""
    _outcomes, answers = services.record_scans(body["scans"], current_user)
    return {"results": answers}


@bp.route("/checkins", methods=["GET"])
@operation(*DESK, need=tokens.CHECKIN)
@bp.arguments(CheckInQuery, location="query")
@bp.response(200, CheckInOut(many=True))
def checkin_list(query):
    """Check-ins since a time (default: today at the forum), oldest first; at one point or
    all. An offline desk lists what other desks recorded meanwhile (its conflicts)."""
    point = query.get("point")
    return services.list_checkins(
        services.point_id(point), point is None, query.get("since"), query["limit"]
    )
