"""Seating and certificates in Chromium: a plan filled in protocol order, one person moved,
the place cards downloaded and read back (text, and the rendered page read by OCR: the
upper face upside down); a delegate's certificate confirmed on the public page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pypdf
import pytest
from PIL import Image

from app.extensions import db
from app.models import CheckIn, CheckInMethod, CheckInResult
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in, sign_out

pytestmark = pytest.mark.e2e


def _ocr(image: Image.Image) -> str:
    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    result = subprocess.run(
        ["tesseract", "stdin", "stdout", "--psm", "11"],
        input=buffer.getvalue(),
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def _page_image(pdf: bytes, tmp_path) -> Image.Image:
    source = tmp_path / "cards.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "80",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            source,
            tmp_path / "card",
        ],
        check=True,
    )
    return Image.open(tmp_path / "card.png").convert("L")


def test_fill_move_and_print_place_cards(live_server, page, world, make_participant, tmp_path):
    rosa = make_participant(
        world.b, world.categories.delegate, given_names="Rosa", family_name="Huamán"
    )
    sign_in(page, live_server.url, "organizer@example.org", TEST_PASSWORD)
    page.goto(f"{live_server.url}/seating/")
    page.get_by_label("Name").fill("Plenary Hall")
    page.get_by_label("Rows or tables").fill("3")
    page.get_by_label("Seats per row or table").fill("4")
    page.get_by_role("button", name="Create the plan").click()
    page.get_by_role("button", name="Fill in protocol order").click()
    assert "3 people seated in protocol order." in page.locator("main").inner_text()
    seat = page.locator(".seat a[data-seat='1-1'] .seat-name")
    assert seat.inner_text() == "Bat ERDENE"  # Mongolia before Peru; heads in row 1
    assert page.locator(".seat a[data-seat='1-2'] .seat-name").inner_text() == "Lucía QUISPE"
    assert page.locator(".seat a[data-seat='2-1'] .seat-name").inner_text() == "Rosa HUAMÁN"

    # Move Rosa to an empty front seat: the seat link preselects it, then choose the person.
    page.locator(".seat a[data-seat='1-4']").click()
    assert page.get_by_label("Seat", exact=True).input_value() == "1-4"
    page.get_by_label("Person", exact=True).select_option(str(rosa.id))
    page.locator("#move-submit").click()
    assert "Rosa HUAMÁN now sits in Row 1, seat 4." in page.locator("main").inner_text()
    assert page.locator(".seat a[data-seat='1-4'] .seat-name").inner_text() == "Rosa HUAMÁN"
    assert page.locator(".seat a[data-seat='2-1'] .seat-name").count() == 0

    with page.expect_download() as download:
        page.locator("#download-cards").click()
    pdf = download.value.path().read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # the two heads
    text = reader.pages[0].extract_text()
    assert text.count("Bat ERDENE") == 2 and text.count("Бат-Эрдэнэ") == 2
    assert text.count("Mongolia") == 2
    image = _page_image(pdf, tmp_path)
    width, height = image.size
    assert width > height  # landscape, folded along the middle
    lower = _ocr(image.crop((0, height // 2, width, height)))
    upper = _ocr(image.crop((0, 0, width, height // 2)).rotate(180))
    assert "ERDENE" in lower and "Mongolia" in lower
    assert "ERDENE" in upper and "Mongolia" in upper  # upside down on the sheet


def test_a_delegate_downloads_their_certificate_and_the_public_page_confirms_it(
    app, live_server, page, browser, world
):
    with app.app_context():
        db.session.add(
            CheckIn(
                participant_id=world.pa1.id,
                method=CheckInMethod.SCAN,
                result=CheckInResult.ADMITTED,
            )
        )
        db.session.execute(
            db.update(type(world.pa1))
            .where(type(world.pa1).id == world.pa1.id)
            .values(checked_in_at=db.func.now())
        )
        db.session.commit()
    sign_in(page, live_server.url, "delegate@example.org", TEST_PASSWORD)
    page.goto(f"{live_server.url}/registration/")
    with page.expect_download() as download:
        page.locator("#download-certificate").click()
    text = pypdf.PdfReader(download.value.path()).pages[0].extract_text()
    assert "Certificate of Attendance" in text and "Bat ERDENE" in text
    code = re.search(r"Verification code: ([A-Z0-9-]{19})", text)[1]
    sign_out(page)

    visitor = browser.new_context(locale="en-GB")
    public = visitor.new_page()
    try:
        public.goto(f"{live_server.url}/certificates/verify")
        public.get_by_label("Verification code").fill(code)
        public.get_by_role("button", name="Verify").click()
        result = public.locator("#verify-result").inner_text()
        assert "This certificate is genuine." in result
        assert "Bat ERDENE attended the Test Forum on Migration" in result
        public.get_by_label("Verification code").fill("AAAA-BBBB-CCCC-DDDD")
        public.get_by_role("button", name="Verify").click()
        assert "No certificate has this code." in public.locator("#verify-result").inner_text()
    finally:
        visitor.close()


def test_the_plan_fits_a_phone(live_server, browser, world):
    """At 390 px the page does not scroll sideways: the plan scrolls inside its own box."""
    phone = browser.new_context(viewport={"width": 390, "height": 800}, locale="en-GB")
    page = phone.new_page()
    try:
        sign_in(page, live_server.url, "organizer@example.org", TEST_PASSWORD)
        page.goto(f"{live_server.url}/seating/{world.params['hall_id']}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        plan = page.locator(".seating-plan")
        assert plan.evaluate("el => el.scrollWidth > el.clientWidth")  # four seats: wider
        move = page.locator("#move-submit").bounding_box()
        assert move["x"] >= 0 and move["x"] + move["width"] <= 390
    finally:
        phone.close()
