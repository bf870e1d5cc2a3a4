"""dummy provider: what was refunded of a schedule's later charge

Revision ID: 0004_dummy_charge_refunds
Revises: 0003_dummy_open_schedules
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_dummy_charge_refunds"
down_revision = "0003_dummy_open_schedules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dummy_charges") as batch_op:
        batch_op.add_column(
            sa.Column("refunded_amount", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("dummy_charges") as batch_op:
        batch_op.drop_column("refunded_amount")
