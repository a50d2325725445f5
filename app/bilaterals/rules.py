"""A bilateral meeting's rules as pure data and functions: its states and clash detection.

No Flask, no database: the state table says which action may start from which state, who may
take it, where it leads and who hears of it; `clashes` says why a room and time cannot be
given. Services and views ask these; tests/bilaterals/test_rules.py tries every pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

REQUESTED = "requested"
COUNTERED = "countered"
ACCEPTED = "accepted"
SCHEDULED = "scheduled"
DECLINED = "declined"
CANCELLED = "cancelled"
STATES = (REQUESTED, COUNTERED, ACCEPTED, SCHEDULED, DECLINED, CANCELLED)
OPEN_STATES = frozenset({REQUESTED, COUNTERED, ACCEPTED, SCHEDULED})

# Who acts: the side a request waits for, either delegation, or the secretariat.
ANSWERER = "answerer"
PARTY = "party"
SECRETARIAT = "secretariat"


@dataclass(frozen=True)
class Step:
    to_state: str
    actor: str
    notify: str  # "other": the other delegation; "both": both delegations and the secretariat


# (action, from state) -> step. A pair not in the table is not allowed.
TRANSITIONS: dict[tuple[str, str], Step] = {
    ("accept", REQUESTED): Step(ACCEPTED, ANSWERER, "both"),
    ("accept", COUNTERED): Step(ACCEPTED, ANSWERER, "both"),
    ("decline", REQUESTED): Step(DECLINED, ANSWERER, "other"),
    ("decline", COUNTERED): Step(DECLINED, ANSWERER, "other"),
    ("propose", REQUESTED): Step(COUNTERED, ANSWERER, "other"),
    ("propose", COUNTERED): Step(REQUESTED, ANSWERER, "other"),
    ("schedule", ACCEPTED): Step(SCHEDULED, SECRETARIAT, "both"),
    ("schedule", SCHEDULED): Step(SCHEDULED, SECRETARIAT, "both"),  # moved
    ("cancel", REQUESTED): Step(CANCELLED, PARTY, "both"),
    ("cancel", COUNTERED): Step(CANCELLED, PARTY, "both"),
    ("cancel", ACCEPTED): Step(CANCELLED, PARTY, "both"),
    ("cancel", SCHEDULED): Step(CANCELLED, PARTY, "both"),
}
ACTIONS = tuple(dict.fromkeys(action for action, _ in TRANSITIONS))


def answering_party(state: str) -> str | None:
    """Which delegation the meeting waits for: the counterpart answers a request, the
    requester answers another time proposed."""
    return {REQUESTED: "counterpart", COUNTERED: "requester"}.get(state)


def step(action: str, state: str) -> Step | None:
    return TRANSITIONS.get((action, str(state)))


def may(action: str, state: str, *, party: str | None, secretariat: bool) -> bool:
    """May someone (`party`: "requester", "counterpart" or None; `secretariat`: an organizer)
    take `action` on a meeting in `state`?"""
    s = step(action, state)
    if s is None:
        return False
    if s.actor == SECRETARIAT:
        return secretariat
    if s.actor == PARTY:
        return secretariat or party is not None
    return party is not None and party == answering_party(str(state))


def allowed_actions(state: str, *, party: str | None, secretariat: bool) -> list[str]:
    return [a for a in ACTIONS if may(a, state, party=party, secretariat=secretariat)]


# --- clashes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Booking:
    """Something that occupies a room and people for a time: a scheduled bilateral or a
    programme session (people: the participants it needs, e.g. its speakers)."""

    kind: str  # "bilateral" or "session"
    ref: int
    label: str
    starts_at: datetime
    ends_at: datetime
    room_id: int | None
    people: frozenset[int]


@dataclass(frozen=True)
class Clash:
    reason: str  # "room" or "person"
    booking: Booking
    person: int | None = None


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals: a meeting ending at 10:00 and one starting at 10:00 do not clash."""
    return a_start < b_end and b_start < a_end


def clashes(
    starts_at: datetime,
    ends_at: datetime,
    room_id: int | None,
    people: Iterable[int],
    bookings: Iterable[Booking],
    *,
    ignore: tuple[str, int] | None = None,
) -> list[Clash]:
    """Every booking the candidate time collides with: the same room, or one of `people`
    (the two heads of delegation) already busy. `ignore`: the meeting being moved."""
    people = frozenset(p for p in people if p is not None)
    found = []
    for b in bookings:
        if ignore == (b.kind, b.ref) or not overlaps(starts_at, ends_at, b.starts_at, b.ends_at):
            continue
        if room_id is not None and b.room_id == room_id:
            found.append(Clash("room", b))
        for person in sorted(people & b.people):
            found.append(Clash("person", b, person))
    return found
