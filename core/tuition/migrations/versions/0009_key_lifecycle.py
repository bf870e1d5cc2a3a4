"""api_keys.expires_at (rotation grace period); instance_secrets (the stored signing key)

Revision ID: 0009_key_lifecycle
Revises: 0008_orders_paid_amount
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

import tuition.db

revision = "0009_key_lifecycle"
down_revision = "0008_orders_paid_amount"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch_op:
        batch_op.add_column(sa.Column("expires_at", tuition.db.UTCDateTime(), nullable=True))
    op.create_table(
        "instance_secrets",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("created_at", tuition.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_instance_secrets")),
    )


def downgrade() -> None:
    op.drop_table("instance_secrets")
    with op.batch_alter_table("api_keys") as batch_op:
        batch_op.drop_column("expires_at")
