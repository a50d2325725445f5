"""The check-in desk in Chromium: a keyboard-wedge scanner types the code and Enter."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_scanner_types_code_and_enter(live_server, page, world):
    sign_in(page, live_server.url, "staff@example.org", TEST_PASSWORD)
    page.goto(f"{live_server.url}/desk/checkin")
    code = page.locator("#scan-code")
    assert code.evaluate("el => el === document.activeElement")  # ready for the scanner
    admitted = int(page.locator("#count-admitted").inner_text())

    page.keyboard.type(world.pa1.badge_secret, delay=5)
    page.keyboard.press("Enter")
    result = page.locator("#scan-result .scan-result")
    result.wait_for()
    assert result.get_attribute("data-state") == "green"
    assert "ERDENE" in result.inner_text()
    assert page.url.endswith("/desk/checkin")  # answered in place, no page load
    # The field is empty and focused again for the next badge.
    assert code.input_value() == ""
    assert code.evaluate("el => el === document.activeElement")
    assert int(page.locator("#count-admitted").inner_text()) == admitted + 1

    page.keyboard.type(world.pa1.badge_secret, delay=5)
    page.keyboard.press("Enter")
    page.locator('#scan-result .scan-result[data-state="amber"]').wait_for()

    page.keyboard.type("not-a-badge", delay=5)
    page.keyboard.press("Enter")
    page.locator('#scan-result .scan-result[data-state="red"]').wait_for()
    assert "Unknown badge" in page.locator("#scan-result").inner_text()
