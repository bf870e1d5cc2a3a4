"""orders.abandoned_at (a checkout declared abandoned while open, e.g. reminded)

Revision ID: 0011_order_abandoned_at
Revises: 0010_job_run_at
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

import tuition.db

revision = "0011_order_abandoned_at"
down_revision = "0010_job_run_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("abandoned_at", tuition.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("abandoned_at")
