"""`flask db upgrade` on an empty database gives exactly the models; downgrade goes back to base.

Runs on SQLite, and on PostgreSQL in a throw-away database when DATABASE_URL points there.
"""

from __future__ import annotations

import os
import uuid
import warnings

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import create_app
from app.extensions import db
from app.models.name_search import NOT_MODELS
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
        if type_ == "table" and name == "alembic_version":
            return False
        # The name search's trigram index is DDL, not a model (app/models/name_search.py).
        return not (name or "").startswith(NOT_MODELS)

    with app.app_context(), db.engine.connect() as conn, warnings.catch_warnings():
        # SQLite's reflection skips expression indexes (the roster's lower(name) sort):
        # _index_names checks that they exist, and test_scaling.py that they are used.
        warnings.filterwarnings("ignore", ".*expression-based index", Warning)
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include}
        )
        return compare_metadata(context, db.metadata)


def _index_names(app) -> set[str]:
    """Every index name in the database, expression indexes included (SQLite too)."""
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        else:
            query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        return set(conn.exec_driver_sql(query).scalars())


def _model_index_names() -> set[str]:
    return {i.name for t in db.metadata.tables.values() for i in t.indexes}


def _tables(app) -> set[str]:
    with app.app_context():
        names = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        return {n for n in names if not n.startswith(NOT_MODELS)}


def test_upgrade_gives_exactly_the_models_and_downgrade_goes_back(tmp_path, empty_database_uri):
    app = create_app(_config(tmp_path, empty_database_uri))
    runner = app.test_cli_runner()
    try:
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert _tables(app) == set(db.metadata.tables)
        differences = _differences(app)
        assert differences == [], "the migrations and the models differ: run `flask db migrate`"
        assert _model_index_names() <= _index_names(app)

        result = runner.invoke(args=["db", "downgrade", "base"])
        assert result.exit_code == 0, result.output
        assert _tables(app) == set()

        # And up again: the migrations are repeatable.
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
        assert _differences(app) == []
    finally:
        with app.app_context():
            db.engine.dispose()


def test_upgrade_keeps_the_data_of_a_first_release_database(tmp_path, empty_database_uri):
    """A database made by the first migration, with a forum in it, upgrades to head intact."""
    app = create_app(_config(tmp_path, empty_database_uri))
    runner = app.test_cli_runner()
    try:
        assert runner.invoke(args=["db", "upgrade", "0001"]).exit_code == 0
        with app.app_context(), db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO delegations (id, kind, code, name_en, quota, status, sort_key, created_at, updated_at)"
                    " VALUES (1, 'country', 'MN', 'Mongolia', 3, 'confirmed', '', :now, :now)"
                ),
                {"now": "2025-09-01 00:00:00"},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO categories (id, code, name_en, colour, text_colour, sort_order, requires_passport)"
                    " VALUES (1, 'delegate', 'Delegate', '#1f4e79', '#ffffff', 1, true)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO participants (id, delegation_id, category_id, status, honorific, given_names,"
                    " family_name, native_name, position, organization, phone, languages, arrival_flight,"
                    " arrival_airport, departure_flight, departure_airport, hotel, dietary, dietary_notes,"
                    " accessibility_needs, visa_letter_wanted, self_registered, status_reason, badge_secret,"
                    " search_text, created_at, updated_at)"
                    " VALUES (1, 1, 1, 'approved', '', 'Bat', 'Erdene', '', '', '', '', '', '', '', '', '', '',"
                    " '', '', '', false, false, '', 'secret-1', 'bat erdene', :now, :now)"
                ),
                {"now": "2025-09-01 00:00:00"},
            )
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert _differences(app) == []
        with app.app_context():
            from app.models import Participant, ParticipantStatus

            participant = db.session.get(Participant, 1)
            assert participant.family_name == "Erdene"
            assert participant.delegation.code == "MN"
            assert participant.locale is None
            # An approved participant gets a pick-up code; the printed badge keeps working.
            assert participant.badge_secret == "secret-1"
            assert participant.pickup_code and participant.pickup_code != "secret-1"
            # The tallies of the dashboard count the rows that were there, and the triggers
            # keep them (SQLite drops a table's triggers when a migration rebuilds it).
            from tests.test_scaling import tallies_and_recount

            participant.status = ParticipantStatus.SUBMITTED
            db.session.commit()
            tallies, recount = tallies_and_recount()
            assert tallies == recount
            assert tallies["delegations"] == {(1, "submitted"): (1, 0, 1, 0, 0)}
            # The desk's name search finds the people who were there (the trigram index is
            # filled by the migration, not only by the triggers).
            from app.desk.checkin.queries import search

            with app.test_request_context():
                assert [p.id for p in search("erden")] == [1]
            db.session.remove()
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
