"""Command-line tasks: create-user and send-mail."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

import app.cli as cli
from app.extensions import db
from app.mail import queue_raw
from app.models import AuditLog, OutboxMessage, OutboxStatus, Role, User

GOOD = "a-long-and-quiet-passphrase"


def test_create_user_makes_the_first_admin(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            " Chief@Example.org ",
            "--name",
            "Chief",
            "--password",
            GOOD,
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created admin chief@example.org" in result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        assert user.email == "chief@example.org" and user.role == Role.ADMIN
        assert user.full_name == "Chief" and user.check_password(GOOD)
        assert user.password_hash != GOOD
    client = app.test_client()
    r = client.post("/auth/login", data={"email": "chief@example.org", "password": GOOD})
    assert r.status_code == 302


def test_create_user_with_a_role_and_prompts(app, runner):
    result = runner.invoke(
        args=["create-user", "--role", "staff"], input=f"desk@example.org\n{GOOD}\n{GOOD}\n"
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(User.role)) == Role.STAFF


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "not-an-address", "--password", GOOD], "not an e-mail address"),
        (["--email", "x@example.org", "--password", "short"], "at least"),
        (["--email", "x@example.org", "--password", "password1234"], "too common"),
        (["--email", "x@example.org", "--role", "delegate", "--password", GOOD], "Invalid value"),
    ],
)
def test_create_user_refuses_bad_input(app, runner, args, message):
    result = runner.invoke(args=["create-user", *args])
    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_create_user_refuses_a_second_account_for_an_address(app, runner, make_user):
    make_user(Role.STAFF, email="taken@example.org")
    result = runner.invoke(args=["create-user", "--email", "taken@example.org", "--password", GOOD])
    assert result.exit_code != 0 and "exists already" in result.output


def _queue(app, n: int) -> None:
    with app.app_context():
        for i in range(n):
            queue_raw(f"p{i}@example.org", f"Subject {i}", "Body")
        db.session.commit()


def test_send_mail_once_without_smtp_writes_files(app, runner):
    _queue(app, 2)
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "sent 2, retry later 0, failed 0" in result.output
    assert sorted(os.listdir(os.path.join(app.instance_path, "mail"))) == [
        "000001.eml",
        "000002.eml",
    ]
    with app.app_context():
        statuses = set(db.session.scalars(sa.select(OutboxMessage.status)))
    assert statuses == {OutboxStatus.SENT}
    again = runner.invoke(args=["send-mail"])
    assert "sent 0" in again.output


def test_send_mail_limit(app, runner):
    _queue(app, 3)
    assert "sent 2" in runner.invoke(args=["send-mail", "--limit", "2"]).output
    assert "sent 1" in runner.invoke(args=["send-mail"]).output


class _Stop(Exception):
    pass


def test_send_mail_loop_keeps_polling(app, runner, monkeypatch):
    rounds = []

    def fake_sleep(seconds):
        rounds.append(seconds)
        if len(rounds) == 1:
            _queue(app, 1)  # a message arrives while the sender waits
        else:
            raise _Stop

    _queue(app, 1)
    monkeypatch.setattr(cli.time, "sleep", fake_sleep)
    result = runner.invoke(args=["send-mail", "--loop", "--interval", "0.5"])
    assert isinstance(result.exception, _Stop)
    assert rounds == [0.5, 0.5]
    assert result.output.count("sent 1") == 2
    with app.app_context():
        assert set(db.session.scalars(sa.select(OutboxMessage.status))) == {OutboxStatus.SENT}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditLog)) == 0
