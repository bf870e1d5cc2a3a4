"""tenants.suspended_at: the operator's suspension of a site

Revision ID: 0024_tenant_suspension
Revises: 0023_payment_event_tax
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tuition.db

revision = "0024_tenant_suspension"
down_revision = "0023_payment_event_tax"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tenants") as batch_op:
        batch_op.add_column(sa.Column("suspended_at", tuition.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tenants") as batch_op:
        batch_op.drop_column("suspended_at")
