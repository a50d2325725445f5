"""Logistics lists for the desk: airport pick-ups, rooming, dietary and accessibility needs,
visa letters. Each list is one query (plus, for counts, one GROUP BY), whatever its size."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, time

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager

from app.desk.rosters.queries import collation_key, participants_with_relations
from app.extensions import db
from app.models import (
    SEAT_STATUSES,
    Delegation,
    Participant,
    ParticipantStatus,
    User,
    VisaLetter,
)
from app.registration.fields import DIETARY_LABELS

# The people logistics plan for: submitted (expected) and approved.
EXPECTED = tuple(SEAT_STATUSES)
DIRECTIONS = ("arrivals", "departures")


def dietary_label(code: str) -> str:
    return str(DIETARY_LABELS.get(code, code))


def _expected() -> sa.Select:
    return participants_with_relations().where(Participant.status.in_(EXPECTED))


# --- arrivals and departures --------------------------------------------------------------


@dataclass
class TravelRow:
    participant: Participant
    day: date
    time: time | None
    flight: str
    airport: str


@dataclass
class TravelDay:
    day: date
    rows: list[TravelRow] = field(default_factory=list)

    @property
    def by_airport(self) -> list[tuple[str, int]]:
        """People per airport: how many to meet (or see off) at each."""
        return sorted(Counter(r.airport for r in self.rows).items(), key=lambda kv: -kv[1])

    @property
    def shared_flights(self) -> list[tuple[tuple[str, str, time | None], int]]:
        """Flights that carry two people or more: one car or bus each."""
        counts = Counter((r.airport, r.flight, r.time) for r in self.rows if r.flight)
        return sorted(
            ((k, n) for k, n in counts.items() if n > 1),
            key=lambda kv: (kv[0][2] or time.max, kv[0][0], kv[0][1]),
        )


def travel(direction: str, day: date | None = None) -> tuple[list[TravelDay], int]:
    """Arrivals or departures grouped by day, in time order; and how many expected
    participants have not given that date yet."""
    P = Participant
    arriving = direction != "departures"
    col_day = P.arrival_date if arriving else P.departure_date
    col_time = P.arrival_time if arriving else P.departure_time
    stmt = _expected().where(col_day.is_not(None))
    if day:
        stmt = stmt.where(col_day == day)
    stmt = stmt.order_by(col_day, col_time.is_(None), col_time, sa.func.lower(P.family_name), P.id)
    days: dict[date, TravelDay] = {}
    for p in db.session.scalars(stmt):
        row = TravelRow(
            p,
            p.arrival_date if arriving else p.departure_date,
            p.arrival_time if arriving else p.departure_time,
            p.arrival_flight if arriving else p.departure_flight,
            p.arrival_airport if arriving else p.departure_airport,
        )
        days.setdefault(row.day, TravelDay(row.day)).rows.append(row)
    missing = db.session.scalar(
        sa.select(sa.func.count()).select_from(P).where(P.status.in_(EXPECTED), col_day.is_(None))
    )
    return list(days.values()), missing or 0


def travel_days(direction: str) -> list[date]:
    col = Participant.arrival_date if direction != "departures" else Participant.departure_date
    return list(
        db.session.scalars(
            sa.select(col)
            .where(col.is_not(None), Participant.status.in_(EXPECTED))
            .distinct()
            .order_by(col)
        )
    )


# --- rooming --------------------------------------------------------------------------------


@dataclass
class Hotel:
    name: str  # "" when not given
    guests: list[Participant] = field(default_factory=list)

    @property
    def room_nights(self) -> int:
        return sum(nights(p) or 0 for p in self.guests)


def nights(p: Participant) -> int | None:
    if p.arrival_date and p.departure_date:
        return max((p.departure_date - p.arrival_date).days, 0)
    return None


def rooming() -> list[Hotel]:
    """Expected participants by hotel (alphabetically, "no hotel given" last), then by
    arrival date and name."""
    hotels: dict[str, Hotel] = {}
    stmt = _expected().order_by(
        Participant.hotel, Participant.arrival_date, sa.func.lower(Participant.family_name)
    )
    for p in db.session.scalars(stmt):
        key = p.hotel.strip()
        hotels.setdefault(key, Hotel(key)).guests.append(p)
    return sorted(hotels.values(), key=lambda h: (h.name == "", collation_key(h.name)))


# --- dietary and accessibility needs ------------------------------------------------------


@dataclass
class Needs:
    dietary: list[tuple[str, str, int]]  # code, label, count (without "no special diet")
    no_special_diet: int
    people: list[Participant]  # with a diet, dietary notes or accessibility needs
    accessibility: int
    by_category: dict[str, Counter]


def needs() -> Needs:
    P = Participant
    counts = db.session.execute(
        sa.select(P.dietary, sa.func.count())
        .where(P.status.in_(EXPECTED))
        .group_by(P.dietary)
        .order_by(sa.func.count().desc())
    ).all()
    people = list(
        db.session.scalars(
            _expected()
            .where(sa.or_(P.dietary != "", P.dietary_notes != "", P.accessibility_needs != ""))
            .order_by(P.dietary, sa.func.lower(P.family_name), P.id)
        )
    )
    by_category: dict[str, Counter] = defaultdict(Counter)
    for p in people:
        if p.dietary:
            by_category[p.dietary][p.category.name] += 1
    return Needs(
        dietary=[(code, dietary_label(code), n) for code, n in counts if code],
        no_special_diet=sum(n for code, n in counts if not code),
        people=people,
        accessibility=sum(1 for p in people if p.accessibility_needs.strip()),
        by_category=dict(by_category),
    )


# --- visa letters ---------------------------------------------------------------------------


@dataclass
class VisaRow:
    participant: Participant
    letter: VisaLetter | None
    issued_by: str


def visa_letters() -> tuple[list[VisaRow], int, int]:
    """Every participant who asked for a visa letter or has one, with each letter issued;
    and the counts of requests and of requests still without a letter."""
    P = Participant
    issuer = aliased(User)
    stmt = (
        sa.select(P, VisaLetter, issuer.full_name)
        .join(P.delegation)
        .join(P.category)
        .outerjoin(VisaLetter, VisaLetter.participant_id == P.id)
        .outerjoin(issuer, issuer.id == VisaLetter.issued_by_id)
        .options(
            contains_eager(P.delegation),
            contains_eager(P.category),
            sa.orm.defer(P.passport_number, raiseload=True),
            sa.orm.defer(P.date_of_birth, raiseload=True),
            sa.orm.defer(P.passport_expiry, raiseload=True),
        )
        .where(sa.or_(P.visa_letter_wanted.is_(True), VisaLetter.id.is_not(None)))
        .where(
            P.status.not_in(
                (
                    ParticipantStatus.REJECTED,
                    ParticipantStatus.WITHDRAWN,
                    ParticipantStatus.CANCELLED,
                )
            )
        )
        .order_by(
            VisaLetter.id.is_not(None),  # still waiting for a letter first
            Delegation.name_en,
            sa.func.lower(P.family_name),
            P.id,
            VisaLetter.issued_at,
        )
    )
    rows = [VisaRow(p, letter, name or "") for p, letter, name in db.session.execute(stmt)]
    requested = {r.participant.id for r in rows if r.participant.visa_letter_wanted}
    issued = {r.participant.id for r in rows if r.letter is not None}
    return rows, len(requested), len(requested - issued)


# --- overview -------------------------------------------------------------------------------


@dataclass
class Overview:
    arrivals: list[tuple[date, int]]
    departures: list[tuple[date, int]]
    hotels: list[tuple[str, int]]
    special_diets: int
    accessibility: int
    visa_requested: int
    visa_pending: int


def overview() -> Overview:
    """The logistics figures in four GROUP BY queries."""
    P = Participant
    expected = P.status.in_(EXPECTED)

    def per_day(col):
        return [
            (d, n)
            for d, n in db.session.execute(
                sa.select(col, sa.func.count())
                .where(expected, col.is_not(None))
                .group_by(col)
                .order_by(col)
            )
        ]

    hotels = db.session.execute(
        sa.select(P.hotel, sa.func.count()).where(expected).group_by(P.hotel).order_by(P.hotel)
    ).all()
    issued = sa.exists().where(VisaLetter.participant_id == P.id)
    diets, access, requested, pending = db.session.execute(
        sa.select(
            sa.func.coalesce(
                sa.func.sum(sa.case((sa.and_(expected, P.dietary != ""), 1), else_=0)), 0
            ),
            sa.func.coalesce(
                sa.func.sum(sa.case((sa.and_(expected, P.accessibility_needs != ""), 1), else_=0)),
                0,
            ),
            sa.func.coalesce(sa.func.sum(sa.case((P.visa_letter_wanted.is_(True), 1), else_=0)), 0),
            sa.func.coalesce(
                sa.func.sum(
                    sa.case((sa.and_(P.visa_letter_wanted.is_(True), ~issued), 1), else_=0)
                ),
                0,
            ),
        ).where(P.status.not_in(_NOT_OWED))
    ).one()
    return Overview(
        per_day(P.arrival_date),
        per_day(P.departure_date),
        [(h, n) for h, n in hotels],
        diets,
        access,
        requested,
        pending,
    )


_NOT_OWED = (ParticipantStatus.REJECTED, ParticipantStatus.WITHDRAWN, ParticipantStatus.CANCELLED)
