"""Correspondence through the routes: checked attachments, who reads which thread, unread
counts and read receipts, e-mails in the recipient's language over real SMTP."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from reportlab.pdfgen import canvas

from app.extensions import db
from app.mail import deliver_due
from app.models import (
    AuditLog,
    CorrespondenceAttachment,
    CorrespondenceMessage,
    OutboxMessage,
    Role,
    utcnow,
)
from tests.conftest import login


def pdf_bytes(text="Note verbale No. 17/2025") -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    image.save(out, format="PNG", pnginfo=None)
    return out.getvalue() + b"trailing payload"


@pytest.fixture
def people(app, make_forum, make_delegation, make_user):
    make_forum(contact_email="secretariat@example.org")
    mn = make_delegation("MN", name_en="Mongolia", name_fr="Mongolie")
    pe = make_delegation("PE", name_en="Peru")
    return {
        "mn": mn,
        "pe": pe,
        "focal_mn": make_user(
            Role.FOCAL_POINT, email="focal.mn@example.org", delegation_id=mn.id, locale="fr"
        ),
        "focal_pe": make_user(Role.FOCAL_POINT, email="focal.pe@example.org", delegation_id=pe.id),
        "organizer": make_user(Role.ORGANIZER, email="organizer@example.org"),
    }


def client(app, user):
    c = app.test_client()
    login(c, user)
    return c


def post(c, delegation_id, body, files=()):
    data = {"body": body, "attachments": [(io.BytesIO(data), name) for name, data in files]}
    return c.post(f"/correspondence/{delegation_id}", data=data, content_type="multipart/form-data")


def read(c, delegation_id):
    """What app.js does as a thread opens: post its read form (the last message shown)."""
    page = c.get(f"/correspondence/{delegation_id}").text
    upto = re.search(r'name="upto" type="hidden" value="(\d+)"', page)
    assert upto, "no read form on the page"
    r = c.post(
        f"/correspondence/{delegation_id}/read",
        data={"upto": upto.group(1)},
        headers={"X-Requested-With": "fetch"},
    )
    assert r.status_code == 204


def test_message_with_pdf_read_and_answered_with_receipts_and_mail(app, people, smtp):
    inbox = smtp()
    focal = client(app, people["focal_mn"])
    r = post(
        focal, people["mn"].id, "Please find our note verbale.", [("note verbale.pdf", pdf_bytes())]
    )
    assert r.status_code == 302
    organizer = client(app, people["organizer"])
    listing = organizer.get("/correspondence/")
    assert "Mongolia" in listing.text and 'text-bg-danger">1<' in listing.text

    thread = organizer.get(f"/correspondence/{people['mn'].id}")
    assert "Please find our note verbale." in thread.text
    with app.app_context():
        attachment = db.session.scalar(sa.select(CorrespondenceAttachment))
        path = Path(app.instance_path) / "correspondence" / attachment.storage_key
        assert path.is_file() and "static" not in str(path)
    download = organizer.get(f"/correspondence/{people['mn'].id}/attachments/{attachment.id}")
    assert download.data.startswith(b"%PDF-") and download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    # Opening the page changed nothing; its read form (posted by app.js) marks it read.
    assert 'text-bg-danger">1<' in organizer.get("/correspondence/").text
    assert "data-mark-read" in thread.text
    read(organizer, people["mn"].id)
    assert 'text-bg-danger">1<' not in organizer.get("/correspondence/").text
    assert "data-mark-read" not in organizer.get(f"/correspondence/{people['mn'].id}").text
    assert 'class="text-success read"' in focal.get(f"/correspondence/{people['mn'].id}").text

    assert post(organizer, people["mn"].id, "Received with thanks.").status_code == 302
    organizer_view = organizer.get(f"/correspondence/{people['mn'].id}").text
    assert "Not read yet" in organizer_view
    read(focal, people["mn"].id)
    assert "Not read yet" not in organizer.get(f"/correspondence/{people['mn'].id}").text

    with app.app_context():
        deliver_due()
        assert {"correspondence.sent"} == set(
            db.session.scalars(
                sa.select(AuditLog.action).where(AuditLog.object_type == "correspondence_messages")
            )
        )
    to = {m["To"]: m for m in inbox.messages}
    assert set(to) == {"secretariat@example.org", "focal.mn@example.org"}
    text = next(
        p for p in to["focal.mn@example.org"].walk() if p.get_content_type() == "text/plain"
    )
    body = text.get_payload(decode=True).decode()
    assert "Received with thanks." in body and "Bonjour" in body  # the focal point reads French


def test_another_delegation_gets_404_for_the_thread_and_the_file(app, people):
    focal = client(app, people["focal_mn"])
    post(focal, people["mn"].id, "Visa question", [("scan.pdf", pdf_bytes())])
    with app.app_context():
        attachment_id = db.session.scalar(sa.select(CorrespondenceAttachment.id))
    other = client(app, people["focal_pe"])
    assert other.get(f"/correspondence/{people['mn'].id}").status_code == 404
    assert (
        other.get(f"/correspondence/{people['mn'].id}/attachments/{attachment_id}").status_code
        == 404
    )
    # Through their own thread's URL, another thread's file is not found either.
    assert (
        other.get(f"/correspondence/{people['pe'].id}/attachments/{attachment_id}").status_code
        == 404
    )
    assert post(other, people["mn"].id, "Intrusion").status_code == 404
    assert (
        other.get("/correspondence/")
        .headers["Location"]
        .endswith(f"/correspondence/{people['pe'].id}")
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "visa-scan.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200,
            "Only PDF files and JPEG or PNG images",
        ),
        ("photo.png", b"MZ\x90\x00" + b"\x00" * 100, "Only PDF files and JPEG or PNG images"),
        ("letter.pdf", b"%PDF-1.4\n" + b"garbage" * 20 + b"\n%%EOF\n", "incomplete or damaged"),
        ("cut.pdf", pdf_bytes()[:200], "incomplete or damaged"),
        ("empty.pdf", b"", "The file is empty"),
    ],
)
def test_uploads_are_checked_by_what_they_are(app, people, name, data, message):
    focal = client(app, people["focal_pe"])
    r = post(focal, people["pe"].id, "See attached", [(name, data)])
    assert r.status_code == 200 and message in r.text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CorrespondenceMessage.id))) == 0
    folder = Path(app.instance_path) / "correspondence"
    assert not folder.exists() or not any(folder.iterdir())


def test_an_image_is_kept_as_its_pixels_only(app, people):
    focal = client(app, people["focal_mn"])
    assert (
        post(
            focal, people["mn"].id, "Photo of the passport page", [("page.exe.png", png_bytes())]
        ).status_code
        == 302
    )
    with app.app_context():
        attachment = db.session.scalar(sa.select(CorrespondenceAttachment))
    r = focal.get(f"/correspondence/{people['mn'].id}/attachments/{attachment.id}")
    assert r.mimetype == "image/png" and b"trailing payload" not in r.data
    assert Image.open(io.BytesIO(r.data)).size == (40, 30)
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in r.headers["Content-Security-Policy"]


def test_the_notice_waits_while_the_mail_server_is_down(app, people, smtp):
    focal = client(app, people["focal_mn"])
    assert post(focal, people["mn"].id, "Is the shuttle running at night?").status_code == 302
    with app.app_context():
        assert deliver_due()["retry"] == 1  # nothing listens yet: kept, to be tried again
        db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
    inbox = smtp()
    with app.app_context():
        assert deliver_due()["sent"] == 1
    (message,) = inbox.messages
    assert message["To"] == "secretariat@example.org" and "Mongolia" in message["Subject"]
