"""What the API's views ask: check-ins through the desk's one service, and their answers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_smorest import abort
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.desk.checkin import services as desk_checkin
from app.extensions import db
from app.integers import bounded_int
from app.models import CheckIn, CheckInResult, Participant, ProgrammeSession

ENTRANCE = "entrance"
DECISIONS = {
    CheckInResult.ADMITTED: "admit",
    CheckInResult.ALREADY: "warn",
    CheckInResult.WARNED: "warn",
    CheckInResult.REFUSED: "refuse",
}


def point_id(point: str | None) -> int | None:
    """The session id of a point ("entrance": None); 422 for a session that does not exist."""
    if point in (None, "", ENTRANCE):
        return None
    session_id = bounded_int(point, minimum=1)
    if session_id is None or db.session.get(ProgrammeSession, session_id) is None:
        abort(422, code="unknown_point", messages={"point": [_("No such check-in point.")]})
    return session_id


def point_name(session_id: int | None) -> str:
    return ENTRANCE if session_id is None else str(session_id)


def participant_brief(p: Participant | None) -> dict | None:
    if p is None:
        return None
    return {
        "id": p.id,
        "name": p.display_name,
        "native_name": p.native_name or "",
        "delegation": p.delegation.name,
        "category": p.category.name,
        "status": p.status.value,
        "has_photo": p.has_photo,
    }


def answer(outcome: desk_checkin.ScanOutcome) -> dict:
    """One scan's answer: the same decision, reason and words as the desk page."""
    duplicate = outcome.result == CheckInResult.ALREADY
    return {
        "result": DECISIONS[outcome.result],
        "reason": "already" if duplicate else (outcome.reason.value if outcome.reason else None),
        "message": desk_checkin.headline(outcome),
        "participant": participant_brief(outcome.participant),
        "duplicate": duplicate,
        "checkin_id": outcome.check_in.id,
    }


def _scan(scan: dict, user) -> desk_checkin.ScanOutcome:
    session_id = point_id(scan.get("point"))
    if scan.get("direction") == "out" and not desk_checkin.counts_exits(session_id):
        abort(
            422,
            code="exits_not_counted",
            messages={"direction": [_("This check-in point does not count exits.")]},
        )
    return desk_checkin.record_scan(
        session_id,
        scan["code"],
        by=user,
        direction=scan.get("direction") or "in",
        scanned_at=scan.get("scanned_at"),
        nonce=scan.get("nonce"),
        force=bool(scan.get("force")),
    )


def record_scans(scans: list[dict], user) -> tuple[list[desk_checkin.ScanOutcome], list[dict]]:
    """Record scans in one transaction, in order, and answer each; answers are built
    before the commit. Two uploads of the same nonce at once: the loser retries and finds
    the winner's record (the answer of a replay)."""
    for attempt in (1, 2):
        try:
            outcomes = [_scan(scan, user) for scan in scans]
            answers = [answer(o) for o in outcomes]
            db.session.commit()
            return outcomes, answers
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                abort(409)
    raise AssertionError("unreachable")  # pragma: no cover


def list_checkins(session_id: int | None, any_point: bool, since: datetime | None, limit: int):
    """Check-ins (oldest first) since a time (default: the start of today at the forum)."""
    if since is None:
        since, _end = desk_checkin.day_bounds(desk_checkin.local_today(), desk_checkin.forum_tz())
    stmt = (
        sa.select(CheckIn)
        .options(
            joinedload(CheckIn.participant).joinedload(Participant.delegation),
            joinedload(CheckIn.participant).joinedload(Participant.category),
        )
        .where(CheckIn.at >= since)
        .order_by(CheckIn.at, CheckIn.id)
        .limit(limit)
    )
    if not any_point:
        stmt = stmt.where(desk_checkin.point_filter(session_id))
    return [
        {
            "id": c.id,
            "point": point_name(c.session_id),
            "direction": c.direction.value,
            "result": DECISIONS[c.result],
            "reason": "already"
            if c.result == CheckInResult.ALREADY
            else (c.reason.value if c.reason else None),
            "at": c.at,
            "scanned_at": c.scanned_at,
            "forced": c.forced,
            "nonce": c.nonce,
            "participant": participant_brief(c.participant),
        }
        for c in db.session.scalars(stmt).unique()
    ]
