"""Roster downloads: CSV and XLSX (injection-safe, no passport data for staff) and the
List of Participants PDF in protocol order."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.documents.spreadsheets import neutralize
from app.extensions import db
from app.models import Delegation, DelegationKind, ParticipantStatus

CANARY = "CANARY123"


@pytest.fixture
def export_world(world, make_participant, make_delegation, make_category):
    w = world
    w.cn = make_delegation("CN", name_en="China", name_fr="Chine", name_zh="中国")
    w.experts = make_delegation(
        "EXPERTS", kind=DelegationKind.OTHER, name_en="Experts", name_fr="Experts"
    )
    w.wang = make_participant(
        w.cn,
        w.categories.delegate,
        honorific="Mr.",
        given_names="Wei",
        family_name="Wang",
        native_name="王伟",
        position="Director-General",
        organization="National Immigration Administration",
        passport_number=CANARY,
        date_of_birth=date(1970, 1, 2),
    )
    w.evil = make_participant(
        w.cn, w.categories.delegate, given_names='=HYPERLINK("x")', family_name="+cmd"
    )
    w.head_cn = make_participant(
        w.cn,
        w.categories.head,
        honorific="Ms.",
        given_names="Li",
        family_name="Zhang",
        native_name="张丽",
        position="Deputy Commissioner",
    )
    w.iom = make_participant(
        w.org, w.categories.delegate, given_names="Amy", family_name="Pope", position="Director"
    )
    w.expert = make_participant(
        w.experts, w.categories.delegate, given_names="Ann", family_name="Aardvark"
    )
    return w


def _csv(response) -> list[list[str]]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_neutralize():
    assert neutralize('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    for bad in ("+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralize(bad) == "'" + bad
    assert neutralize("Wang 王伟") == "Wang 王伟"
    assert neutralize(None) == ""


def test_csv_download(export_world, as_role):
    response = as_role("staff").get(f"/desk/rosters/export.csv?delegation_id={export_world.cn.id}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.is_streamed  # a generator, read from the database in chunks
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    assert "Family name" in header and "Passport number" not in header
    assert "Date of birth" not in header
    assert len(body) == 3  # exactly the filtered rows
    flat = [cell for row in body for cell in row]
    assert "王伟" in flat
    assert '\'=HYPERLINK("x")' in flat and "'+cmd" in flat
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in flat if c)
    assert CANARY.encode() not in response.get_data()
    assert b"1970-01-02" not in response.get_data()


def test_personal_data_only_for_organizers(export_world, as_role):
    for url in ("/desk/rosters/export.csv?personal=1", "/desk/rosters/export.xlsx?personal=1"):
        assert as_role("staff").get(url).status_code == 403
    organizer = as_role("organizer").get("/desk/rosters/export.csv?personal=1")
    rows = _csv(organizer)
    assert "Passport number" in rows[0]
    assert CANARY in [c for row in rows for c in row]
    # Without the option organizers get the same columns as staff.
    plain = as_role("organizer").get("/desk/rosters/export.csv")
    assert CANARY.encode() not in plain.get_data()


def test_xlsx_download(export_world, as_role):
    response = as_role("staff").get("/desk/rosters/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    raw = response.get_data()
    assert CANARY.encode() not in raw
    wb = load_workbook(io.BytesIO(raw))
    ws = wb.active
    assert ws.freeze_panes == "A2"
    values = []
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            values.append(cell.value)
    assert "王伟" in values
    assert '=HYPERLINK("x")' in values  # kept as text, never a formula
    assert "Passport number" not in values
    assert CANARY not in values
    assert ws.column_dimensions["D"].width > 10
    personal = as_role("organizer").get("/desk/rosters/export.xlsx?personal=1")
    ws = load_workbook(io.BytesIO(personal.get_data())).active
    assert CANARY in [c.value for row in ws.iter_rows() for c in row]


def test_xlsx_cells_survive_any_text():
    """Markup, control characters, leading spaces, numbers and would-be formulas come back
    from the streamed writer as they went in (as text where they are text)."""
    from app.documents.spreadsheets import Sheet, xlsx_bytes

    rows = [
        ["<b>&amp;</b>", "a\x0bb\x00", "  two spaces", 42, True, None, "", "=1+1", "@SUM(A1)"],
        ["王伟", "Ахмед", "line\nbreak", 2.5, False, "x" * 300, "ok", "-1", "+1"],
    ]
    header = [f"H{i}" for i in range(9)]
    raw = xlsx_bytes(
        [Sheet("One: [a]/b", header, rows, [10] * 9), Sheet("One: [a]/b", ["h"], [["x"]])]
    )
    wb = load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["One   a  b", "One   a  b 2"]
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b and not ws["A2"].font.b
    assert ws.column_dimensions["I"].width == 10
    got = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert got[0] == [
        "<b>&amp;</b>",
        "ab",
        "  two spaces",
        42,
        True,
        None,
        None,
        "=1+1",
        "@SUM(A1)",
    ]
    assert got[1] == ["王伟", "Ахмед", "line\nbreak", 2.5, False, "x" * 300, "ok", "-1", "+1"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_list_of_participants_in_protocol_order(app, export_world, as_role):
    w = export_world
    text = _pdf_text(as_role("staff").get("/desk/rosters/list-of-participants.pdf?lang=en"))
    assert "List of Participants" in text
    assert "Test Forum on Migration" in text
    order = [
        "China",
        "Li ZHANG",  # head of delegation first
        "Wei WANG",
        "Mongolia",
        "Bat ERDENE",
        "Peru",
        "International Organization for Migration",
        "Amy POPE",
        "Experts",
        "Ann AARDVARK",
    ]
    positions = [text.find(s) for s in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "王伟" in text and "张丽" in text
    assert "Director-General" in text and "National Immigration Administration" in text
    assert "Saraa" not in text  # a draft is not on the list of approved participants
    assert CANARY not in text
    # The explicit head of delegation wins over the category.
    with app.app_context():
        db.session.get(Delegation, w.cn.id).head_participant_id = w.wang.id
        db.session.commit()
    text = _pdf_text(as_role("staff").get("/desk/rosters/list-of-participants.pdf?lang=en"))
    assert text.find("Wei WANG") < text.find("Li ZHANG")


def test_list_of_participants_in_french_and_chinese(export_world, as_role):
    client = as_role("organizer")
    fr = _pdf_text(client.get("/desk/rosters/list-of-participants.pdf?lang=fr"))
    assert "Forum d’essai sur la migration" in fr
    # French alphabetical order: Chine, Mongolie, Pérou.
    assert fr.find("Chine") < fr.find("Mongolie") < fr.find("Pérou")
    zh = _pdf_text(client.get("/desk/rosters/list-of-participants.pdf?lang=zh"))
    assert "移民测试论坛" in zh and "中国" in zh
    # The filter applies: one delegation, and a status filter replaces "approved only".
    only = _pdf_text(
        client.get(
            f"/desk/rosters/list-of-participants.pdf?lang=en&delegation_id={export_world.a.id}"
            f"&status={ParticipantStatus.DRAFT.value}"
        )
    )
    assert "Saraa DORJ" in only and "ERDENE" not in only
    # The total is a form drawn on the same line; text extraction puts it on a line of its own.
    assert re.search(r"1 /\s*1\b", only)


def test_list_of_participants_numbers_every_page_with_the_total(app, world, as_role):
    """Pages go out as they are drawn; each still says "n / total" with the right total."""
    from app.models import Participant

    with app.app_context():
        for n in range(160):
            db.session.add(
                Participant(
                    delegation_id=world.b.id,
                    category_id=world.categories.delegate.id,
                    given_names=f"Person{n:03d}",
                    family_name="Many",
                    position="Officer of the immigration inspection service",
                    organization="A department with a rather long name",
                    status=ParticipantStatus.APPROVED,
                )
            )
        db.session.commit()
    response = as_role("staff").get("/desk/rosters/list-of-participants.pdf?lang=en")
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.get_data())).pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        footer = re.findall(r"(\d+) /\s*(\d+)\s*$", page.extract_text())
        assert footer == [(str(number), str(len(pages)))]


def test_a_discarded_csv_response_releases_its_database_connection(app, world, as_role):
    import gc

    from app.extensions import db

    response = as_role("organizer").get("/desk/rosters/export.csv")
    assert response.status_code == 200
    del response  # never read to the end, never closed: as a test or a dropped client does
    gc.collect()
    with app.app_context():
        assert db.engine.pool.checkedout() == 0
