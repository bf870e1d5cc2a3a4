"""membership tax: the tax in each period's price, in each charge, and given back

Revision ID: 0002_membership_tax
Revises: 0001_memberships
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_membership_tax"
down_revision = "0001_memberships"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("membership_subscriptions") as batch_op:
        batch_op.add_column(
            sa.Column("tax_amount", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("tax_refunded_amount", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("membership_charges") as batch_op:
        batch_op.add_column(
            sa.Column("tax_amount", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("membership_charges") as batch_op:
        batch_op.drop_column("tax_amount")
    with op.batch_alter_table("membership_subscriptions") as batch_op:
        batch_op.drop_column("tax_refunded_amount")
        batch_op.drop_column("tax_amount")
