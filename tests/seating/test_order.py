"""Protocol order and seat assignment: the order the List of Participants uses, heads in front."""

from __future__ import annotations

import pytest

from app.models import DelegationKind, ParticipantStatus
from app.seating.queries import Person, protocol_people
from app.seating.services import assign_seats


def _person(pid: int, head: bool) -> Person:
    return Person(pid, f"P{pid}", "", "D", pid, head)


def test_heads_fill_the_front_rows_and_the_others_start_on_a_fresh_row():
    people = [_person(1, True), _person(2, False), _person(3, True), _person(4, False)]
    placed, left = assign_seats(people, rows=3, seats_per_row=3)
    seats = {p.id: (row, seat) for p, row, seat in placed}
    assert seats == {1: (1, 1), 3: (1, 2), 2: (2, 1), 4: (2, 2)}
    assert left == []


def test_a_small_hall_uses_the_heads_row_rather_than_leave_people_out():
    people = [_person(1, True), _person(2, False), _person(3, False)]
    placed, left = assign_seats(people, rows=1, seats_per_row=3)
    assert [(p.id, r, s) for p, r, s in placed] == [(1, 1, 1), (2, 1, 2), (3, 1, 3)]
    assert left == []


def test_people_beyond_the_hall_are_left_without_a_seat_in_order():
    people = [_person(i, i == 1) for i in range(1, 8)]
    placed, left = assign_seats(people, rows=2, seats_per_row=2)
    assert [p.id for p, _r, _s in placed] == [1, 2, 3, 4]
    assert [p.id for p in left] == [5, 6, 7]
    assert len({(r, s) for _p, r, s in placed}) == 4  # no seat twice


@pytest.fixture
def forum_people(app, make_forum, make_category, make_delegation, make_participant):
    """A host with a sort key, countries whose alphabetical order differs between English and
    French, an organization, and people of every status."""
    make_forum()
    head = make_category("head_of_delegation", name_en="Head of delegation", sort_order=1)
    member = make_category("delegate", name_en="Delegate", sort_order=2)
    cn = make_delegation("CN", name_en="China", name_fr="Chine", sort_key="0")
    de = make_delegation("DE", name_en="Germany", name_fr="Allemagne")
    eg = make_delegation("EG", name_en="Egypt", name_fr="Égypte")
    iom = make_delegation(
        "IOM", kind=DelegationKind.ORGANIZATION, name_en="International Organization for Migration"
    )
    ids = {
        "de_member": make_participant(de, member, family_name="Adler").id,
        "de_head": make_participant(de, head, family_name="Zimmer").id,
        "eg_head": make_participant(eg, head, family_name="Hassan").id,
        "iom_head": make_participant(iom, head, family_name="Vitorino").id,
        "cn_head": make_participant(cn, head, family_name="Wang").id,
        "cn_member": make_participant(cn, member, family_name="Li").id,
    }
    make_participant(eg, member, family_name="Withdrawn", status=ParticipantStatus.WITHDRAWN)
    make_participant(eg, member, family_name="Draft", status=ParticipantStatus.DRAFT)
    return ids


def test_protocol_order_is_the_list_of_participants_order_in_the_chosen_language(app, forum_people):
    ids = {v: k for k, v in forum_people.items()}
    with app.test_request_context():
        english = [ids[p.id] for p in protocol_people("en")]
        french = [ids[p.id] for p in protocol_people("fr")]
    # The host first (its sort key), then countries alphabetically, organizations after;
    # within a delegation the head first. Only approved people.
    assert english == ["cn_head", "cn_member", "eg_head", "de_head", "de_member", "iom_head"]
    # In French Allemagne comes before Égypte (accents folded).
    assert french == ["cn_head", "cn_member", "de_head", "de_member", "eg_head", "iom_head"]


def test_filling_puts_every_head_in_front_in_protocol_order(app, forum_people):
    ids = {v: k for k, v in forum_people.items()}
    with app.test_request_context():
        placed, left = assign_seats(protocol_people("en"), rows=3, seats_per_row=3)
    rows = {}
    for p, row, seat in placed:
        rows.setdefault(row, []).append((seat, ids[p.id]))
    assert rows == {
        1: [(1, "cn_head"), (2, "eg_head"), (3, "de_head")],
        2: [(1, "iom_head")],
        3: [(1, "cn_member"), (2, "de_member")],  # the others from a fresh row
    }
    assert left == []
