"""The approval e-mail carries the pick-up code (not the badge) as a QR image; the
participant's page shows it."""

from __future__ import annotations

import email
import shutil
import subprocess

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.mail import build_message
from app.models import OutboxMessage, Participant, ParticipantStatus
from app.registration import services


def _approve(app, world, participant_id):
    with app.app_context():
        p = db.session.get(Participant, participant_id)
        p.status = ParticipantStatus.SUBMITTED
        db.session.flush()
        organizer = db.session.get(type(world.users.organizer), world.users.organizer.id)
        services.approve_participant(p, organizer)
        db.session.commit()
        return p.pickup_code, p.badge_secret


def test_approval_email_has_the_pickup_code_qr_inline_not_the_badge(app, world, tmp_path):
    code, badge = _approve(app, world, world.pa2.id)
    assert code and code != badge
    with app.app_context():
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.topic == "participant_approved")
        ).all()
        assert rows, "an approval e-mail is queued"
        message = email.message_from_bytes(bytes(build_message(rows[0])))
    # The forum's logo travels inline too; the QR code is the one named badge-qr.
    images = [part for part in message.walk() if part["Content-ID"] == "<badge-qr>"]
    assert len(images) == 1 and images[0].get_content_type() == "image/png"
    html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_payload(
        decode=True
    )
    assert b'src="cid:badge-qr"' in html
    if not shutil.which("zbarimg"):
        pytest.skip("zbarimg not installed (apt-get install zbar-tools)")
    png = tmp_path / "qr.png"
    png.write_bytes(images[0].get_payload(decode=True))
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    assert decoded.stdout.strip() == code


def test_the_participant_page_shows_the_code_to_those_who_may_see_it(world, as_role):
    url = f"/registration/{world.pa1.id}"
    assert 'class="qr-code"' in as_role("delegate").get(url).get_data(as_text=True)
    assert 'class="qr-code"' in as_role("focal_point").get(url).get_data(as_text=True)
    assert 'class="qr-code"' not in as_role("staff").get(url).get_data(as_text=True)
    # A draft has no code to show.
    assert 'class="qr-code"' not in as_role("focal_point").get(
        f"/registration/{world.pa2.id}"
    ).get_data(as_text=True)
