"""jobs.request_id

Revision ID: 0005_job_request_id
Revises: 0004_audit_funnel
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_job_request_id"
down_revision = "0004_audit_funnel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_column("request_id")
