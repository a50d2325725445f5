"""In Chromium, one person through the rules: approved, signs up for a full session (waitlisted)
and an open one; the approval e-mail's QR code (decoded from the .eml) is refused at the
entrance and collects the badge at the pick-up counter; the printed badge's QR code (the PDF
rendered and decoded) is admitted; the focal point withdraws them, and their seat in the open
session goes to the next on its waitlist, who gets the e-mail. The organizer's personal export
is in the audit log with its row count."""

from __future__ import annotations

import email
import shutil
import subprocess
from email import policy
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.mail import deliver_due
from app.models import (
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    SessionKind,
    SessionSignup,
    SignupStatus,
    utcnow,
)
from app.programme import services as programme
from tests.conftest import TEST_PASSWORD, timedelta
from tests.e2e.conftest import sign_in, sign_out

pytestmark = pytest.mark.e2e


def _zbar(png: Path) -> str:
    out = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    return out.stdout.strip()


def _eml(app, to: str, subject_start: str) -> email.message.EmailMessage:
    with app.app_context():
        deliver_due()
    folder = Path(app.instance_path) / "mail"
    for path in sorted(folder.glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if msg["To"] == to and msg["Subject"].startswith(subject_start):
            return msg
    raise AssertionError(f"no e-mail to {to} starting {subject_start!r}")


def _scan(page, code: str, state: str):
    page.locator("#scan-code").fill("")
    page.keyboard.type(code, delay=2)
    page.keyboard.press("Enter")
    result = page.locator(f'#scan-result .scan-result[data-state="{state}"]')
    result.wait_for()
    return result.inner_text()


def _sessions(app, world):
    with app.app_context():
        start = utcnow() + timedelta(hours=2)
        full, open_ = (
            ProgrammeSession(
                kind=SessionKind.VISIT,
                title_en=title,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                signup_required=True,
                capacity=1,
            )
            for title in ("Port visit", "Data workshop")
        )
        db.session.add_all([full, open_])
        db.session.flush()
        db.session.add(
            SessionSignup(
                session_id=full.id, participant_id=world.pb1.id, status=SignupStatus.CONFIRMED
            )
        )
        p = db.session.get(Participant, world.pa1.id)
        p.status = ParticipantStatus.SUBMITTED  # the organizer approves them in the browser
        db.session.commit()
        return full.id, open_.id


def test_one_person_through_the_rules(live_server, page, world, make_participant, tmp_path):
    if not (shutil.which("zbarimg") and shutil.which("pdftoppm")):
        pytest.skip("zbarimg and pdftoppm are needed (apt-get install zbar-tools poppler-utils)")
    app, url = live_server.app, live_server.url
    full_id, open_id = _sessions(app, world)
    next_person = make_participant(world.b, email="next.in.line@example.org")
    with app.app_context():
        person = db.session.get(Participant, world.pa1.id)
        person_email, badge_secret = person.email, person.badge_secret

    # Approved by an organizer.
    sign_in(page, url, "organizer@example.org", TEST_PASSWORD)
    page.goto(f"{url}/registration/{world.pa1.id}")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Approved").first.wait_for()
    sign_out(page)

    # Signs up: the full session puts them on its waitlist, the open one gives a seat.
    sign_in(page, url, "delegate@example.org", TEST_PASSWORD)
    page.goto(f"{url}/programme/sessions/{full_id}")
    page.get_by_role("button", name="Join the waitlist").click()
    page.get_by_text("You are on the waitlist;").wait_for()
    page.goto(f"{url}/programme/sessions/{open_id}")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_text("You are signed up.").first.wait_for()
    sign_out(page)
    # Someone else comes after them for the open session: the waitlist.
    with app.test_request_context("/", method="POST"):
        result = programme.sign_up(open_id, db.session.get(Participant, next_person.id))
        db.session.commit()
        assert result.status == SignupStatus.WAITLISTED

    # The approval e-mail's QR code: a pick-up code, not the badge.
    approval = _eml(app, person_email, "Registration approved")
    png = next(p for p in approval.walk() if p.get_content_type() == "image/png")
    (tmp_path / "mail-qr.png").write_bytes(png.get_content())
    pickup_code = _zbar(tmp_path / "mail-qr.png")
    assert pickup_code and pickup_code != badge_secret

    sign_in(page, url, "staff@example.org", TEST_PASSWORD)
    page.goto(f"{url}/desk/checkin")
    refused = _scan(page, pickup_code, "red")
    assert "pick-up code" in refused and "collect the badge at the desk" in refused

    # At the pick-up counter the same code gives the badge.
    page.goto(f"{url}/desk/badges/pickup")
    page.locator("#pickup-code").fill(pickup_code)
    page.keyboard.press("Enter")
    page.locator("#pickup-result .scan-result.scan-green").wait_for()
    # The same request from this signed-in browser, to read the PDF the counter opened.
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    response = page.request.post(
        f"{url}/desk/badges/pickup",
        form={"csrf_token": token, "code": pickup_code, "layout": "a6", "lang": "en"},
    )
    assert response.status == 200 and response.headers["content-type"].startswith("application/pdf")
    (tmp_path / "badge.pdf").write_bytes(response.body())
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", "badge.pdf", "badge"],
        cwd=tmp_path,
        check=True,
    )
    printed = _zbar(tmp_path / "badge.png")
    assert printed == badge_secret

    # The printed badge opens the door.
    page.goto(f"{url}/desk/checkin")
    assert "Admitted" in _scan(page, printed, "green")
    sign_out(page)

    # The focal point withdraws them.
    sign_in(page, url, "focal.mn@example.org", TEST_PASSWORD)
    page.goto(f"{url}/registration/{world.pa1.id}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Withdraw").click()
    page.get_by_text("Withdrawn").first.wait_for()
    sign_out(page)

    # Their seat in the open session goes to the next on its waitlist, who is told.
    with app.app_context():
        statuses = dict(
            db.session.execute(
                sa.select(SessionSignup.participant_id, SessionSignup.status).where(
                    SessionSignup.session_id == open_id
                )
            ).all()
        )
    assert statuses == {
        world.pa1.id: SignupStatus.CANCELLED,
        next_person.id: SignupStatus.CONFIRMED,
    }
    told = _eml(app, "next.in.line@example.org", "A place is free")
    assert "Data workshop" in told.get_body(("plain",)).get_content()

    # The organizer's export with passport numbers is in the audit log, with its row count.
    sign_in(page, url, "organizer@example.org", TEST_PASSWORD)
    export = page.request.get(f"{url}/desk/rosters/export.csv?personal=1")
    assert export.status == 200
    rows = len(export.text().strip().splitlines()) - 1
    page.goto(f"{url}/admin/audit?action=roster.")
    entry = page.locator("tr", has_text="roster.exported_personal").first
    entry.wait_for()
    assert str(rows) in entry.inner_text()
