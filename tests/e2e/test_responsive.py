"""Every role's main pages on a phone, a tablet and a laptop: nothing scrolls sideways, the
delegate's and focal point's controls are big enough for a thumb, axe finds nothing serious,
and the W3C Nu HTML Checker finds no error.

One app, one browser, one sign-in per role for the whole walk (kept well under two minutes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import TEST_PASSWORD, login
from tests.e2e.conftest import sign_in
from tests.e2e.test_a11y import BLOCKING, _urls, run_axe

pytestmark = pytest.mark.e2e

WIDTHS = (390, 768, 1366)
HEIGHTS = {390: 844, 768: 1024, 1366: 768}
TOUCH_ROLES = ("delegate", "focal_point")
TOUCH_MIN = 44

PAGES = {
    "anonymous": [
        "main.index",
        "auth.login",
        "auth.forgot_password",
        "programme.agenda",
        "programme.session",
        "announcements.index",
        "announcements.detail",
    ],
    "admin": [
        "main.dashboard",
        "admin.index",
        "admin.users",
        "admin.user",
        "admin.invite",
        "admin.forum_settings",
        "admin.categories",
        "admin.outbox",
        "admin.outbox_message",
        "admin.audit_log",
    ],
    "organizer": [
        "main.dashboard",
        "delegations.index",
        "delegations.detail",
        "delegations.edit",
        "registration.index",
        "registration.detail",
        "registration.new",
        "registration.history",
        "desk.rosters.index",
        "desk.logistics.index",
        "programme.manage",
        "programme.edit_session",
        "announcements.manage",
        "announcements.new",
    ],
    "staff": [
        "main.dashboard",
        "desk.index",
        "desk.dashboard.index",
        "desk.checkin.index",
        "desk.badges.pickup",
        "desk.badges.index",
        "desk.rosters.index",
        "desk.logistics.arrivals",
        "desk.logistics.rooming",
        "desk.logistics.needs",
    ],
    "focal_point": [
        "main.dashboard",
        "delegations.detail",
        "registration.new",
        "registration.edit",
        "registration.detail",
        "programme.agenda",
        "auth.account",
    ],
    "delegate": [
        "main.dashboard",
        "registration.index",
        "registration.detail",
        "registration.edit",
        "programme.my_agenda",
        "programme.session",
        "announcements.index",
        "auth.account",
    ],
}

# Elements wider than the viewport count only outside a container that scrolls or clips.
OVERFLOW_JS = """() => {
  const root = document.documentElement, vw = root.clientWidth, out = [];
  if (root.scrollWidth > vw) out.push(`document: scrollWidth ${root.scrollWidth} > ${vw}`);
  const contained = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || (r.right <= vw + 1 && r.left >= -1)) continue;
    if (getComputedStyle(el).position === 'fixed' || contained(el)) continue;
    if (el.closest('.visually-hidden, .visually-hidden-focusable:not(:focus)')) continue;
    out.push(`${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`);
    if (out.length > 4) break;
  }
  return out;
}"""

# Everything a thumb presses; a checkbox or radio counts with its label's row.
TOUCH_JS = """(min) => {
  const out = [];
  const sel = 'a.btn, button, input:not([type=hidden]), select, textarea, .nav-link, ' +
              '.dropdown-item, .page-link, .navbar-brand, summary';
  for (const el of document.querySelectorAll(sel)) {
    if (!el.checkVisibility() || el.closest('.visually-hidden-focusable, .dropdown-menu:not(.show)')) continue;
    let box = el.getBoundingClientRect();
    if (el.type === 'checkbox' || el.type === 'radio') box = el.closest('.form-check, label')?.getBoundingClientRect() || box;
    if (box.height < min || box.width < min) {
      const label = (el.innerText || el.value || el.name || el.getAttribute('aria-label') || '').trim().slice(0, 30);
      out.push(`${el.tagName.toLowerCase()} "${label}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return out;
}"""


def _walk(browser, live_server, world, role):
    """Yield (width, url, page) for every page of the role at every width, signed in once."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    base = live_server.url
    try:
        if role != "anonymous":
            sign_in(page, base, getattr(world.users, role).email, TEST_PASSWORD)
        urls = _urls(live_server.app, world, PAGES[role])
        assert urls, f"no page to check for {role}"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
            for url in urls:
                response = page.goto(base + url)
                assert response is not None and response.status < 400, f"{url} -> {response}"
                yield width, url, page
    finally:
        ctx.close()


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def world(world, app):
    """The demo's real lengths: a long forum name in the header, a long name in the menu."""
    from app.extensions import db
    from app.models import ForumSettings, User

    with app.app_context():
        db.session.get(ForumSettings, 1).short_name_en = "Migration Management Sub-forum 2025"
        for user in db.session.scalars(sa.select(User)):
            user.full_name = "Oyunchimeg Batkhuyag-Erdenechimeg"
        db.session.commit()
    return world


def test_every_page_fits_phone_tablet_and_laptop(browser, live_server, world):
    problems = []
    for role in PAGES:
        for width, url, page in _walk(browser, live_server, world, role):
            where = f"{role} {width}px {url}"
            problems += [f"{where}: {p}" for p in page.evaluate(OVERFLOW_JS)]
            if width == 390 and role in TOUCH_ROLES:
                problems += [
                    f"{where}: small target {p}" for p in page.evaluate(TOUCH_JS, TOUCH_MIN)
                ]
            if width == 390:
                for v in run_axe(page, live_server.url):
                    if v["impact"] in BLOCKING:
                        problems.append(f"{where}: axe {v['id']} {v['nodes'][:1]}")
    assert not problems, "\n".join(problems)


def test_laptop_shows_the_organizers_navigation(browser, live_server, world):
    """On a 1366 px laptop the organizer's menu is in the bar, not behind the toggler."""
    for role in ("organizer", "admin"):
        for width, _url, page in _walk(browser, live_server, world, role):
            if width != 1366:
                continue
            assert not page.locator(".navbar-toggler").is_visible(), role
            assert page.get_by_role("link", name="Delegations").first.is_visible() or (
                page.locator("#nav").get_by_text("Delegations").first.is_visible()
            )
            assert page.evaluate("() => document.querySelector('.navbar').offsetHeight") < 80
            break


def test_checkin_desk_on_a_tablet_in_portrait(browser, live_server, world):
    for width, _url, page in _walk(browser, live_server, world, "staff"):
        if width == 768 and _url.endswith("/checkin"):
            field = page.locator("input[type=search], input[type=text]").first
            box = field.bounding_box()
            assert box["width"] >= 0.6 * 768 and box["height"] >= 56, box
            return
    pytest.fail("the check-in desk was not visited")


# --- the W3C Nu HTML Checker on the same pages -------------------------------------------------


def _vnu_jar() -> Path | None:
    candidates = [os.environ.get("VNU_JAR", "")]
    root = Path(__file__).resolve().parents[2]
    candidates += [str(root / "node_modules/vnu-jar/build/dist/vnu.jar")]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def test_nu_html_checker_finds_no_error(app, world, tmp_path):
    jar, java = _vnu_jar(), shutil.which("java")
    if not java:
        pytest.skip("no java on PATH: the Nu HTML Checker needs a Java runtime")
    if not jar:
        pytest.skip("vnu-jar is not installed (npm install vnu-jar in the repo; .ci/run does it)")
    files = []
    for role, endpoints in PAGES.items():
        client = app.test_client()
        if role != "anonymous":
            login(client, getattr(world.users, role))
        for url in _urls(app, world, endpoints):
            response = client.get(url, follow_redirects=True)
            assert response.status_code == 200, f"{role} {url} -> {response.status_code}"
            name = f"{role}{url.replace('/', '_')}.html"
            (tmp_path / name).write_bytes(response.data)
            files.append(str(tmp_path / name))
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "gnu", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line.replace(str(tmp_path) + "/", "") for line in result.stderr.splitlines()]
    assert result.returncode == 0 and not errors, f"{len(errors)} errors:\n" + "\n".join(errors)


def test_wide_table_scrolls_in_its_box_and_keeps_the_names(browser, live_server, world):
    for width, url, page in _walk(browser, live_server, world, "organizer"):
        if width == 390 and url.endswith("/desk/rosters"):
            box = page.locator(".table-responsive").first
            assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # it does scroll
            box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
            name = page.get_by_role("link", name="Bat ERDENE")
            left = name.bounding_box()["x"]
            assert 0 <= left < 200, f"the name column scrolled away ({left})"
            return
    pytest.fail("the roster was not visited")
