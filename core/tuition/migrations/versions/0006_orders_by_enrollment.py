"""orders: index on enrollment_id (an enrollment's open order; enrollment deletes)

Revision ID: 0006_orders_enrollment
Revises: 0005_job_request_id
Create Date: 2026-11-24
"""

from alembic import op

revision = "0006_orders_enrollment"
down_revision = "0005_job_request_id"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_index("ix_orders_enrollment", ["enrollment_id", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_enrollment")
