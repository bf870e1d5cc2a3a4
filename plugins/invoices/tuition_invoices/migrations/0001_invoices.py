"""invoice counters, invoices and credit notes

Revision ID: 0001_invoices
Revises:
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import tuition.plugin_api.tables

revision = "0001_invoices"
down_revision = None
branch_labels = ("invoices",)
depends_on = "0019_student_erasure"

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "invoice_counters",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("series", sa.String(length=64), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_invoice_counters_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_counters")),
        sa.UniqueConstraint(
            "tenant_id", "series", name=op.f("uq_invoice_counters_tenant_id_series")
        ),
    )
    with op.batch_alter_table("invoice_counters") as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_counters_tenant_id"), ["tenant_id"])
    op.create_table(
        "invoices",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("series", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=True),
        sa.Column("credits_id", sa.String(length=32), nullable=True),
        sa.Column("credits_number", sa.String(length=100), nullable=True),
        sa.Column("issued_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("net", sa.Integer(), nullable=False),
        sa.Column("tax", sa.Integer(), nullable=False),
        sa.Column("gross", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("seller", JSON, nullable=False),
        sa.Column("buyer", JSON, nullable=False),
        sa.Column("lines", JSON, nullable=False),
        sa.Column("breakdown", JSON, nullable=False),
        sa.Column("notes", JSON, nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "kind IN ('invoice', 'credit_note')", name=op.f("ck_invoices_invoice_kind")
        ),
        sa.CheckConstraint("net + tax = gross", name=op.f("ck_invoices_invoice_totals")),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_invoices_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_invoices_tenant_id_number")),
        sa.UniqueConstraint(
            "tenant_id", "series", "sequence", name=op.f("uq_invoices_tenant_id_series_sequence")
        ),
        sa.UniqueConstraint("tenant_id", "source", name=op.f("uq_invoices_tenant_id_source")),
    )
    with op.batch_alter_table("invoices") as batch_op:
        batch_op.create_index("ix_invoices_issued", ["tenant_id", "issued_at"])
        batch_op.create_index("ix_invoices_order", ["tenant_id", "order_id"])
        batch_op.create_index("ix_invoices_student", ["tenant_id", "student_id", "issued_at"])
        batch_op.create_index(batch_op.f("ix_invoices_tenant_id"), ["tenant_id"])


def downgrade() -> None:
    op.drop_table("invoices")
    op.drop_table("invoice_counters")
