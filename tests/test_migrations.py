"""`flask db upgrade` on an empty database gives exactly the models; downgrade goes back to base.

Runs on SQLite, and on PostgreSQL in a throw-away database when DATABASE_URL points there.
"""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import create_app
from app.extensions import db
from tests.conftest import DATA_KEY, ON_POSTGRES


def _config(tmp_path, uri: str) -> dict:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test",
        "DATA_KEY": DATA_KEY,
        "SQLALCHEMY_DATABASE_URI": uri,
    }


@pytest.fixture
def empty_database_uri(tmp_path):
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL database."""
    if not ON_POSTGRES:
        yield "sqlite:///" + str(tmp_path / "migrations.db")
        return
    server = sa.engine.make_url(os.environ["DATABASE_URL"]).set(drivername="postgresql+psycopg")
    name = f"accredit_mig_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _differences(app) -> list:
    def include(obj, name, type_, reflected, compare_to):
        return not (type_ == "table" and name == "alembic_version")

    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include}
        )
        return compare_metadata(context, db.metadata)


def _tables(app) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


# migrations/env.py (Flask-Migrate's template) tries the deprecated get_engine() first.
@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_upgrade_gives_exactly_the_models_and_downgrade_goes_back(tmp_path, empty_database_uri):
    app = create_app(_config(tmp_path, empty_database_uri))
    runner = app.test_cli_runner()
    try:
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert _tables(app) == set(db.metadata.tables)
        differences = _differences(app)
        assert differences == [], "the migrations and the models differ: run `flask db migrate`"

        result = runner.invoke(args=["db", "downgrade", "base"])
        assert result.exit_code == 0, result.output
        assert _tables(app) == set()

        # And up again: the migrations are repeatable.
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
        assert _differences(app) == []
    finally:
        with app.app_context():
            db.engine.dispose()


def test_one_head(tmp_path):
    from alembic.script import ScriptDirectory

    app = create_app(_config(tmp_path, "sqlite:///" + str(tmp_path / "x.db")))
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"
