"""enrollment by the site owner: imports, enrollments beyond capacity, external references

Revision ID: 0017_enrollment_imports
Revises: 0015_live_events
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import tuition.db

revision = "0017_enrollment_imports"
down_revision = "0016_order_discounts"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("enrollments") as batch_op:
        batch_op.add_column(
            sa.Column("counts_seat", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("external_reference", sa.String(length=255), nullable=True))
    with op.batch_alter_table("students") as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=200), nullable=True))
    op.create_table(
        "enrollment_imports",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("rows", JSON, nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("enrolled", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("errors", JSON, nullable=False),
        sa.Column("created_at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("started_at", tuition.db.UTCDateTime(), nullable=True),
        sa.Column("finished_at", tuition.db.UTCDateTime(), nullable=True),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done')",
            name=op.f("ck_enrollment_imports_enrollment_import_status"),
        ),
        sa.CheckConstraint(
            "done <= total", name=op.f("ck_enrollment_imports_import_done_within_total")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_enrollment_imports_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment_imports")),
    )
    with op.batch_alter_table("enrollment_imports") as batch_op:
        batch_op.create_index(
            "ix_enrollment_imports_tenant_created", ["tenant_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_enrollment_imports_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("enrollment_imports") as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrollment_imports_tenant_id"))
        batch_op.drop_index("ix_enrollment_imports_tenant_created")
    op.drop_table("enrollment_imports")
    with op.batch_alter_table("students") as batch_op:
        batch_op.drop_column("name")
    with op.batch_alter_table("enrollments") as batch_op:
        batch_op.drop_column("external_reference")
        batch_op.drop_column("counts_seat")
