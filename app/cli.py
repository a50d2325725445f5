"""Command-line tasks: seed-demo, create-user, send-mail, compile-translations.

Areas add their own commands through their blueprint (cli_group=None), e.g.
purge-personal-data in the registration area.
"""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app.extensions import db


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(send_mail)
    app.cli.add_command(init_db)


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
    from app import demo
    from app.models import ForumSettings

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
    from app.auth.services import normalize_email, password_problem, user_by_email
    from app.models import Role, User

    email = normalize_email(email)
    if "@" not in email:
        raise click.BadParameter("not an e-mail address", param_hint="--email")
    if user_by_email(email):
        raise click.ClickException(f"An account for {email} exists already.")
    from flask_babel import force_locale

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
    from app.mail import deliver_due

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
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("Database is up to date.")
