"""flat costs at scale: the roster's sort index, participant tallies kept by triggers

Revision ID: 0006_scale
Revises: 0006_rules_core
Create Date: 2026-12-01 00:40:00

"""

import sqlalchemy as sa
from alembic import op

from app.models.tallies import drop_trigger_ddl, refill_ddl, trigger_ddl

# revision identifiers, used by Alembic.
revision = "0006_scale"
down_revision = "0006_rules_core"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "participant_tallies",
        sa.Column("delegation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("printed", sa.Integer(), nullable=False),
        sa.Column("no_photo", sa.Integer(), nullable=False),
        sa.Column("checked_in", sa.Integer(), nullable=False),
        sa.Column("visa_wanted", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("delegation_id", "status", name=op.f("pk_participant_tallies")),
    )
    op.create_table(
        "category_tallies",
        sa.Column("category_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("category_id", "status", name=op.f("pk_category_tallies")),
    )
    op.create_table(
        "submission_tallies",
        sa.Column("hour", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", name=op.f("pk_submission_tallies")),
    )
    op.create_table(
        "tally_deltas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=True),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("printed", sa.Integer(), nullable=False),
        sa.Column("no_photo", sa.Integer(), nullable=False),
        sa.Column("checked_in", sa.Integer(), nullable=False),
        sa.Column("visa_wanted", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tally_deltas")),
    )
    op.create_index(
        "ix_participants_roster_name",
        "participants",
        [sa.text("lower(family_name)"), sa.text("lower(given_names)"), "id"],
        unique=False,
    )
    bind = op.get_bind()
    dialect = bind.dialect.name
    # Triggers first, then the count, in the migration's transaction: no write is missed.
    for statement in trigger_ddl(dialect) + refill_ddl(dialect):
        bind.exec_driver_sql(statement)


def downgrade():
    bind = op.get_bind()
    for statement in drop_trigger_ddl(bind.dialect.name):
        bind.exec_driver_sql(statement)
    op.drop_index("ix_participants_roster_name", table_name="participants")
    op.drop_table("tally_deltas")
    op.drop_table("submission_tallies")
    op.drop_table("category_tallies")
    op.drop_table("participant_tallies")
