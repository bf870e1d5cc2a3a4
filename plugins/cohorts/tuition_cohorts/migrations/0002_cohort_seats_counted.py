"""cohort seats the site owner gave beyond capacity are not counted

Revision ID: 0002_cohort_seats_counted
Revises: 0001_cohorts
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_cohort_seats_counted"
down_revision = "0001_cohorts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cohort_seats") as batch_op:
        batch_op.add_column(
            sa.Column("counted", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("cohort_seats") as batch_op:
        batch_op.drop_column("counted")
