"""Helpers for the delegations tests: PDFs, counting statements, reading the outbox."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@contextmanager
def count_statements(app):
    """Count the SQL statements run inside the block: `with count_statements(app) as n:`."""
    counter = {"n": 0}

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE")):
            counter["n"] += 1

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def last_invitation_token(app, email: str) -> str:
    """The one-time token of the newest invitation e-mail sent to `email`."""
    with app.app_context():
        message = db.session.scalar(
            sa.select(OutboxMessage)
            .where(OutboxMessage.to_addr == email)
            .order_by(OutboxMessage.id.desc())
        )
        assert message is not None, f"no e-mail to {email}"
        match = re.search(r"/auth/invitation/([A-Za-z0-9_\-]+)", message.body_text)
        assert match, message.body_text
        return match.group(1)


@pytest.fixture
def pdf_bytes():
    return PDF
