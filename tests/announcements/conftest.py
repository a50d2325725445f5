"""Factories of the announcement tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.extensions import db
from app.markdown import render_markdown
from app.models import Announcement, Audience, InfoPage, Visibility, utcnow
from tests.conftest import detach


@pytest.fixture
def make_announcement(app):
    def make(title="News", body="Some **news**.", audience=Audience.PUBLIC, **kw):
        with app.app_context():
            kw.setdefault("publish_at", utcnow() - timedelta(minutes=1))
            a = Announcement(
                title=title,
                body_markdown=body,
                body_html=render_markdown(body),
                audience=audience,
                **kw,
            )
            db.session.add(a)
            return detach(a)

    return make


@pytest.fixture
def make_page(app):
    def make(slug, locale="en", title=None, body="Text.", visibility=Visibility.PUBLIC, **kw):
        with app.app_context():
            page = InfoPage(
                slug=slug,
                locale=locale,
                title=title or slug.title(),
                body_markdown=body,
                body_html=render_markdown(body),
                visibility=visibility,
                **kw,
            )
            db.session.add(page)
            return detach(page)

    return make
