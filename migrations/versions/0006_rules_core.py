"""rules core: pick-up codes, one head per delegation, session door policy, scan reasons

Revision ID: 0006_rules_core
Revises: 0006_identity
Create Date: 2026-12-01 00:40:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0006_rules_core"
down_revision = "0006_identity"
branch_labels = None
depends_on = None

CLOSED = "('cancelled', 'rejected', 'withdrawn')"
RESULTS_OLD = "('admitted', 'already', 'refused')"
RESULTS_NEW = "('admitted', 'already', 'warned', 'refused')"
REASONS_OLD = "('unknown', 'revoked', 'not_approved', 'withdrawn')"
REASONS_NEW = "('unknown', 'revoked', 'not_approved', 'withdrawn', 'pickup_code', 'not_signed_up')"


def upgrade():
    # Every participant gets a pick-up code distinct from their badge secret, so printed
    # badges keep working and the approval e-mail stops being a door key.
    with op.batch_alter_table("participants") as batch_op:
        batch_op.add_column(sa.Column("pickup_code", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("is_head", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    conn = op.get_bind()
    participants = sa.table(
        "participants", sa.column("id", sa.Integer), sa.column("pickup_code", sa.String)
    )
    ids = [row[0] for row in conn.execute(sa.select(participants.c.id))]
    for start in range(0, len(ids), 1000):
        conn.execute(
            participants.update()
            .where(participants.c.id == sa.bindparam("pid"))
            .values(pickup_code=sa.bindparam("code")),
            [{"pid": i, "code": secrets.token_urlsafe(20)} for i in ids[start : start + 1000]],
        )
    conn.execute(
        sa.text(
            "UPDATE participants SET is_head = :yes WHERE category_id IN "
            "(SELECT id FROM categories WHERE code = 'head_of_delegation')"
        ),
        {"yes": True},
    )
    # Where two active heads already exist, the later ones stop being heads (their category
    # stays; the form asks to choose another when they are next edited).
    conn.execute(
        sa.text(
            "UPDATE participants SET is_head = :no WHERE is_head = :yes "
            f"AND status NOT IN {CLOSED} AND id NOT IN ("
            "SELECT MIN(id) FROM participants WHERE is_head = :yes "
            f"AND status NOT IN {CLOSED} GROUP BY delegation_id)"
        ),
        {"yes": True, "no": False},
    )
    with op.batch_alter_table("participants") as batch_op:
        batch_op.alter_column("pickup_code", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_participants_pickup_code"), ["pickup_code"])
        batch_op.create_index(
            "ux_participants_one_head",
            ["delegation_id"],
            unique=True,
            sqlite_where=sa.text(f"is_head AND status NOT IN {CLOSED}"),
            postgresql_where=sa.text(f"is_head AND status NOT IN {CLOSED}"),
        )

    with op.batch_alter_table("programme_sessions") as batch_op:
        batch_op.add_column(
            sa.Column(
                "door_refuses_unsigned", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )

    with op.batch_alter_table("check_ins") as batch_op:
        batch_op.drop_constraint(op.f("ck_check_ins_checkin_result"), type_="check")
        batch_op.drop_constraint(op.f("ck_check_ins_refusal_reason"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_check_ins_checkin_result"), f"result IN {RESULTS_NEW}"
        )
        batch_op.create_check_constraint(
            op.f("ck_check_ins_refusal_reason"), f"reason IN {REASONS_NEW}"
        )


def downgrade():
    op.execute("DELETE FROM check_ins WHERE result = 'warned'")
    op.execute(
        "UPDATE check_ins SET reason = 'unknown' WHERE reason IN ('pickup_code', 'not_signed_up')"
    )
    with op.batch_alter_table("check_ins") as batch_op:
        batch_op.drop_constraint(op.f("ck_check_ins_checkin_result"), type_="check")
        batch_op.drop_constraint(op.f("ck_check_ins_refusal_reason"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_check_ins_checkin_result"), f"result IN {RESULTS_OLD}"
        )
        batch_op.create_check_constraint(
            op.f("ck_check_ins_refusal_reason"), f"reason IN {REASONS_OLD}"
        )
    with op.batch_alter_table("programme_sessions") as batch_op:
        batch_op.drop_column("door_refuses_unsigned")
    with op.batch_alter_table("participants") as batch_op:
        batch_op.drop_index("ux_participants_one_head")
        batch_op.drop_constraint(op.f("uq_participants_pickup_code"), type_="unique")
        batch_op.drop_column("is_head")
        batch_op.drop_column("pickup_code")
