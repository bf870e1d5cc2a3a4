"""orders.status ``checkout_pending``: the order is written, its checkout not yet created

Checkout runs in three steps (hold the seat and write the order; call the provider with no
transaction open; store the checkout), so an order exists before its checkout does.

Revision ID: 0012_order_checkout_pending
Revises: 0011_order_abandoned_at
Create Date: 2026-12-07
"""

from alembic import op

revision = "0012_order_checkout_pending"
down_revision = "0011_order_abandoned_at"
branch_labels = None
depends_on = None

BEFORE = (
    "status IN ('pending', 'paid', 'expired', 'failed', 'canceled', 'refunded', "
    "'partially_refunded')"
)
AFTER = (
    "status IN ('checkout_pending', 'pending', 'paid', 'expired', 'failed', 'canceled', "
    "'refunded', 'partially_refunded')"
)


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_constraint(op.f("ck_orders_order_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_orders_order_status"), AFTER)


def downgrade() -> None:
    # An order left between the steps never got a checkout: it failed.
    op.execute("UPDATE orders SET status = 'failed' WHERE status = 'checkout_pending'")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_constraint(op.f("ck_orders_order_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_orders_order_status"), BEFORE)
