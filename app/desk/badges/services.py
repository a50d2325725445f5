"""Badges at the desk: a batch drawn as a PDF, prints recorded, a lost badge replaced."""

from __future__ import annotations

import tempfile

import sqlalchemy as sa

from app import audit
from app.desk.badges.queries import iter_badges
from app.documents.badge import render_badges
from app.downloads import SPOOL_IN_MEMORY
from app.extensions import db
from app.identity import forum_emblem
from app.models import (
    BadgePrint,
    BadgePrintReason,
    ForumSettings,
    Participant,
    RevokedBadge,
    new_badge_secret,
    utcnow,
)


def forum_name(lang: str) -> str:
    forum = ForumSettings.get()
    if forum is None:
        return "Accredit"
    return forum.localized("name", lang) or forum.localized("short_name", lang) or "Accredit"


def badge_pdf(
    ids: list[int], layout: str, lang: str = "en"
) -> tuple[tempfile.SpooledTemporaryFile, int]:
    """The batch as a PDF in a spooled temporary file (in memory up to 8 MB, then on disk),
    rewound, and the number of badges in it."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (returned)
    count = render_badges(iter_badges(ids, lang), layout, forum_name(lang), out, forum_emblem())
    out.seek(0)
    return out, count


def record_prints(ids: list[int], user, layout: str) -> dict[str, int]:
    """A BadgePrint per participant: first, reprint, or lost (the first print after a lost
    badge was reported, which cleared badge_printed_at). Returns counts per reason."""
    now = utcnow()
    counts = {r.value: 0 for r in BadgePrintReason}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = db.session.execute(
            sa.select(Participant.id, Participant.badge_printed_at)
            .where(Participant.id.in_(chunk))
            .with_for_update()
        ).all()
        printed_before = set(
            db.session.scalars(
                sa.select(BadgePrint.participant_id)
                .where(BadgePrint.participant_id.in_(chunk))
                .group_by(BadgePrint.participant_id)
            )
        )
        prints = []
        for pid, printed_at in rows:
            if printed_at is not None:
                reason = BadgePrintReason.REPRINT
            elif pid in printed_before:
                reason = BadgePrintReason.LOST
            else:
                reason = BadgePrintReason.FIRST
            counts[reason.value] += 1
            prints.append(
                {
                    "participant_id": pid,
                    "at": now,
                    "user_id": getattr(user, "id", None),
                    "reason": reason,
                    "layout": layout,
                }
            )
        if prints:
            db.session.execute(sa.insert(BadgePrint), prints)
            db.session.execute(
                sa.update(Participant)
                .where(Participant.id.in_([p["participant_id"] for p in prints]))
                .values(badge_printed_at=now)
                .execution_options(synchronize_session=False)
            )
    audit.record(
        "badges.printed",
        object_type="badge_prints",
        changes={"count": len(ids), "layout": layout, **counts},
    )
    db.session.flush()
    return counts


def report_lost_badge(participant: Participant, user) -> RevokedBadge:
    """The old secret stops admitting; the participant gets a new one, and their next print
    is recorded as a replacement for a lost badge."""
    revoked = RevokedBadge(
        secret=participant.badge_secret,
        participant_id=participant.id,
        revoked_at=utcnow(),
        revoked_by_id=getattr(user, "id", None),
    )
    db.session.add(revoked)
    participant.badge_secret = new_badge_secret()
    participant.badge_printed_at = None
    audit.record("badge.reported_lost", participant, changes=audit.changes_of(participant))
    db.session.flush()
    return revoked
