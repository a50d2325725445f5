"""the forum's identity: logo, emblem and two brand colours

Revision ID: 0006_identity
Revises: 0006_hostile_input
Create Date: 2026-12-01 00:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006_identity"
down_revision = "0006_hostile_input"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("forum_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("logo_png", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("emblem_png", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("has_logo", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("has_emblem", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("brand_primary", sa.String(length=7), server_default="#17365d", nullable=False)
        )
        batch_op.add_column(
            sa.Column("brand_accent", sa.String(length=7), server_default="#a4122a", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("forum_settings", schema=None) as batch_op:
        for name in ("brand_accent", "brand_primary", "has_emblem", "has_logo", "emblem_png", "logo_png"):
            batch_op.drop_column(name)
