"""flat name search: a trigram index on participants.search_text (FTS5 on SQLite, pg_trgm on
PostgreSQL), see app/models/name_search.py

Revision ID: 0007_scale
Revises: 0006_scale
Create Date: 2026-12-01 01:45:00

"""

from alembic import op

from app.models.name_search import create_ddl, drop_ddl, rebuild_ddl

# revision identifiers, used by Alembic.
revision = "0007_scale"
down_revision = "0006_scale"
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    for statement in create_ddl(dialect) + rebuild_ddl(dialect):
        op.execute(statement)


def downgrade():
    for statement in drop_ddl(op.get_bind().dialect.name):
        op.execute(statement)
