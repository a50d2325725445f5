"""security clearance: batches and answers, the forum's setting, the security role, the
"not cleared" scan reason

Revision ID: 0008_clearance
Revises: 0007_scale
Create Date: 2026-12-01 03:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_clearance"
down_revision = "0007_scale"
branch_labels = None
depends_on = None

ROLES_OLD = "('admin', 'organizer', 'staff', 'focal_point', 'delegate')"
ROLES_NEW = "('admin', 'organizer', 'staff', 'focal_point', 'delegate', 'security')"
REASONS_OLD = "('unknown', 'revoked', 'not_approved', 'withdrawn', 'pickup_code', 'not_signed_up')"
REASONS_NEW = (
    "('unknown', 'revoked', 'not_approved', 'withdrawn', 'pickup_code', 'not_signed_up', "
    "'not_cleared')"
)
# (table, CHECK constraint, column, values before, values after)
CHECKS = (
    ("users", "ck_users_user_role", "role", ROLES_OLD, ROLES_NEW),
    ("invitations", "ck_invitations_invitation_role", "role", ROLES_OLD, ROLES_NEW),
    ("check_ins", "ck_check_ins_refusal_reason", "reason", REASONS_OLD, REASONS_NEW),
)


def _sqlite_check(table: str, column: str, old: str, new: str) -> None:
    """Widen (or narrow) a CHECK's list of values in place.

    Rebuilding `users` the batch way would drop the old table with foreign keys on, and
    SQLite runs every ON DELETE action of the tables that point at it (audit entries, badge
    prints and invitations would lose their user). Changing a CHECK's text is the procedure
    SQLite documents for constraint changes that leave the stored rows as they are
    (https://sqlite.org/lang_altertable.html, section "otheralter").
    """
    conn = op.get_bind()
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    before = f"{column} IN {old}"
    if before not in sql:
        raise RuntimeError(f"{table}: the CHECK on {column} is not {old}")
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    conn.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
        (sql.replace(before, f"{column} IN {new}"), table),
    )
    conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    conn.exec_driver_sql("PRAGMA writable_schema = OFF")


def _change_checks(forward: bool) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, column, old, new in CHECKS:
        before, after = (old, new) if forward else (new, old)
        if sqlite:
            _sqlite_check(table, column, before, after)
        else:
            op.drop_constraint(op.f(name), table, type_="check")
            op.create_check_constraint(op.f(name), table, f"{column} IN {after}")


def upgrade():
    op.create_table(
        "clearance_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_clearance_batches_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearance_batches")),
    )
    op.create_table(
        "clearances",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not_sent",
                "pending",
                "cleared",
                "refused",
                name="clearance_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["clearance_batches.id"],
            name=op.f("fk_clearances_batch_id_clearance_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_clearances_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_clearances_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_clearances")),
        sa.UniqueConstraint("reference", name=op.f("uq_clearances_reference")),
    )
    op.create_index(op.f("ix_clearances_batch_id"), "clearances", ["batch_id"])
    op.create_index(op.f("ix_clearances_status"), "clearances", ["status"])
    with op.batch_alter_table("forum_settings") as batch_op:
        batch_op.add_column(
            sa.Column("clearance_required", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    _change_checks(forward=True)


def downgrade():
    op.execute("DELETE FROM users WHERE role = 'security'")
    op.execute("DELETE FROM invitations WHERE role = 'security'")
    op.execute("UPDATE check_ins SET reason = 'not_approved' WHERE reason = 'not_cleared'")
    _change_checks(forward=False)
    with op.batch_alter_table("forum_settings") as batch_op:
        batch_op.drop_column("clearance_required")
    op.drop_index(op.f("ix_clearances_status"), table_name="clearances")
    op.drop_index(op.f("ix_clearances_batch_id"), table_name="clearances")
    op.drop_table("clearances")
    op.drop_table("clearance_batches")
