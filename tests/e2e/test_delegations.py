"""In Chromium: a focal point uploads the note verbale and creates the registration link; a
member registers through it (Chinese name); the focal point endorses the registration."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Delegation, Document, Participant, ParticipantStatus
from tests.conftest import TEST_PASSWORD
from tests.delegations.conftest import PDF
from tests.e2e.conftest import sign_in


def test_link_self_registration_and_endorsement(live_server, context, page, world, tmp_path):
    app = live_server.app
    base = live_server.url

    sign_in(page, base, "focal.mn@example.org", TEST_PASSWORD)
    page.get_by_role("link", name="My delegation").click()
    page.wait_for_url(f"{base}/delegations/{world.a.id}")

    letter = tmp_path / "note-verbale.pdf"
    letter.write_bytes(PDF)
    page.set_input_files("#file", str(letter))
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("The letter was uploaded").wait_for()

    page.get_by_role("button", name="Create a registration link").click()
    page.get_by_text("A new registration link was made").wait_for()
    link = page.input_value("#registration-link")
    with app.app_context():
        token = db.session.get(Delegation, world.a.id).registration_token
        assert (
            db.session.scalar(
                sa.select(sa.func.count(Document.id)).where(Document.delegation_id == world.a.id)
            )
            == 2
        )
    assert link.endswith(f"/delegations/register/{token}")

    member = context.browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = member.new_page()
    visitor.goto(f"{base}/delegations/register/{token}")
    visitor.fill("#given_names", "伟")
    visitor.fill("#family_name", "王")
    visitor.fill("#native_name", "王伟")
    visitor.select_option("#nationality", "MN")
    visitor.fill("#date_of_birth", "1979-04-05")
    visitor.fill("#passport_number", "E7654321")
    visitor.fill("#passport_expiry", "2031-06-30")
    visitor.select_option("#category", str(world.categories.delegate.id))
    visitor.fill("#email", "wang.wei@example.org")
    visitor.check("#consent")
    visitor.get_by_role("button", name="Save and submit").click()
    visitor.get_by_text("Thank you, your registration has been received").wait_for()
    member.close()

    page.reload()
    row = page.locator("tr", has_text="王伟")
    row.get_by_text("Awaiting endorsement").wait_for()
    row.get_by_role("button", name="Endorse").click()
    page.get_by_text("Registration endorsed").wait_for()
    with app.app_context():
        p = db.session.scalar(sa.select(Participant).where(Participant.native_name == "王伟"))
        assert p.delegation_id == world.a.id and p.self_registered
        assert p.status == ParticipantStatus.SUBMITTED
