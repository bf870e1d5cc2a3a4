"""installment tax: the tax in each installment (the taxes plugin's, 0 untaxed)

Revision ID: 0003_installment_tax
Revises: 0002_installment_reminders
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_installment_tax"
down_revision = "0002_installment_reminders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_installments") as batch_op:
        batch_op.add_column(
            sa.Column("tax_amount", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_installments") as batch_op:
        batch_op.drop_column("tax_amount")
