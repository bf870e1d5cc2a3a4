"""payment plans and their installments

Revision ID: 0001_installments
Revises:
Create Date: 2026-12-07
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0001_installments"
down_revision = None
branch_labels = ("installments",)
depends_on = "0001_core"

DateTime = tuition.plugin_api.tables.UTCDateTime


def _tenant(table: str) -> list[Any]:
    return [
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f(f"fk_{table}_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "payment_plans",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("enrollment_id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("interval", sa.String(length=8), nullable=False),
        sa.Column("interval_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("failed_at", DateTime(), nullable=True),
        sa.Column("started_at", DateTime(), nullable=True),
        sa.Column("closed_at", DateTime(), nullable=True),
        sa.Column("close_reason", sa.String(length=64), nullable=True),
        sa.Column("created_at", DateTime(), nullable=False),
        sa.Column("updated_at", DateTime(), nullable=False),
        *_tenant("payment_plans"),
        sa.CheckConstraint(
            "count >= 1 AND amount > 0", name=op.f("ck_payment_plans_plan_positive")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'active', 'past_due', 'overdue', 'completed', 'canceled', "
            "'ended', 'void')",
            name=op.f("ck_payment_plans_plan_status"),
        ),
        sa.UniqueConstraint("enrollment_id", name=op.f("uq_payment_plans_enrollment_id")),
        sa.UniqueConstraint("order_id", name=op.f("uq_payment_plans_order_id")),
    )
    with op.batch_alter_table("payment_plans") as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_plans_tenant_id"), ["tenant_id"])
        batch_op.create_index(batch_op.f("ix_payment_plans_student_id"), ["student_id"])
    op.create_table(
        "plan_installments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("due_at", DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("paid_amount", sa.Integer(), nullable=True),
        sa.Column("payment_id", sa.String(length=255), nullable=True),
        sa.Column("paid_at", DateTime(), nullable=True),
        sa.Column("failed_at", DateTime(), nullable=True),
        *_tenant("plan_installments"),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["payment_plans.id"],
            name=op.f("fk_plan_installments_plan_id_payment_plans"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "status IN ('scheduled', 'paid', 'failed', 'waived', 'canceled')",
            name=op.f("ck_plan_installments_installment_status"),
        ),
        sa.UniqueConstraint("plan_id", "seq", name=op.f("uq_plan_installments_plan_id_seq")),
    )
    with op.batch_alter_table("plan_installments") as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_installments_tenant_id"), ["tenant_id"])


def downgrade() -> None:
    op.drop_table("plan_installments")
    op.drop_table("payment_plans")
