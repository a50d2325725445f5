"""who may choose each participant category (issue 9)

Revision ID: 0006_hostile_input
Revises: 0005
Create Date: 2026-12-01 00:40:00

Existing forums keep every category open to everyone except the ones a forum gives rather
than people choose: Security (focal points and organizers), Organizer, Staff and VIP
(organizers only).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006_hostile_input"
down_revision = "0005"
branch_labels = None
depends_on = None

# As app.models.participant.RESERVED_CATEGORIES on the day of this migration.
RESERVED = {"security": "focal_points", "organizer": "organizers", "staff": "organizers", "vip": "organizers"}


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its CHECK in place; a batch would copy the table and
        # trip over the participants' foreign keys, and op.add_column would skip the CHECK.
        op.execute(
            "ALTER TABLE categories ADD COLUMN chosen_by VARCHAR(32) DEFAULT 'anyone' NOT NULL"
            " CONSTRAINT ck_categories_category_chosen_by"
            " CHECK (chosen_by IN ('anyone', 'focal_points', 'organizers'))"
        )
    else:
        op.add_column(
            "categories",
            sa.Column(
                "chosen_by",
                sa.Enum(
                    "anyone",
                    "focal_points",
                    "organizers",
                    name="category_chosen_by",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                server_default="anyone",
                nullable=False,
            ),
        )
    categories = sa.table("categories", sa.column("code", sa.String), sa.column("chosen_by", sa.String))
    for code, level in RESERVED.items():
        op.execute(
            categories.update().where(sa.func.lower(categories.c.code) == code).values(chosen_by=level)
        )


def downgrade():
    op.drop_column("categories", "chosen_by")
