"""Every command-line task: seed-demo, create-user, send-mail, init-db, send-announcements,
purge-personal-data."""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_migrate import upgrade

from app import demo
from app.announcements.services import send_due_announcements
from app.auth.services import normalize_email, password_problem, user_by_email
from app.devserver import public_base_url
from app.extensions import db
from app.mail import deliver_due
from app.models import ForumSettings, Role, User
from app.registration.purge import count_personal_data, purge


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(send_mail)
    app.cli.add_command(init_db)
    app.cli.add_command(send_announcements)
    app.cli.add_command(purge_personal_data)


@click.command("seed-demo")
@click.option(
    "--password",
    default="demo-password-2025",
    show_default=True,
    help="Password of every demo account.",
)
@click.option(
    "--participants",
    type=int,
    default=None,
    help="Build a synthetic forum with this many participants.",
)
@click.option(
    "--delegations", type=int, default=None, help="Number of delegations of the synthetic forum."
)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has a forum.")
@with_appcontext
def seed_demo(
    password: str, participants: int | None, delegations: int | None, if_empty: bool
) -> None:
    """Build the demo forum (Lianyungang 2025), or a large synthetic one for benchmarks."""
    if ForumSettings.get() is not None:
        if if_empty:
            click.echo("The database already holds a forum; nothing done.")
            return
        raise click.ClickException(
            "The database already holds a forum. Use a fresh database (delete instance/accredit.db) to re-seed."
        )
    started = time.perf_counter()
    summary = demo.seed(password=password, participants=participants, delegations=delegations)
    db.session.commit()
    click.echo(summary.report())
    click.echo(f"Done in {time.perf_counter() - started:.1f} s.")


@click.command("create-user")
@click.option("--email", prompt=True)
@click.option(
    "--role", type=click.Choice(["admin", "organizer", "staff"]), default="admin", show_default=True
)
@click.option("--name", default="", help="Full name.")
@click.password_option()
@with_appcontext
def create_user(email: str, role: str, name: str, password: str) -> None:
    """Create an account (the first admin of a real forum)."""
    email = normalize_email(email)
    if "@" not in email:
        raise click.BadParameter("not an e-mail address", param_hint="--email")
    if user_by_email(email):
        raise click.ClickException(f"An account for {email} exists already.")
    # No request, so no browser language: messages in the default language.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        problem = password_problem(password, email)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    user = User(email=email, role=Role(role), full_name=name)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, polling the outbox.")
@click.option(
    "--interval",
    type=float,
    default=5.0,
    show_default=True,
    help="Seconds between polls with --loop.",
)
@click.option(
    "--limit", type=int, default=None, help="Deliver at most this many messages per round."
)
@with_appcontext
def send_mail(loop: bool, interval: float, limit: int | None) -> None:
    """Deliver queued e-mails over SMTP (or to instance/mail/ without SMTP settings)."""
    while True:
        counts = deliver_due(limit=limit)
        if any(counts.values()) or not loop:
            click.echo(
                f"sent {counts['sent']}, retry later {counts['retry']}, failed {counts['failed']}"
            )
        if not loop:
            break
        time.sleep(interval)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database to the latest migration (same as flask db upgrade)."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("Database is up to date.")


@click.command("send-announcements")
@with_appcontext
def send_announcements() -> None:
    """Queue the e-mails of announcements whose publish time has come (run from cron)."""
    # Links in the e-mails are built with url_for, which needs a request: a synthetic one.
    with current_app.test_request_context(base_url=public_base_url()):
        sent, messages = send_due_announcements()
    db.session.commit()
    click.echo(f"{sent} announcement(s) e-mailed: {messages} message(s) queued.")


@click.command("purge-personal-data")
@click.option("--dry-run", is_flag=True, help="Only count what would be removed.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def purge_personal_data(dry_run: bool, yes: bool) -> None:
    """Remove passport data, dates of birth, photos and uploaded documents (after the forum)."""
    counts = count_personal_data()
    lines = _purge_lines(counts)
    if dry_run:
        click.echo("Dry run: nothing removed. Would remove:")
        click.echo(lines)
        return
    if not yes:
        click.echo("This will remove:")
        click.echo(lines)
        click.confirm("Remove these personal data for good?", abort=True)
    counts = purge()
    db.session.commit()
    click.echo("Removed:")
    click.echo(_purge_lines(counts))
    click.echo("An audit entry was written.")


def _purge_lines(counts: dict[str, int]) -> str:
    labels = {
        "passport_numbers": "passport numbers",
        "passport_expiry_dates": "passport expiry dates",
        "dates_of_birth": "dates of birth",
        "photos": "photos",
        "documents": "uploaded documents",
    }
    return "\n".join(f"  {labels[k]}: {v}" for k, v in counts.items())
