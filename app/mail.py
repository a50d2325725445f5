"""E-mail through the outbox: queue a row in the caller's transaction; senders deliver it.

`queue_email` renders templates/email/<name>.txt (and .html when present) in the recipient's
language. `deliver_due` is what `flask send-mail` runs: it claims due rows one at a time with
an UPDATE that only one sender can win (plus SKIP LOCKED on PostgreSQL), so any number of
senders may run at once without sending a message twice.
"""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
import uuid
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound

from app.db import sqlite_write_lock
from app.extensions import db
from app.i18n import forum
from app.models import OutboxMessage, OutboxStatus, utcnow

# A claimed row whose sender died is taken up again after this long.
STALE_CLAIM = timedelta(minutes=10)


LOGO_CID = "forum-logo"


def render_email(template: str, locale: str | None, **context) -> tuple[str, str, str | None]:
    """Return (subject, text, html) of templates/email/<template>.* in the given language.

    Every e-mail has both parts: a template's own .html, or else its text set in the forum's
    HTML layout (email/_text.html), so no message goes out as text only.
    """
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        text = render_template(f"email/{template}.txt", **context)
        # The first line of the text template is "Subject: …".
        first, _, rest = text.partition("\n")
        if not first.startswith("Subject:"):
            raise ValueError(f"email/{template}.txt must start with a Subject: line")
        subject, body = first[len("Subject:") :].strip(), rest.lstrip("\n")
        # The HTML layout has its own footer: the text's signature ("-- " …) is left out.
        text_body = body.split("\n--\n")[0]
        html_context = {"subject": subject, "text_body": text_body, **context}
        try:
            html = render_template(f"email/{template}.html", **html_context)
        except TemplateNotFound:
            html = render_template("email/_text.html", **html_context)
    return subject, body, html


def _forum_logo() -> bytes | None:
    settings = forum()
    return settings.logo_png if settings is not None and settings.has_logo else None


def queue_email(
    to: str,
    template: str,
    *,
    locale: str | None = None,
    topic: str = "",
    inline_images: dict[str, bytes] | None = None,
    **context,
) -> OutboxMessage:
    """Add an outbox row to the current transaction (committed with the action that caused it).

    inline_images: PNGs the HTML template shows with <img src="cid:NAME">, by NAME. The
    forum's logo is added by itself when there is one.
    """
    images = dict(inline_images or {})
    logo = _forum_logo()
    if logo:
        images[LOGO_CID] = logo
        context.setdefault("logo_cid", LOGO_CID)
    subject, text, html = render_email(template, locale, **context)
    message = OutboxMessage(
        to_addr=to,
        subject=subject,
        body_text=text,
        body_html=html,
        topic=topic or template,
        inline_images={cid: base64.b64encode(data).decode("ascii") for cid, data in images.items()}
        if html and images
        else None,
    )
    db.session.add(message)
    return message


def html_for_preview(row: OutboxMessage) -> str | None:
    """The HTML part as a browser can show it: inline (cid:) images become data: URLs."""
    if not row.body_html:
        return None
    html = row.body_html
    for cid, data in (row.inline_images or {}).items():
        html = html.replace(f"cid:{cid}", f"data:image/png;base64,{data}")
    return html


def queue_raw(
    to: str, subject: str, text: str, html: str | None = None, topic: str = ""
) -> OutboxMessage:
    message = OutboxMessage(
        to_addr=to, subject=subject, body_text=text, body_html=html, topic=topic
    )
    db.session.add(message)
    return message


def build_message(row: OutboxMessage) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    msg["To"] = row.to_addr
    msg["Subject"] = row.subject
    msg["Date"] = formatdate(localtime=False)
    # A stable Message-ID per row lets a receiving server drop a duplicate after a crash.
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rpartition("@")[2].strip("> ") or "localhost"
    msg["Message-ID"] = f"<outbox-{row.id}.{row.created_at:%Y%m%d%H%M%S}@{domain}>"
    msg.set_content(row.body_text)
    if row.body_html:
        msg.add_alternative(row.body_html, subtype="html")
        if row.inline_images:
            html_part = msg.get_payload()[-1]
            for cid, data in row.inline_images.items():
                html_part.add_related(
                    base64.b64decode(data), "image", "png", cid=f"<{cid}>", filename=f"{cid}.png"
                )
    return msg


def _smtp_send(messages: list[EmailMessage]) -> None:
    cfg = current_app.config
    host, port, timeout = cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), cfg["MAIL_TIMEOUT"]
    if cfg["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        for msg in messages:
            smtp.send_message(msg)


def _write_locally(msg: EmailMessage, row: OutboxMessage) -> None:
    """Without SMTP settings: print the message and keep a copy in instance/mail/."""
    folder = Path(current_app.instance_path) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{row.id:06d}.eml").write_bytes(bytes(msg))
    current_app.logger.info(
        "mail to %s: %s (instance/mail/%06d.eml)", row.to_addr, row.subject, row.id
    )
    print(f"--- mail {row.id} to {row.to_addr}: {row.subject}\n{row.body_text}\n---", flush=True)


def backoff(attempts: int, cap: timedelta = timedelta(minutes=15)) -> timedelta:
    """30 s, 1 min, 2 min … doubling, then every `cap` (MAIL_RETRY_MAX_MINUTES)."""
    return min(timedelta(seconds=30 * 2 ** min(max(attempts - 1, 0), 20)), cap)


def queue_age() -> timedelta | None:
    """How long the oldest message still waiting has waited (None: nothing waits)."""
    oldest = db.session.scalar(
        sa.select(sa.func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status.in_((OutboxStatus.QUEUED, OutboxStatus.SENDING))
        )
    )
    if oldest is None:
        return None
    if oldest.tzinfo is None:  # SQLite may hand back a naive UTC value for an aggregate
        oldest = oldest.replace(tzinfo=utcnow().tzinfo)
    return max(utcnow() - oldest, timedelta(0))


def _claim_next(worker: str) -> OutboxMessage | None:
    """Claim one due message for this worker, or None when nothing is due."""
    now = utcnow()
    due = sa.or_(
        sa.and_(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= now),
        sa.and_(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_at < now - STALE_CLAIM,
        ),
    )
    stmt = sa.select(OutboxMessage.id).where(due).order_by(OutboxMessage.id).limit(5)
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    for message_id in db.session.scalars(stmt).all():
        claimed = db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == message_id, due)
            .values(status=OutboxStatus.SENDING, claimed_at=now, claimed_by=worker)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        if claimed.rowcount == 1:
            return db.session.get(OutboxMessage, message_id, populate_existing=True)
    db.session.commit()
    return None


def deliver_due(limit: int | None = None, worker: str | None = None) -> dict[str, int]:
    """Deliver due messages one by one; returns counts of sent, retried and failed."""
    with sqlite_write_lock():
        return _deliver_due(limit, worker or f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}")


def _deliver_due(limit: int | None, worker: str) -> dict[str, int]:
    """Failures are of two kinds. A message that cannot be built or is refused for what it
    is (a header with a line break, an address the server cannot encode) will never go:
    it is marked failed with its error at once, and the sender goes on with the next one; a
    row left "sending" would stop the sender again after every stale-claim delay. A server
    that is down or answers "try later" is retried at a capped interval until the message
    is MAIL_GIVE_UP_HOURS old, so an outage of a day loses nothing."""
    cfg = current_app.config
    counts = {"sent": 0, "retry": 0, "failed": 0}
    use_smtp = bool(cfg["MAIL_SERVER"])
    cap = timedelta(minutes=float(cfg["MAIL_RETRY_MAX_MINUTES"]))
    give_up = timedelta(hours=float(cfg["MAIL_GIVE_UP_HOURS"]))
    done = 0
    while limit is None or done < limit:
        row = _claim_next(worker)
        if row is None:
            break
        done += 1
        row.attempts += 1
        try:
            msg = build_message(row)
        except Exception as exc:  # noqa: BLE001  (any fault of the row itself)
            _fail(row, exc, counts)
            continue
        try:
            if use_smtp:
                _smtp_send([msg])
            else:
                _write_locally(msg, row)
        except (OSError, smtplib.SMTPException) as exc:
            row.last_error = _error_text(exc)
            row.claimed_at = None
            row.claimed_by = None
            if utcnow() - _aware(row.created_at) >= give_up:
                row.status = OutboxStatus.FAILED
                counts["failed"] += 1
            else:
                row.status = OutboxStatus.QUEUED
                row.next_attempt_at = utcnow() + backoff(row.attempts, cap)
                counts["retry"] += 1
            db.session.commit()
            if isinstance(exc, OSError | smtplib.SMTPServerDisconnected):
                break  # the server is down: leave the rest for the next round
            continue
        except Exception as exc:  # noqa: BLE001  (e.g. an address smtplib cannot encode)
            _fail(row, exc, counts)
            continue
        row.status = OutboxStatus.SENT
        row.sent_at = utcnow()
        row.last_error = None
        db.session.commit()
        counts["sent"] += 1
    return counts


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def _fail(row: OutboxMessage, exc: BaseException, counts: dict[str, int]) -> None:
    current_app.logger.warning("outbox message %s cannot be sent: %s", row.id, _error_text(exc))
    db.session.rollback()  # whatever the failed step left half-done
    row = db.session.get(OutboxMessage, row.id, populate_existing=True)
    row.attempts += 1
    row.claimed_at = None
    row.claimed_by = None
    row.status = OutboxStatus.FAILED
    row.last_error = _error_text(exc)
    db.session.commit()
    counts["failed"] += 1


def retry_now(message: OutboxMessage) -> None:
    """Put a failed or waiting message back at the front of the queue."""
    message.status = OutboxStatus.QUEUED
    message.next_attempt_at = utcnow()
