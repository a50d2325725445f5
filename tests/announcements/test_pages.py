"""Practical information pages: per language with English fallback, in the navigation to
their audience, edited by organizers."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditLog, InfoPage, Visibility


def test_language_fallback_and_navigation(app, as_role, world, make_page):
    make_page("hotels", "en", "Hotels", "Stay at the **Grand Hotel**.", sort_order=1)
    make_page("hotels", "zh", "酒店", "入住**大酒店**。", sort_order=1)
    make_page("visa", "en", "Visa", "Apply early.", sort_order=2)
    make_page(
        "transfers", "en", "Airport transfers", "Private.", visibility=Visibility.PARTICIPANTS
    )
    anonymous = as_role("anonymous")
    html = anonymous.get("/").get_data(as_text=True)
    nav = html.split("</nav>")[0]
    assert "Hotels" in nav and "Visa" in nav and "Venue" in nav  # the world's page
    assert "Airport transfers" not in nav
    assert anonymous.get("/announcements/pages/transfers").status_code == 302  # sign in first
    anonymous.post("/language", data={"lang": "zh"})
    nav = anonymous.get("/").get_data(as_text=True).split("</nav>")[0]
    assert "酒店" in nav and "Visa" in nav  # Chinese where written, else English
    page = anonymous.get("/announcements/pages/hotels").get_data(as_text=True)
    assert "<strong>大酒店</strong>" in page
    delegate = as_role("delegate")
    assert "Airport transfers" in delegate.get("/").get_data(as_text=True).split("</nav>")[0]
    assert delegate.get("/announcements/pages/transfers").status_code == 200
    assert anonymous.get("/announcements/pages/nothing").status_code == 404


def test_navigation_costs_one_statement(app, as_role, world, make_page):
    for i in range(8):
        make_page(f"page-{i}", "en")
        make_page(f"page-{i}", "fr")
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    client = as_role("delegate")
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        client.get("/announcements/")
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert len([s for s in statements if "FROM info_pages" in s]) == 1


def test_organizer_edits_per_language(app, as_role, world):
    client = as_role("organizer")
    data = {
        "slug": "contacts",
        "locale": "en",
        "title": "Contacts",
        "body_markdown": "Call us.",
        "visibility": "public",
        "sort_order": "5",
    }
    assert client.post("/announcements/pages/new", data=data).status_code == 302
    r = client.post("/announcements/pages/new", data=data)
    assert "already exists" in r.get_data(as_text=True)
    assert (
        client.post("/announcements/pages/new", data=data | {"slug": "Bad Slug"}).status_code == 200
    )
    assert client.post("/announcements/pages/new", data=data | {"slug": "new"}).status_code == 200
    fr = data | {"locale": "fr", "title": "Contacts (fr)", "body_markdown": "Appelez-nous."}
    assert client.post("/announcements/pages/new", data=fr).status_code == 302
    # Visibility belongs to the page: changing it in one language changes every language.
    r = client.post(
        "/announcements/pages/contacts/en/edit",
        data={
            "title": "Contacts",
            "body_markdown": "Call us now.",
            "visibility": "participants",
            "sort_order": "5",
        },
    )
    assert r.status_code == 302
    with app.app_context():
        rows = db.session.scalars(sa.select(InfoPage).where(InfoPage.slug == "contacts")).all()
        assert {p.visibility for p in rows} == {Visibility.PARTICIPANTS}
        assert set(db.session.scalars(sa.select(AuditLog.action))) >= {
            "info_page.created",
            "info_page.updated",
        }
    assert "Contacts" in client.get("/announcements/pages").get_data(as_text=True)
    assert client.post("/announcements/pages/contacts/fr/delete").status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(InfoPage).where(InfoPage.slug == "contacts")
            )
            == 1
        )
