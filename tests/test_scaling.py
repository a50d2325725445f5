"""SQL statements per page do not grow with the forum: the same count at two sizes.

The synthetic forum of seed-demo is built twice (small, then ten times larger, with more
delegations too) and each page below is requested at both sizes; a page that loads a list
without declaring its loading (N+1) answers with more statements on the larger forum.
Pages are parametrized over the endpoints present in the app, so a page that lands is pinned.
"""

from __future__ import annotations

import re
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from tests.conftest import _test_config, client_for
from tests.test_access import _collect_app
from tests.test_security import fresh_app

SIZES = ((100, 10), (1000, 40))  # (participants, delegations)

# endpoint -> (role, how to find its URL parameters)
PAGES = {
    "desk.rosters.index": "organizer",
    "programme.agenda": "staff",  # signed in: rendered each time (anonymous is cached)
    "programme.session": "anonymous",
    "main.dashboard": "organizer",
    "delegations.detail": "organizer",
    "delegations.index": "organizer",
    "desk.badges.index": "staff",
    "desk.checkin.index": "staff",
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


# --- tallies kept by the database (app/models/tallies.py) -------------------------------------


def tallies_and_recount() -> tuple[dict, dict]:
    """The dashboard's tallies (with the deltas not folded in yet), and the same figures
    counted from the participants."""
    from app.models import Participant, tallies

    def nonzero(rows):
        return {tuple(r[:-1]): tuple(r[-1]) for r in rows if any(r[-1])}

    P = Participant
    flags = [
        P.badge_printed_at.is_not(None),
        P.photo_updated_at.is_(None),
        P.checked_in_at.is_not(None),
        P.visa_letter_wanted.is_(True),
    ]
    assert len(flags) == len(tallies.FLAGS)
    counted = [sa.func.count(), *(sa.func.sum(sa.case((f, 1), else_=0)) for f in flags)]
    hour = sa.func.floor(sa.func.extract("epoch", P.submitted_at) / 3600)
    if db.engine.dialect.name == "sqlite":
        hour = sa.cast(sa.func.strftime("%s", P.submitted_at), sa.Integer) / 3600
    T, C, S = tallies.delegation_rows().c, tallies.category_rows().c, tallies.hour_rows().c
    run = db.session.execute
    found = {
        "delegations": nonzero(
            (d, s, [int(v) for v in vs])
            for d, s, *vs in run(
                sa.select(
                    T.delegation_id, T.status, *(sa.func.sum(T[c]) for c in tallies.COUNTED)
                ).group_by(T.delegation_id, T.status)
            )
        ),
        "categories": nonzero(
            (c, s, [int(n)])
            for c, s, n in run(
                sa.select(C.category_id, C.status, sa.func.sum(C.n)).group_by(
                    C.category_id, C.status
                )
            )
        ),
        "hours": nonzero(
            (int(h), [int(n)]) for h, n in run(sa.select(S.hour, sa.func.sum(S.n)).group_by(S.hour))
        ),
    }
    recount = {
        "delegations": nonzero(
            (d, s.value, [int(v) for v in vs])
            for d, s, *vs in run(
                sa.select(P.delegation_id, P.status, *counted).group_by(P.delegation_id, P.status)
            )
        ),
        "categories": nonzero(
            (c, s.value, [int(n)])
            for c, s, n in run(
                sa.select(P.category_id, P.status, sa.func.count()).group_by(
                    P.category_id, P.status
                )
            )
        ),
        "hours": nonzero(
            (int(h), [int(n)])
            for h, n in run(
                sa.select(hour, sa.func.count()).where(P.submitted_at.is_not(None)).group_by(hour)
            )
        ),
    }
    return found, recount


def test_tallies_follow_every_kind_of_write(app, make_delegation, make_category, make_participant):
    """Inserts, ORM updates, bulk updates, deletes and a delegation's cascade all keep the
    dashboard's tallies equal to a real count of the participants."""
    from datetime import UTC, datetime

    from app.models import Delegation, Participant, ParticipantStatus, TallyDelta, tallies

    mn, pe = make_delegation(code="MN"), make_delegation(code="PE")
    delegate, media = make_category("delegate"), make_category("media")
    people = [
        make_participant(mn, delegate, status=ParticipantStatus.SUBMITTED),
        make_participant(mn, media, status=ParticipantStatus.APPROVED),
        make_participant(pe, delegate, status=ParticipantStatus.DRAFT),
        make_participant(pe, media, status=ParticipantStatus.APPROVED, visa_letter_wanted=True),
    ]
    ids = [p.id for p in people]
    with app.app_context():
        db.session.commit()

        def check():
            db.session.commit()
            found, recount = tallies_and_recount()
            assert found == recount
            # Folding the deltas into the tallies changes no sum, and empties the deltas.
            db.session.rollback()  # end this session's read, so it sees the compaction
            tallies.compact_now()
            db.session.rollback()
            assert tallies_and_recount() == (found, recount)
            assert db.session.scalar(sa.select(sa.func.count()).select_from(TallyDelta)) == 0
            return found

        assert check()["delegations"]  # not trivially equal: there is something to count
        when = datetime(2025, 8, 1, 9, 30, tzinfo=UTC)
        first = db.session.get(Participant, ids[0])
        first.status = ParticipantStatus.APPROVED
        first.submitted_at = when
        first.badge_printed_at = when
        first.photo_updated_at = when
        check()
        first.category_id = media.id
        first.delegation_id = pe.id
        first.checked_in_at = when
        check()
        db.session.execute(
            sa.update(Participant)
            .where(Participant.id.in_(ids[1:3]))
            .values(status=ParticipantStatus.CANCELLED, submitted_at=when)
        )
        check()
        db.session.delete(db.session.get(Participant, ids[3]))
        check()
        db.session.execute(sa.delete(Delegation).where(Delegation.id == pe.id))
        found = check()
        assert sum(v[0] for v in found["delegations"].values()) == 1  # Mongolia's one left


# --- query plans: the dashboard and the roster never read every participant ------------------

ROSTER_INDEX = "ix_participants_roster_name"


def _statements_of(app, client, url: str) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        with app.app_context():
            sa.event.remove(db.engine, "before_cursor_execute", record)
    return [
        (s, p)
        for s, p in seen
        if "participants" in s and s.lstrip().upper().startswith(("SELECT", "WITH"))
    ]


def _sqlite_reads(plan_rows) -> list[str]:
    """What each step of a SQLite plan does with participants (SCAN or SEARCH, and how)."""
    return [d for *_ids, d in plan_rows if re.match(r"(SCAN|SEARCH) participants\b", d)]


def _postgres_reads(plan: dict) -> list[dict]:
    nodes, todo = [], [plan["Plan"]]
    while todo:
        node = todo.pop()
        todo.extend(node.get("Plans", []))
        if node.get("Relation Name") == "participants":
            nodes.append(node)
    return nodes


def _plans(app, statements) -> list[tuple[str, list]]:
    """Each statement's reads of the participants table, as the database plans them. On
    PostgreSQL sequential scans and sorts are disabled for the EXPLAIN (a test database is
    small enough to scan and sort): the question is whether an index can serve the query."""
    out = []
    with app.app_context(), db.engine.connect() as conn:
        for statement, parameters in statements:
            if conn.dialect.name == "sqlite":
                rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
                out.append((statement, _sqlite_reads(rows), rows))
            else:
                with conn.begin():
                    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
                    conn.exec_driver_sql("SET LOCAL enable_sort = off")
                    plan = conn.exec_driver_sql(
                        "EXPLAIN (FORMAT JSON) " + statement, parameters
                    ).scalar()
                out.append((statement, _postgres_reads(plan[0]), plan))
    return out


def _full_reads(app, reads) -> list:
    """Reads of participants that visit every row: a scan without a condition on an index,
    except the roster's walk along its own sort index (which stops after one page)."""
    if db.engine.dialect.name == "sqlite":
        return [r for r in reads if r.startswith("SCAN") and ROSTER_INDEX not in r]

    def indexed(node) -> bool:
        if node["Node Type"] == "Bitmap Heap Scan":  # its Bitmap Index Scans hold the condition
            return all(indexed(child) for child in node.get("Plans", []))
        return "Index Cond" in node or node.get("Index Name") == ROSTER_INDEX

    return [r for r in reads if not indexed(r)]


@pytest.mark.parametrize("url", ["/dashboard", "/desk/rosters", "/desk/rosters?sort=-name"])
def test_dashboard_and_roster_plans_use_indexes(app, world, url):
    """The dashboard and the roster answer from indexes and tallies, never by reading every
    participant; the roster's page is a walk along the index in its sort order (no sort of
    all rows). Removing the roster's index or a tally makes this fail."""
    client = client_for(app, world, "organizer")
    statements = _statements_of(app, client, url)
    plans = _plans(app, statements)
    with app.app_context():
        for statement, reads, plan in plans:
            assert not _full_reads(app, reads), f"reads every participant:\n{statement}\n{plan}"
    if url.startswith("/desk/rosters"):
        ordered = [p for p in plans if "ORDER BY lower(participants.family_name)" in p[0]]
        assert len(ordered) == 1, [p[0] for p in plans]
        statement, reads, plan = ordered[0]
        text = str(plan)
        assert ROSTER_INDEX in text, f"the page is not read along {ROSTER_INDEX}:\n{plan}"
        assert "TEMP B-TREE FOR ORDER BY" not in text and "'Node Type': 'Sort'" not in text, plan


def test_name_search_reads_the_trigram_index_not_every_name(app, world):
    """The desk's name search reads the rows holding the words (FTS5 trigram table on
    SQLite, pg_trgm's GIN index on PostgreSQL), not the whole name index until 20 names
    match: a rare name read most of it (×3 from 1,000 to 50,000 participants)."""
    from app.models.name_search import FTS_TABLE, PG_INDEX

    client = client_for(app, world, "staff")
    statements = [
        (s, p)
        for s, p in _statements_of(app, client, "/desk/checkin?q=unlikelyname")
        if "LIKE" in s
    ]
    assert len(statements) == 1, statements
    statement, parameters = statements[0]
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            assert FTS_TABLE in str(plan), plan
            assert not [r for r in _sqlite_reads(plan) if r.startswith("SCAN")], plan
        else:
            # A test table is small enough to walk the name index: the question is whether
            # the trigram index can answer the LIKE (a bitmap scan is then the only way).
            with conn.begin():
                conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
                conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
                plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters)
                plan = plan.scalar()
            assert PG_INDEX in str(plan), plan
