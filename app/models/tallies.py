"""Counts of participants kept by the database itself, so the dashboard reads a few hundred
tally rows instead of grouping the whole participants table (flat from 1,000 to 50,000).

Triggers on `participants` keep them: every insert, update and delete of a row, whoever
writes it (the ORM, a bulk UPDATE, seed-demo's bulk INSERT, a cascade from a deleted
delegation), subtracts the old row's contribution and adds the new one's, in the writer's
transaction. The same DDL runs from `db.create_all()` (tests, the benchmark) and from the
migration 0006_scale, which also fills the tallies from the rows already there.

On SQLite a migration that rebuilds `participants` (Alembic batch mode "recreate") drops
its triggers: tests/test_scaling.py checks the tallies against real counts after
`flask db upgrade`, so such a migration fails a test until it recreates them
(`create_tally_triggers`).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

# An hour of submissions per tally row, spread over a few shards: on PostgreSQL every
# submission of the same hour would otherwise wait for the one row lock until it commits.
SHARDS = 8


class ParticipantTally(db.Model):
    """Per delegation and status: participants, badges printed, photos missing, checked in
    (ever) and visa letters wanted. No foreign keys: a row of a deleted delegation is simply
    never joined (and the cascade that deletes its participants zeroes it)."""

    __tablename__ = "participant_tallies"

    delegation_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    n: Mapped[int] = mapped_column(default=0)
    printed: Mapped[int] = mapped_column(default=0)
    no_photo: Mapped[int] = mapped_column(default=0)
    checked_in: Mapped[int] = mapped_column(default=0)
    visa_wanted: Mapped[int] = mapped_column(default=0)


class CategoryTally(db.Model):
    """Participants per category and status, in shards (a category spans delegations)."""

    __tablename__ = "category_tallies"

    category_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(default=0)


class SubmissionTally(db.Model):
    """Participants by the UTC hour of their submission (hours since 1970), in shards."""

    __tablename__ = "submission_tallies"

    hour: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(default=0)


# Columns whose change moves a participant between tallies.
TALLIED = (
    "delegation_id",
    "status",
    "badge_printed_at",
    "photo_updated_at",
    "checked_in_at",
    "visa_letter_wanted",
)
FLAGS = {
    "printed": "badge_printed_at IS NOT NULL",
    "no_photo": "photo_updated_at IS NULL",
    "checked_in": "checked_in_at IS NOT NULL",
    "visa_wanted": "visa_letter_wanted",
}


def _flag(expr: str) -> str:
    return f"CASE WHEN {expr} THEN 1 ELSE 0 END"


def _shard(column: str) -> str:
    # Not "%": psycopg reads it as a placeholder; not mod(): not in every SQLite build.
    return f"({column} - ({column} / {SHARDS}) * {SHARDS})"


def _hour(dialect: str, column: str) -> str:
    if dialect == "postgresql":
        return f"CAST(floor(extract(epoch FROM {column}) / 3600) AS INTEGER)"
    return f"CAST(strftime('%s', {column}) AS INTEGER) / 3600"


def _tally(row: str, sign: int) -> str:
    """Add (sign 1) or take away (sign -1) row's (NEW or OLD) part of participant_tallies."""
    counted = ("n", *FLAGS)
    values = [f"{row}.delegation_id", f"{row}.status", str(sign)]
    values += [f"{sign} * {_flag(f'{row}.{expr}')}" for expr in FLAGS.values()]
    updates = ", ".join(f"{c} = participant_tallies.{c} + excluded.{c}" for c in counted)
    return (
        f"INSERT INTO participant_tallies (delegation_id, status, {', '.join(counted)}) "
        f"VALUES ({', '.join(values)}) "
        f"ON CONFLICT (delegation_id, status) DO UPDATE SET {updates}"
    )


def _category(row: str, sign: int) -> str:
    return (
        "INSERT INTO category_tallies (category_id, status, shard, n) "
        f"VALUES ({row}.category_id, {row}.status, {_shard(row + '.id')}, {sign}) "
        "ON CONFLICT (category_id, status, shard) DO UPDATE SET n = category_tallies.n + excluded.n"
    )


def _submission(dialect: str, row: str, sign: int) -> str:
    # The WHERE also settles SQLite's parsing of INSERT … SELECT … ON CONFLICT.
    return (
        "INSERT INTO submission_tallies (hour, shard, n) "
        f"SELECT {_hour(dialect, f'{row}.submitted_at')}, {_shard(row + '.id')}, {sign} "
        f"WHERE {row}.submitted_at IS NOT NULL "
        "ON CONFLICT (hour, shard) DO UPDATE SET n = submission_tallies.n + excluded.n"
    )


def _changed(op: str, columns) -> str:
    return " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in columns)


def _move(first_new: str, old_sql: str, new_sql: str) -> str:
    """plpgsql: take OLD away and add NEW, locking the two tally rows in key order."""
    return f"""IF {first_new} THEN
                {new_sql};
                {old_sql};
            ELSE
                {old_sql};
                {new_sql};
            END IF;"""


def trigger_ddl(dialect: str) -> list[str]:
    """The statements that create the triggers on participants for this dialect."""
    if dialect == "postgresql":
        # Tally rows are locked in key order (participant, category, then submission
        # tallies), so two transactions moving participants between the same tallies in
        # opposite directions cannot deadlock.
        return [
            f"""
CREATE OR REPLACE FUNCTION participant_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF {_changed("IS DISTINCT FROM", TALLIED)} THEN
            {
                _move(
                    "(NEW.delegation_id, NEW.status) < (OLD.delegation_id, OLD.status)",
                    _tally("OLD", -1),
                    _tally("NEW", 1),
                )
            }
        END IF;
        IF {_changed("IS DISTINCT FROM", ("category_id", "status"))} THEN
            {
                _move(
                    "(NEW.category_id, NEW.status) < (OLD.category_id, OLD.status)",
                    _category("OLD", -1),
                    _category("NEW", 1),
                )
            }
        END IF;
        IF OLD.submitted_at IS DISTINCT FROM NEW.submitted_at THEN
            {
                _move(
                    "NEW.submitted_at < OLD.submitted_at",
                    _submission(dialect, "OLD", -1),
                    _submission(dialect, "NEW", 1),
                )
            }
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        {_tally("NEW", 1)};
        {_category("NEW", 1)};
        {_submission(dialect, "NEW", 1)};
    ELSE
        {_tally("OLD", -1)};
        {_category("OLD", -1)};
        {_submission(dialect, "OLD", -1)};
    END IF;
    RETURN NULL;
END
$$""",
            "DROP TRIGGER IF EXISTS participant_tally ON participants",
            "CREATE TRIGGER participant_tally AFTER INSERT OR UPDATE OR DELETE ON participants "
            "FOR EACH ROW EXECUTE FUNCTION participant_tally()",
        ]
    tallied = ", ".join(TALLIED)
    return [
        "CREATE TRIGGER IF NOT EXISTS participant_tally_insert AFTER INSERT ON participants "
        f"BEGIN {_tally('NEW', 1)}; {_category('NEW', 1)}; {_submission(dialect, 'NEW', 1)}; "
        "END",
        "CREATE TRIGGER IF NOT EXISTS participant_tally_delete AFTER DELETE ON participants "
        f"BEGIN {_tally('OLD', -1)}; {_category('OLD', -1)}; "
        f"{_submission(dialect, 'OLD', -1)}; END",
        f"CREATE TRIGGER IF NOT EXISTS participant_tally_update AFTER UPDATE OF {tallied} "
        f"ON participants WHEN {_changed('IS NOT', TALLIED)} "
        f"BEGIN {_tally('OLD', -1)}; {_tally('NEW', 1)}; END",
        "CREATE TRIGGER IF NOT EXISTS participant_tally_category "
        "AFTER UPDATE OF category_id, status ON participants "
        f"WHEN {_changed('IS NOT', ('category_id', 'status'))} "
        f"BEGIN {_category('OLD', -1)}; {_category('NEW', 1)}; END",
        "CREATE TRIGGER IF NOT EXISTS participant_tally_submitted AFTER UPDATE OF submitted_at "
        "ON participants WHEN OLD.submitted_at IS NOT NEW.submitted_at "
        f"BEGIN {_submission(dialect, 'OLD', -1)}; {_submission(dialect, 'NEW', 1)}; END",
    ]


def drop_trigger_ddl(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS participant_tally ON participants",
            "DROP FUNCTION IF EXISTS participant_tally()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS participant_tally_{what}"
        for what in ("insert", "delete", "update", "category", "submitted")
    ]


def refill_ddl(dialect: str) -> list[str]:
    """Recount every tally from the participants (the migration; a repair)."""
    sums = ", ".join(f"SUM({_flag(e)})" for e in FLAGS.values())
    hour, shard = _hour(dialect, "submitted_at"), _shard("id")
    return [
        "DELETE FROM participant_tallies",
        "DELETE FROM category_tallies",
        "DELETE FROM submission_tallies",
        f"INSERT INTO participant_tallies (delegation_id, status, n, {', '.join(FLAGS)}) "
        f"SELECT delegation_id, status, COUNT(*), {sums} FROM participants "
        "GROUP BY delegation_id, status",
        "INSERT INTO category_tallies (category_id, status, shard, n) "
        f"SELECT category_id, status, {shard}, COUNT(*) FROM participants "
        f"GROUP BY category_id, status, {shard}",
        "INSERT INTO submission_tallies (hour, shard, n) "
        f"SELECT {hour}, {shard}, COUNT(*) FROM participants "
        f"WHERE submitted_at IS NOT NULL GROUP BY {hour}, {shard}",
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
