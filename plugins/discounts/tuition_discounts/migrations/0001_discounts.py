"""discount codes and their redemptions

Revision ID: 0001_discounts
Revises:
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import tuition.plugin_api.tables

revision = "0001_discounts"
down_revision = None
branch_labels = ("discounts",)
depends_on = "0003_completed"

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "discount_codes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("percent_off", sa.Integer(), nullable=True),
        sa.Column("amounts_off", JSON, nullable=True),
        sa.Column("courses", JSON, nullable=True),
        sa.Column("valid_from", tuition.plugin_api.tables.UTCDateTime(), nullable=True),
        sa.Column("valid_until", tuition.plugin_api.tables.UTCDateTime(), nullable=True),
        sa.Column("max_redemptions", sa.Integer(), nullable=True),
        sa.Column("per_student_limit", sa.Integer(), nullable=True),
        sa.Column("min_price", JSON, nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("redeemed", sa.Integer(), nullable=False),
        sa.Column("created_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("updated_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "max_redemptions IS NULL OR redeemed <= max_redemptions",
            name=op.f("ck_discount_codes_redeemed_within_max"),
        ),
        sa.CheckConstraint("redeemed >= 0", name=op.f("ck_discount_codes_redeemed_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_discount_codes_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discount_codes")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_discount_codes_tenant_id_code")),
    )
    with op.batch_alter_table("discount_codes") as batch_op:
        batch_op.create_index(batch_op.f("ix_discount_codes_tenant_id"), ["tenant_id"])
    op.create_table(
        "discount_redemptions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("code_id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=False),
        sa.Column("enrollment_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=True),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("list_amount", sa.Integer(), nullable=False),
        sa.Column("discount_amount", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("created_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("released_at", tuition.plugin_api.tables.UTCDateTime(), nullable=True),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "status IN ('held', 'used', 'released')",
            name=op.f("ck_discount_redemptions_redemption_status"),
        ),
        sa.ForeignKeyConstraint(
            ["code_id"],
            ["discount_codes.id"],
            name=op.f("fk_discount_redemptions_code_id_discount_codes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_discount_redemptions_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_discount_redemptions_enrollment_id_enrollments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_discount_redemptions_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_discount_redemptions_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discount_redemptions")),
        sa.UniqueConstraint(
            "code_id",
            "student_id",
            "slot",
            name=op.f("uq_discount_redemptions_code_id_student_id_slot"),
        ),
        sa.UniqueConstraint("enrollment_id", name=op.f("uq_discount_redemptions_enrollment_id")),
    )
    with op.batch_alter_table("discount_redemptions") as batch_op:
        batch_op.create_index(
            "ix_discount_redemptions_code", ["tenant_id", "code_id", "created_at"]
        )
        batch_op.create_index(batch_op.f("ix_discount_redemptions_tenant_id"), ["tenant_id"])


def downgrade() -> None:
    op.drop_table("discount_redemptions")
    op.drop_table("discount_codes")
