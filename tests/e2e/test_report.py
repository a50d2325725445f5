"""The forum's report in Chromium: the headline, the figures and the charts."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in
from tests.report.conftest import attended  # noqa: F401  (the fixture)

pytestmark = pytest.mark.e2e


def test_an_organizer_opens_the_report(live_server, page, attended):  # noqa: F811
    sign_in(page, live_server.url, attended.email, TEST_PASSWORD)
    page.get_by_role("button", name="Protocol").click()
    page.get_by_role("link", name="The forum’s report").click()
    assert (
        "5 participants from 2 countries and regions"
        in page.locator("#report-headline").inner_text()
    )
    assert page.locator(".report-section figure").count() == 5
    assert "Mongolia" in page.locator(".report-section").nth(2).inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows on a phone
