"""cohort_session_options.location: where a session takes place (free text), optional

Revision ID: 0003_session_option_location
Revises: 0002_cohort_seats_counted
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_session_option_location"
down_revision = "0002_cohort_seats_counted"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cohort_session_options") as batch_op:
        batch_op.add_column(sa.Column("location", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cohort_session_options") as batch_op:
        batch_op.drop_column("location")
