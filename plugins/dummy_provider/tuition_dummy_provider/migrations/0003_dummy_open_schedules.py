"""dummy provider schedules may be open-ended (count NULL: renewed until canceled)

Revision ID: 0003_dummy_open_schedules
Revises: 0002_dummy_schedules
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_dummy_open_schedules"
down_revision = "0002_dummy_schedules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dummy_schedules") as batch_op:
        batch_op.alter_column("count", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM dummy_schedules WHERE count IS NULL")
    with op.batch_alter_table("dummy_schedules") as batch_op:
        batch_op.alter_column("count", existing_type=sa.Integer(), nullable=False)
