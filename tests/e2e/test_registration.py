"""In Chromium: a focal point registers three members (one with a Chinese name and a photo),
an organizer approves two, the third is waitlisted past the quota, and an approved member,
invited to their own account, downloads a visa letter that names them."""

from __future__ import annotations

import io
import re

import sqlalchemy as sa
from PIL import Image
from pypdf import PdfReader

from app.extensions import db
from app.models import OutboxMessage, Participant, ParticipantStatus, Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in, sign_out

MEMBERS = [
    # given, family, native, email, photo
    ("伟", "王", "王伟", "wang.wei@example.org", True),
    ("Lucía", "Quispe", "", "lucia.quispe@example.org", False),
    ("Tomás", "Huamán", "", "tomas.huaman@example.org", False),
]


def fill_member(page, given, family, native, email, photo_path):
    page.fill("#honorific", "Mr.")
    page.fill("#given_names", given)
    page.fill("#family_name", family)
    if native:
        page.fill("#native_name", native)
    page.select_option("#nationality", "PE")
    page.fill("#date_of_birth", "1979-04-05")
    page.fill("#passport_number", "P" + str(abs(hash(email)) % 10**7).zfill(7))
    page.fill("#passport_expiry", "2031-06-30")
    page.fill("#position", "Director")
    page.fill("#organization", "Superintendencia Nacional de Migraciones")
    page.fill("#email", email)
    page.fill("#phone", "+51 1 200 1000")
    page.fill("#arrival_date", "2025-09-16")
    page.fill("#arrival_time", "15:20")
    page.fill("#departure_date", "2025-09-19")
    page.check("#visa_letter_wanted")
    if photo_path:
        page.set_input_files("#photo", str(photo_path))
    page.check("#consent")
    page.get_by_role("button", name="Save and submit").click()


def test_register_approve_waitlist_and_visa_letter(
    live_server, page, world, make_delegation, make_user, tmp_path
):
    app = live_server.app
    base = live_server.url
    d = make_delegation("PX", name_en="Peruvia", quota=2)
    fp = make_user(Role.FOCAL_POINT, email="fp.px@example.org", delegation_id=d.id)
    photo = tmp_path / "wang.jpg"
    Image.new("RGB", (900, 1200), (180, 40, 40)).save(photo, format="JPEG")

    # The focal point registers three members.
    sign_in(page, base, fp.email, TEST_PASSWORD)
    for given, family, native, email, with_photo in MEMBERS:
        page.goto(f"{base}/registration/new/{d.id}")
        fill_member(page, given, family, native, email, photo if with_photo else None)
        page.wait_for_url(re.compile(r"/registration/\d+$"))
        assert family.upper() in page.inner_text("h1")
    assert "waiting list" in page.content()  # the third, past the quota of 2
    with app.app_context():
        people = {
            p.email: p
            for p in db.session.scalars(
                sa.select(Participant).where(Participant.delegation_id == d.id)
            )
        }
        statuses = [people[m[3]].status for m in MEMBERS]
        ids = [people[m[3]].id for m in MEMBERS]
        assert people["wang.wei@example.org"].native_name == "王伟"
        assert people["wang.wei@example.org"].photo is not None
    assert statuses == [
        ParticipantStatus.SUBMITTED,
        ParticipantStatus.SUBMITTED,
        ParticipantStatus.WAITLISTED,
    ]

    # The Chinese member's photo shows on their page.
    page.goto(f"{base}/registration/{ids[0]}")
    assert page.locator("img.participant-photo").evaluate("img => img.naturalWidth") == 600
    # Invite the first member to their own account.
    page.get_by_role("button", name="Invite wang.wei@example.org").click()
    assert "Invitation sent" in page.content()
    sign_out(page)

    # The organizer approves the first two; the third stays on the waiting list.
    sign_in(page, base, world.users.organizer.email, TEST_PASSWORD)
    for pid in ids[:2]:
        page.goto(f"{base}/registration/{pid}")
        page.get_by_role("button", name="Approve", exact=True).click()
        assert "Registration approved." in page.content()
    page.goto(f"{base}/registration/{ids[2]}")
    assert "Waitlisted" in page.inner_text("main")
    sign_out(page)
    with app.app_context():
        assert [db.session.get(Participant, i).status for i in ids] == [
            ParticipantStatus.APPROVED,
            ParticipantStatus.APPROVED,
            ParticipantStatus.WAITLISTED,
        ]
        invitation_mail = db.session.scalar(
            sa.select(OutboxMessage).where(
                OutboxMessage.to_addr == "wang.wei@example.org", OutboxMessage.topic == "invitation"
            )
        )
        link = re.search(
            r"https?://\S+/auth/invitation/\S+|https?://\S+invit\S+", invitation_mail.body_text
        ).group(0)

    # The approved member accepts the invitation and downloads the visa letter.
    page.goto(link.replace("http://localhost", base))
    page.get_by_label("Choose a password").fill("a-long-password-for-wang-2025")
    page.get_by_label("Repeat the password").fill("a-long-password-for-wang-2025")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.goto(f"{base}/registration/")
    page.wait_for_url(re.compile(rf"/registration/{ids[0]}$"))
    with page.expect_download() as info:
        page.locator("#download-visa-letter").click()
    pdf = info.value.path().read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "王" in text and "伟" in text
    assert "Peru" in text
