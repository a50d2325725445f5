"""The seating pages: a plan created, filled, a person moved; the chart and the place cards
read back from the PDFs."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditLog, Hall, SeatAssignment


@pytest.fixture
def hall_world(app, world, make_participant):
    """The world's three approved people (two heads) plus a Mongolian delegate."""
    make_participant(world.a, world.categories.delegate, given_names="Oyun", family_name="Bold")
    return world


def _seats(app, hall_id: int) -> dict[int, tuple[int, int]]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(
                SeatAssignment.participant_id, SeatAssignment.row_no, SeatAssignment.seat_no
            ).where(SeatAssignment.hall_id == hall_id)
        )
        return {pid: (r, s) for pid, r, s in rows}


def _create(client, **kw) -> int:
    data = {
        "name": "Main hall",
        "layout": "rows",
        "row_count": 2,
        "seats_per_row": 3,
        "language": "en",
    }
    data.update(kw)
    response = client.post("/seating/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(re.search(r"/seating/(\d+)", response.headers["Location"])[1])


def test_fill_then_move_then_print(app, hall_world, as_role):
    w = hall_world
    client = as_role("organizer")
    hall_id = _create(client)
    assert client.post(f"/seating/{hall_id}/fill").status_code == 302
    seats = _seats(app, hall_id)
    # Heads (Mongolia's, Peru's) in row 1 in protocol order, then the members from row 2.
    assert seats[w.pa1.id] == (1, 1) and seats[w.pb1.id] == (1, 2)
    assert w.pa2.id not in seats  # a draft is not seated
    assert sorted(r for r, _s in seats.values()) == [1, 1, 2]

    # Swap: Peru's head to Mongolia's seat; Mongolia's head takes the seat freed.
    response = client.post(
        f"/seating/{hall_id}/move", data={"participant_id": w.pb1.id, "seat": "1-1"}
    )
    assert response.status_code == 302
    seats = _seats(app, hall_id)
    assert seats[w.pb1.id] == (1, 1) and seats[w.pa1.id] == (1, 2)
    page = client.get(f"/seating/{hall_id}").get_data(as_text=True)
    assert "took the seat that was freed" in page

    # Off the plan, and a seat outside the hall refused.
    client.post(f"/seating/{hall_id}/move", data={"participant_id": w.pa1.id, "seat": ""})
    assert w.pa1.id not in _seats(app, hall_id)
    response = client.post(
        f"/seating/{hall_id}/move", data={"participant_id": w.pa1.id, "seat": "9-9"}
    )
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)

    chart = pypdf.PdfReader(io.BytesIO(client.get(f"/seating/{hall_id}/chart.pdf").data))
    text = chart.pages[0].extract_text()
    assert "Main hall" in text and "Lucía QUISPE" in text and "Peru" in text
    assert "Bat ERDENE" not in text  # off the plan

    cards = client.get(f"/seating/{hall_id}/place-cards.pdf?set=heads")
    assert cards.headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(cards.data))
    assert len(reader.pages) == 2  # one sheet per head
    first = reader.pages[0]
    # Seat order: Peru's head is in seat 1-1; Mongolia's is off the plan (protocol order after).
    assert first.extract_text().count("Lucía QUISPE") == 2  # both faces
    assert "Бат-Эрдэнэ" in reader.pages[1].extract_text()  # the own-script name
    assert float(first.mediabox.width) > float(first.mediabox.height)  # landscape A4
    with app.app_context():
        actions = set(db.session.scalars(sa.select(AuditLog.action)))
    assert {"hall.create", "hall.fill", "hall.move"} <= actions


def test_a_chosen_set_of_place_cards(app, hall_world, as_role):
    w = hall_world
    client = as_role("organizer")
    hall_id = _create(client)
    url = (
        f"/seating/{hall_id}/place-cards.pdf?set=chosen&participant_id={w.pb1.id}&participant_id=x"
    )
    reader = pypdf.PdfReader(io.BytesIO(client.get(url).data))
    assert len(reader.pages) == 1
    assert "Lucía QUISPE" in reader.pages[0].extract_text()
    assert client.get(f"/seating/{hall_id}/place-cards.pdf?set=everyone").status_code == 400


def test_staff_see_and_print_but_do_not_change(app, world, as_role):
    staff = as_role("staff")
    hall_id = world.params["hall_id"]
    assert staff.get(f"/seating/{hall_id}").status_code == 200
    assert staff.get(f"/seating/{hall_id}/chart.pdf").status_code == 200
    assert staff.post(f"/seating/{hall_id}/fill").status_code == 403
    assert (
        staff.post(
            f"/seating/{hall_id}/move", data={"participant_id": world.pb1.id, "seat": "1-1"}
        ).status_code
        == 403
    )
    page = staff.get(f"/seating/{hall_id}").get_data(as_text=True)
    assert "Fill in protocol order" not in page


def test_a_plan_is_validated_and_deleted(app, world, as_role):
    client = as_role("admin")
    response = client.post(
        "/seating/new",
        data={
            "name": "Too big",
            "layout": "rows",
            "row_count": 61,
            "seats_per_row": 3,
            "language": "en",
        },
    )
    assert response.status_code == 400
    hall_id = world.params["hall_id"]
    assert client.post(f"/seating/{hall_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Hall, hall_id) is None
    assert _seats(app, hall_id) == {}
