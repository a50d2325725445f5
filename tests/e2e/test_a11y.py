"""Accessibility: axe-core in Chromium on the main pages of each role; the keyboard alone works.

axe-core is vendored in static/vendor/axe-core (from the npm registry) and loaded from the
app's own static URL, so the page's Content-Security-Policy ('self' scripts) allows it.
Pages are taken from `app.view_functions`: an endpoint not built yet is left out, one that
lands is checked from then on.
"""

from __future__ import annotations

import pytest
from flask import url_for

from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

AXE_PATH = "/static/vendor/axe-core/axe.min.js"
BLOCKING = ("serious", "critical")

# The main pages of each role, by endpoint; URL parameters come from world.params.
PAGES = {
    "anonymous": [
        "main.index",
        "auth.login",
        "auth.forgot_password",
        "programme.agenda",
        "programme.session",
        "announcements.index",
    ],
    "organizer": [
        "main.dashboard",
        "auth.account",
        "delegations.index",
        "delegations.detail",
        "registration.index",
        "registration.detail",
        "registration.new",
        "desk.rosters.index",
        "programme.manage",
        "announcements.manage",
        "announcements.new",
        "admin.index",
    ],
    "staff": [
        "main.dashboard",
        "desk.index",
        "desk.checkin.index",
        "desk.badges.index",
        "desk.rosters.index",
    ],
    "focal_point": [
        "main.dashboard",
        "delegations.detail",
        "registration.new",
        "registration.edit",
        "programme.agenda",
    ],
    "delegate": [
        "main.dashboard",
        "registration.index",
        "registration.detail",
        "programme.my_agenda",
        "announcements.index",
    ],
    "admin": ["admin.users", "admin.forum_settings", "admin.invite"],
}


def _urls(app, world, endpoints) -> list[str]:
    urls = []
    with app.test_request_context():
        for endpoint in endpoints:
            if endpoint not in app.view_functions:
                continue
            rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
            if any(a not in world.params for a in rule.arguments):
                continue
            urls.append(url_for(endpoint, **{a: world.params[a] for a in rule.arguments}))
    return urls


def run_axe(page, base: str) -> list[dict]:
    """Load axe-core into the page from the app's static files and run it."""
    page.add_script_tag(url=base + AXE_PATH)
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)
            }));
        }"""
    )


@pytest.mark.parametrize("role", list(PAGES))
def test_no_serious_accessibility_violations(live_server, page, world, role):
    base = live_server.url
    if role != "anonymous":
        sign_in(page, base, getattr(world.users, role).email, TEST_PASSWORD)
    urls = _urls(live_server.app, world, PAGES[role])
    assert urls, f"no page to check for {role}"
    problems = []
    for url in urls:
        response = page.goto(base + url)
        assert response is not None and response.status < 400, f"{url} -> {response.status}"
        for v in run_axe(page, base):
            if v["impact"] in BLOCKING:
                nodes = "\n    ".join(v["nodes"])
                problems.append(f"{url} [{v['impact']}] {v['id']}: {v['help']}\n    {nodes}")
    assert not problems, f"axe-core as {role}:\n" + "\n".join(problems)


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '',
                    text: (e.innerText || '').trim(), inNav: !!e.closest('nav'),
                    href: e.getAttribute('href') || '',
                    toggler: e.classList.contains('navbar-toggler')
                             && e.getAttribute('aria-expanded') !== 'true'};
        }"""
    )


def _tab_until(page, predicate, limit: int = 40) -> dict:
    """Tab until the focused element matches; a collapsed menu is opened with Enter, as a
    keyboard user would (the navigation collapses behind a toggler on narrow windows)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if predicate(focused):
            return focused
        if focused["toggler"]:
            page.keyboard.press("Enter")
            page.wait_for_selector(".navbar-collapse.show")
    pytest.fail(f"Tab never reached the element (last focus: {_focused(page)})")


def test_keyboard_reaches_navigation_and_signs_in(live_server, page, world):
    base = live_server.url
    page.goto(base + "/auth/login")
    # The first Tab lands on the skip link, which moves focus past the navigation.
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["href"] == "#main", first
    # The main navigation is reachable with Tab.
    _tab_until(
        page,
        lambda f: f["inNav"] and f["tag"] == "a" and f["href"] not in ("#main", "/"),
    )
    # The login form: fill and submit with the keyboard alone.
    _tab_until(page, lambda f: f["name"] == "email")
    page.keyboard.type(world.users.organizer.email)
    page.keyboard.press("Tab")
    assert _focused(page)["name"] == "password"
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/dashboard")
    # Signed in, the navigation and the sign-out button are reachable too.
    _tab_until(page, lambda f: f["tag"] == "button" and f["text"] == "Sign out", limit=60)


def test_skip_link_moves_focus_to_the_content(live_server, page, world):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    # The next Tab goes into the content, not back to the navigation.
    page.keyboard.press("Tab")
    assert not _focused(page)["inNav"]
