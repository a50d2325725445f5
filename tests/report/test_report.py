"""The forum's report: its figures equal a count made straight from the database."""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from app.extensions import db
from app.models import Role


def _sql(app, text: str) -> int:
    with app.app_context():
        return db.session.execute(sa.text(text)).scalar_one()


def test_the_figures_equal_a_count_straight_from_the_database(app, login_as, attended):
    participants = _sql(
        app, "SELECT COUNT(DISTINCT participant_id) FROM check_ins WHERE result = 'admitted'"
    )

    def delegations(kind: str) -> int:
        return _sql(
            app,
            "SELECT COUNT(DISTINCT d.id) FROM delegations d JOIN participants p "
            "ON p.delegation_id = d.id JOIN check_ins c ON c.participant_id = p.id "
            f"WHERE c.result = 'admitted' AND d.kind = '{kind}'",
        )

    assert (participants, delegations("country"), delegations("organization")) == (5, 2, 1)
    client = login_as(attended)
    html = client.get("/report/").get_data(as_text=True)
    assert (
        "5 participants from 2 countries and regions and 1 international organization "
        "attended the forum." in html
    )
    for n, value in enumerate(
        (participants, delegations("country"), delegations("organization")), 1
    ):
        assert f'data-figure="{n}">{value}<' in html

    pdf = PdfReader(io.BytesIO(client.get("/report/report.pdf").data))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "5 participants from 2 countries and regions" in text
    assert "Mongolia" in text and "France" not in text

    book = load_workbook(io.BytesIO(client.get("/report/report.xlsx").data))
    by_day = {row[0]: row[1] for row in book["By day"].iter_rows(min_row=2, values_only=True)}
    # Day 1: two Mongolians and IOM; day 2 (local time): one Mongolian again, Peru, media.
    assert list(by_day.values()) == [3, 3]
    summary = list(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert int(summary[0][1]) == participants


def test_the_report_is_for_organizers_only(app, login_as, attended, make_user):
    staff = login_as(make_user(Role.STAFF))
    for url in ("/report/", "/report/report.pdf", "/report/report.xlsx"):
        assert staff.get(url).status_code == 403
