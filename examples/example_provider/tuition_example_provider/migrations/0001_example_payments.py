"""example provider ledger

Revision ID: 0001_example
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_example"
down_revision = None
branch_labels = ("example_provider",)  # the plugin's own branch, named after the plugin
depends_on = "0001_core"  # needs core's tenants table


def upgrade() -> None:
    op.create_table(
        "example_payments",
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("refunded_amount", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_example_payments_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "order_id", name=op.f("pk_example_payments")),
    )
    op.create_index(op.f("ix_example_payments_tenant_id"), "example_payments", ["tenant_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_example_payments_tenant_id"), table_name="example_payments")
    op.drop_table("example_payments")
