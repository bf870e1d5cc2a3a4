"""payment plans: status ``paid_off``, and the refunds of a plan (``plan_refunds``)

Revision ID: 0004_plan_pay_off_refunds
Revises: 0003_installment_tax
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0004_plan_pay_off_refunds"
down_revision = "0003_installment_tax"
branch_labels = None
depends_on = None

DateTime = tuition.plugin_api.tables.UTCDateTime
NAME = "ck_payment_plans_plan_status"
BEFORE = (
    "status IN ('pending', 'active', 'past_due', 'overdue', 'completed', 'canceled', "
    "'ended', 'void')"
)
AFTER = (
    "status IN ('pending', 'active', 'past_due', 'overdue', 'completed', 'paid_off', "
    "'canceled', 'ended', 'void')"
)


def upgrade() -> None:
    with op.batch_alter_table("payment_plans") as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), AFTER)
    op.create_table(
        "plan_refunds",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("payment_id", sa.String(length=255), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("tax_amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("refund_id", sa.String(length=255), nullable=True),
        sa.Column("created_at", DateTime(), nullable=False),
        sa.Column("updated_at", DateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_plan_refunds_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["payment_plans.id"],
            name=op.f("fk_plan_refunds_plan_id_payment_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_refunds")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_plan_refunds_refund_positive")),
        sa.CheckConstraint(
            "reason IN ('admin', 'after_close', 'duplicate', 'pay_off_excess')",
            name=op.f("ck_plan_refunds_refund_reason"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'succeeded', 'failed')",
            name=op.f("ck_plan_refunds_refund_status"),
        ),
        sa.UniqueConstraint("plan_id", "key", name=op.f("uq_plan_refunds_plan_id_key")),
    )
    with op.batch_alter_table("plan_refunds") as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_refunds_tenant_id"), ["tenant_id"])


def downgrade() -> None:
    op.drop_table("plan_refunds")
    op.execute("UPDATE payment_plans SET status = 'completed' WHERE status = 'paid_off'")
    with op.batch_alter_table("payment_plans") as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), BEFORE)
