"""In Chromium: a focal point writes to the secretariat with a PDF, an organizer reads and
answers it (read receipts on both sides); a bilateral meeting is requested, accepted and
given a room, and both delegations get its iCalendar entry."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from icalendar import Calendar
from reportlab.pdfgen import canvas

from app.extensions import db
from app.models import BilateralMeeting, MeetingStatus, OutboxMessage
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_a11y import BLOCKING, _urls, run_axe
from tests.e2e.test_responsive import OVERFLOW_JS, TOUCH_JS, TOUCH_MIN


def _pdf(path):
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawString(72, 720, "Note verbale No. 17/2025")
    c.save()
    path.write_bytes(out.getvalue())
    return str(path)


def test_a_message_with_a_pdf_is_read_and_answered(live_server, context, page, world, tmp_path):
    base = live_server.url
    sign_in(page, base, "focal.mn@example.org", TEST_PASSWORD)
    page.get_by_role("link", name="Correspondence").click()
    page.wait_for_url(f"{base}/correspondence/{world.a.id}")
    page.get_by_label("Message").fill("Please find attached our note verbale for the visas.")
    page.set_input_files("#attachments", _pdf(tmp_path / "note-verbale.pdf"))
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Your message was sent.").wait_for()
    mine = page.locator("li.card", has_text="our note verbale for the visas")
    mine.get_by_text("Not read yet").wait_for()

    secretariat = context.browser.new_context(viewport={"width": 1366, "height": 900})
    organizer = secretariat.new_page()
    sign_in(organizer, base, "organizer@example.org", TEST_PASSWORD)
    organizer.get_by_role("button", name="Protocol").click()
    organizer.get_by_role("link", name="Correspondence").click()
    row = organizer.locator("tr", has_text="Mongolia")
    assert row.locator(".badge").inner_text() == "2"  # the world's message and this one
    row.get_by_role("link", name="Mongolia").click()
    with organizer.expect_download() as download:
        organizer.locator("li.card", has_text="for the visas").get_by_role(
            "link", name="note-verbale.pdf"
        ).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    organizer.get_by_label("Message").fill("Received with thanks; the visa letters follow.")
    organizer.get_by_role("button", name="Send").click()
    organizer.get_by_text("Your message was sent.").wait_for()
    organizer.locator("li.card", has_text="Received with thanks").get_by_text(
        "Not read yet"
    ).wait_for()

    page.reload()
    page.get_by_text("Received with thanks; the visa letters follow.").wait_for()
    assert (
        "Read "
        in page.locator("li.card", has_text="for the visas").locator(".receipt").inner_text()
    )
    organizer.reload()
    assert (
        "Read "
        in organizer.locator("li.card", has_text="Received with thanks")
        .locator(".receipt")
        .inner_text()
    )
    secretariat.close()


def _calendar_of(app, address):
    with app.app_context():
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(
                OutboxMessage.to_addr == address, OutboxMessage.attachments.is_not(None)
            )
        ).all()
    (row,) = rows
    (item,) = row.attachments
    assert item["content_type"] == "text/calendar"
    (event,) = Calendar.from_ical(base64.b64decode(item["data"])).walk("VEVENT")
    return event


def test_request_accept_room_and_both_calendar_entries(live_server, context, page, world):
    app, base = live_server.app, live_server.url
    sign_in(page, base, "focal.mn@example.org", TEST_PASSWORD)
    page.get_by_role("link", name="Bilateral meetings").click()
    page.get_by_role("link", name="Request a meeting").click()
    page.select_option("#counterpart_id", label="Peru")
    page.fill("#subject", "Cooperation on visa facilitation")
    page.select_option("#day", "2025-09-17")
    page.fill("#start", "10:00")
    page.fill("#end", "10:45")
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("Your request was sent to the delegation of Peru.").wait_for()

    peru_ctx = context.browser.new_context(viewport={"width": 390, "height": 844})
    peru = peru_ctx.new_page()
    sign_in(peru, base, "focal.pe@example.org", TEST_PASSWORD)
    peru.goto(f"{base}/bilaterals/")
    peru.locator("tr", has_text="Cooperation on visa facilitation").get_by_role("link").click()
    peru.get_by_label("Accept").check()
    peru.get_by_role("button", name="Send the answer").click()
    peru.get_by_text("Your answer was sent.").wait_for()
    assert peru.locator("#meeting-status").inner_text() == "Accepted, awaiting a room"

    office = context.browser.new_context(viewport={"width": 1366, "height": 900})
    organizer = office.new_page()
    sign_in(organizer, base, "organizer@example.org", TEST_PASSWORD)
    organizer.goto(f"{base}/bilaterals/")
    organizer.locator("tr", has_text="Cooperation on visa facilitation").get_by_role("link").click()
    organizer.select_option("#room_id", label="Hall A")
    organizer.get_by_role("button", name="Assign the room").click()
    organizer.get_by_text("The room was assigned; both delegations were informed.").wait_for()
    assert organizer.locator("#meeting-room").inner_text() == "Hall A"

    with app.app_context():
        meeting = db.session.scalar(
            sa.select(BilateralMeeting).where(BilateralMeeting.subject.like("Cooperation%"))
        )
        assert meeting.status == MeetingStatus.SCHEDULED
    for address in ("focal.mn@example.org", "focal.pe@example.org"):
        event = _calendar_of(app, address)
        assert event.decoded("dtstart").astimezone(UTC) == datetime(2025, 9, 17, 2, 0, tzinfo=UTC)
        assert event.decoded("dtend").astimezone(UTC) == datetime(2025, 9, 17, 2, 45, tzinfo=UTC)
        assert "Hall A" in str(event["location"]) and "Mongolia – Peru" in str(event["summary"])
    # The entry is also on the meeting's page, for either side.
    peru.reload()
    with peru.expect_download() as download:
        peru.get_by_role("link", name="Add to my calendar (.ics)").click()
    (event,) = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert str(event["uid"]).startswith(f"bilateral-{meeting.id}@")
    peru_ctx.close()
    office.close()


TALK_PAGES = {
    "organizer": [
        "correspondence.index",
        "correspondence.thread",
        "bilaterals.index",
        "bilaterals.detail",
    ],
    "focal_point": [
        "correspondence.thread",
        "bilaterals.index",
        "bilaterals.new",
        "bilaterals.detail",
    ],
}


def test_the_pages_fit_a_phone_and_a_laptop(browser, live_server, world):
    """Nothing scrolls sideways at 390 or 1366 px, a focal point's controls take a thumb, and
    axe finds nothing serious (the checks of test_responsive.py, on these pages)."""
    problems = []
    for role, endpoints in TALK_PAGES.items():
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
        page = ctx.new_page()
        sign_in(page, live_server.url, getattr(world.users, role).email, TEST_PASSWORD)
        for width in (390, 1366):
            page.set_viewport_size({"width": width, "height": 844})
            for url in _urls(live_server.app, world, endpoints):
                assert page.goto(live_server.url + url).status < 400, url
                where = f"{role} {width}px {url}"
                problems += [f"{where}: {p}" for p in page.evaluate(OVERFLOW_JS)]
                if width == 390:
                    if role == "focal_point":
                        small = page.evaluate(TOUCH_JS, TOUCH_MIN)
                        problems += [f"{where}: small target {p}" for p in small]
                    for v in run_axe(page, live_server.url):
                        if v["impact"] in BLOCKING:
                            problems.append(f"{where}: axe {v['id']} {v['nodes'][:1]}")
        ctx.close()
    assert not problems, "\n".join(problems)
