"""The organizers' and staff's dashboard panels: numbers, links to the roster behind each
number, and a statement count that does not grow with the number of participants."""

from __future__ import annotations

import html as htmlmod
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    CheckIn,
    CheckInMethod,
    CheckInResult,
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    utcnow,
)
from tests.desk.test_roster import count_statements

ROSTER_LINK = re.compile(
    r'href="(/desk/rosters\?[^"]*)"[^>]*>\s*(?:<span[^>]*>)?\s*(\d+)', re.MULTILINE
)


def roster_total(client, url: str) -> int:
    page = client.get(url).get_data(as_text=True)
    match = re.search(r"(\d+) participants?( · filtered)?</span>", page)
    assert match, url
    return int(match.group(1))


@pytest.fixture
def busy_world(app, world, make_participant, make_category):
    """Submitted and approved people, some printed, some checked in today, a session door."""
    w = world
    media = make_category("media", name_en="Media", colour="#e65100", sort_order=5)
    now = utcnow()
    for i in range(3):
        make_participant(
            w.b, media, family_name=f"Sub{i}", status=ParticipantStatus.SUBMITTED, submitted_at=now
        )
    printed = make_participant(
        w.org,
        media,
        family_name="Printed",
        badge_printed_at=now,
        checked_in_at=now,
        submitted_at=now - timedelta(days=1),
        photo_updated_at=now,
    )
    with app.app_context():
        session_id = db.session.scalar(sa.select(ProgrammeSession.id))
        db.session.add_all(
            [
                CheckIn(
                    participant_id=printed.id,
                    method=CheckInMethod.SCAN,
                    result=CheckInResult.ADMITTED,
                    at=now,
                ),
                CheckIn(
                    participant_id=printed.id,
                    session_id=session_id,
                    method=CheckInMethod.SCAN,
                    result=CheckInResult.ADMITTED,
                    at=now,
                ),
            ]
        )
        db.session.commit()
    w.printed = printed
    return w


def test_organizer_panels_numbers_link_to_the_same_rows(busy_world, as_role):
    client = as_role("organizer")
    page = client.get("/dashboard").get_data(as_text=True)
    for title in ("What needs action", "Delegations and participants", "Check-ins"):
        assert title in page
    assert "<svg" in page and "style=" not in page
    links = {(htmlmod.unescape(u), int(n)) for u, n in ROSTER_LINK.findall(page)}
    assert len(links) >= 15
    for url, shown in sorted(links):
        assert roster_total(client, url) == shown, url
    # Spot checks: three submissions to approve; the session door's count.
    assert re.search(r'status=submitted&amp;sort=created">\s*<span[^>]*>3<', page)
    assert "Workshop on e-visas" in page
    # The desk's own page shows the same panels.
    assert "What needs action" in client.get("/desk/dashboard").get_data(as_text=True)


def test_registrations_per_day_link_to_that_days_submissions(busy_world, as_role):
    client = as_role("admin")
    page = client.get("/dashboard").get_data(as_text=True)
    days = re.findall(
        r'href="(/desk/rosters\?submitted_on=[\d-]+)">\s*<title>[^<]*: (\d+)</title>', page
    )
    assert len(days) == 30
    nonzero = [(u, int(n)) for u, n in days if n != "0"]
    assert sorted(n for _u, n in nonzero) == [1, 3]
    for url, n in nonzero:
        assert roster_total(client, url) == n


def test_staff_panel(busy_world, as_role):
    client = as_role("staff")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "The desk today" in page
    assert "What needs action" not in page
    links = {(htmlmod.unescape(u), int(n)) for u, n in ROSTER_LINK.findall(page)}
    assert links
    for url, shown in links:
        assert roster_total(client, url) == shown, url
    assert "What needs action" not in client.get("/desk/dashboard").get_data(as_text=True)
    for role in ("focal_point", "delegate"):
        assert "The desk today" not in as_role(role).get("/dashboard").get_data(as_text=True)


def test_dashboard_statement_count_does_not_grow(app, busy_world, as_role, make_participant):
    client = as_role("organizer")
    counts = []
    for n in (20, 180):
        with app.app_context():
            now = utcnow()
            db.session.add_all(
                Participant(
                    delegation_id=busy_world.a.id,
                    category_id=busy_world.categories.delegate.id,
                    family_name=f"Bulk{n}-{i}",
                    status=ParticipantStatus.SUBMITTED,
                    submitted_at=now - timedelta(days=i % 40),
                    visa_letter_wanted=bool(i % 2),
                )
                for i in range(n)
            )
            db.session.commit()
        with count_statements(app) as statements:
            assert client.get("/desk/dashboard").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    # 14 for the figures, 7 to fold the new participants' deltas into the tallies first
    # (app/models/tallies.py: the same 7 whatever the number of new rows).
    assert counts[0] <= 21
