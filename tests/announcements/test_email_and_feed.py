"""E-mail to the audience once, in each recipient's language; scheduled ones by the CLI;
the Atom feed of public announcements."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

import sqlalchemy as sa

from app.announcements import services
from app.extensions import db
from app.models import Announcement, Audience, OutboxMessage, Role, User, utcnow

ATOM = "{http://www.w3.org/2005/Atom}"


def _outbox(app):
    """Messages about announcements (the world may hold other messages)."""
    with app.app_context():
        return [
            (m.to_addr, m.subject, m.body_text)
            for m in db.session.scalars(
                sa.select(OutboxMessage)
                .where(OutboxMessage.topic == "announcement")
                .order_by(OutboxMessage.id)
            )
        ]


def test_email_now_to_one_delegation_in_their_language(app, as_role, world, make_user, monkeypatch):
    import app.mail as mail

    locales = {}
    original = mail.queue_email

    def spy(to, template, *, locale=None, **kw):
        locales[to] = locale
        return original(to, template, locale=locale, **kw)

    monkeypatch.setattr(mail, "queue_email", spy)
    make_user(Role.DELEGATE, email="fr.delegate@example.org", delegation_id=world.a.id, locale="fr")
    client = as_role("organizer")
    r = client.post(
        "/announcements/new",
        data={
            "title": "Shuttle times",
            "body_markdown": "Buses leave at **8:00**.",
            "audience": "delegation",
            "delegation_id": str(world.a.id),
            "email_requested": "y",
        },
    )
    assert r.status_code == 302
    sent = _outbox(app)
    to = sorted(m[0] for m in sent)
    # Focal point and delegate accounts of A, the French delegate, and A's approved
    # participants with an address (pa1 is the delegate's own; pa2 is a draft).
    assert "focal.mn@example.org" in to and "delegate@example.org" in to
    assert "fr.delegate@example.org" in to and world.pa1.email in to
    assert "focal.pe@example.org" not in to and world.pb1.email not in to
    assert len(to) == len(set(to))
    french = next(m for m in sent if m[0] == "fr.delegate@example.org")
    assert (
        french[1] == "Shuttle times"
        and "Lire en ligne" in french[2]
        or "Read it online" in french[2]
    )
    # Saving again never sends twice.
    with app.app_context():
        aid = db.session.scalar(
            sa.select(Announcement.id).where(Announcement.title == "Shuttle times")
        )
    client.post(
        f"/announcements/{aid}/edit",
        data={
            "title": "Shuttle times (updated)",
            "body_markdown": "x",
            "audience": "delegation",
            "delegation_id": str(world.a.id),
            "email_requested": "y",
        },
    )
    assert len(_outbox(app)) == len(sent)


def test_scheduled_announcement_is_emailed_by_the_cli_once(app, runner, world, make_announcement):
    later = make_announcement(
        "Later",
        audience=Audience.STAFF,
        email_requested=True,
        publish_at=utcnow() + timedelta(hours=2),
    )
    due = make_announcement("Due", audience=Audience.FOCAL_POINTS, email_requested=True)
    result = runner.invoke(args=["send-announcements"])
    assert result.exit_code == 0, result.output
    assert "1 announcement(s)" in result.output
    to = sorted(m[0] for m in _outbox(app))
    assert to == ["focal.mn@example.org", "focal.pe@example.org"]
    assert "announcement(s)" in runner.invoke(args=["send-announcements"]).output
    assert len(_outbox(app)) == 2
    with app.app_context():
        a = db.session.get(Announcement, later.id)
        a.publish_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        assert db.session.get(Announcement, due.id).emailed_at is not None
    runner.invoke(args=["send-announcements"])
    assert [m[0] for m in _outbox(app)][2:] == ["staff@example.org"]
    runner.invoke(args=["send-announcements"])
    assert len(_outbox(app)) == 3


def test_public_audience_recipients(app, world):
    with app.app_context():
        a = Announcement(title="x", audience=Audience.PUBLIC)
        emails = {e for e, _ in services.recipients(a)}
        users = set(db.session.scalars(sa.select(User.email)))
    assert users <= emails and world.pb1.email in emails and world.pa2.email not in emails


def test_atom_feed(app, client, world, make_announcement):
    make_announcement('Tom & Jerry <"quoted">', body="Hello <script>x</script> **world**")
    make_announcement("Staff only", audience=Audience.STAFF)
    make_announcement("Future", publish_at=utcnow() + timedelta(days=1))
    r = client.get("/announcements/feed.atom")
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    root = ET.fromstring(r.data)  # noqa: S314  (our own feed)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert 'Tom & Jerry <"quoted">' in titles and "Welcome" in titles
    assert "Staff only" not in titles and "Future" not in titles
    entry = next(
        e for e in root.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title").startswith("Tom")
    )
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html" and "<strong>world</strong>" in content.text
    assert "<script" not in content.text
    assert entry.findtext(f"{ATOM}id").startswith("http://localhost/announcements/")
    assert entry.findtext(f"{ATOM}updated").endswith("Z")
