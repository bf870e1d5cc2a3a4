"""orders.list_amount, discount_amount, discount_code; courses.unlisted

An order records the course's list price, the discount a price offer gave (a discount
code's, or another plugin's offer) and the code, if one was applied. A course may be
unlisted: left out of the catalogue list, still reachable by its slug.

Revision ID: 0016_order_discounts
Revises: 0015_live_events
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_order_discounts"
down_revision = "0015_live_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("list_amount", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("discount_amount", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("discount_code", sa.String(length=64), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_orders_discount_not_negative"), "discount_amount >= 0"
        )
    with op.batch_alter_table("courses") as batch_op:
        batch_op.add_column(
            sa.Column("unlisted", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("courses") as batch_op:
        batch_op.drop_column("unlisted")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_constraint(op.f("ck_orders_discount_not_negative"), type_="check")
        batch_op.drop_column("discount_code")
        batch_op.drop_column("discount_amount")
        batch_op.drop_column("list_amount")
