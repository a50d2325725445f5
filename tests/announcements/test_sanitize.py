"""Hostile Markdown never reaches a page: scripts, event handlers and javascript: links."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.markdown import render_markdown
from app.models import Announcement, InfoPage

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    "<svg onload=alert(1)></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example"><input name=a></form>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]
FORBIDDEN = (
    "<script",
    "onerror",
    "onload",
    "onclick",
    "javascript:",
    "<iframe",
    "<svg",
    "<object",
    "<embed",
    "<form",
    "style=",
    "data:text",
)


def dangers(html: str) -> list[str]:
    """Forbidden things inside tags (the same words as escaped text are harmless)."""
    tags = re.findall(r"<[^>]*>", html.lower())
    return [bad for tag in tags for bad in FORBIDDEN if bad in tag]


@pytest.mark.parametrize("body", HOSTILE)
def test_render_markdown_strips(body):
    html = render_markdown("Intro\n\n" + body)
    assert dangers(html) == [], (body, html)


def test_markdown_still_formats():
    html = render_markdown(
        "**bold** [site](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<table>" in html


def test_hostile_bodies_through_the_forms(app, as_role, world):
    client = as_role("organizer")
    body = "\n\n".join(HOSTILE)
    r = client.post(
        "/announcements/new",
        data={"title": "<b>Title</b>", "body_markdown": body, "audience": "public"},
    )
    assert r.status_code == 302
    r = client.post(
        "/announcements/pages/new",
        data={
            "slug": "visa",
            "locale": "en",
            "title": "Visa",
            "body_markdown": body,
            "visibility": "public",
        },
    )
    assert r.status_code == 302
    with app.app_context():
        a = db.session.scalar(sa.select(Announcement).where(Announcement.title == "<b>Title</b>"))
        page = db.session.scalar(sa.select(InfoPage).where(InfoPage.slug == "visa"))
        aid = a.id
    anonymous = as_role("anonymous")
    for url in (f"/announcements/{aid}", "/announcements/", "/announcements/pages/visa"):
        html = anonymous.get(url).get_data(as_text=True).lower()
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        assert dangers(main.split("md-body", 1)[-1]) == [], url
        if "pages" not in url:
            assert "&lt;b&gt;title&lt;/b&gt;" in main  # the title is text, escaped
    assert page.body_markdown == body  # the source is kept as written
