"""A trigram index on `participants.search_text`, so the desk's name search reads the rows
that contain the words instead of walking the whole name index until 20 names match (a rare
name read most of it: ×3 from 1,000 to 50,000 participants).

SQLite: an FTS5 table with the `trigram` tokenizer over `participants` (external content,
no copy of the text), kept by triggers on insert, delete and a change of `search_text`.
PostgreSQL: `pg_trgm` and a GIN index on `search_text`, which serves `LIKE '%word%'`
itself. Neither is a model: the DDL runs from `db.create_all()` (tests, the benchmark) and
from the migration 0007_scale; tests/test_migrations.py leaves these names out of its
comparison of models and migrations.

The index only narrows the candidates: checkin.queries.search() still applies every word's LIKE, so
the answer is the same with or without it (words under three characters have no trigram).

On SQLite a migration that rebuilds `participants` (Alembic batch mode "recreate") drops
these triggers like the tallies' (see app/models/tallies.py): recreate them with
`create_name_search_index`.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models.participant import Participant, fold_for_search

FTS_TABLE = "participants_trigram"
PG_INDEX = "ix_participants_search_trgm"
# What tests/test_migrations.py leaves out: the FTS5 table and its shadow tables, the index.
NOT_MODELS = (FTS_TABLE, PG_INDEX)
TRIGRAM = 3


def create_ddl(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "search_text, content='participants', content_rowid='id', tokenize='trigram')",
            f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON participants BEGIN "
            f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON participants BEGIN "
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au "
            "AFTER UPDATE OF search_text ON participants BEGIN "
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); "
            f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
        ]
    if dialect == "postgresql":
        return [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON participants "
            "USING gin (search_text gin_trgm_ops)",
        ]
    return []


def drop_ddl(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            *(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{t}" for t in ("ai", "ad", "au")),
            f"DROP TABLE IF EXISTS {FTS_TABLE}",
        ]
    if dialect == "postgresql":
        return [f"DROP INDEX IF EXISTS {PG_INDEX}"]
    return []


def rebuild_ddl(dialect: str) -> list[str]:
    """Index the rows already there (the migration)."""
    if dialect == "sqlite":
        return [f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"]
    return []


def create_name_search_index(connection) -> None:
    for statement in create_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)


def candidates(words: list[str]) -> sa.ColumnElement[bool] | None:
    """A condition on `participants.id` that the trigram index answers, or None when it
    cannot help (no word of three characters or more, or a database without the index)."""
    long_words = [w for w in words if len(w) >= TRIGRAM]
    if not long_words or db.engine.dialect.name != "sqlite":
        # PostgreSQL's planner uses the GIN index for the LIKE conditions themselves.
        return None
    # Each word a quoted FTS5 string: a substring, whatever its punctuation.
    match = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)

    fts = sa.table(FTS_TABLE, sa.column("rowid"))
    return Participant.id.in_(
        sa.select(fts.c.rowid).where(sa.literal_column(FTS_TABLE).op("MATCH")(match))
    )


@sa.event.listens_for(db.metadata, "after_create")
def _after_create(target, connection, **kw) -> None:
    create_name_search_index(connection)


@sa.event.listens_for(db.metadata, "before_drop")
def _before_drop(target, connection, **kw) -> None:
    for statement in drop_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)


def contains_words(query: str) -> list[sa.ColumnElement[bool]]:
    """Conditions for participants whose names (any script) or e-mail contain every word of
    query (its first five), with the trigram index's narrowing where it helps."""
    words = fold_for_search(query).split()[:5]
    escaped = (w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words)
    out = [Participant.search_text.like(f"%{w}%", escape="\\") for w in escaped]
    if (narrowed := candidates(words)) is not None:
        out.append(narrowed)
    return out
