"""The outbox against a real SMTP server on loopback (aiosmtpd): once, retried, never twice."""

from __future__ import annotations

import email
import os
import socket
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from app.auth.services import create_invitation
from app.extensions import db
from app.mail import backoff, deliver_due, queue_raw
from app.models import Invitation, OutboxMessage, OutboxStatus, Role, utcnow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"

    @property
    def subjects(self) -> list[str]:
        return [m["Subject"] for m in self.messages]


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def app_config(app_config, smtp_port):
    return {
        **app_config,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "MAIL_TIMEOUT": 5,
        "MAIL_DEFAULT_SENDER": "Secretariat <secretariat@example.org>",
    }


@pytest.fixture
def smtp(smtp_port):
    """Start the SMTP server (call it); stopped at the end of the test."""
    started: list[Controller] = []
    inbox = Inbox()

    def start() -> Inbox:
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        started.append(controller)
        return inbox

    yield start
    for controller in started:
        controller.stop()


def _queue(app, n: int) -> None:
    with app.app_context():
        for i in range(n):
            queue_raw(f"person{i}@example.org", f"Message {i}", f"Hello person {i}.")
        db.session.commit()


def _rows(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        for r in rows:
            db.session.expunge(r)
        return rows


def test_the_email_is_written_in_the_same_transaction_as_the_action(app):
    with app.test_request_context():
        create_invitation("a@example.org", Role.STAFF)
        db.session.rollback()  # the action fails: neither the invitation nor its e-mail remain
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0
        create_invitation("b@example.org", Role.STAFF)
        db.session.commit()
    (row,) = _rows(app)
    assert row.to_addr == "b@example.org" and row.status == OutboxStatus.QUEUED
    assert "/auth/invitation/" in row.body_text


def test_delivered_once(app, smtp):
    inbox = smtp()
    _queue(app, 3)
    with app.app_context():
        assert deliver_due() == {"sent": 3, "retry": 0, "failed": 0}
        assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}
    assert sorted(inbox.subjects) == ["Message 0", "Message 1", "Message 2"]
    assert inbox.messages[0]["From"] == "Secretariat <secretariat@example.org>"
    assert {m["Message-ID"].split("<outbox-")[1].split(".")[0] for m in inbox.messages} == {
        "1",
        "2",
        "3",
    }
    for row in _rows(app):
        assert row.status == OutboxStatus.SENT and row.sent_at is not None and row.attempts == 1


def test_message_id_is_the_same_on_every_attempt(app):
    """A retry after a lost answer carries the same Message-ID, so receivers can drop the copy."""
    from app.mail import build_message

    _queue(app, 1)
    with app.app_context():
        row = db.session.scalar(sa.select(OutboxMessage))
        assert build_message(row)["Message-ID"] == build_message(row)["Message-ID"]


def test_smtp_down_then_up_loses_nothing_and_sends_nothing_twice(app, smtp):
    _queue(app, 3)
    with app.app_context():
        # Nothing listens on the port: the first message fails, the rest wait for next round.
        counts = deliver_due()
    assert counts == {"sent": 0, "retry": 1, "failed": 0}
    first, *others = _rows(app)
    assert first.status == OutboxStatus.QUEUED and first.attempts == 1
    assert "ConnectionRefusedError" in first.last_error
    assert first.claimed_at is None
    assert timedelta(seconds=20) < first.next_attempt_at - utcnow() <= backoff(1)
    assert all(r.attempts == 0 and r.status == OutboxStatus.QUEUED for r in others)

    inbox = smtp()  # the server comes back
    with app.app_context():
        # The failed one waits for its back-off; the others go now.
        assert deliver_due()["sent"] == 2
        db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
        assert deliver_due()["sent"] == 1
        assert deliver_due()["sent"] == 0
    assert sorted(inbox.subjects) == ["Message 0", "Message 1", "Message 2"]
    rows = _rows(app)
    assert all(r.status == OutboxStatus.SENT for r in rows)
    assert rows[0].attempts == 2 and rows[0].last_error is None


def test_retries_at_a_capped_interval_then_gives_up_when_too_old(app):
    """A long outage: still waiting after 20 attempts (it used to fail after 8, about an
    hour), every MAIL_RETRY_MAX_MINUTES; failed once older than MAIL_GIVE_UP_HOURS."""
    app.config.update(MAIL_RETRY_MAX_MINUTES=15, MAIL_GIVE_UP_HOURS=72)
    _queue(app, 1)
    with app.app_context():
        for attempt in range(1, 21):
            db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
            db.session.commit()
            counts = deliver_due()
            row = db.session.scalar(sa.select(OutboxMessage))
            assert row.attempts == attempt
            assert counts == {"sent": 0, "retry": 1, "failed": 0}, attempt
        assert row.status == OutboxStatus.QUEUED and "ConnectionRefusedError" in row.last_error
        assert row.next_attempt_at - utcnow() <= timedelta(minutes=15)
        db.session.execute(
            sa.update(OutboxMessage).values(
                next_attempt_at=utcnow(), created_at=utcnow() - timedelta(hours=73)
            )
        )
        db.session.commit()
        assert deliver_due()["failed"] == 1
        row = db.session.scalar(sa.select(OutboxMessage))
        assert row.status == OutboxStatus.FAILED and row.last_error
    assert backoff(1) < backoff(2) < backoff(3) < backoff(6) == backoff(40) == timedelta(minutes=15)


def test_poisoned_rows_fail_alone_and_the_rest_is_delivered(app, smtp):
    """Five rows that cannot become a message (a line break in the subject, as an old
    announcement title could have) are marked failed with their error; the five others go."""
    inbox = smtp()
    with app.app_context():
        for i in range(10):
            subject = f"Poisoned {i}\r\nBcc: everyone@example.org" if i % 2 else f"Message {i}"
            queue_raw(f"person{i}@example.org", subject, f"Hello person {i}.")
        db.session.commit()
        assert deliver_due() == {"sent": 5, "retry": 0, "failed": 5}
        assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}
    assert sorted(inbox.subjects) == [f"Message {i}" for i in range(0, 10, 2)]
    rows = _rows(app)
    for row in rows[1::2]:
        assert row.status == OutboxStatus.FAILED and row.attempts == 1
        assert "ValueError" in row.last_error and row.claimed_at is None


def test_two_senders_never_send_a_message_twice(app, smtp):
    inbox = smtp()
    _queue(app, 40)
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def sender(name: str) -> None:
        try:
            with app.app_context():
                barrier.wait()
                deliver_due(worker=name)
                db.session.remove()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=sender, args=(f"sender-{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(inbox.subjects) == 40
    assert len(set(inbox.subjects)) == 40
    rows = _rows(app)
    assert all(r.status == OutboxStatus.SENT and r.attempts == 1 for r in rows)
    # Both senders took part (a lock would let one do everything, which is also correct,
    # but with 40 messages and a barrier they interleave).
    assert {r.claimed_by for r in rows} <= {"sender-0", "sender-1", "sender-2"}


def test_without_smtp_messages_go_to_instance_mail(app, capsys):
    app.config["MAIL_SERVER"] = None
    _queue(app, 2)
    with app.app_context():
        assert deliver_due()["sent"] == 2
    folder = os.path.join(app.instance_path, "mail")
    files = sorted(os.listdir(folder))
    assert files == ["000001.eml", "000002.eml"]
    with open(os.path.join(folder, files[0]), "rb") as fh:
        message = email.message_from_bytes(fh.read())
    assert message["Subject"] == "Message 0" and message["To"] == "person0@example.org"
    assert "Message 0" in capsys.readouterr().out


def test_stale_claim_is_taken_up_again(app, smtp):
    inbox = smtp()
    _queue(app, 1)
    with app.app_context():
        db.session.execute(
            sa.update(OutboxMessage).values(
                status=OutboxStatus.SENDING,
                claimed_at=utcnow() - timedelta(hours=1),
                claimed_by="dead-sender",
            )
        )
        db.session.commit()
        assert deliver_due()["sent"] == 1
    assert inbox.subjects == ["Message 0"]


def test_a_fresh_claim_is_left_alone(app, smtp):
    inbox = smtp()
    _queue(app, 1)
    with app.app_context():
        db.session.execute(
            sa.update(OutboxMessage).values(
                status=OutboxStatus.SENDING, claimed_at=utcnow(), claimed_by="busy-sender"
            )
        )
        db.session.commit()
        assert deliver_due()["sent"] == 0
    assert inbox.subjects == []


def test_the_dashboard_shows_how_long_the_oldest_message_has_waited(app, world, as_role):
    _queue(app, 2)
    with app.app_context():
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.to_addr == "person0@example.org")
            .values(created_at=utcnow() - timedelta(hours=5))
        )
        db.session.commit()
    html = as_role("admin").get("/dashboard").get_data(as_text=True)
    assert "the oldest for 5 hours" in html
    assert "the oldest for 5 hours" in as_role("admin").get("/admin/").get_data(as_text=True)
