"""The home page and the sign-in form work in a real browser."""

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in, sign_out


def test_home_and_sign_in(live_server, page, world):
    page.goto(live_server.url + "/")
    assert "Test Forum on Migration" in page.inner_text("h1")
    sign_in(page, live_server.url, world.users.organizer.email, TEST_PASSWORD)
    assert "Dashboard" in page.inner_text("h1")
    # Sign out through the navbar button; the dashboard then asks for a login again.
    sign_out(page)
    page.goto(live_server.url + "/dashboard")
    assert "/auth/login" in page.url
