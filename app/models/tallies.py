"""Counts of participants kept by the database itself, so the dashboard and the roster read a
few hundred tally rows instead of grouping the whole participants table (flat from 1,000 to
50,000 participants).

Triggers on `participants` record every insert, update and delete of a row, whoever writes
it (the ORM, a bulk UPDATE, seed-demo's bulk INSERT, a cascade from a deleted delegation),
as signed delta rows in `tally_deltas`, in the writer's transaction. Writers only ever
insert: they never wait for each other on a shared counter row, so the tallies add no lock
to a registration and no deadlock with the seat lock. Readers add the deltas to the tallies
(`delegation_rows()` …); `compact()` folds the deltas into the tallies, one compactor at a
time (the dashboard does it, and seed-demo). The same DDL runs from `db.create_all()` (tests,
the benchmark) and from the migration 0006_scale, which also counts the rows already there.

On SQLite a migration that rebuilds `participants` (Alembic batch mode "recreate") drops
its triggers: tests/test_migrations.py compares the tallies with real counts after
`flask db upgrade`, so such a migration fails a test until it recreates them
(`create_tally_triggers`).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import sqlite_write_lock
from app.extensions import db

COUNTED = ("n", "printed", "no_photo", "checked_in", "visa_wanted")
FLAGS = {
    "printed": "badge_printed_at IS NOT NULL",
    "no_photo": "photo_updated_at IS NULL",
    "checked_in": "checked_in_at IS NOT NULL",
    "visa_wanted": "visa_letter_wanted",
}
# Columns whose change moves a participant between tallies.
TALLIED = (
    "delegation_id",
    "category_id",
    "status",
    "submitted_at",
    "badge_printed_at",
    "photo_updated_at",
    "checked_in_at",
    "visa_letter_wanted",
)
COMPACTOR_LOCK = 727_011  # PostgreSQL advisory lock: one compactor at a time


class ParticipantTally(db.Model):
    """Per delegation and status: participants, badges printed, photos missing, checked in
    (ever) and visa letters wanted. No foreign keys: a row of a deleted delegation is simply
    never joined (and the cascade that deleted its participants zeroed it)."""

    __tablename__ = "participant_tallies"

    delegation_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    n: Mapped[int] = mapped_column(default=0)
    printed: Mapped[int] = mapped_column(default=0)
    no_photo: Mapped[int] = mapped_column(default=0)
    checked_in: Mapped[int] = mapped_column(default=0)
    visa_wanted: Mapped[int] = mapped_column(default=0)


class CategoryTally(db.Model):
    """Participants per category and status."""

    __tablename__ = "category_tallies"

    category_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    n: Mapped[int] = mapped_column(default=0)


class SubmissionTally(db.Model):
    """Participants by the UTC hour of their submission (hours since 1970)."""

    __tablename__ = "submission_tallies"

    hour: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(default=0)


class TallyDelta(db.Model):
    """One participant row counted in (+1) or out (-1) since the last compaction."""

    __tablename__ = "tally_deltas"

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int]
    category_id: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(32))
    hour: Mapped[int | None]
    n: Mapped[int]
    printed: Mapped[int]
    no_photo: Mapped[int]
    checked_in: Mapped[int]
    visa_wanted: Mapped[int]


# --- what readers read: the tallies plus the deltas not folded in yet ----------------------


def delegation_rows() -> sa.Subquery:
    """delegation_id, status and the counts, in several rows per key: sum them."""
    T, D = ParticipantTally, TallyDelta
    return sa.union_all(
        sa.select(T.delegation_id, T.status, *(getattr(T, c) for c in COUNTED)),
        sa.select(D.delegation_id, D.status, *(getattr(D, c) for c in COUNTED)),
    ).subquery("delegation_tallies")


def category_rows() -> sa.Subquery:
    C, D = CategoryTally, TallyDelta
    return sa.union_all(
        sa.select(C.category_id, C.status, C.n), sa.select(D.category_id, D.status, D.n)
    ).subquery("category_tallies_now")


def hour_rows() -> sa.Subquery:
    S, D = SubmissionTally, TallyDelta
    return sa.union_all(
        sa.select(S.hour, S.n), sa.select(D.hour, D.n).where(D.hour.is_not(None))
    ).subquery("submission_tallies_now")


# --- compaction ----------------------------------------------------------------------------


def _fold(source: str) -> list[str]:
    """INSERT … SELECT statements adding the deltas of source into the three tallies."""
    sums = ", ".join(f"SUM({c})" for c in COUNTED)
    updates = ", ".join(f"{c} = participant_tallies.{c} + excluded.{c}" for c in COUNTED)
    # Rows in key order: two compactions never lock the same rows in opposite orders.
    return [
        f"INSERT INTO participant_tallies (delegation_id, status, {', '.join(COUNTED)}) "
        f"SELECT delegation_id, status, {sums} FROM {source} "
        "GROUP BY delegation_id, status ORDER BY delegation_id, status "
        f"ON CONFLICT (delegation_id, status) DO UPDATE SET {updates}",
        "INSERT INTO category_tallies (category_id, status, n) "
        f"SELECT category_id, status, SUM(n) FROM {source} "
        "GROUP BY category_id, status ORDER BY category_id, status "
        "ON CONFLICT (category_id, status) DO UPDATE SET n = category_tallies.n + excluded.n",
        "INSERT INTO submission_tallies (hour, n) "
        f"SELECT hour, SUM(n) FROM {source} WHERE hour IS NOT NULL GROUP BY hour ORDER BY hour "
        "ON CONFLICT (hour) DO UPDATE SET n = submission_tallies.n + excluded.n",
    ]


def compact(connection) -> None:
    """Fold the deltas into the tallies (readers see the same sums before and after)."""
    if connection.dialect.name == "postgresql":
        if not connection.exec_driver_sql(
            f"SELECT pg_try_advisory_xact_lock({COMPACTOR_LOCK})"
        ).scalar():
            return  # another compaction is running; the deltas stay readable meanwhile
        # One statement, one snapshot: the rows deleted are exactly the rows added in (a
        # delta committed meanwhile stays for the next time).
        fold = _fold("moved")
        connection.exec_driver_sql(
            "WITH moved AS (DELETE FROM tally_deltas RETURNING *), "
            f"p AS ({fold[0]} RETURNING 1), c AS ({fold[1]} RETURNING 1) {fold[2]}"
        )
        return
    # SQLite: the caller holds the write lock, nothing else writes meanwhile. WHERE true
    # settles SQLite's parsing of INSERT … SELECT … ON CONFLICT.
    if connection.exec_driver_sql("SELECT 1 FROM tally_deltas LIMIT 1").first() is None:
        return
    for statement in _fold("(SELECT * FROM tally_deltas WHERE true)"):
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql("DELETE FROM tally_deltas")


def compact_now() -> None:
    """Compact in a transaction of its own (from a request that only reads), when there is
    anything to fold in."""
    if db.session.execute(sa.select(TallyDelta.id).limit(1)).first() is None:
        return
    with sqlite_write_lock(), db.engine.begin() as connection:
        compact(connection)


# --- the triggers --------------------------------------------------------------------------


def _flag(expr: str) -> str:
    return f"CASE WHEN {expr} THEN 1 ELSE 0 END"


def _hour(dialect: str, column: str) -> str:
    if dialect == "postgresql":
        return f"CAST(floor(extract(epoch FROM {column}) / 3600) AS INTEGER)"
    return f"CAST(strftime('%s', {column}) AS INTEGER) / 3600"


def _delta(dialect: str, row: str, sign: int) -> str:
    """Count row (NEW or OLD) in (sign 1) or out (sign -1)."""
    values = [
        f"{row}.delegation_id",
        f"{row}.category_id",
        f"{row}.status",
        _hour(dialect, f"{row}.submitted_at"),
        str(sign),
        *(f"{sign} * {_flag(f'{row}.{expr}')}" for expr in FLAGS.values()),
    ]
    return (
        "INSERT INTO tally_deltas "
        f"(delegation_id, category_id, status, hour, {', '.join(COUNTED)}) "
        f"VALUES ({', '.join(values)})"
    )


def _changed(op: str) -> str:
    return " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in TALLIED)


def trigger_ddl(dialect: str) -> list[str]:
    """The statements that create the triggers on participants for this dialect."""
    if dialect == "postgresql":
        return [
            f"""
CREATE OR REPLACE FUNCTION participant_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_delta(dialect, "NEW", 1)};
    ELSIF TG_OP = 'DELETE' THEN
        {_delta(dialect, "OLD", -1)};
    ELSIF {_changed("IS DISTINCT FROM")} THEN
        {_delta(dialect, "OLD", -1)};
        {_delta(dialect, "NEW", 1)};
    END IF;
    RETURN NULL;
END
$$""",
            "DROP TRIGGER IF EXISTS participant_tally ON participants",
            "CREATE TRIGGER participant_tally AFTER INSERT OR UPDATE OR DELETE ON participants "
            "FOR EACH ROW EXECUTE FUNCTION participant_tally()",
        ]
    return [
        "CREATE TRIGGER IF NOT EXISTS participant_tally_insert AFTER INSERT ON participants "
        f"BEGIN {_delta(dialect, 'NEW', 1)}; END",
        "CREATE TRIGGER IF NOT EXISTS participant_tally_delete AFTER DELETE ON participants "
        f"BEGIN {_delta(dialect, 'OLD', -1)}; END",
        f"CREATE TRIGGER IF NOT EXISTS participant_tally_update AFTER UPDATE OF "
        f"{', '.join(TALLIED)} ON participants WHEN {_changed('IS NOT')} "
        f"BEGIN {_delta(dialect, 'OLD', -1)}; {_delta(dialect, 'NEW', 1)}; END",
    ]


def drop_trigger_ddl(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS participant_tally ON participants",
            "DROP FUNCTION IF EXISTS participant_tally()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS participant_tally_{what}"
        for what in ("insert", "delete", "update")
    ]


def refill_ddl(dialect: str) -> list[str]:
    """Count every participant into the tallies from scratch (the migration; a repair)."""
    counted = f"1 AS n, {', '.join(f'{_flag(e)} AS {c}' for c, e in FLAGS.items())}"
    source = (
        f"(SELECT delegation_id, category_id, status, {_hour(dialect, 'submitted_at')} AS hour, "
        f"{counted} FROM participants WHERE true) AS everyone"
    )
    return [
        "DELETE FROM tally_deltas",
        "DELETE FROM participant_tallies",
        "DELETE FROM category_tallies",
        "DELETE FROM submission_tallies",
        *_fold(source),
    ]


def create_tally_triggers(connection) -> None:
    for statement in trigger_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)


@sa.event.listens_for(db.metadata, "after_create")
def _after_create(target, connection, **kw) -> None:
    create_tally_triggers(connection)


@sa.event.listens_for(db.metadata, "before_drop")
def _before_drop(target, connection, **kw) -> None:
    for statement in drop_trigger_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)
