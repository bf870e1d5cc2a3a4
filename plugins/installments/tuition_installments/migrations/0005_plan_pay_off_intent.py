"""payment plans: the pay-off asked for, recorded before the provider charges

Revision ID: 0005_plan_pay_off_intent
Revises: 0004_plan_pay_off_refunds
Create Date: 2026-12-08
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_plan_pay_off_intent"
down_revision = "0004_plan_pay_off_refunds"
branch_labels = None
depends_on = None

NAME = "ck_payment_plans_plan_pay_off_status"
CHECK = "pay_off_status IS NULL OR pay_off_status IN ('pending', 'applied', 'declined')"


def _columns() -> list[sa.Column[Any]]:
    """The pay-off asked for: its key, amount, who asked, status and payment."""
    return [
        sa.Column("pay_off_key", sa.String(length=300), nullable=True),
        sa.Column("pay_off_amount", sa.Integer(), nullable=True),
        sa.Column("pay_off_by", sa.String(length=64), nullable=True),
        sa.Column("pay_off_status", sa.String(length=16), nullable=True),
        sa.Column("pay_off_payment_id", sa.String(length=255), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("payment_plans") as batch_op:
        for column in _columns():
            batch_op.add_column(column)
        batch_op.create_check_constraint(op.f(NAME), CHECK)


def downgrade() -> None:
    with op.batch_alter_table("payment_plans") as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        for column in reversed(_columns()):
            batch_op.drop_column(column.name)
