"""audit log and funnel events

Revision ID: 0004_audit_funnel
Revises: 0003_completed
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

import tuition.db

revision = "0004_audit_funnel"
down_revision = "0003_completed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("before", tuition.db.JSONType, nullable=True),
        sa.Column("after", tuition.db.JSONType, nullable=True),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_audit_log_tenant_id_tenants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.create_index("ix_audit_log_object", ["tenant_id", "object_type", "object_id"],
                              unique=False)
        batch_op.create_index("ix_audit_log_tenant_at", ["tenant_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_tenant_id"), ["tenant_id"],
                              unique=False)
    op.create_table(
        "funnel_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=True),
        sa.Column("at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint("kind IN ('view', 'enroll_click')",
                           name=op.f("ck_funnel_events_funnel_event_kind")),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"],
                                name=op.f("fk_funnel_events_course_id_courses"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_funnel_events_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funnel_events")),
    )
    with op.batch_alter_table("funnel_events") as batch_op:
        batch_op.create_index("ix_funnel_events_tenant_at", ["tenant_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_funnel_events_tenant_id"), ["tenant_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("funnel_events") as batch_op:
        batch_op.drop_index(batch_op.f("ix_funnel_events_tenant_id"))
        batch_op.drop_index("ix_funnel_events_tenant_at")
    op.drop_table("funnel_events")
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_tenant_id"))
        batch_op.drop_index("ix_audit_log_tenant_at")
        batch_op.drop_index("ix_audit_log_object")
    op.drop_table("audit_log")
