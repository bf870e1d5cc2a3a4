"""orders.tax_amount, tax, billing, tax_refunded_amount

An order records the tax included in its amount as a tax plugin computed it: the amount,
the breakdown an invoice prints (rate, rule name, reverse charge and its note) and the
buyer's billing details; refunds give the tax back in proportion.

Revision ID: 0021_order_tax
Revises: 0020_import_failed
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0021_order_tax"
down_revision = "0020_import_failed"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[object]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(
            sa.Column("tax_amount", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("tax", _json(), nullable=True))
        batch_op.add_column(sa.Column("billing", _json(), nullable=True))
        batch_op.add_column(
            sa.Column("tax_refunded_amount", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_check_constraint(
            op.f("ck_orders_tax_within_amount"), "tax_amount >= 0 AND tax_amount <= amount"
        )


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_constraint(op.f("ck_orders_tax_within_amount"), type_="check")
        batch_op.drop_column("tax_refunded_amount")
        batch_op.drop_column("billing")
        batch_op.drop_column("tax")
        batch_op.drop_column("tax_amount")
