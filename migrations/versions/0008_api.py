"""API tokens; check-ins gain nonce, device time, direction and force; points count exits

Revision ID: 0008_api
Revises: 0007_scale
Create Date: 2026-12-01 03:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_api"
down_revision = "0007_scale"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column(
            "scope",
            sa.Enum("read", "checkin", "full", name="api_token_scope", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_api_tokens_created_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"], unique=False)
    # Plain ADD COLUMNs: a batch rebuild of check_ins would reflect participants (whose
    # expression index SQLite's reflection skips, with a warning).
    op.add_column("check_ins", sa.Column("nonce", sa.String(length=64), nullable=True))
    op.add_column("check_ins", sa.Column("scanned_at", sa.DateTime(), nullable=True))
    op.add_column(
        "check_ins",
        sa.Column("direction", sa.String(length=32), server_default="in", nullable=False),
    )
    op.add_column(
        "check_ins", sa.Column("forced", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_check_constraint(
            op.f("ck_check_ins_checkin_direction"), "check_ins", "direction IN ('in', 'out')"
        )
    op.create_index(op.f("ix_check_ins_nonce"), "check_ins", ["nonce"], unique=True)
    op.add_column(
        "programme_sessions",
        sa.Column("counts_exits", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "forum_settings",
        sa.Column("entrance_counts_exits", sa.Boolean(), server_default=sa.false(), nullable=False),
    )

def downgrade():
    op.drop_column("forum_settings", "entrance_counts_exits")
    op.drop_column("programme_sessions", "counts_exits")
    op.drop_index(op.f("ix_check_ins_nonce"), table_name="check_ins")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("ck_check_ins_checkin_direction"), "check_ins", type_="check")
    for name in ("forced", "direction", "scanned_at", "nonce"):
        op.drop_column("check_ins", name)
    op.drop_index(op.f("ix_api_tokens_user_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
