"""Security clearance in Chromium: export a batch, import answers with one refusal, and that
person's badge is skipped and their scan refused."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.models import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in, sign_out

pytestmark = pytest.mark.e2e


@pytest.fixture
def forum_to_vet(make_forum, make_delegation, make_participant, make_user):
    make_forum(clearance_required=True)
    mn = make_delegation("MN", name_en="Mongolia")
    people = [
        make_participant(mn, given_names="Bat", family_name="Erdene", passport_number="E1234567",
                         date_of_birth=date(1975, 5, 1), nationality="MN"),
        make_participant(mn, given_names="Saraa", family_name="Dorj", passport_number="E7654321",
                         date_of_birth=date(1988, 8, 8), nationality="MN"),
    ]  # fmt: skip
    make_user(Role.ORGANIZER, email="organizer@example.org")
    make_user(Role.STAFF, email="staff@example.org")
    return people


def test_export_answers_with_a_refusal_then_badge_skipped_and_scan_refused(
    live_server, page, forum_to_vet, tmp_path
):
    cleared, refused = forum_to_vet
    url = live_server.url
    sign_in(page, url, "organizer@example.org", TEST_PASSWORD)
    page.goto(f"{url}/clearance/")
    page.locator("#send-batch").click()
    page.get_by_text("2 people sent for vetting").wait_for()
    with page.expect_download() as download:
        page.locator(".batch-xlsx").first.click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    references = {row[1]: row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(references) == {"ERDENE", "DORJ"}

    answers = tmp_path / "answers.csv"
    answers.write_text(
        "reference,decision,reason\n"
        f"{references['ERDENE']},cleared,\n"
        f"{references['DORJ']},refused,Travel document reported stolen\n",
        encoding="utf-8",
    )
    page.locator("input[type=file]").set_input_files(str(answers))
    page.get_by_role("button", name="Import the answers").click()
    page.get_by_text("2 answers read: 1 cleared, 1 refused").wait_for()
    row = page.locator(f'#clearance-people tr[data-participant="{refused.id}"]')
    assert row.get_attribute("data-state") == "refused"
    assert "Travel document reported stolen" in row.inner_text()
    sign_out(page)

    sign_in(page, url, "staff@example.org", TEST_PASSWORD)
    page.goto(f"{url}/desk/badges")
    assert "1 more not printed" in page.locator("#batch-uncleared").inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Print and record").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    assert len(pdf.pages) == 1 and "ERDENE" in pdf.pages[0].extract_text()

    page.goto(f"{url}/desk/checkin")
    page.locator("#scan-code").fill(refused.badge_secret)
    page.keyboard.press("Enter")
    result = page.locator('#scan-result .scan-result[data-state="red"]')
    result.wait_for()
    assert "Not cleared by security" in result.inner_text()
