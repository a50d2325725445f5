"""Bulk import: the template, CSV and XLSX, every row validated like the form, all or none."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from app.extensions import db
from app.models import AuditLog, Participant, ParticipantStatus
from app.registration.importer import columns
from tests.registration.conftest import valid_data

S = ParticipantStatus


def _people(app, delegation_id) -> list[Participant]:
    with app.app_context():
        people = db.session.scalars(
            sa.select(Participant)
            .where(Participant.delegation_id == delegation_id)
            .order_by(Participant.id)
        ).all()
        for p in people:
            db.session.expunge(p)
        return list(people)


NAMES = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]


def _row(world, n: int, **overrides) -> dict:
    data = valid_data(
        "delegate",
        given_names=NAMES[n],
        family_name=f"Family {NAMES[n]}",
        native_name="",
        email=f"import{n}@example.org",
        visa_letter_wanted="no",
        consent="yes",
    )
    data.update(overrides)
    return data


def _csv(rows: list[dict], delimiter=",", bom=True, help_row=True) -> bytes:
    cols = columns()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(cols)
    if help_row:
        writer.writerow(["# help: " + cols[0]] + ["hint"] * (len(cols) - 1))
    for r in rows:
        writer.writerow([r.get(c, "") for c in cols])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _post(client, delegation_id, content: bytes, filename: str, submit_all=False):
    data = {"file": (io.BytesIO(content), filename)}
    if submit_all:
        data["submit_all"] = "y"
    return client.post(
        f"/delegations/{delegation_id}/import", data=data, content_type="multipart/form-data"
    )


def test_templates_name_every_column(world, as_role):
    client = as_role("focal_point")
    response = client.get(f"/delegations/{world.a.id}/import/template?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    # A blank template, named apart from the exports that hold people's data.
    assert 'filename="import-template-' in response.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert lines[0] == columns()
    assert lines[1][0].startswith("#")
    assert {"family_name", "native_name", "passport_number", "category", "consent"} <= set(
        columns()
    )
    assert "photo" not in columns()

    response = client.get(f"/delegations/{world.a.id}/import/template?format=xlsx")
    assert response.status_code == 200
    assert 'filename="import-template-' in response.headers["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in ws[1]] == columns()
    assert ws["A1"].comment is not None
    assert str(ws["A2"].value).startswith("#")


def test_csv_with_bom_semicolons_and_chinese_names(app, world, as_role):
    before = len(_people(app, world.a.id))
    rows = [
        _row(world, 1, family_name="王", given_names="伟", native_name="王伟"),
        _row(world, 2, family_name="Zhang", given_names="Xiu Ying", native_name="张秀英"),
    ]
    response = _post(as_role("focal_point"), world.a.id, _csv(rows, delimiter=";"), "people.csv")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    people = _people(app, world.a.id)
    assert len(people) == before + 2
    new = people[-2:]
    assert [p.native_name for p in new] == ["王伟", "张秀英"]
    assert new[0].family_name == "王" and new[0].given_names == "伟"
    assert all(p.status == S.DRAFT for p in new)
    assert new[1].passport_number == "E7654321"
    with app.app_context():
        entry = db.session.scalar(
            sa.select(AuditLog).where(AuditLog.action == "participants.imported")
        )
        assert entry.changes["count"] == 2 and entry.delegation_id == world.a.id


def test_all_or_nothing_with_a_report_naming_row_and_field(app, world, as_role):
    before = len(_people(app, world.a.id))
    rows = [
        _row(world, 1),
        _row(world, 2, email="not an address"),
        _row(world, 3, nationality="XX", arrival_date="2025-13-45"),
        _row(world, 4, email="import1@example.org"),
    ]
    response = _post(as_role("focal_point"), world.a.id, _csv(rows), "people.csv")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Nothing was imported" in html
    # The header is row 1 and the help row 2: people start on row 3.
    assert 'data-row="4" data-field="email"' in html
    assert 'data-row="5" data-field="nationality"' in html
    assert 'data-row="5" data-field="arrival_date"' in html
    assert 'data-row="6" data-field="email"' in html and "Same e-mail as row 3" in html
    assert 'data-row="3"' not in html
    assert len(_people(app, world.a.id)) == before
    with app.app_context():
        assert (
            db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "participants.imported"))
            is None
        )


def test_xlsx_with_date_cells_and_formulas_kept_as_text(app, world, as_role):
    cols = columns()
    wb = Workbook()
    ws = wb.active
    ws.append(cols)
    r1 = _row(world, 1, position='=HYPERLINK("http://evil.example","x")')
    r1["date_of_birth"] = datetime(1980, 2, 3)
    r1["passport_expiry"] = date(2030, 1, 1)
    r2 = _row(world, 2, organization="+1-555 Agency", hotel="@Home")
    for r in (r1, r2):
        ws.append([r.get(c, "") for c in cols])
    ws.cell(row=3, column=cols.index("languages") + 1, value="=1+2")
    buf = io.BytesIO()
    wb.save(buf)
    before = len(_people(app, world.a.id))
    response = _post(as_role("organizer"), world.a.id, buf.getvalue(), "people.xlsx")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    people = _people(app, world.a.id)[before:]
    assert len(people) == 2
    assert people[0].position == '=HYPERLINK("http://evil.example","x")'
    assert people[0].date_of_birth == date(1980, 2, 3)
    assert people[1].languages == "=1+2"
    assert people[1].organization == "+1-555 Agency" and people[1].hotel == "@Home"

    # The roster CSV neutralizes them for spreadsheets.
    body = as_role("organizer").get(f"/delegations/{world.a.id}/roster.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body and "'+1-555 Agency" in body and "'@Home" in body


def test_submit_all_applies_the_quota(app, world, as_role):
    # Delegation A: quota 3, one seat taken by pa1.
    rows = [_row(world, n) for n in range(1, 4)]
    response = _post(as_role("focal_point"), world.a.id, _csv(rows), "people.csv", submit_all=True)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    statuses = [p.status for p in _people(app, world.a.id)[-3:]]
    assert statuses == [S.SUBMITTED, S.SUBMITTED, S.WAITLISTED]


def test_submit_all_requires_complete_rows(app, world, as_role):
    before = len(_people(app, world.a.id))
    rows = [_row(world, 1, consent="no", passport_number="")]
    response = _post(as_role("focal_point"), world.a.id, _csv(rows), "people.csv", submit_all=True)
    html = response.get_data(as_text=True)
    assert 'data-field="consent"' in html and 'data-field="passport_number"' in html
    assert len(_people(app, world.a.id)) == before


def test_unreadable_files_get_a_clear_message(app, world, as_role):
    client = as_role("focal_point")
    before = len(_people(app, world.a.id))
    cases = [
        (b"PK\x03\x04 not really a workbook", "people.xlsx", "cannot be read"),
        (b"\xff\xfe\x00g\x00a\x00r\x00b\x00", "people.csv", "not UTF-8"),
        (b"%PDF-1.4", "people.pdf", "Upload a CSV or XLSX"),
        (b"name,surname\nA,B\n", "people.csv", "Unknown columns"),
        (_csv([], help_row=False), "people.csv", "no rows of people"),
        (b"", "people.csv", "The file is empty"),
    ]
    for content, filename, message in cases:
        response = _post(client, world.a.id, content, filename)
        assert response.status_code == 200, filename
        assert message in response.get_data(as_text=True), message
    assert len(_people(app, world.a.id)) == before
