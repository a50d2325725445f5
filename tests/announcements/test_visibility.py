"""Each audience reaches exactly its readers, on every page that lists announcements."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.announcements.services import visible_announcements
from app.extensions import db
from app.models import Announcement, Audience, User, utcnow
from tests.conftest import ROLES

# audience -> roles of the world who must see it (delegation = delegation A, the focal
# point's and the delegate's; focal_point_b belongs to B).
EXPECTED = {
    "public": {
        "anonymous",
        "admin",
        "organizer",
        "staff",
        "focal_point",
        "delegate",
        "focal_point_b",
        "security",  # the host's security service: what the public reads, nothing more
    },
    "participants": {"admin", "organizer", "focal_point", "delegate", "focal_point_b"},
    "focal_points": {"admin", "organizer", "focal_point", "focal_point_b"},
    "staff": {"admin", "organizer", "staff"},
    "delegation_a": {"admin", "organizer", "focal_point", "delegate"},
    "delegation_b": {"admin", "organizer", "focal_point_b"},
    "scheduled": set(),
}
ALL = (*ROLES, "focal_point_b")


@pytest.fixture
def announcements(world, make_announcement):
    made = {
        "public": make_announcement("Title-public", audience=Audience.PUBLIC),
        "participants": make_announcement("Title-participants", audience=Audience.PARTICIPANTS),
        "focal_points": make_announcement("Title-focal_points", audience=Audience.FOCAL_POINTS),
        "staff": make_announcement("Title-staff", audience=Audience.STAFF),
        "delegation_a": make_announcement(
            "Title-delegation_a", audience=Audience.DELEGATION, delegation_id=world.a.id
        ),
        "delegation_b": make_announcement(
            "Title-delegation_b", audience=Audience.DELEGATION, delegation_id=world.b.id
        ),
        "scheduled": make_announcement(
            "Title-scheduled", pinned=True, publish_at=utcnow() + timedelta(days=1)
        ),
    }
    return made


def _client(app, world, role):
    from tests.conftest import login

    client = app.test_client()
    if role != "anonymous":
        login(client, getattr(world.users, role))
    return client


def test_service_filter_matches_the_rule(app, world, announcements):
    with app.app_context():
        for role in ALL:
            user = (
                None if role == "anonymous" else db.session.get(User, getattr(world.users, role).id)
            )
            titles = set(
                db.session.scalars(sa.select(Announcement.title).where(visible_announcements(user)))
            )
            seen = {t.removeprefix("Title-") for t in titles if t.startswith("Title-")}
            assert seen == {k for k, roles in EXPECTED.items() if role in roles}, role


def test_pages_show_exactly_the_audience(app, world, announcements):
    for role in ALL:
        _check_pages(app, world, announcements, role)


def _check_pages(app, world, announcements, role):
    client = _client(app, world, role)
    index = client.get("/announcements/").get_data(as_text=True)
    dashboard = client.get("/dashboard").get_data(as_text=True) if role != "anonymous" else ""
    home = client.get("/").get_data(as_text=True)
    for key, roles in EXPECTED.items():
        title = f"Title-{key}"
        a = announcements[key]
        detail = client.get(f"/announcements/{a.id}")
        if role in roles:
            assert title in index, (role, key)
            assert detail.status_code == 200, (role, key)
            if role != "anonymous":
                assert title in dashboard, (role, key)
        else:
            assert title not in index, (role, key)
            assert detail.status_code == 404, (role, key)
            assert title not in dashboard, (role, key)
        # The home page shows public announcements only, whoever looks.
        assert (title in home) == (key == "public"), (role, key)
