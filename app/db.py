"""The database engine's settings: SQLite's pragmas and write lock (a no-op on PostgreSQL)."""

from __future__ import annotations

import contextlib
import contextvars

import sqlalchemy as sa
from flask import has_request_context, request

# Set while code outside a request (the mail sender, CLI tasks) runs write transactions.
_write_lock_wanted = contextvars.ContextVar("sqlite_write_lock", default=False)


@contextlib.contextmanager
def sqlite_write_lock():
    """Begin every SQLite transaction in this block with the write lock (BEGIN IMMEDIATE).

    Requests that may write get this automatically; background writers (several
    `flask send-mail` processes, threads) use it so that two of them never meet
    "database is locked" when a read transaction would have to become a write one.
    A no-op on PostgreSQL, which locks rows instead.
    """
    token = _write_lock_wanted.set(True)
    try:
        yield
    finally:
        _write_lock_wanted.reset(token)


def configure_engine(engine: sa.Engine) -> None:
    """On SQLite: WAL, a busy timeout, foreign keys, and transactions begun by us."""
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # Transactions are begun explicitly (see _sqlite_begin), so pysqlite must not.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn) -> None:
    """A request that may write takes SQLite's write lock when its transaction begins.

    This is SQLite's equivalent of locking the delegation row: two submissions racing for
    the last seat run one after the other, and no writer ever meets "database is locked"
    on upgrading a read transaction (it waits up to the busy timeout instead).
    """
    write = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
    write = write or _write_lock_wanted.get()
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
