"""seat purchases and seat codes

Revision ID: 0001_seats
Revises:
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0001_seats"
down_revision = None
branch_labels = ("seats",)
depends_on = "0003_completed"

UTC = tuition.plugin_api.tables.UTCDateTime


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"],
        ["tenants.id"],
        name=op.f(f"fk_{table}_tenant_id_tenants"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "seat_purchases",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("buyer_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("enrollment_id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("redeemed", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.Column("counts_seats", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("link_code", sa.String(length=64), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("activated_at", UTC(), nullable=True),
        sa.Column("ended_at", UTC(), nullable=True),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint("seats >= 2", name=op.f("ck_seat_purchases_seats_at_least_two")),
        sa.CheckConstraint(
            "redeemed >= 0 AND redeemed <= seats - 1",
            name=op.f("ck_seat_purchases_redeemed_within_seats"),
        ),
        sa.CheckConstraint("reserved >= 0", name=op.f("ck_seat_purchases_reserved_not_negative")),
        sa.CheckConstraint(
            "status IN ('pending', 'active', 'canceled', 'refunded')",
            name=op.f("ck_seat_purchases_purchase_status"),
        ),
        sa.ForeignKeyConstraint(
            ["buyer_id"],
            ["students.id"],
            name=op.f("fk_seat_purchases_buyer_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_seat_purchases_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_seat_purchases_enrollment_id_enrollments"),
            ondelete="CASCADE",
        ),
        _tenant_fk("seat_purchases"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seat_purchases")),
        sa.UniqueConstraint("enrollment_id", name=op.f("uq_seat_purchases_enrollment_id")),
        sa.UniqueConstraint(
            "tenant_id", "link_code", name=op.f("uq_seat_purchases_tenant_id_link_code")
        ),
    )
    with op.batch_alter_table("seat_purchases") as batch_op:
        batch_op.create_index("ix_seat_purchases_buyer", ["tenant_id", "buyer_id", "created_at"])
        batch_op.create_index(batch_op.f("ix_seat_purchases_tenant_id"), ["tenant_id"])
    op.create_table(
        "seat_codes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("purchase_id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=True),
        sa.Column("enrollment_id", sa.String(length=32), nullable=True),
        sa.Column("redeemed_with", sa.String(length=8), nullable=True),
        sa.Column("redeemed_at", UTC(), nullable=True),
        sa.Column("revoked_at", UTC(), nullable=True),
        sa.Column("replaced_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "status IN ('unused', 'redeemed', 'revoked', 'void')",
            name=op.f("ck_seat_codes_seat_code_status"),
        ),
        sa.ForeignKeyConstraint(
            ["purchase_id"],
            ["seat_purchases.id"],
            name=op.f("fk_seat_codes_purchase_id_seat_purchases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_seat_codes_student_id_students"),
            ondelete="SET NULL",
        ),
        _tenant_fk("seat_codes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seat_codes")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_seat_codes_tenant_id_code")),
    )
    with op.batch_alter_table("seat_codes") as batch_op:
        batch_op.create_index("ix_seat_codes_purchase", ["tenant_id", "purchase_id", "status"])
        batch_op.create_index(batch_op.f("ix_seat_codes_tenant_id"), ["tenant_id"])


def downgrade() -> None:
    op.drop_table("seat_codes")
    op.drop_table("seat_purchases")
