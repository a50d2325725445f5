"""The API's pages in Chromium: an admin makes a token (shown once), the browsable
description renders every operation under the site's CSP, and the browser session checks
a badge in through the API with its CSRF header."""

from __future__ import annotations

import os

import pytest

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("ACCREDIT_SCREENSHOTS")  # a folder: screenshots for a look


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def test_admin_makes_a_token_and_the_docs_render(live_server, world, page):
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "admin@example.org", TEST_PASSWORD)
    page.goto(f"{live_server.url}/admin/api-tokens")
    page.get_by_label("Name (what uses it: a kiosk, the hotel, a scanner)").fill("Kiosk hall B")
    page.get_by_label("Acts as").select_option(label="staff@example.org (Staff)")
    page.get_by_label("Scope").select_option("checkin")
    page.get_by_label("Your password (to confirm this change)").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Create the token").click()
    token = page.locator("#new-token").input_value()
    assert token.startswith("acr_")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        _shot(page, f"api-tokens-{width}.png")
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflow, f"the tokens page scrolls sideways at {width} px"
    page.reload()
    assert page.locator("#new-token").count() == 0  # shown once

    page.goto(f"{live_server.url}/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 12
    _shot(page, "api-docs-1366.png")
    status = page.evaluate(
        """async (code) => {
            const csrf = document.querySelector('meta[name="csrf-token"]').content;
            const r = await fetch('/api/v1/checkins', {method: 'POST', credentials: 'same-origin',
                headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf},
                body: JSON.stringify({code: code, nonce: 'browser-1'})});
            return [r.status, (await r.json()).result];
        }""",
        world.pa1.badge_secret,
    )
    assert status == [201, "admit"]
    blocked = [c for c in console if "Content Security Policy" in c]
    assert blocked == [], blocked
