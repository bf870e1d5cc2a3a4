"""taxes_vat_checks: VIES's answers about VAT IDs (the optional online look-up)

Revision ID: 0001_vat_checks
Revises:
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0001_vat_checks"
down_revision = None
branch_labels = ("taxes",)
depends_on = "0024_tenant_suspension"


def upgrade() -> None:
    op.create_table(
        "taxes_vat_checks",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("vat_id", sa.String(length=32), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("checked_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("request_identifier", sa.String(length=64), nullable=True),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_taxes_vat_checks_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxes_vat_checks")),
        sa.UniqueConstraint(
            "tenant_id", "vat_id", name=op.f("uq_taxes_vat_checks_tenant_id_vat_id")
        ),
    )
    with op.batch_alter_table("taxes_vat_checks") as batch_op:
        batch_op.create_index(batch_op.f("ix_taxes_vat_checks_tenant_id"), ["tenant_id"])


def downgrade() -> None:
    op.drop_table("taxes_vat_checks")
