"""Provider-computed tax: payment_events.tax

Revision ID: 0023_payment_event_tax
Revises: 0022_payment_schedules
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0023_payment_event_tax"
down_revision = "0022_payment_schedules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment_events") as batch_op:
        batch_op.add_column(
            sa.Column(
                "tax",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("payment_events") as batch_op:
        batch_op.drop_column("tax")
