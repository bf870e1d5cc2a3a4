"""dummy provider ledger

Revision ID: 0001_dummy
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0001_dummy"
down_revision = None
branch_labels = ("dummy_provider",)
depends_on = "0001_core"


def upgrade() -> None:
    op.create_table(
        "dummy_payments",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("refunded_amount", sa.Integer(), nullable=False),
        sa.Column("created_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_dummy_payments_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dummy_payments")),
        sa.UniqueConstraint("order_id", name=op.f("uq_dummy_payments_order_id")),
    )
    with op.batch_alter_table("dummy_payments") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dummy_payments_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("dummy_payments") as batch_op:
        batch_op.drop_index(batch_op.f("ix_dummy_payments_tenant_id"))
    op.drop_table("dummy_payments")
