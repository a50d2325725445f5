"""Rules of announcements and information pages: who sees what, publishing, e-mailing."""

from __future__ import annotations

import re
from datetime import datetime
from xml.etree import ElementTree as ET

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import load_only, selectinload

from app import audit
from app.auth.policy import is_organizer
from app.extensions import db
from app.i18n import forum
from app.mail import queue_email
from app.markdown import render_markdown
from app.models import (
    Announcement,
    Audience,
    InfoPage,
    Participant,
    ParticipantStatus,
    Role,
    User,
    Visibility,
    utcnow,
)
from app.urls import absolute_url

# --- who sees which announcement ---------------------------------------------------------


def visible_announcements(user, now: datetime | None = None):
    """THE rule of visibility, as a SQL filter: published, and meant for this user.

    public -> everyone; participants -> delegates, focal points; focal_points -> focal
    points; staff -> staff; delegation -> focal points and delegates of that delegation;
    organizers and admins see every published announcement.
    """
    published = Announcement.publish_at <= (now or utcnow())
    if user is None or not user.is_authenticated:
        return sa.and_(published, Announcement.audience == Audience.PUBLIC)
    if is_organizer(user):
        return published
    role = user.role
    audiences = [Announcement.audience == Audience.PUBLIC]
    if role == Role.STAFF:
        audiences.append(Announcement.audience == Audience.STAFF)
    if role in (Role.FOCAL_POINT, Role.DELEGATE):
        audiences.append(Announcement.audience == Audience.PARTICIPANTS)
        if user.delegation_id is not None:
            audiences.append(
                sa.and_(
                    Announcement.audience == Audience.DELEGATION,
                    Announcement.delegation_id == user.delegation_id,
                )
            )
    if role == Role.FOCAL_POINT:
        audiences.append(Announcement.audience == Audience.FOCAL_POINTS)
    return sa.and_(published, sa.or_(*audiences))


def announcements_for(user, limit: int | None = None) -> sa.Select:
    stmt = (
        sa.select(Announcement)
        .where(visible_announcements(user))
        .options(selectinload(Announcement.delegation))
        .order_by(
            Announcement.pinned.desc(), Announcement.publish_at.desc(), Announcement.id.desc()
        )
    )
    return stmt.limit(limit) if limit else stmt


def home_announcements(limit: int = 5) -> list[Announcement]:
    return list(db.session.scalars(announcements_for(None, limit)))


def all_announcements() -> sa.Select:
    """Organizers' list: everything, scheduled ones included."""
    return (
        sa.select(Announcement)
        .options(selectinload(Announcement.delegation), selectinload(Announcement.author))
        .order_by(Announcement.publish_at.desc(), Announcement.id.desc())
    )


# --- writing -----------------------------------------------------------------------------


def save_announcement(
    announcement: Announcement | None, values: dict, author: User | None
) -> Announcement:
    """Create or update; an e-mail due now goes to the outbox in the same transaction."""
    new = announcement is None
    announcement = announcement or Announcement(author_id=author.id if author else None)
    announcement.title = values["title"]
    announcement.body_markdown = values["body_markdown"]
    announcement.body_html = render_markdown(values["body_markdown"])
    announcement.audience = values["audience"]
    announcement.delegation_id = (
        values.get("delegation_id") if values["audience"] == Audience.DELEGATION else None
    )
    announcement.pinned = values["pinned"]
    announcement.publish_at = values.get("publish_at") or utcnow()
    announcement.email_requested = values["email_requested"]
    if new:
        db.session.add(announcement)
    changes = audit.changes_of(announcement)
    changes.pop("body_html", None)
    db.session.flush()
    audit.record(
        "announcement.created" if new else "announcement.updated", announcement, changes=changes
    )
    if announcement.email_requested and announcement.publish_at <= utcnow():
        send_announcement(announcement)
    return announcement


def delete_announcement(announcement: Announcement) -> None:
    audit.record("announcement.deleted", announcement, changes={"title": announcement.title})
    db.session.delete(announcement)
    db.session.flush()


# --- e-mail ------------------------------------------------------------------------------


def recipients(announcement: Announcement) -> list[tuple[str, str | None]]:
    """(e-mail, locale) of the audience: accounts of the audience's roles and, for audiences
    of participants, approved participants with an address. One message per address."""
    audience = announcement.audience
    users = sa.select(User).where(User.active.is_(True))
    participants = None
    if audience == Audience.PUBLIC:
        participants = sa.select(Participant)
    elif audience == Audience.PARTICIPANTS:
        users = users.where(User.role.in_([Role.FOCAL_POINT, Role.DELEGATE]))
        participants = sa.select(Participant)
    elif audience == Audience.FOCAL_POINTS:
        users = users.where(User.role == Role.FOCAL_POINT)
    elif audience == Audience.STAFF:
        users = users.where(User.role == Role.STAFF)
    elif audience == Audience.DELEGATION:
        users = users.where(
            User.role.in_([Role.FOCAL_POINT, Role.DELEGATE]),
            User.delegation_id == announcement.delegation_id,
        )
        participants = sa.select(Participant).where(
            Participant.delegation_id == announcement.delegation_id
        )
    out: dict[str, str | None] = {}
    for user in db.session.scalars(users.order_by(User.id)):
        out.setdefault(user.email.lower(), user.locale)
    if participants is not None:
        rows = db.session.scalars(
            participants.where(
                Participant.status == ParticipantStatus.APPROVED,
                Participant.email.is_not(None),
                Participant.email != "",
            ).order_by(Participant.id)
        )
        default = current_app.config["BABEL_DEFAULT_LOCALE"]
        for p in rows:
            out.setdefault(p.email.strip().lower(), p.locale or default)
    return list(out.items())


def send_announcement(announcement: Announcement) -> int:
    """Queue one e-mail per recipient, once: emailed_at is set by a guarded UPDATE, so two
    senders (a save and the CLI, or two CLI runs) never both queue it."""

    claimed = db.session.execute(
        sa.update(Announcement)
        .where(Announcement.id == announcement.id, Announcement.emailed_at.is_(None))
        .values(emailed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return 0
    db.session.refresh(announcement, ["emailed_at"])
    url = absolute_url("announcements.detail", announcement_id=announcement.id)
    count = 0
    for email, locale in recipients(announcement):
        queue_email(
            email,
            "announcement",
            locale=locale,
            topic="announcement",
            announcement=announcement,
            url=url,
            forum=forum(),
        )
        count += 1
    audit.record("announcement.emailed", announcement, changes={"recipients": count})
    return count


def send_due_announcements() -> tuple[int, int]:
    """Queue e-mails of announcements whose publish time has come: (announcements, messages)."""
    due = db.session.scalars(
        sa.select(Announcement)
        .where(
            Announcement.email_requested.is_(True),
            Announcement.emailed_at.is_(None),
            Announcement.publish_at <= utcnow(),
        )
        .order_by(Announcement.publish_at, Announcement.id)
    ).all()
    sent = messages = 0
    for announcement in due:
        n = send_announcement(announcement)
        if announcement.emailed_at is not None:
            sent += 1
            messages += n
    return sent, messages


# --- Atom feed ---------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def _rfc3339(dt: datetime) -> str:
    return dt.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def atom_feed(items: list[Announcement], title: str) -> bytes:
    """Atom 1.0 (RFC 4287) of public announcements; ElementTree escapes every value."""
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed")
    home = absolute_url("announcements.index")
    sub(feed, "id", home)
    sub(feed, "title", title)
    updated = max((a.updated_at for a in items), default=None) or utcnow()
    sub(feed, "updated", _rfc3339(max([updated, *(a.publish_at for a in items)])))
    sub(feed, "link", href=absolute_url("announcements.feed"), rel="self")
    sub(feed, "link", href=home, rel="alternate", type="text/html")
    author = sub(feed, "author")
    sub(author, "name", title)
    for a in items:
        url = absolute_url("announcements.detail", announcement_id=a.id)
        entry = sub(feed, "entry")
        sub(entry, "id", url)
        sub(entry, "title", a.title)
        sub(entry, "link", href=url, rel="alternate", type="text/html")
        sub(entry, "published", _rfc3339(a.publish_at))
        sub(entry, "updated", _rfc3339(max(a.updated_at, a.publish_at)))
        sub(entry, "content", a.body_html, type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


# --- information pages -------------------------------------------------------------------

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = frozenset({"new", "manage"})


def pages_filter(user):
    if user is not None and user.is_authenticated:
        return sa.true()
    return InfoPage.visibility == Visibility.PUBLIC


def _pick_language(rows: list[InfoPage], lang: str) -> list[InfoPage]:
    """One row per slug: the current language, else English, else any."""
    rank = {lang: 0, "en": 1}
    best: dict[str, InfoPage] = {}
    for row in rows:
        current = best.get(row.slug)
        if current is None or rank.get(row.locale, 2) < rank.get(current.locale, 2):
            best[row.slug] = row
    return sorted(best.values(), key=lambda p: (p.sort_order, p.slug))


def nav_pages(user, lang: str) -> list[InfoPage]:
    """The pages for the navigation, in one statement."""
    rows = db.session.scalars(
        sa.select(InfoPage)
        .where(pages_filter(user))
        .options(
            load_only(
                InfoPage.slug,
                InfoPage.locale,
                InfoPage.title,
                InfoPage.sort_order,
                InfoPage.visibility,
            )
        )
        .order_by(InfoPage.sort_order, InfoPage.slug)
    ).all()
    return _pick_language(list(rows), lang)


def page_for(slug: str, lang: str) -> InfoPage | None:
    rows = db.session.scalars(sa.select(InfoPage).where(InfoPage.slug == slug)).all()
    picked = _pick_language(list(rows), lang)
    return picked[0] if picked else None


def page_languages(slug: str) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(InfoPage.locale).where(InfoPage.slug == slug).order_by(InfoPage.locale)
        )
    )


def all_pages() -> list[InfoPage]:
    return list(
        db.session.scalars(
            sa.select(InfoPage).order_by(InfoPage.sort_order, InfoPage.slug, InfoPage.locale)
        )
    )


def save_page(page: InfoPage | None, values: dict) -> InfoPage:
    """Create or update one language of a page. Visibility and order belong to the page, so
    they are applied to every language of the slug."""
    new = page is None
    page = page or InfoPage(slug=values["slug"], locale=values["locale"])
    page.title = values["title"]
    page.body_markdown = values["body_markdown"]
    page.body_html = render_markdown(values["body_markdown"])
    page.visibility = values["visibility"]
    page.sort_order = values["sort_order"]
    if new:
        db.session.add(page)
    changes = audit.changes_of(page)
    changes.pop("body_html", None)
    db.session.flush()
    db.session.execute(
        sa.update(InfoPage)
        .where(InfoPage.slug == page.slug, InfoPage.id != page.id)
        .values(visibility=page.visibility, sort_order=page.sort_order)
        .execution_options(synchronize_session=False)
    )
    audit.record("info_page.created" if new else "info_page.updated", page, changes=changes)
    return page


def delete_page(page: InfoPage) -> None:
    audit.record("info_page.deleted", page, changes={"slug": page.slug, "locale": page.locale})
    db.session.delete(page)
    db.session.flush()


def page_exists(slug: str, locale: str) -> bool:
    return (
        db.session.scalar(
            sa.select(InfoPage.id).where(InfoPage.slug == slug, InfoPage.locale == locale)
        )
        is not None
    )
