"""The clearance area's demo data: the forum requires clearance, two batches went to the
host's security service (most people cleared, a few pending, one refused, the waitlist not
sent yet), a security officer's account, and the check-ins of the forum's two days, so the
report shows real figures."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.clearance.services import reference_for
from app.demo.data import SEED
from app.extensions import db
from app.models import (
    CheckIn,
    CheckInMethod,
    CheckInResult,
    Clearance,
    ClearanceBatch,
    ClearanceStatus,
    ForumSettings,
    Participant,
    ParticipantStatus,
    RefusalReason,
    Role,
    User,
)

PENDING_APPROVED = 4  # approved people whose answer has not come back yet
# The entrance opens at 08:00 in Lianyungang (UTC+8) on each forum day.
DAY_OPENS = (datetime(2025, 9, 17, 0, 0, tzinfo=UTC), datetime(2025, 9, 18, 0, 0, tzinfo=UTC))
DAY_SHARE = (0.96, 0.86)


def _people(status: ParticipantStatus) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(Participant.id).where(Participant.status == status).order_by(Participant.id)
        )
    )


def _officers() -> tuple[User, User]:
    organizer = db.session.scalar(sa.select(User).where(User.role == Role.ORGANIZER))
    security = User(
        email="security@example.org",
        role=Role.SECURITY,
        full_name="Wang Qiang",
        locale="zh",
        password_hash=organizer.password_hash,
    )
    db.session.add(security)
    db.session.flush()
    return organizer, security


def _batch(organizer: User, ids: list[int], sent: datetime) -> ClearanceBatch:
    batch = ClearanceBatch(created_by_id=organizer.id, created_at=sent, size=len(ids))
    db.session.add(batch)
    db.session.flush()
    return batch


def _clearances(rng, organizer: User, security: User) -> tuple[list[int], int]:
    """Returns the cleared approved people and the refused one."""
    approved = _people(ParticipantStatus.APPROVED)
    submitted = _people(ParticipantStatus.SUBMITTED)
    rng.shuffle(approved)
    pending, refused, cleared = (
        approved[:PENDING_APPROVED],
        approved[PENDING_APPROVED],
        approved[PENDING_APPROVED + 1 :],
    )
    first = _batch(organizer, cleared + [refused], datetime(2025, 8, 25, 2, 0, tzinfo=UTC))
    first.answered_at = datetime(2025, 9, 5, 8, 0, tzinfo=UTC)
    second = _batch(organizer, pending + submitted, datetime(2025, 9, 12, 2, 0, tzinfo=UTC))
    rows = []
    for pid in cleared + [refused]:
        decided = first.answered_at - timedelta(hours=rng.randint(1, 200))
        rows.append(
            dict(participant_id=pid, batch_id=first.id, sent_at=first.created_at,
                 status=ClearanceStatus.CLEARED, reason="", decided_by_id=security.id,
                 decided_at=decided)
        )  # fmt: skip
    rows[-1].update(
        status=ClearanceStatus.REFUSED,
        reason="Travel document reported lost or stolen; the service asks for a new passport.",
    )
    rows += [
        dict(participant_id=pid, batch_id=second.id, sent_at=second.created_at,
             status=ClearanceStatus.PENDING, reason="")
        for pid in pending + submitted
    ]  # fmt: skip
    for row in rows:
        row["reference"] = reference_for(row["participant_id"])
    db.session.execute(sa.insert(Clearance), rows)
    return cleared, refused


def _check_ins(rng, cleared: list[int], refused: int) -> int:
    scans, first_seen = [], {}
    for opens, share in zip(DAY_OPENS, DAY_SHARE, strict=True):
        for pid in cleared:
            if rng.random() < share:
                at = opens + timedelta(minutes=30 + rng.randint(0, 75), seconds=rng.randint(0, 59))
                first_seen.setdefault(pid, at)
                scans.append(dict(participant_id=pid, at=at, method=CheckInMethod.SCAN,
                                  result=CheckInResult.ADMITTED, scanned=""))  # fmt: skip
    scans.append(
        dict(participant_id=refused, at=DAY_OPENS[0] + timedelta(minutes=47),
             method=CheckInMethod.SCAN, result=CheckInResult.REFUSED,
             reason=RefusalReason.NOT_CLEARED, scanned="")
    )  # fmt: skip
    db.session.execute(sa.insert(CheckIn), scans)
    db.session.execute(
        sa.update(Participant),
        [{"id": pid, "checked_in_at": at} for pid, at in first_seen.items()],
    )
    return len(first_seen)


def seed_clearance(summary) -> None:
    """A step of the demo builder, after the participants and the accounts (the synthetic
    forum of the benchmark is left without clearance)."""
    if summary.synthetic:
        return
    rng = random.Random(SEED + 15)
    forum = db.session.get(ForumSettings, 1)
    forum.clearance_required = True
    organizer, security = _officers()
    cleared, refused = _clearances(rng, organizer, security)
    attended = _check_ins(rng, cleared, refused)
    summary.accounts.append(
        ("security@example.org", "security", "host's security service: vetting")
    )
    summary.add(
        f"Security clearance required: {len(cleared)} cleared, 1 refused, the rest pending or "
        f"not sent; {attended} participants checked in over the forum's two days."
    )
