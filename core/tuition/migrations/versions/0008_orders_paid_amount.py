"""orders.paid_amount, orders.paid_currency: what the provider reported as paid

A payment whose amount or currency differs from the order is refunded in full (what
arrived, which may exceed the order's amount), so refunds are bounded by what was paid.

Revision ID: 0008_orders_paid_amount
Revises: 0007_idempotency_keys
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_orders_paid_amount"
down_revision = "0007_idempotency_keys"
branch_labels = None
depends_on = None

WITHIN_PAID = "refunded_amount >= 0 AND refunded_amount <= COALESCE(paid_amount, amount)"
WITHIN_AMOUNT = "refunded_amount >= 0 AND refunded_amount <= amount"


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("paid_amount", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("paid_currency", sa.String(length=3), nullable=True))
        batch_op.drop_constraint(op.f("ck_orders_refund_within_amount"), type_="check")
        batch_op.create_check_constraint(op.f("ck_orders_refund_within_paid"), WITHIN_PAID)
    op.execute("UPDATE orders SET paid_amount = amount, paid_currency = currency "
               "WHERE paid_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_constraint(op.f("ck_orders_refund_within_paid"), type_="check")
        batch_op.drop_column("paid_currency")
        batch_op.drop_column("paid_amount")
        batch_op.create_check_constraint(op.f("ck_orders_refund_within_amount"), WITHIN_AMOUNT)
