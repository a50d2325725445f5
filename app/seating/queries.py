"""What the seating pages and PDFs read: the people who may be seated, in the List of
Participants' protocol order (app/desk/roster.py: one ordering for every list), and the plan."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.desk.rosters.queries import RosterFilter, protocol_groups
from app.extensions import db
from app.models import Hall, ParticipantStatus, SeatAssignment


@dataclass(frozen=True, slots=True)
class Person:
    """One approved participant as the plan shows them."""

    id: int
    name: str  # honorific, given names, FAMILY NAME
    native_name: str
    delegation: str  # in the hall's language
    delegation_id: int
    head: bool


def protocol_people(lang: str) -> list[Person]:
    """Approved participants in protocol order: delegations as the List of Participants
    orders them in lang, the head of each first."""
    people = []
    filt = RosterFilter(statuses=[ParticipantStatus.APPROVED])
    for delegation, members in protocol_groups(filt, lang):
        delegation_name = delegation.localized("name", lang)
        for m in members:
            name = " ".join(x for x in (m.honorific, m.given_names, m.family_name.upper()) if x)
            people.append(Person(m.id, name, m.native_name, delegation_name, delegation.id, m.head))
    return people


def halls() -> list[tuple[Hall, int]]:
    """Every hall with the number of people seated in it."""
    seated = (
        sa.select(sa.func.count(SeatAssignment.id))
        .where(SeatAssignment.hall_id == Hall.id)
        .scalar_subquery()
    )
    return [tuple(row) for row in db.session.execute(sa.select(Hall, seated).order_by(Hall.id))]


def assignments(hall: Hall) -> dict[int, tuple[int, int]]:
    """participant id -> (row, seat) in this hall."""
    rows = db.session.execute(
        sa.select(
            SeatAssignment.participant_id, SeatAssignment.row_no, SeatAssignment.seat_no
        ).where(SeatAssignment.hall_id == hall.id)
    )
    return {pid: (row, seat) for pid, row, seat in rows}


@dataclass
class Plan:
    """A hall's plan as the page and the chart draw it."""

    hall: Hall
    people: list[Person]  # everyone who may be seated, in protocol order
    seat_of: dict[int, tuple[int, int]]  # participant id -> (row, seat)
    by_seat: dict[tuple[int, int], Person]

    @property
    def unseated(self) -> list[Person]:
        return [p for p in self.people if p.id not in self.seat_of]

    def row(self, number: int) -> list[tuple[int, Person | None]]:
        return [
            (seat, self.by_seat.get((number, seat)))
            for seat in range(1, self.hall.seats_per_row + 1)
        ]


def plan(hall: Hall) -> Plan:
    people = protocol_people(hall.language)
    seat_of = assignments(hall)
    by_id = {p.id: p for p in people}
    by_seat = {seat: by_id[pid] for pid, seat in seat_of.items() if pid in by_id}
    seat_of = {pid: seat for pid, seat in seat_of.items() if pid in by_id}
    return Plan(hall, people, seat_of, by_seat)
