"""The seating rules: who sits where when a hall is filled in protocol order, manual moves,
and the rows the chart and the place cards print. Services flush; the view commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app import audit
from app.documents.place_cards import PlaceCard, place_cards_pdf
from app.documents.seating import ChartSeat, SeatingChart, seating_chart_pdf
from app.extensions import db
from app.i18n import forum
from app.models import Hall, HallLayout, SeatAssignment
from app.seating.queries import Person, Plan, plan, protocol_people

# --- where people go: pure functions -------------------------------------------------------


def seating_sequence(people: Sequence[Person]) -> list[Person]:
    """Heads of delegation first, then everyone else, each part in protocol order."""
    return [p for p in people if p.head] + [p for p in people if not p.head]


def assign_seats(
    people: Sequence[Person], rows: int, seats_per_row: int
) -> tuple[list[tuple[Person, int, int]], list[Person]]:
    """Seats row by row from the front, seat 1 first: the heads in the front rows, the
    others from the next row on (in the heads' last row only when the hall is too small to
    leave the rest of it empty). Returns (person, row, seat) and those left without a seat."""
    ordered = seating_sequence(people)
    heads = sum(1 for p in ordered if p.head)
    capacity = rows * seats_per_row
    first_row_of_others = -(-heads // seats_per_row)  # rows the heads take
    skip = first_row_of_others * seats_per_row - heads  # empty seats at the end of theirs
    if heads + skip + (len(ordered) - heads) > capacity:
        skip = 0
    placed: list[tuple[Person, int, int]] = []
    index = 0
    for number, person in enumerate(ordered):
        if number == heads:
            index += skip
        if index >= capacity:
            return placed, list(ordered[number:])
        placed.append((person, index // seats_per_row + 1, index % seats_per_row + 1))
        index += 1
    return placed, []


# --- changing a plan ----------------------------------------------------------------------


def create_hall(name: str, layout: HallLayout, rows: int, seats: int, language: str) -> Hall:
    hall = Hall(name=name, layout=layout, row_count=rows, seats_per_row=seats, language=language)
    db.session.add(hall)
    audit.record("hall.create", hall, changes={"name": [None, name]})
    return hall


def delete_hall(hall: Hall) -> None:
    audit.record("hall.delete", hall, changes={"name": [hall.name, None]})
    db.session.delete(hall)
    db.session.flush()


@dataclass(frozen=True)
class FillOutcome:
    seated: int
    unseated: list[Person]


def fill_in_protocol_order(hall: Hall) -> FillOutcome:
    """Empty the plan and seat every approved participant in protocol order."""
    placed, left = assign_seats(protocol_people(hall.language), hall.row_count, hall.seats_per_row)
    db.session.execute(sa.delete(SeatAssignment).where(SeatAssignment.hall_id == hall.id))
    db.session.add_all(
        SeatAssignment(hall_id=hall.id, participant_id=p.id, row_no=row, seat_no=seat)
        for p, row, seat in placed
    )
    audit.record("hall.fill", hall, changes={"seated": [None, len(placed)]})
    db.session.flush()
    return FillOutcome(len(placed), left)


def seat_in_hall(hall: Hall, row: int, seat: int) -> bool:
    return 1 <= row <= hall.row_count and 1 <= seat <= hall.seats_per_row


def _assignment(hall: Hall, **where) -> SeatAssignment | None:
    return db.session.scalar(sa.select(SeatAssignment).filter_by(hall_id=hall.id, **where))


@dataclass(frozen=True)
class MoveOutcome:
    moved_to: tuple[int, int] | None  # None: taken off the plan
    swapped_with: int | None  # the participant who took the mover's old seat (or lost theirs)
    displaced: bool  # True when that person is now without a seat


def move_person(hall: Hall, participant_id: int, target: tuple[int, int] | None) -> MoveOutcome:
    """Put a person in a seat (target None: take them off the plan). Whoever sat there
    takes the mover's old seat, or is left without one when the mover had none."""
    mine = _assignment(hall, participant_id=participant_id)
    old = (mine.row_no, mine.seat_no) if mine else None
    if target is None:
        if mine:
            db.session.delete(mine)
        audit.record("hall.move", hall, changes={"participant": [participant_id, None]})
        db.session.flush()
        return MoveOutcome(None, None, False)
    if not seat_in_hall(hall, *target):
        raise ValueError("seat outside the hall")
    if old == target:
        return MoveOutcome(target, None, False)
    theirs = _assignment(hall, row_no=target[0], seat_no=target[1])
    other = theirs.participant_id if theirs else None
    if theirs is not None:
        if old is None:
            db.session.delete(theirs)
        else:
            # The unique seat constraint holds at every statement: park first (row 0).
            theirs.row_no, theirs.seat_no = 0, 0
        db.session.flush()
    if mine is None:
        mine = SeatAssignment(hall_id=hall.id, participant_id=participant_id)
        db.session.add(mine)
    mine.row_no, mine.seat_no = target
    db.session.flush()
    if theirs is not None and old is not None:
        theirs.row_no, theirs.seat_no = old
    audit.record(
        "hall.move",
        hall,
        changes={"participant": [participant_id, participant_id], "seat": [old, list(target)]},
    )
    db.session.flush()
    return MoveOutcome(target, other, theirs is not None and old is None)


# --- documents ----------------------------------------------------------------------------


def row_label(hall: Hall, number: int) -> str:
    if hall.layout == HallLayout.TABLES:
        return _("Table %(n)s", n=number)
    return _("Row %(n)s", n=number)


def _forum_subtitle() -> str:
    settings = forum()
    if not settings:
        return ""
    return settings.localized("name")


def chart_pdf(hall: Hall) -> bytes:
    """The seating chart, in the hall's language."""
    current = plan(hall)
    with force_locale(hall.language):
        chart = SeatingChart(
            title=hall.name,
            subtitle=_forum_subtitle(),
            podium=_("Podium"),
            row_labels=[row_label(hall, n) for n in range(1, hall.row_count + 1)],
            seats_per_row=hall.seats_per_row,
            seats={
                seat: ChartSeat(p.name, p.delegation, p.head) for seat, p in current.by_seat.items()
            },
            footer=_("Seating chart"),
        )
    return seating_chart_pdf(chart)


CARD_SETS = ("heads", "seated", "chosen")


def card_people(current: Plan, which: str, chosen: Iterable[int] = ()) -> list[Person]:
    """The people of a set of place cards, in seat order when seated, else protocol order:
    heads of delegation, everyone seated in the hall, or the chosen participants."""
    chosen = set(chosen)
    people = {
        "heads": [p for p in current.people if p.head],
        "seated": [p for p in current.people if p.id in current.seat_of],
        "chosen": [p for p in current.people if p.id in chosen],
    }[which]
    far = (10**6, 0)
    return sorted(people, key=lambda p: current.seat_of.get(p.id, far))


def cards_pdf(hall: Hall, people: Iterable[Person]) -> bytes:
    with force_locale(hall.language):
        title = _("Place cards")
    cards = (PlaceCard(p.name, p.native_name, p.delegation) for p in people)
    return place_cards_pdf(cards, f"{title} — {hall.name}")
