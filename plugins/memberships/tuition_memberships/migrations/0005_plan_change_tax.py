"""membership plan change tax: the tax in the new plan's price and in the proration

Revision ID: 0005_plan_change_tax
Revises: 0004_membership_plan_changes
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_plan_change_tax"
down_revision = "0004_membership_plan_changes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("membership_plan_changes") as batch_op:
        batch_op.add_column(
            sa.Column("to_tax_amount", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("proration_tax", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("membership_plan_changes") as batch_op:
        batch_op.drop_column("proration_tax")
        batch_op.drop_column("to_tax_amount")
