"""Logistics lists: pages, their XLSX downloads, the paper check-in list."""

from __future__ import annotations

import io
import re
from datetime import date, time

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.models import ParticipantStatus

CANARY = "CANARY123"


@pytest.fixture
def travel_world(world, make_participant, make_delegation):
    w = world
    w.cn = make_delegation("CN", name_en="China", name_zh="中国")
    w.wang = make_participant(
        w.cn,
        w.categories.delegate,
        given_names="Wei",
        family_name="Wang",
        native_name="王伟",
        arrival_date=date(2025, 9, 16),
        arrival_time=time(14, 5),
        arrival_flight="MU5521",
        arrival_airport="Lianyungang Huaguoshan (LYG)",
        departure_date=date(2025, 9, 19),
        departure_time=time(9, 30),
        departure_flight="MU5522",
        hotel="Haizhou Bay Hotel",
        dietary="halal",
        accessibility_needs="Wheelchair access",
        visa_letter_wanted=True,
        passport_number=CANARY,
    )
    w.early = make_participant(
        w.cn,
        w.categories.delegate,
        given_names="Li",
        family_name="Early",
        arrival_date=date(2025, 9, 16),
        arrival_time=time(8, 0),
        arrival_flight="CA1234",
        hotel="Haizhou Bay Hotel",
        dietary="vegetarian",
        status=ParticipantStatus.SUBMITTED,
    )
    w.gone = make_participant(
        w.cn,
        w.categories.delegate,
        given_names="Not",
        family_name="Coming",
        arrival_date=date(2025, 9, 16),
        hotel="Haizhou Bay Hotel",
        dietary="vegan",
        status=ParticipantStatus.WITHDRAWN,
    )
    return w


def _xlsx_values(response) -> list[list]:
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert CANARY.encode() not in response.get_data()
    wb = load_workbook(io.BytesIO(response.get_data()))
    out = []
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)
            out.append([c.value for c in row])
    return out


def test_arrivals_and_departures(travel_world, as_role):
    client = as_role("staff")
    html = client.get("/desk/logistics/arrivals").get_data(as_text=True)
    assert "MU5521" in html and "Lianyungang Huaguoshan (LYG)" in html and "王伟" in html
    assert html.index("CA1234") < html.index("MU5521")  # in time order
    assert "Not COMING" not in html  # withdrawn people are not picked up
    assert "14:05" in html
    day = client.get("/desk/logistics/arrivals?day=2025-09-17").get_data(as_text=True)
    assert "MU5521" not in day
    departures = client.get("/desk/logistics/arrivals?direction=departures").get_data(as_text=True)
    assert "MU5522" in departures and "CA1234" not in departures
    assert client.get("/desk/logistics/arrivals?direction=sideways&day=nope").status_code == 200
    rows = _xlsx_values(client.get("/desk/logistics/arrivals?format=xlsx"))
    assert rows[0][:4] == ["Date", "Time", "Flight", "Airport"]
    flights = [r[2] for r in rows[1:]]
    assert flights.index("CA1234") < flights.index("MU5521")
    assert any(v == "王伟" for r in rows for v in r)


def test_rooming_list(travel_world, as_role):
    client = as_role("staff")
    html = client.get("/desk/logistics/rooming").get_data(as_text=True)
    assert "Haizhou Bay Hotel" in html and "Wei WANG" in html
    assert "No hotel given" in html  # the world's participants gave none
    assert "Not COMING" not in html
    rows = _xlsx_values(client.get("/desk/logistics/rooming?format=xlsx"))
    wang = next(r for r in rows if r[0] == "Wei WANG")
    assert wang[5:8] == ["2025-09-16", "2025-09-19", 3]


def test_needs(travel_world, as_role):
    client = as_role("staff")
    html = client.get("/desk/logistics/needs").get_data(as_text=True)
    assert "Halal" in html and "Vegetarian" in html and "Wheelchair access" in html
    assert "Vegan" not in html  # only the withdrawn participant is vegan
    rows = _xlsx_values(client.get("/desk/logistics/needs?format=xlsx"))
    assert ["Halal", 1] in rows and ["Vegetarian", 1] in rows


def test_visa_letters(travel_world, as_role):
    w = travel_world
    client = as_role("staff")
    html = client.get("/desk/logistics/visa-letters").get_data(as_text=True)
    assert "Wei WANG" in html and "Not issued yet" in html
    assert "TEST-2025-0001" in html or "Bat ERDENE" in html
    assert CANARY not in html
    rows = _xlsx_values(client.get("/desk/logistics/visa-letters?format=xlsx"))
    names = [r[0] for r in rows[1:]]
    assert "Wei WANG" in names
    assert w.pa2.id  # the draft without a request is not listed
    assert "Saraa DORJ" not in names


def test_checkin_list_pdf(travel_world, as_role):
    response = as_role("staff").get("/desk/logistics/checkin-list.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.get_data())).pages)
    assert "Check-in list" in text
    # Approved only, countries in protocol order: China, Mongolia, Peru.
    assert text.index("China") < text.index("Mongolia") < text.index("Peru")
    assert "王伟" in text and "Wei WANG" in text
    assert "Li EARLY" not in text  # submitted, not approved
    one = as_role("staff").get(
        f"/desk/logistics/checkin-list.pdf?delegation_id={travel_world.a.id}"
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(one.get_data())).pages)
    assert "Bat ERDENE" in text and "Wei WANG" not in text


def test_logistics_overview(travel_world, as_role):
    html = as_role("staff").get("/desk/logistics").get_data(as_text=True)
    assert "Haizhou Bay Hotel" in html
    assert "/desk/logistics/arrivals?day=2025-09-16" in html
    # Two expected arrivals that day (the withdrawn participant does not count).
    assert re.search(r'day=2025-09-16">[^<]*</a> <span class="fw-semibold">2<', html)
