"""The student's data: students.erased_at, tenants.retention, student_exports

Revision ID: 0019_student_erasure
Revises: 0018_staff_accounts
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import tuition.db

revision = "0019_student_erasure"
down_revision = "0018_staff_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("students") as batch_op:
        batch_op.add_column(sa.Column("erased_at", tuition.db.UTCDateTime(), nullable=True))
    with op.batch_alter_table("tenants") as batch_op:
        batch_op.add_column(
            sa.Column(
                "retention",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )
    op.create_table(
        "student_exports",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=False),
        sa.Column("requested_by", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("created_at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("ready_at", tuition.db.UTCDateTime(), nullable=True),
        sa.Column("expires_at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'ready', 'failed')", name=op.f("ck_student_exports_export_status")
        ),
        sa.CheckConstraint(
            "requested_by IN ('student', 'admin')", name=op.f("ck_student_exports_export_requester")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_student_exports_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_student_exports_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_exports")),
    )
    with op.batch_alter_table("student_exports") as batch_op:
        batch_op.create_index(
            "ix_student_exports_student", ["tenant_id", "student_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_student_exports_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_student_exports_expires_at"), ["expires_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("student_exports") as batch_op:
        batch_op.drop_index(batch_op.f("ix_student_exports_expires_at"))
        batch_op.drop_index(batch_op.f("ix_student_exports_tenant_id"))
        batch_op.drop_index("ix_student_exports_student")
    op.drop_table("student_exports")
    with op.batch_alter_table("tenants") as batch_op:
        batch_op.drop_column("retention")
    with op.batch_alter_table("students") as batch_op:
        batch_op.drop_column("erased_at")
