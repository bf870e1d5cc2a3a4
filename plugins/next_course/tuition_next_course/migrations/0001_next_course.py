"""next course offers

Revision ID: 0001_next_course
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0001_next_course"
down_revision = None
branch_labels = ("next_course",)
depends_on = "0003_completed"


def upgrade() -> None:
    op.create_table(
        "next_course_offers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("from_course_id", sa.String(length=32), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=True),
        sa.Column("price_amount", sa.Integer(), nullable=True),
        sa.Column("price_currency", sa.String(length=3), nullable=True),
        sa.Column("created_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_next_course_offers_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_course_id"],
            ["courses.id"],
            name=op.f("fk_next_course_offers_from_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_next_course_offers_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_next_course_offers_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_next_course_offers")),
        sa.UniqueConstraint(
            "tenant_id",
            "student_id",
            "course_id",
            "from_course_id",
            "trigger",
            name=op.f(
                "uq_next_course_offers_tenant_id_student_id_course_id_from_course_id_trigger"
            ),
        ),
    )
    with op.batch_alter_table("next_course_offers") as batch_op:
        batch_op.create_index(
            "ix_next_course_offers_student", ["tenant_id", "student_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_next_course_offers_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("next_course_offers") as batch_op:
        batch_op.drop_index(batch_op.f("ix_next_course_offers_tenant_id"))
        batch_op.drop_index("ix_next_course_offers_student")
    op.drop_table("next_course_offers")
