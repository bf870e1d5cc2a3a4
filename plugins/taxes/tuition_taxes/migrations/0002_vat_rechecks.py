"""taxes_vat_rechecks: sales whose VAT ID VIES could not check, asked again later

Revision ID: 0002_vat_rechecks
Revises: 0001_vat_checks
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0002_vat_rechecks"
down_revision = "0001_vat_checks"
branch_labels = None
depends_on = None

DateTime = tuition.plugin_api.tables.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "taxes_vat_rechecks",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("vat_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_check_at", DateTime(), nullable=False),
        sa.Column("checked_at", DateTime(), nullable=True),
        sa.Column("request_identifier", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("created_at", DateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "status IN ('unverified', 'valid', 'invalid')",
            name=op.f("ck_taxes_vat_rechecks_vat_recheck_status"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_taxes_vat_rechecks_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxes_vat_rechecks")),
        sa.UniqueConstraint(
            "tenant_id", "order_id", name=op.f("uq_taxes_vat_rechecks_tenant_id_order_id")
        ),
    )
    with op.batch_alter_table("taxes_vat_rechecks") as batch_op:
        batch_op.create_index(batch_op.f("ix_taxes_vat_rechecks_tenant_id"), ["tenant_id"])
        batch_op.create_index("ix_taxes_vat_rechecks_due", ["tenant_id", "status", "next_check_at"])


def downgrade() -> None:
    op.drop_table("taxes_vat_rechecks")
