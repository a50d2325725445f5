"""In Chromium: an organizer posts an announcement to one delegation through the form; that
delegation's focal point sees it, another delegation's focal point does not."""

from __future__ import annotations

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in, sign_out


def _sign_out(page) -> None:
    sign_out(page)
    page.wait_for_url("**/")


def test_announcement_to_one_delegation(live_server, page, world):
    base = live_server.url
    title = "Shuttle to the venue for Mongolia"

    sign_in(page, base, world.users.organizer.email, TEST_PASSWORD)
    page.goto(f"{base}/announcements/new")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Text", exact=True).fill("The bus leaves the **hotel** at 08:00.")
    page.get_by_label("Audience", exact=True).select_option(label="One delegation")
    page.get_by_label("Delegation", exact=True).select_option(label="Mongolia (MN)")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/announcements/manage")
    assert "Announcement saved." in page.inner_text("main")
    assert title in page.inner_text("main")
    _sign_out(page)

    # Mongolia's focal point: on the dashboard and on the announcements page.
    sign_in(page, base, world.users.focal_point.email, TEST_PASSWORD)
    assert title in page.inner_text("main")
    page.get_by_role("link", name=title).first.click()
    assert "hotel" in page.inner_text("main .md-body strong")
    _sign_out(page)

    # Peru's focal point: nowhere, not even by its address.
    sign_in(page, base, world.users.focal_point_b.email, TEST_PASSWORD)
    assert title not in page.inner_text("main")
    page.goto(f"{base}/announcements/")
    assert title not in page.inner_text("main")
    _sign_out(page)

    # Nor the public.
    page.goto(f"{base}/announcements/")
    assert title not in page.inner_text("main")
