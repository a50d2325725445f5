"""Correspondence: send a message (with checked attachments), mark a thread read, notify."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from app import audit
from app.auth.policy import ORGANIZERS, is_organizer
from app.correspondence import uploads
from app.extensions import db
from app.i18n import forum
from app.mail import queue_email
from app.models import (
    CorrespondenceAttachment,
    CorrespondenceMessage,
    CorrespondenceRead,
    Delegation,
    Side,
    User,
    utcnow,
)
from app.notify import delegation_focal_points
from app.urls import absolute_url

MAX_BODY = 10_000


def side_of(user) -> Side:
    """Organizers write for the secretariat; a focal point for their delegation."""
    return Side.SECRETARIAT if is_organizer(user) else Side.DELEGATION


def send_message(
    delegation: Delegation, author: User, body: str, files=()
) -> CorrespondenceMessage:
    """Add a message to the delegation's thread, check and store its attachments, mark the
    thread read for the author's side and queue the e-mails to the other side."""
    files = [f for f in files or () if f and f.filename]
    if len(files) > uploads.MAX_FILES:
        raise uploads.UploadError(_l("At most %(n)s files per message.", n=uploads.MAX_FILES))
    checked = [uploads.check_upload(f) for f in files]  # UploadError: refused, nothing stored
    side = side_of(author)
    message = CorrespondenceMessage(
        delegation_id=delegation.id, side=side, author_id=author.id, body=body.strip()[:MAX_BODY]
    )
    db.session.add(message)
    db.session.flush()
    for item in checked:
        db.session.add(
            CorrespondenceAttachment(
                message_id=message.id,
                filename=item.filename,
                content_type=item.content_type,
                size=len(item.data),
                storage_key=uploads.store(item.data),
            )
        )
    mark_read(delegation.id, side, author, upto=message.id)
    audit.record(
        "correspondence.sent",
        message,
        changes={"side": side.value, "attachments": [c.filename for c in checked]},
    )
    _notify(delegation, message, checked)
    return message


def addresses(delegation: Delegation | None, side: Side) -> list[tuple[str, str | None]]:
    """(address, language) of the people of one side: the delegation's active focal points,
    or the secretariat (the forum's contact address, else every active organizer)."""
    if side == Side.DELEGATION:
        return [(u.email, u.locale) for u in delegation_focal_points(delegation.id)]
    settings = forum()
    if settings is not None and settings.contact_email:
        return [(settings.contact_email, current_app.config["BABEL_DEFAULT_LOCALE"])]
    users = sa.select(User).where(User.role.in_(ORGANIZERS), User.active.is_(True))
    return [(u.email, u.locale) for u in db.session.scalars(users.order_by(User.id))]


def _notify(delegation: Delegation, message: CorrespondenceMessage, files) -> None:
    url = absolute_url("correspondence.thread", delegation_id=delegation.id)
    for address, locale in addresses(delegation, message.side.other):
        queue_email(
            address,
            "correspondence_message",
            locale=locale,
            topic="correspondence.sent",
            delegation=delegation,
            message=message,
            filenames=[f.filename for f in files],
            url=url,
            forum=forum(),
        )


def mark_read(delegation_id: int, side: Side, reader: User, upto: int | None = None) -> bool:
    """Move the side's read mark to the thread's last message (or `upto`); True if it moved."""
    last = db.session.scalar(
        sa.select(sa.func.max(CorrespondenceMessage.id)).where(
            CorrespondenceMessage.delegation_id == delegation_id
        )
    )
    upto = min(upto, last or 0) if upto is not None else last  # never past the thread's end
    if not upto:
        return False
    row = db.session.scalar(
        sa.select(CorrespondenceRead).where(
            CorrespondenceRead.delegation_id == delegation_id, CorrespondenceRead.side == side
        )
    )
    if row is None:
        row = CorrespondenceRead(delegation_id=delegation_id, side=side, last_read_id=0)
        db.session.add(row)
    if row.last_read_id >= upto:
        return False
    row.last_read_id, row.read_at, row.reader_id = upto, utcnow(), reader.id
    return True


def attachment_bytes(attachment: CorrespondenceAttachment) -> bytes | None:
    return uploads.read(attachment.storage_key)
