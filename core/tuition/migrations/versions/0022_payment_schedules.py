"""Payment schedules: orders.schedule, payment_events.installment

Revision ID: 0022_payment_schedules
Revises: 0021_order_tax
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0022_payment_schedules"
down_revision = "0021_order_tax"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(
            sa.Column(
                "schedule",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )
    with op.batch_alter_table("payment_events") as batch_op:
        batch_op.add_column(sa.Column("installment", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payment_events") as batch_op:
        batch_op.drop_column("installment")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("schedule")
