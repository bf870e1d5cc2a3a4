"""bundle grants: what a bundle's enrollment holds of each member course

Revision ID: 0001_bundles
Revises:
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0001_bundles"
down_revision = None
branch_labels = ("bundles",)
depends_on = "0003_completed"


def upgrade() -> None:
    op.create_table(
        "bundle_grants",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("bundle_enrollment_id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("member_enrollment_id", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("counts_seat", sa.Boolean(), nullable=False),
        sa.Column("created_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("updated_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "state IN ('held', 'released', 'owned', 'enrolled', 'ended')",
            name=op.f("ck_bundle_grants_grant_state"),
        ),
        sa.ForeignKeyConstraint(
            ["bundle_enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_bundle_grants_bundle_enrollment_id_enrollments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_bundle_grants_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_bundle_grants_member_enrollment_id_enrollments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_bundle_grants_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_bundle_grants_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bundle_grants")),
        sa.UniqueConstraint(
            "bundle_enrollment_id",
            "course_id",
            name=op.f("uq_bundle_grants_bundle_enrollment_id_course_id"),
        ),
    )
    with op.batch_alter_table("bundle_grants") as batch_op:
        batch_op.create_index("ix_bundle_grants_member", ["tenant_id", "member_enrollment_id"])
        batch_op.create_index(batch_op.f("ix_bundle_grants_tenant_id"), ["tenant_id"])


def downgrade() -> None:
    op.drop_table("bundle_grants")
