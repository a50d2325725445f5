"""Jinja filters that are not already given by Flask-Babel."""

from __future__ import annotations

from markupsafe import Markup, escape


def register(app) -> None:
    from app.i18n import country_name

    app.jinja_env.filters["country"] = country_name
    app.jinja_env.filters["nl2br"] = nl2br
    app.jinja_env.filters["combine"] = combine
    app.jinja_env.filters["clock"] = clock


def clock(value) -> str:
    """24-hour HH:mm in the forum's time zone: what timeformat('HH:mm') shows in every
    language Accredit speaks, without building a Babel pattern for each call (the agenda
    prints two per session)."""
    from flask_babel import get_timezone

    return value.astimezone(get_timezone()).strftime("%H:%M")


def combine(a: dict, b: dict) -> dict:
    return {**a, **b}


def nl2br(value: str | None) -> Markup:
    return Markup("<br>").join(escape(line) for line in (value or "").splitlines())
