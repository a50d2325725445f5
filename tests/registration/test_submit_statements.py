"""A registration submitted through the form costs a fixed, small number of SQL statements
(the registration race on PostgreSQL is bound by them), and still tells the right people."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage, Participant, ParticipantStatus
from app.models.participant import HEAD_CATEGORY
from tests.desk.test_roster import count_statements
from tests.registration.conftest import valid_data

# The user, the delegation, the forum, the categories; the participant and its audit entry;
# the accounts to tell; the seat lock, the seat count; the status and its audit entry; the
# forum's logo for the e-mails. Then the e-mails: one INSERT on PostgreSQL, one per message
# on SQLite. (Eighteen before: the categories were read four more times, the accounts
# twice, the participant again after the lock and after the commit.)
SUBMIT_STATEMENTS = 12


def test_a_submission_through_the_form_takes_twelve_statements_and_the_emails(app, world, as_role):
    client = as_role("organizer")
    url = f"/registration/new/{world.a.id}"
    data = valid_data(world.categories.delegate.id, submit="Save and submit")
    client.post(url, data={**data, "email": "warm.up@example.org"})  # first-use caches
    with count_statements(app) as seen:
        response = client.post(url, data=data)
    transaction = ("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE")
    statements = [s for s in seen if not s.lstrip().upper().startswith(transaction)]
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    emails = [s for s in statements if s.startswith("INSERT INTO outbox")]
    assert 1 <= len(emails) <= 2
    assert len(statements) - len(emails) == SUBMIT_STATEMENTS, statements
    with app.app_context():
        p = db.session.scalar(
            sa.select(Participant).where(Participant.email == "bold.bat@example.org")
        )
        assert p.status == ParticipantStatus.SUBMITTED
        assert p.category_id == world.categories.delegate.id and not p.is_head
        assert response.headers["Location"].endswith(f"/{p.id}")
        told = set(
            db.session.scalars(
                sa.select(OutboxMessage.to_addr)
                .where(OutboxMessage.id > 0)
                .order_by(OutboxMessage.id.desc())
                .limit(2)
            )
        )
    # The participant and the delegation's focal point; not the other delegation's.
    assert told == {"bold.bat@example.org", world.users.focal_point.email}


def test_the_head_category_still_makes_the_head(app, world, as_role, make_category):
    """The category object the form loaded decides is_head (no SELECT of its code), and the
    delegation's one head is still enforced."""
    head = make_category(HEAD_CATEGORY)
    client = as_role("organizer")
    for email in ("h@example.org", "h2@example.org"):
        data = valid_data(head.id, submit="Save and submit", email=email)
        response = client.post(f"/registration/new/{world.b.id}", data=data)
    assert response.status_code == 422  # the second head is refused
    with app.app_context():
        p = db.session.scalar(sa.select(Participant).where(Participant.email == "h@example.org"))
        assert p.is_head and p.category_id == head.id
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).where(Participant.email == "h2@example.org")
            )
            == 0
        )
