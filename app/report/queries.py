"""Attendance as the check-in records tell it: a participant attended when at least one of
their scans was admitted (at the entrance or a session door); a day, when it was that day
in the forum's time zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.forum_time import day_bounds
from app.i18n import forum
from app.models import Category, CheckIn, CheckInResult, Delegation, DelegationKind, Participant


@dataclass(frozen=True)
class Row:
    label: str
    value: int


@dataclass
class Attendance:
    participants: int = 0
    countries: int = 0
    organizations: int = 0
    by_country: list[Row] = field(default_factory=list)
    by_organization: list[Row] = field(default_factory=list)
    by_other: list[Row] = field(default_factory=list)
    by_category: list[Row] = field(default_factory=list)
    by_day: list[tuple[date, int]] = field(default_factory=list)


def _attended():
    """Participant ids with an admitted scan."""
    return (
        sa.select(CheckIn.participant_id)
        .where(CheckIn.result == CheckInResult.ADMITTED, CheckIn.participant_id.is_not(None))
        .distinct()
    )


def _per_delegation() -> dict[DelegationKind, list[Row]]:
    rows = db.session.execute(
        sa.select(Delegation, sa.func.count(Participant.id))
        .join(Participant, Participant.delegation_id == Delegation.id)
        .where(Participant.id.in_(_attended()))
        .group_by(Delegation.id)
    ).all()
    out: dict[DelegationKind, list[Row]] = {kind: [] for kind in DelegationKind}
    for delegation, n in sorted(rows, key=lambda r: r[0].protocol_key):
        out[delegation.kind].append(Row(delegation.name, n))
    return out


def _per_category() -> list[Row]:
    rows = db.session.execute(
        sa.select(Category, sa.func.count(Participant.id))
        .join(Participant, Participant.category_id == Category.id)
        .where(Participant.id.in_(_attended()))
        .group_by(Category.id)
        .order_by(Category.sort_order, Category.code)
    ).all()
    return [Row(category.name, n) for category, n in rows]


def _per_day() -> list[tuple[date, int]]:
    settings = forum()
    if settings is None:
        return []
    out = []
    day = settings.starts_on
    while day <= settings.ends_on:
        start, end = day_bounds(day, settings.tz)
        n = db.session.scalar(
            sa.select(sa.func.count(sa.distinct(CheckIn.participant_id))).where(
                CheckIn.result == CheckInResult.ADMITTED,
                CheckIn.participant_id.is_not(None),
                CheckIn.at >= start,
                CheckIn.at < end,
            )
        )
        out.append((day, n or 0))
        day += timedelta(days=1)
    return out


def attendance() -> Attendance:
    per_delegation = _per_delegation()
    countries = per_delegation[DelegationKind.COUNTRY]
    organizations = per_delegation[DelegationKind.ORGANIZATION]
    return Attendance(
        participants=db.session.scalar(
            sa.select(sa.func.count()).select_from(_attended().subquery())
        )
        or 0,
        countries=len(countries),
        organizations=len(organizations),
        by_country=countries,
        by_organization=organizations,
        by_other=per_delegation[DelegationKind.OTHER],
        by_category=_per_category(),
        by_day=_per_day(),
    )
