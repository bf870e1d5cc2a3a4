"""installment reminders: when the upcoming-charge reminder was emitted

Revision ID: 0002_installment_reminders
Revises: 0001_installments
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0002_installment_reminders"
down_revision = "0001_installments"
branch_labels = None
depends_on = None

DateTime = tuition.plugin_api.tables.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("plan_installments") as batch_op:
        batch_op.add_column(sa.Column("reminded_at", DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_installments") as batch_op:
        batch_op.drop_column("reminded_at")
