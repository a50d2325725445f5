"""Jinja filters that are not already given by Flask-Babel."""

from __future__ import annotations

import re

from flask_babel import get_timezone
from markupsafe import Markup, escape

from app.i18n import country_name
from app.urls import absolute_url

URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]")


def register(app) -> None:
    app.jinja_env.filters["country"] = country_name
    app.jinja_env.filters["nl2br"] = nl2br
    app.jinja_env.filters["combine"] = combine
    app.jinja_env.filters["email_paragraphs"] = email_paragraphs
    app.jinja_env.globals["public_url"] = public_url
    app.jinja_env.filters["clock"] = clock


def clock(value) -> str:
    """24-hour HH:mm in the forum's time zone: what timeformat('HH:mm') shows in every
    language Accredit speaks, without building a Babel pattern for each call (the agenda
    prints two per session)."""

    return value.astimezone(get_timezone()).strftime("%H:%M")


def combine(a: dict, b: dict) -> dict:
    return {**a, **b}


def nl2br(value: str | None) -> Markup:
    return Markup("<br>").join(escape(line) for line in (value or "").splitlines())


def email_paragraphs(text: str | None, link_colour: str = "#17365d") -> Markup:
    """Plain e-mail text as HTML paragraphs with inline styles; addresses become links."""

    def line(value: str) -> Markup:
        out, last = [], 0
        for m in URL.finditer(value):
            out.append(escape(value[last : m.start()]))
            url = escape(m.group())
            out.append(
                Markup('<a href="{0}" style="color: {1}; word-break: break-all;">{0}</a>').format(
                    url, link_colour
                )
            )
            last = m.end()
        out.append(escape(value[last:]))
        return Markup("").join(out)

    blocks = re.split(r"\n\s*\n", (text or "").strip())
    return Markup("\n").join(
        Markup('<p style="margin: 0 0 14px;">{}</p>').format(
            Markup("<br>").join(line(x) for x in block.splitlines())
        )
        for block in blocks
        if block.strip()
    )


def public_url(endpoint: str, **values) -> str:
    """An absolute link for e-mails (BASE_URL, or the development server's address)."""

    return absolute_url(endpoint, **values)
