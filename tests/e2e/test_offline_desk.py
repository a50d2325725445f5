"""The check-in desk with no network, in Chromium: the service worker keeps the page, the
manifest decides with the server's policy, scans wait in IndexedDB and come home once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.desk.checkin import manifest
from app.extensions import db
from app.models import BadgePrint, CheckIn, CheckInResult, Participant
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in, sign_out

pytestmark = pytest.mark.e2e
expect = pytest.importorskip("playwright.sync_api").expect

ROOT = Path(__file__).resolve().parents[2]
STATES = {"admit": "green", "warn": "amber", "refuse": "red"}


@pytest.fixture
def desk_world(app, world, make_participant):
    """Twenty approved participants besides the world's, and no check-ins yet."""
    people = [
        make_participant(world.a, world.categories.delegate, family_name=f"Door{n:02d}")
        for n in range(20)
    ]
    with app.app_context():
        db.session.execute(sa.delete(CheckIn))
        db.session.execute(sa.delete(BadgePrint))
        db.session.execute(sa.update(Participant).values(checked_in_at=None))
        db.session.commit()
    return people


def open_desk(page, base_url: str) -> None:
    sign_in(page, base_url, "staff@example.org", TEST_PASSWORD)
    page.goto(f"{base_url}/desk/checkin")
    page.wait_for_selector('#offline-desk[data-ready="1"][data-assets-kept="1"]', state="attached")


def scan(page, code: str) -> str:
    """Type a code and Enter, as a keyboard-wedge scanner does; the colour shown."""
    page.evaluate("document.body.dataset.lastScan = ''")
    page.locator("#scan-code").fill("")
    page.keyboard.type(code, delay=2)
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-last-scan]:not([data-last-scan=''])", state="attached")
    return page.evaluate("document.body.dataset.lastScan")


def admissions(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            sa.select(CheckIn.participant_id, CheckIn.scanned_at, CheckIn.at).where(
                CheckIn.result == CheckInResult.ADMITTED
            )
        ).all()


def test_the_policy_interpreter_in_chromium_agrees_with_every_case(app, page):
    """The same cases as the server's (tests/registration/admission_cases.json), answered by
    static/js/checkin-policy.js in the browser that runs the desk."""
    with app.test_request_context():
        policy = manifest.policy_document()
    cases = json.loads((ROOT / "tests/registration/admission_cases.json").read_text("utf-8"))
    page.set_content("<html><body></body></html>")
    page.add_script_tag(path=str(ROOT / "static/js/checkin-policy.js"))
    got = page.evaluate(
        "([policy, cases]) => cases.map(c => { const a = AccreditPolicy.admission(policy, c);"
        " return [a.decision, a.reason]; })",
        [policy, cases["cases"]],
    )
    assert got == [c["expect"] for c in cases["cases"]]


def test_offline_desk_decides_keeps_and_uploads(live_server, browser, world, desk_world, tmp_path):
    app = live_server.app
    people = desk_world
    desk_a = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    desk_b = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    try:
        a, b = desk_a.new_page(), desk_b.new_page()
        open_desk(a, live_server.url)
        open_desk(b, live_server.url)
        assert int(a.locator("#offline-desk").get_attribute("data-manifest-entries")) == 22

        desk_a.set_offline(True)
        desk_b.set_offline(True)
        # The service worker answers the reload; the keys and the manifest survive it.
        response = a.reload()
        assert response is not None and response.from_service_worker
        a.wait_for_selector('#offline-desk[data-ready="1"]', state="attached")
        banner = a.locator("#offline-banner")
        assert banner.is_visible() and "NO NETWORK" in banner.inner_text()

        # Desk A: 17 badges, a revoked one, a pick-up code, and one of the 17 again.
        expected = [(p.badge_secret, "green") for p in people[:17]]
        expected += [
            ("revoked-secret-of-pb1", "red"),
            (world.pa1.pickup_code, "red"),
            (people[3].badge_secret, "amber"),
        ]
        offline_started = datetime.now(UTC)
        assert [scan(a, code) for code, _ in expected] == [state for _, state in expected]
        assert "Scans waiting to be sent: 20." in banner.inner_text()
        assert a.locator("#count-admitted").inner_text() == "17"
        assert a.locator("#count-refused").inner_text() == "2"
        a.screenshot(path=str(tmp_path / "offline-desk-1366.png"))

        # Desk B, offline at the same time, admits five of the same people.
        assert [scan(b, p.badge_secret) for p in people[:5]] == ["green"] * 5
        b.screenshot(path=str(tmp_path / "offline-desk-390.png"))
        assert admissions(app) == []  # nothing reached the server yet

        back_online = datetime.now(UTC)
        desk_a.set_offline(False)
        a.wait_for_selector('#offline-desk[data-pending="0"]', timeout=20_000, state="attached")
        held = admissions(app)
        assert sorted(pid for pid, _, _ in held) == sorted(p.id for p in people[:17])
        for _, scanned_at, at in held:  # the device's time, not the upload's
            assert offline_started <= scanned_at <= back_online <= at

        desk_b.set_offline(False)
        b.wait_for_selector('#offline-desk[data-pending="0"]', timeout=20_000, state="attached")
        b.wait_for_selector('#offline-desk[data-conflicts="5"]', state="attached")
        assert b.locator("#offline-conflicts-list li").count() == 5
        conflicts = b.locator("#offline-conflicts-list li").all_inner_texts()
        assert [c.split(" · ")[1] for c in conflicts] == [p.full_name for p in people[:5]]
        # Back online, the counts are the server's again: desk A's 17.
        expect(b.locator("#count-admitted")).to_have_text("17")
        b.screenshot(path=str(tmp_path / "offline-desk-conflicts-390.png"), full_page=True)
        assert len(admissions(app)) == 17  # no double admission
        with app.app_context():
            recorded = db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn))
        assert recorded == 25  # nothing lost: every scan of both desks is on record

        # Signing out wipes the desk's store in this browser.
        sign_out(a)
        names = a.evaluate("indexedDB.databases().then(all => all.map(d => d.name))")
        assert "accredit-desk" not in names
        assert not a.evaluate("caches.has('accredit-desk-v1')")
    finally:
        desk_a.close()
        desk_b.close()
