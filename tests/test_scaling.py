"""SQL statements per page do not grow with the forum: the same count at two sizes.

The synthetic forum of seed-demo is built twice (small, then ten times larger, with more
delegations too) and each page below is requested at both sizes; a page that loads a list
without declaring its loading (N+1) answers with more statements on the larger forum.
Pages are parametrized over the endpoints present in the app, so a page that lands is pinned.
"""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from tests.conftest import _test_config
from tests.test_access import _collect_app
from tests.test_security import fresh_app

SIZES = ((100, 10), (1000, 40))  # (participants, delegations)

# endpoint -> (role, how to find its URL parameters)
PAGES = {
    "desk.roster": "organizer",
    "programme.agenda": "staff",  # signed in: rendered each time (anonymous is cached)
    "programme.session": "anonymous",
    "main.dashboard": "organizer",
    "delegations.detail": "organizer",
    "delegations.index": "organizer",
    "desk.badges": "staff",
    "desk.checkin": "staff",
    "announcements.index": "anonymous",
}
ENDPOINTS = [e for e in PAGES if e in _collect_app.view_functions]
DASHBOARD_ROLES = ("admin", "staff", "focal_point", "delegate")


def _url(endpoint: str) -> str | None:
    from flask import url_for

    from app.models import Participant, ProgrammeSession

    values = {}
    if endpoint == "delegations.detail":
        values["delegation_id"] = db.session.scalar(
            sa.select(Participant.delegation_id)
            .group_by(Participant.delegation_id)
            .order_by(sa.func.count().desc(), Participant.delegation_id)
            .limit(1)
        )
    elif endpoint == "programme.session":
        values["session_id"] = db.session.scalar(
            sa.select(ProgrammeSession.id).order_by(ProgrammeSession.id).limit(1)
        )
        if values["session_id"] is None:
            return None
    return url_for(endpoint, **values)


def _client(app, role: str):
    from app.models import Role, User

    client = app.test_client()
    if role == "anonymous":
        return client
    with app.app_context():
        user = db.session.scalar(
            sa.select(User).where(User.role == Role(role)).order_by(User.id).limit(1)
        )
        user_id = user.get_id()
    with client.session_transaction() as sess:
        sess["_user_id"] = user_id
        sess["seen"] = time.time()
    return client


def _measure(app) -> dict[str, int | str | None]:
    counted = {"n": 0}

    def count(*_args):
        counted["n"] += 1

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", count)
        with app.test_request_context():
            urls = {e: _url(e) for e in ENDPOINTS}
    pages = [(e, PAGES[e], urls[e]) for e in ENDPOINTS]
    pages += [("main.dashboard@" + r, r, "/dashboard") for r in DASHBOARD_ROLES]
    out: dict[str, int | str | None] = {}
    for key, role, url in pages:
        if url is None:
            out[key] = None
            continue
        client = _client(app, role)
        client.get(url)  # warm-up: first-use caches, compiled templates
        counted["n"] = 0
        response = client.get(url)
        out[key] = counted["n"] if response.status_code == 200 else f"HTTP {response.status_code}"
    with app.app_context():
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return out


@pytest.fixture(scope="module")
def statements(tmp_path_factory) -> dict[tuple[int, int], dict[str, int | str | None]]:
    from app import demo

    results = {}
    for participants, delegations in SIZES:
        config = _test_config(tmp_path_factory.mktemp(f"scale{participants}"))
        config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"
        app = fresh_app(config)
        with app.app_context():
            demo.seed("scaling-password-2025", participants=participants, delegations=delegations)
            db.session.commit()
        results[(participants, delegations)] = _measure(app)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return results


@pytest.mark.parametrize("page", ENDPOINTS + ["main.dashboard@" + r for r in DASHBOARD_ROLES])
def test_statements_per_page_do_not_grow_with_the_forum(statements, page):
    small, large = (statements[size].get(page) for size in SIZES)
    if small is None and large is None:
        pytest.skip(f"{page}: nothing to show in the synthetic forum")
    assert isinstance(small, int) and isinstance(large, int), f"{page}: {small}, {large}"
    assert small == large, (
        f"{page}: {small} statements with {SIZES[0][0]} participants, "
        f"{large} with {SIZES[1][0]} (a list without declared loading?)"
    )
