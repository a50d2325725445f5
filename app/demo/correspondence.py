"""Demo correspondence: believable threads between the secretariat and some delegations
(a note verbale, visa questions, a video message, interpretation), some still unread."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from app.correspondence import uploads
from app.correspondence.services import mark_read
from app.extensions import db
from app.models import (
    CorrespondenceAttachment,
    CorrespondenceMessage,
    CorrespondenceRead,
    Delegation,
    Side,
    User,
)

S, D = Side.SECRETARIAT, Side.DELEGATION
# (delegation code, [(side, days before the forum, text, attached PDF title or None)], read by
# the secretariat, read by the delegation)
THREADS = [
    ("RU", [
        (S, 30, "Dear colleagues, to complete the accreditation of your delegation we kindly ask for a note verbale confirming its composition and the head of delegation.", None),
        (D, 27, "Dear Secretariat, please find attached the note verbale of the Embassy confirming the composition of our delegation. The original follows by diplomatic pouch.", "Note verbale No. 2025/117"),
        (S, 26, "Thank you, the note verbale has been received and registered. The badges of your delegation will be ready at the accreditation desk from 16 September.", None),
        (D, 6, "Could the secretariat confirm whether the head of delegation may be accompanied by an interpreter in the plenary hall?", None),
    ], False, True),
    ("US", [
        (D, 25, "Two members of our delegation hold official passports. Do they need a visa invitation letter, or is the note verbale sufficient for the consulate?", None),
        (S, 24, "Holders of official passports apply with the note verbale and the visa invitation letter issued in the application. The guidance of the host's consular service is attached.", "Visa guidance for official passport holders"),
        (D, 23, "Thank you, the letters have been submitted to the consulate.", None),
    ], True, True),
    ("MN", [
        (D, 12, "Our delegation arrives on flight MU5472 on 16 September at 21:40. Is transport from Lianyungang Huaguoshan Airport to the hotel provided at that hour?", None),
    ], False, False),
    ("PE", [
        (D, 20, "Our delegates transit through Beijing. Is the 144-hour visa-free transit applicable for participants of the forum?", None),
        (S, 19, "Visa-free transit does not cover participation in the forum. Please request the visa invitation letters in the application; they are issued within three working days.", None),
    ], True, False),
    ("IOM", [
        (D, 15, "The Director General will address the sub-forum by video message. In which format and by which date should the recording be sent?", None),
        (S, 14, "MP4 (H.264, 1920×1080) of at most five minutes, with the transcript, by 10 September please. An upload link will follow by e-mail.", None),
        (D, 9, "The recording and the transcript have been uploaded. The transcript is attached for the interpreters.", "Transcript of the video message"),
    ], False, True),
    ("FR", [
        (D, 10, "Madame, Monsieur, la délégation souhaiterait connaître les langues d'interprétation simultanée prévues lors de la séance plénière.", None),
        (S, 9, "L'interprétation simultanée est assurée en chinois, anglais, français, russe, espagnol et arabe lors de la séance plénière.", None),
    ], True, True),
    ("UNHCR", [
        (D, 4, "We would like to display publications at the venue. Is a table available near the plenary hall?", None),
    ], False, False),
]  # fmt: skip


def _letter(title: str, sender: str) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 760, title)
    c.setFont("Helvetica", 11)
    c.drawString(72, 730, sender)
    c.drawString(
        72, 700, "Migration Management Cooperation Sub-forum, Lianyungang, 17-18 September 2025"
    )
    c.showPage()
    c.save()
    return out.getvalue()


def _thread(delegation: Delegation, messages, forum_start: datetime, users: dict) -> None:
    focal = users.get(f"focal.{delegation.code.lower()}@example.org")
    organizer = users.get("organizer@example.org")
    for side, days, text, title in messages:
        author = organizer if side == S else focal
        message = CorrespondenceMessage(
            delegation_id=delegation.id,
            side=side,
            author_id=author.id if author else None,
            body=text,
            created_at=forum_start - timedelta(days=days, hours=days % 7),
        )
        db.session.add(message)
        db.session.flush()
        if title:
            data = _letter(title, delegation.name_en if side == D else "Forum Secretariat")
            db.session.add(
                CorrespondenceAttachment(
                    message_id=message.id,
                    filename=f"{title.replace('/', '-')}.pdf",
                    content_type="application/pdf",
                    size=len(data),
                    storage_key=uploads.store(data),
                )
            )


def _read(delegation_id: int, side: Side, user: User) -> None:
    """Read a few hours after the thread's last message, not at seed time."""
    mark_read(delegation_id, side, user)
    db.session.flush()
    last = db.session.scalar(
        sa.select(sa.func.max(CorrespondenceMessage.created_at)).where(
            CorrespondenceMessage.delegation_id == delegation_id
        )
    )
    db.session.execute(
        sa.update(CorrespondenceRead)
        .where(CorrespondenceRead.delegation_id == delegation_id, CorrespondenceRead.side == side)
        .values(read_at=last + timedelta(hours=3))
    )


def seed_correspondence(summary) -> None:
    codes = [code for code, *_ in THREADS]
    delegations = {
        d.code: d
        for d in db.session.scalars(sa.select(Delegation).where(Delegation.code.in_(codes)))
    }
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    start = datetime(2025, 9, 17, 1, 0, tzinfo=UTC)
    for code, messages, read_by_secretariat, read_by_delegation in THREADS:
        delegation = delegations.get(code)
        if delegation is None:
            continue
        _thread(delegation, messages, start, users)
        organizer = users.get("organizer@example.org")
        focal = users.get(f"focal.{code.lower()}@example.org")
        if read_by_secretariat and organizer:
            _read(delegation.id, S, organizer)
        if read_by_delegation and focal:
            _read(delegation.id, D, focal)
    summary.add(f"Correspondence: {len(delegations)} threads with the secretariat, some unread.")
