"""One helper to write the audit log; secret values are never written."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user

from app.extensions import db
from app.models import AuditLog

# Fields whose values never reach the log; a change to them is recorded as "changed".
SECRET_FIELDS = frozenset(
    {
        "password_hash",
        "session_token",
        "feed_token",
        "badge_secret",
        "registration_token",
        "token_hash",
        "passport_number",
        "date_of_birth",
        "data",
    }
)
REDACTED = "[redacted]"


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "value"):  # enums
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)


def changes_of(obj: Any) -> dict[str, list]:
    """Changed column values of a pending object as {field: [old, new]}."""
    state = sa.inspect(obj)
    out: dict[str, list] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new:
            continue
        if attr.key in SECRET_FIELDS:
            out[attr.key] = [REDACTED, REDACTED]
        else:
            out[attr.key] = [_jsonable(old), _jsonable(new)]
    return out


def redact(changes: dict | None) -> dict | None:
    if not changes:
        return changes
    return {
        k: (
            REDACTED
            if k in SECRET_FIELDS
            else _jsonable(v)
            if not isinstance(v, list | dict)
            else v
        )
        for k, v in changes.items()
    }


def record(
    action: str,
    obj: Any = None,
    *,
    changes: dict | None = None,
    delegation_id: int | None = None,
    actor_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> AuditLog:
    """Add an audit entry to the session (the caller's transaction commits it)."""
    if obj is not None:
        if getattr(obj, "id", 0) is None:
            db.session.flush()  # a new object needs its id for the log
        object_type = object_type or obj.__tablename__
        if object_id is None:
            object_id = getattr(obj, "id", None)
        if delegation_id is None:
            delegation_id = getattr(obj, "delegation_id", None)
            if obj.__tablename__ == "delegations":
                delegation_id = obj.id
    if actor_id is None and has_request_context() and current_user.is_authenticated:
        actor_id = current_user.id
    entry = AuditLog(
        action=action,
        object_type=object_type or "",
        object_id=object_id,
        delegation_id=delegation_id,
        changes=redact(changes),
        actor_id=actor_id,
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry
