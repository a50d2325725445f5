"""The offline desk's manifest: what one check-in point needs to decide a scan with no network.

For each approved participant the door may admit: the badge secret as a keyed hash (HMAC-SHA256
with a key derived on the server for this sign-in, cut to 128 bits; never the secret),
the name, delegation, category, status, the sign-up for a session door, and on request a small
photo thumbnail. Plus the keyed hashes of revoked badges, who was admitted at this point today,
and the admission policy itself (rules.ADMISSION_POLICY as data, which static/js/checkin-policy.js
interprets: one definition for the server and the page).

A refresh asks for the changes since a version (the instant the previous answer was built):
the participants and sign-ups changed since then, and the ids to drop (no longer approved).
`total` lets the page check that its copy holds exactly what the server's would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
from datetime import datetime, timedelta

import sqlalchemy as sa
from PIL import Image
from sqlalchemy.orm import load_only

from app.clearance.queries import clearance_changed_since, clearance_required, states_of
from app.desk.checkin import services as checkin
from app.extensions import db
from app.models import (
    Category,
    CheckIn,
    CheckInResult,
    Delegation,
    Direction,
    Participant,
    ParticipantPhoto,
    ParticipantStatus,
    ProgrammeSession,
    RevokedBadge,
    SessionSignup,
    SignupStatus,
    utcnow,
)
from app.registration import rules

HASH_BYTES = 16
KEY_BYTES = 32
THUMB_SIDE = 48
# A row written while a refresh was being built may carry an updated_at a little older than
# the version the refresh reports; asking again for this margin costs a few rows, never a miss.
SINCE_MARGIN = timedelta(seconds=5)


def session_keys(secret_key: str | bytes, user_id: int, session_token: str) -> dict[str, bytes]:
    """The keys of one sign-in: `hash` keys the code hashes, `aes` encrypts the manifest at
    rest in the browser. Derived from the app's SECRET_KEY and the user's session token, so
    they are stored nowhere; signing out rotates the token and with it the keys, while an
    idle sign-out does not (a desk that was offline for hours and signs in again can still
    open the scans it kept)."""
    root = secret_key.encode() if isinstance(secret_key, str) else secret_key
    base = hmac.new(root, f"desk-offline|{user_id}|{session_token}".encode(), hashlib.sha256)
    return {
        name: hmac.new(base.digest(), name.encode(), hashlib.sha256).digest()[:KEY_BYTES]
        for name in ("hash", "aes")
    }


def code_hash(key: bytes, code: str) -> str:
    """The keyed hash of a scanned code, as the page computes it (base64url, no padding)."""
    digest = hmac.new(key, code.strip().encode(), hashlib.sha256).digest()[:HASH_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def policy_document() -> dict:
    """The admission policy as the page reads it."""
    return {
        "rows": list(rules.ADMISSION_POLICY),
        "session_door": rules.SESSION_DOOR,
        "defaults": rules.DEFAULT_FACTS,
    }


def thumbnail(data: bytes) -> str | None:
    """A data: URL of a small JPEG of the badge photo (JPEG draft mode decodes at 1/8 size)."""
    try:
        image = Image.open(io.BytesIO(data))
        image.draft("RGB", (THUMB_SIDE * 2, THUMB_SIDE * 2))
        image = image.convert("RGB")
        image.thumbnail((THUMB_SIDE, THUMB_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=60)
    except (OSError, ValueError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def _changed_ids(session_id: int | None, since: datetime) -> sa.Select:
    """Participants whose row (or sign-up for this session) changed since `since`."""
    changed = sa.select(Participant.id).where(Participant.updated_at > since)
    changed = changed.union(clearance_changed_since(since))
    if session_id is not None:
        changed = changed.union(
            sa.select(SessionSignup.participant_id).where(
                SessionSignup.session_id == session_id, SessionSignup.updated_at > since
            )
        )
    return changed


def _signups(session_id: int | None, ids: list[int] | None) -> dict[int, str]:
    if session_id is None:
        return {}
    stmt = sa.select(SessionSignup.participant_id, SessionSignup.status).where(
        SessionSignup.session_id == session_id, SessionSignup.status != SignupStatus.CANCELLED
    )
    if ids is not None:
        stmt = stmt.where(SessionSignup.participant_id.in_(ids))
    return {pid: status.value for pid, status in db.session.execute(stmt)}


def _photos(ids: list[int]) -> dict[int, str]:
    thumbs: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        rows = db.session.execute(
            sa.select(ParticipantPhoto.participant_id, ParticipantPhoto.data).where(
                ParticipantPhoto.participant_id.in_(ids[start : start + 500])
            )
        )
        for pid, data in rows:
            if (url := thumbnail(data)) is not None:
                thumbs[pid] = url
    return thumbs


def _admitted_today(session_id: int | None) -> list[int]:
    """Who would be "already checked in" here now: as checkin._previous_admission decides
    (the first admission of the day, or where the point counts exits, the last passage),
    when that passage was an entry."""
    tz = checkin.forum_tz()
    start, end = checkin.day_bounds(checkin.local_today(tz), tz)
    exits = checkin.counts_exits(session_id)
    rows = db.session.execute(
        sa.select(CheckIn.participant_id, CheckIn.direction)
        .where(
            checkin.point_filter(session_id),
            CheckIn.result == CheckInResult.ADMITTED,
            CheckIn.at >= start,
            CheckIn.at < end,
            CheckIn.participant_id.is_not(None),
        )
        .order_by(CheckIn.at, CheckIn.id if exits else CheckIn.id.desc())
    ).all()
    if exits:
        deciding = dict(rows)  # the last passage of each
    else:
        deciding = {}
        for pid, direction in rows:
            deciding.setdefault(pid, direction)
    return sorted(pid for pid, direction in deciding.items() if direction != Direction.OUT)


def _door(session_id: int | None) -> dict:
    if session_id is None:
        return {"door": rules.ENTRANCE, "session_policy": rules.OPEN}
    session = db.session.get(ProgrammeSession, session_id)
    policy = (
        rules.session_policy(session.signup_required, session.door_refuses_unsigned)
        if session is not None
        else rules.OPEN
    )
    return {"door": rules.SESSION_DOOR, "session_policy": policy}


def _entries(hash_key: bytes, session_id, changed, with_photos: bool) -> tuple[list, list]:
    """The entries of approved participants (all, or those changed) and the ids to drop."""
    stmt = sa.select(
        Participant.id,
        Participant.status,
        Participant.badge_secret,
        Participant.honorific,
        Participant.given_names,
        Participant.family_name,
        Participant.native_name,
        Participant.delegation_id,
        Participant.category_id,
    ).order_by(Participant.id)
    if changed is not None:
        stmt = stmt.where(Participant.id.in_(changed))
    else:
        stmt = stmt.where(Participant.status == ParticipantStatus.APPROVED)
    rows = db.session.execute(stmt).all()
    removed = [r.id for r in rows if r.status != ParticipantStatus.APPROVED]
    approved = [r for r in rows if r.status == ParticipantStatus.APPROVED]
    ids = [r.id for r in approved] if changed is not None else None
    signups = _signups(session_id, ids)
    photos = _photos([r.id for r in approved]) if with_photos else {}
    clearance = states_of(ids)
    entries = []
    for r in approved:
        entry = {
            "id": r.id,
            "h": code_hash(hash_key, r.badge_secret),
            "s": r.status.value,
            "hn": r.honorific or "",
            "g": r.given_names or "",
            "f": r.family_name or "",
            "nn": r.native_name or "",
            "d": r.delegation_id,
            "c": r.category_id,
            "cl": clearance.get(r.id, rules.CLEARANCE_NOT_SENT),
        }
        if session_id is not None:
            entry["su"] = signups.get(r.id, "none")
        if r.id in photos:
            entry["t"] = photos[r.id]
        entries.append(entry)
    return entries, removed


def build(
    hash_key: bytes,
    session_id: int | None = None,
    since: datetime | None = None,
    *,
    with_photos: bool = False,
) -> dict:
    """The manifest of one check-in point (the entrance when session_id is None): all of it,
    or the changes since `since`."""
    version = utcnow()
    changed = _changed_ids(session_id, since - SINCE_MARGIN) if since is not None else None
    entries, removed = _entries(hash_key, session_id, changed, with_photos)
    total = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Participant)
        .where(Participant.status == ParticipantStatus.APPROVED)
    )
    revoked = db.session.scalars(sa.select(RevokedBadge.secret)).all()
    return {
        "version": version.isoformat(),
        "full": since is None,
        "point": session_id or "entrance",
        **_door(session_id),
        "policy": policy_document(),
        "clearance_required": clearance_required(),
        "entries": entries,
        "removed": removed,
        "total": total,
        "revoked": [code_hash(hash_key, s) for s in revoked],
        "admitted_today": _admitted_today(session_id),
        "delegations": {
            d.id: d.name
            for d in db.session.scalars(
                sa.select(Delegation).options(
                    load_only(Delegation.name_en, Delegation.name_fr, Delegation.name_zh)
                )
            )
        },
        "categories": {
            c.id: {"name": c.name, "colour": c.colour}
            for c in db.session.scalars(sa.select(Category))
        },
    }
