"""The API's reads: each in the caller's scope (app/auth/access.py) and under the same
rules as the pages (app/auth/policy.py), as plain dicts for the schemas."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.api import tokens
from app.api.services import point_name
from app.auth.access import (
    delegation_or_404,
    participant_or_404,
    scope_delegations,
    scope_participants,
)
from app.auth.policy import may_see_personal_data
from app.desk.rosters.queries import RosterFilter
from app.extensions import db
from app.i18n import forum
from app.models import (
    Category,
    Delegation,
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    SessionSignup,
)
from app.programme.queries import session_or_404, visible_sessions_filter


def forum_info() -> dict | None:
    settings = forum()
    if settings is None:
        return None
    return {
        "name": settings.localized("name"),
        "short_name": settings.localized("short_name") or None,
        "starts_on": settings.starts_on,
        "ends_on": settings.ends_on,
        "timezone": settings.timezone,
        "city": settings.city,
        "venue": settings.venue,
    }


def _delegation(d: Delegation) -> dict:
    return {
        "id": d.id,
        "code": d.code,
        "kind": d.kind.value,
        "name": d.name,
        "name_en": d.name_en,
        "name_fr": d.name_fr,
        "name_zh": d.name_zh,
        "quota": d.quota,
        "status": d.status.value,
    }


def delegations() -> list[dict]:
    stmt = scope_delegations(sa.select(Delegation)).order_by(Delegation.sort_key, Delegation.id)
    return [_delegation(d) for d in db.session.scalars(stmt)]


def delegation(delegation_id: int) -> dict:
    return _delegation(delegation_or_404(delegation_id))


def categories() -> list[dict]:
    stmt = sa.select(Category).order_by(Category.sort_order, Category.id)
    return [
        {"id": c.id, "code": c.code, "name": c.name, "colour": c.colour, "sort_order": c.sort_order}
        for c in db.session.scalars(stmt)
    ]


def _participant(p: Participant) -> dict:
    row = {
        "id": p.id,
        "delegation_id": p.delegation_id,
        "category_id": p.category_id,
        "status": p.status.value,
        "honorific": p.honorific,
        "given_names": p.given_names,
        "family_name": p.family_name,
        "native_name": p.native_name,
        "position": p.position,
        "organization": p.organization,
        "email": p.email,
        "checked_in_at": p.checked_in_at,
        "badge_printed_at": p.badge_printed_at,
        "has_photo": p.has_photo,
        "passport": None,
    }
    if may_see_personal_data(current_user, p):
        row["passport"] = {
            "nationality": p.nationality,
            "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
            "passport_number": p.passport_number,
            "passport_expiry": p.passport_expiry.isoformat() if p.passport_expiry else None,
        }
    return row


def _audit_personal(rows: list[dict]) -> None:
    ids = [r["id"] for r in rows if r["passport"] is not None]
    if ids:
        tokens.audit_personal_data("api.personal_data_read", participant_ids=ids[:200])


def participants(query: dict) -> dict:
    status = query.get("status")
    wanted = RosterFilter(
        delegation_id=query.get("delegation_id"),
        category_id=query.get("category_id"),
        statuses=[ParticipantStatus(status)] if status else [],
        q=(query.get("q") or "").strip(),
    )
    ids_stmt = scope_participants(wanted.id_select())
    total = db.session.scalar(sa.select(sa.func.count()).select_from(ids_stmt.subquery())) or 0
    page, per_page = query["page"], query["per_page"]
    ids = list(db.session.scalars(ids_stmt.limit(per_page).offset((page - 1) * per_page)))
    by_id = {
        p.id: p for p in db.session.scalars(sa.select(Participant).where(Participant.id.in_(ids)))
    }
    items = [_participant(by_id[i]) for i in ids if i in by_id]
    _audit_personal(items)
    return {"items": items, "page": page, "per_page": per_page, "total": total}


def participant(participant_id: int) -> dict:
    row = _participant(participant_or_404(participant_id))
    _audit_personal([row])
    return row


def _session(s: ProgrammeSession) -> dict:
    return {
        "id": s.id,
        "kind": s.kind.value,
        "title": s.title,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "room": s.room.name if s.room else None,
        "capacity": s.capacity,
        "signup_required": s.signup_required,
        "door_refuses_unsigned": s.door_refuses_unsigned,
        "counts_exits": s.counts_exits,
        "visibility": s.visibility.value,
    }


def sessions() -> list[dict]:
    stmt = (
        sa.select(ProgrammeSession)
        .options(joinedload(ProgrammeSession.room))
        .where(visible_sessions_filter(current_user))
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )
    return [_session(s) for s in db.session.scalars(stmt)]


def session(session_id: int) -> dict:
    return _session(session_or_404(session_id, current_user))


def signups(query: dict) -> dict:
    stmt = scope_participants(
        sa.select(SessionSignup).join(Participant, Participant.id == SessionSignup.participant_id)
    )
    if query.get("session_id"):
        stmt = stmt.where(SessionSignup.session_id == query["session_id"])
    if query.get("participant_id"):
        stmt = stmt.where(SessionSignup.participant_id == query["participant_id"])
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    page, per_page = query["page"], query["per_page"]
    rows = db.session.scalars(
        stmt.order_by(SessionSignup.id).limit(per_page).offset((page - 1) * per_page)
    )
    items = [
        {
            "id": s.id,
            "session_id": s.session_id,
            "participant_id": s.participant_id,
            "status": s.status.value,
            "created_at": s.created_at,
        }
        for s in rows
    ]
    return {"items": items, "page": page, "per_page": per_page, "total": total}


def checkin_points() -> list[dict]:
    settings = forum()
    points = [
        {
            "point": point_name(None),
            "name": _("Entrance"),
            "counts_exits": bool(settings and settings.entrance_counts_exits),
            "starts_at": None,
        }
    ]
    sessions_ = db.session.scalars(
        sa.select(ProgrammeSession).order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )
    points += [
        {
            "point": point_name(s.id),
            "name": s.title,
            "counts_exits": s.counts_exits,
            "starts_at": s.starts_at,
        }
        for s in sessions_
    ]
    return points
