"""orders.abandoned_at (a checkout declared abandoned while open, e.g. reminded)

Revision ID: 0007_order_abandoned_at
Revises: 0006_orders_enrollment
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

import tuition.db

revision = "0007_order_abandoned_at"
down_revision = "0006_orders_enrollment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("abandoned_at", tuition.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("abandoned_at")
