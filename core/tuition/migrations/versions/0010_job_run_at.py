"""jobs.run_at: a job that must not run before a given time (retries on a schedule)

Revision ID: 0010_job_run_at
Revises: 0009_key_lifecycle
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

import tuition.db

revision = "0010_job_run_at"
down_revision = "0009_key_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.add_column(sa.Column("run_at", tuition.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_column("run_at")
