"""The bilateral meeting's state table and clash detection, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.bilaterals import rules
from app.bilaterals.rules import Booking
from app.models import MeetingStatus


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 9, 17, hour, minute, tzinfo=UTC)


def test_the_table_speaks_the_models_states():
    assert set(rules.STATES) == {s.value for s in MeetingStatus}
    for (action, source), step in rules.TRANSITIONS.items():
        assert source in rules.STATES and step.to_state in rules.STATES, action


@pytest.mark.parametrize(
    ("state", "party", "secretariat", "expected"),
    [
        # A request waits for the counterpart: only they answer; either side may withdraw.
        ("requested", "counterpart", False, ["accept", "decline", "propose", "cancel"]),
        ("requested", "requester", False, ["cancel"]),
        # Another time proposed: now the requester answers.
        ("countered", "requester", False, ["accept", "decline", "propose", "cancel"]),
        ("countered", "counterpart", False, ["cancel"]),
        # Agreed: the secretariat gives the room; the delegations can only cancel.
        ("accepted", "requester", False, ["cancel"]),
        ("accepted", None, True, ["schedule", "cancel"]),
        ("scheduled", None, True, ["schedule", "cancel"]),
        ("scheduled", "counterpart", False, ["cancel"]),
        # Closed meetings take no action; a third delegation takes none at all.
        ("declined", "counterpart", False, []),
        ("cancelled", None, True, []),
        ("requested", None, False, []),
    ],
)
def test_who_may_do_what(state, party, secretariat, expected):
    assert rules.allowed_actions(state, party=party, secretariat=secretariat) == expected


def test_proposing_hands_the_turn_to_the_other_side():
    assert rules.step("propose", "requested").to_state == "countered"
    assert rules.step("propose", "countered").to_state == "requested"
    assert rules.answering_party("requested") == "counterpart"
    assert rules.answering_party("countered") == "requester"
    assert rules.answering_party("accepted") is None


def test_no_step_leaves_a_closed_meeting():
    for action in rules.ACTIONS:
        for closed in ("declined", "cancelled"):
            assert rules.step(action, closed) is None


HALL = 1
SALON = 2
HEAD_A, HEAD_B, HEAD_C = 11, 12, 13


def _bookings():
    return [
        Booking("bilateral", 5, "A – C", at(9), at(9, 45), SALON, frozenset({HEAD_A, HEAD_C})),
        Booking("session", 7, "Plenary", at(10), at(12), HALL, frozenset({HEAD_B})),
    ]


def test_a_free_room_and_free_heads_do_not_clash():
    assert rules.clashes(at(9, 45), at(10), SALON, [HEAD_A, HEAD_B], _bookings()) == []


def test_the_same_room_at_an_overlapping_time_clashes():
    (clash,) = rules.clashes(at(9, 30), at(10), SALON, [], _bookings())
    assert clash.reason == "room" and clash.booking.ref == 5


def test_a_head_already_in_a_bilateral_clashes_even_in_another_room():
    (clash,) = rules.clashes(at(9), at(9, 30), HALL, [HEAD_C, None], _bookings())
    assert (clash.reason, clash.person, clash.booking.kind) == ("person", HEAD_C, "bilateral")


def test_a_head_speaking_at_a_session_clashes():
    (clash,) = rules.clashes(at(11), at(11, 30), SALON, [HEAD_B], _bookings())
    assert (clash.reason, clash.booking.kind, clash.booking.label) == (
        "person",
        "session",
        "Plenary",
    )


def test_touching_ends_do_not_clash_and_the_meeting_moved_is_ignored():
    assert rules.clashes(at(8), at(9), SALON, [HEAD_A], _bookings()) == []
    assert (
        rules.clashes(at(9), at(9, 45), SALON, [HEAD_A], _bookings(), ignore=("bilateral", 5)) == []
    )


def test_room_and_head_clash_together_are_both_reported():
    found = rules.clashes(at(10, 30), at(11), HALL, [HEAD_B], _bookings())
    assert sorted(c.reason for c in found) == ["person", "room"]
