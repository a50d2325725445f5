"""Which badges: the ids of a batch, their contents as plain rows, print counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import sqlalchemy as sa

from app.desk.rosters.queries import localized_name
from app.documents.badge import BadgeData
from app.extensions import db
from app.models import (
    BadgePrint,
    Category,
    Delegation,
    Participant,
    ParticipantPhoto,
    ParticipantStatus,
)

CHUNK = 200


def badge_query(
    *,
    scope: str = "all",
    delegation_id: int | None = None,
    category_id: int | None = None,
    participant_id: int | None = None,
) -> sa.Select:
    """Ids of the approved participants of a batch, in delegation then name order.

    scope "unprinted" keeps only those whose current badge has not been printed yet.
    """
    stmt = (
        sa.select(Participant.id)
        .join(Delegation, Delegation.id == Participant.delegation_id)
        .where(Participant.status == ParticipantStatus.APPROVED)
    )
    if scope == "unprinted":
        stmt = stmt.where(Participant.badge_printed_at.is_(None))
    if delegation_id:
        stmt = stmt.where(Participant.delegation_id == delegation_id)
    if category_id:
        stmt = stmt.where(Participant.category_id == category_id)
    if participant_id:
        stmt = stmt.where(Participant.id == participant_id)
    return stmt.order_by(
        Delegation.kind,
        Delegation.sort_key,
        Delegation.name_en,
        Participant.family_name,
        Participant.given_names,
        Participant.id,
    )


def count_badges(**batch) -> int:
    stmt = badge_query(**batch).order_by(None)
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


def iter_badges(ids: list[int], lang: str = "en", with_photos: bool = True) -> Iterator[BadgeData]:
    """Badge contents for these participant ids, in the given order, read CHUNK at a time."""
    columns = [
        Participant.id,
        Participant.honorific,
        Participant.given_names,
        Participant.family_name,
        Participant.native_name,
        Participant.badge_secret,
        localized_name(Delegation, lang),
        localized_name(Category, lang),
        Category.colour,
        Category.text_colour,
    ]
    if with_photos:
        columns.append(ParticipantPhoto.data)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stmt = (
            sa.select(*columns)
            .join(Delegation, Delegation.id == Participant.delegation_id)
            .join(Category, Category.id == Participant.category_id)
            .where(Participant.id.in_(chunk))
        )
        if with_photos:
            stmt = stmt.outerjoin(
                ParticipantPhoto, ParticipantPhoto.participant_id == Participant.id
            )
        rows = {row[0]: row for row in db.session.execute(stmt)}
        for pid in chunk:
            row = rows.pop(pid, None)
            if row is None:
                continue
            yield BadgeData(
                participant_id=row[0],
                honorific=row[1] or "",
                given_names=row[2] or "",
                family_name=row[3] or "",
                native_name=row[4] or "",
                secret=row[5],
                delegation=row[6] or "",
                category=row[7] or "",
                colour=row[8] or "#1f4e79",
                text_colour=row[9] or "#ffffff",
                photo=row[10] if with_photos else None,
            )


def batch_ids(**batch) -> list[int]:
    return list(db.session.scalars(badge_query(**batch)))


def print_counts(ids: list[int]) -> dict[int, tuple[int, datetime | None]]:
    """How many times each participant's badge was printed, and when last."""
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(BadgePrint.participant_id, sa.func.count(), sa.func.max(BadgePrint.at))
        .where(BadgePrint.participant_id.in_(ids))
        .group_by(BadgePrint.participant_id)
    )
    return {pid: (n, at) for pid, n, at in rows}


def approved_counts() -> dict:
    """Approved participants and those still to print, overall, per delegation, per category."""
    printed = sa.case((Participant.badge_printed_at.is_(None), 1), else_=0)
    approved = Participant.status == ParticipantStatus.APPROVED
    total = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(printed), 0)).where(approved)
    ).one()

    def per(column) -> dict:
        rows = db.session.execute(
            sa.select(column, sa.func.count(), sa.func.sum(printed))
            .where(approved)
            .group_by(column)
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    return {
        "approved": total[0],
        "unprinted": int(total[1] or 0),
        "delegation": per(Participant.delegation_id),
        "category": per(Participant.category_id),
    }


def batch_choices() -> tuple[list[Delegation], list[Category]]:
    """The delegations (in protocol order) and categories a batch can be narrowed to."""
    delegations = db.session.scalars(
        sa.select(Delegation).order_by(Delegation.kind, Delegation.sort_key, Delegation.name_en)
    ).all()
    categories = db.session.scalars(
        sa.select(Category).order_by(Category.sort_order, Category.name_en)
    ).all()
    return sorted(delegations, key=lambda d: d.protocol_key), list(categories)
