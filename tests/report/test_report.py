"""The forum's report: its figures equal a count made straight from the database."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from app.extensions import db
from app.models import CheckIn, CheckInMethod, CheckInResult, DelegationKind, RefusalReason, Role


@pytest.fixture
def attended(app, make_forum, make_delegation, make_participant, make_category, make_user):
    """Scans over the two forum days (Asia/Shanghai): admitted, repeated, refused."""
    make_forum()
    head = make_category("head_of_delegation", name_en="Head of delegation", sort_order=1)
    countries = [make_delegation(c, name_en=n) for c, n in (("MN", "Mongolia"), ("PE", "Peru"), ("FR", "France"))]
    iom = make_delegation("IOM", kind=DelegationKind.ORGANIZATION, name_en="IOM")
    media = make_delegation("MEDIA", kind=DelegationKind.OTHER, name_en="Media")
    people = [
        make_participant(countries[0], head),
        make_participant(countries[0]),
        make_participant(countries[1], head),
        make_participant(countries[2]),  # refused at the door only: did not attend
        make_participant(iom),
        make_participant(media),
    ]
    day1 = datetime(2025, 9, 17, 1, 0, tzinfo=UTC)  # 09:00 in Lianyungang
    day2_late = datetime(2025, 9, 17, 17, 0, tzinfo=UTC)  # 01:00 on the 18th there
    scans = [
        (people[0], day1, CheckInResult.ADMITTED),
        (people[0], day2_late, CheckInResult.ADMITTED),
        (people[1], day1, CheckInResult.ADMITTED),
        (people[1], day1, CheckInResult.ALREADY),
        (people[2], day2_late, CheckInResult.ADMITTED),
        (people[3], day1, CheckInResult.REFUSED),
        (people[4], day1, CheckInResult.ADMITTED),
        (people[5], day2_late, CheckInResult.ADMITTED),
    ]
    with app.app_context():
        for person, at, result in scans:
            db.session.add(
                CheckIn(
                    participant_id=person.id,
                    at=at,
                    method=CheckInMethod.SCAN,
                    result=result,
                    reason=RefusalReason.NOT_APPROVED if result == CheckInResult.REFUSED else None,
                )
            )
        db.session.commit()
    return make_user(Role.ORGANIZER)


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
    for n, value in enumerate((participants, delegations("country"), delegations("organization")), 1):
        assert f'data-figure="{n}">{value}<' in html

    pdf = PdfReader(io.BytesIO(client.get("/report/report.pdf").data))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "5 participants from 2 countries and regions" in text
    assert "Mongolia" in text and "France" not in text

    book = load_workbook(io.BytesIO(client.get("/report/report.xlsx").data))
    by_day = {row[0]: row[1] for row in book["By day"].iter_rows(min_row=2, values_only=True)}
    # Day 1: two Mongolians and IOM; day 2 (local time): one Mongolian again, Peru, media.
    assert list(by_day.values()) == [3, 3]
    summary = [row for row in book["Summary"].iter_rows(min_row=2, values_only=True)]
    assert summary[0][1] == str(participants) or summary[0][1] == participants


def test_the_report_is_for_organizers_only(app, login_as, attended, make_user):
    staff = login_as(make_user(Role.STAFF))
    for url in ("/report/", "/report/report.pdf", "/report/report.xlsx"):
        assert staff.get(url).status_code == 403
