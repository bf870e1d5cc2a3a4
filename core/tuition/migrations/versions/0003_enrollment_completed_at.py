"""enrollments.completed_at

Revision ID: 0003_completed
Revises: 0002_payments
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

import tuition.db

revision = "0003_completed"
down_revision = "0002_payments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrollments") as batch_op:
        batch_op.add_column(sa.Column("completed_at", tuition.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrollments") as batch_op:
        batch_op.drop_column("completed_at")
