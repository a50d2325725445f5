"""Racing for the last seats: the delegation row lock lets exactly `quota` submissions win.

PostgreSQL: 50 threads, each with its own app context and connection, released together by
a barrier, submit against 10 free seats: exactly 10 submitted and 40 waitlisted, 20 times
over. A control run with the lock switched off shows that the test does catch overbooking.
SQLite: concurrent submissions through the routes never surface "database is locked".

Run with `-rP` (or `-s`) to see the figures.
"""

from __future__ import annotations

import sys
import threading
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Category,
    Delegation,
    DelegationKind,
    Participant,
    ParticipantStatus,
    Role,
    User,
    utcnow,
)
from app.registration import services
from tests.conftest import ON_POSTGRES

S = ParticipantStatus
THREADS = 50
SEATS = 10
REPETITIONS = 20
CONTROL_REPETITIONS = 3


def report(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@pytest.fixture
def app_config(app_config):
    # One connection per thread, plus room for the test's own.
    if ON_POSTGRES:
        return {
            **app_config,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": THREADS + 2, "max_overflow": 5},
        }
    return app_config


def prepare(app, code: str, n: int, quota: int) -> tuple[int, list[int]]:
    """A delegation with `quota` seats and n complete drafts; returns their ids."""
    with app.app_context():
        category = db.session.scalar(sa.select(Category).where(Category.code == "race"))
        if category is None:
            category = Category(code="race", name_en="Race", requires_passport=False)
            db.session.add(category)
        d = Delegation(kind=DelegationKind.OTHER, code=code, name_en=f"Race {code}", quota=quota)
        db.session.add(d)
        db.session.flush()
        people = [
            Participant(
                delegation_id=d.id,
                category_id=category.id,
                given_names="Racer",
                family_name=f"N{i:02d}",
                email=f"racer{i}.{code.lower()}@example.org",
                consent_at=utcnow(),
                status=S.DRAFT,
            )
            for i in range(n)
        ]
        db.session.add_all(people)
        db.session.commit()
        return d.id, [p.id for p in people]


def race(app, ids: list[int]) -> list[str]:
    """Submit every id at once from its own thread; returns errors (empty when all went well)."""
    barrier = threading.Barrier(len(ids))
    errors: list[str] = []

    def worker(pid: int) -> None:
        try:
            with app.test_request_context("/", method="POST"):
                p = db.session.get(Participant, pid)
                barrier.wait(timeout=30)
                services.submit_participant(p, None)
                db.session.commit()
        except Exception as exc:  # a failed thread must fail the test, with its reason
            errors.append(f"{pid}: {type(exc).__name__}: {exc}")
        finally:
            with app.app_context():
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(pid,)) for pid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def counts(app, delegation_id: int) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Participant.status, sa.func.count())
            .where(Participant.delegation_id == delegation_id)
            .group_by(Participant.status)
        ).all()
        return {status.value: n for status, n in rows}


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL pointing at PostgreSQL (row locks)")
def test_fifty_racing_submissions_never_overbook_ten_seats(app, make_forum, monkeypatch):
    make_forum()
    figures = []
    racing = 0.0
    for rep in range(REPETITIONS):
        delegation_id, ids = prepare(app, f"R{rep}", THREADS, SEATS)
        started = time.perf_counter()
        errors = race(app, ids)
        racing += time.perf_counter() - started
        assert errors == []
        c = counts(app, delegation_id)
        figures.append((c.get("submitted", 0), c.get("waitlisted", 0)))
        assert c == {"submitted": SEATS, "waitlisted": THREADS - SEATS}, f"repetition {rep}: {c}"
    report(
        f"\n[concurrency] with the row lock: {REPETITIONS} runs of {THREADS} simultaneous "
        f"submissions for {SEATS} seats -> submitted/waitlisted per run: "
        f"{sorted(set(figures))} (max submitted {max(s for s, _w in figures)}), "
        f"{REPETITIONS * THREADS / racing:.0f} submissions/s while racing"
    )

    # Control: no lock, and a short pause between counting the seats and taking one.
    def no_lock(delegation_id: int) -> Delegation:
        return db.session.execute(
            sa.select(Delegation)
            .where(Delegation.id == delegation_id)
            .execution_options(populate_existing=True)
        ).scalar_one()

    real_count = services.seats_taken

    def slow_count(delegation):
        n = real_count(delegation)
        time.sleep(0.005)
        return n

    monkeypatch.setattr(services, "lock_delegation", no_lock)
    monkeypatch.setattr(services, "seats_taken", slow_count)
    control = []
    for rep in range(CONTROL_REPETITIONS):
        delegation_id, ids = prepare(app, f"C{rep}", THREADS, SEATS)
        assert race(app, ids) == []
        control.append(counts(app, delegation_id).get("submitted", 0))
    report(
        f"[concurrency] control without the lock: submitted per run {control} "
        f"for {SEATS} seats (overbooked in {sum(n > SEATS for n in control)} of {CONTROL_REPETITIONS})"
    )
    assert max(control) > SEATS, "the control run should overbook; the test could not catch a race"


def test_concurrent_submissions_through_the_routes_never_say_database_is_locked(
    app, make_forum, make_user, login_as
):
    make_forum()
    n, seats = 16, 5
    delegation_id, ids = prepare(app, "RT", n, seats)
    fp = make_user(Role.FOCAL_POINT, email="fp.race@example.org", delegation_id=delegation_id)
    clients = [login_as(fp) for _ in ids]
    barrier = threading.Barrier(n)
    answers: list[tuple[int, str]] = []

    def worker(client, pid):
        barrier.wait(timeout=30)
        try:
            response = client.post(f"/registration/{pid}/submit", follow_redirects=True)
            answers.append((response.status_code, response.get_data(as_text=True)))
        except Exception as exc:
            answers.append((599, f"{type(exc).__name__}: {exc}"))

    threads = [
        threading.Thread(target=worker, args=(c, pid)) for c, pid in zip(clients, ids, strict=True)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    elapsed = time.perf_counter() - started
    assert len(answers) == n
    for status, body in answers:
        assert status == 200, body[:500]
        assert "locked" not in body.lower()
        assert "Something went wrong" not in body
    c = counts(app, delegation_id)
    report(
        f"\n[concurrency] {db_name(app)}: {n} simultaneous submits through the routes for {seats} seats "
        f"-> {c} in {elapsed:.2f} s, no lock error"
    )
    assert c == {"submitted": seats, "waitlisted": n - seats}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) >= 1


def db_name(app) -> str:
    return "PostgreSQL" if ON_POSTGRES else "SQLite"


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL pointing at PostgreSQL (row locks)")
def test_creating_then_submitting_in_racing_transactions_never_deadlocks(app, make_delegation):
    """Each transaction inserts a participant (its foreign key takes a KEY SHARE lock on the
    delegation row) and then takes the seat lock. With FOR UPDATE two of them deadlock; the
    seat lock must not conflict with the foreign key's lock."""
    delegation = make_delegation("DL", quota=5)
    with app.app_context():
        category = Category(code="delegate", name_en="Delegate")
        db.session.add(category)
        db.session.commit()
        category_id = category.id
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            with app.app_context():
                db.session.add(
                    Participant(
                        delegation_id=delegation.id,
                        category_id=category_id,
                        family_name=f"Racer{n}",
                        status=S.DRAFT,
                    )
                )
                db.session.flush()
                barrier.wait(timeout=10)
                services.lock_delegation(delegation.id)
                time.sleep(0.2)  # hold the lock while the other one asks for it
                db.session.commit()
                db.session.remove()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 2
