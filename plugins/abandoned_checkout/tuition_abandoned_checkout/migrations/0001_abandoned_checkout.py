"""checkout reminders

Revision ID: 0001_abandoned_checkout
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0001_abandoned_checkout"
down_revision = None
branch_labels = ("abandoned_checkout",)
depends_on = "0002_payments"


def upgrade() -> None:
    op.create_table(
        "checkout_reminders",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reminded_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("recovered_order_id", sa.String(length=32), nullable=True),
        sa.Column("recovered_at", tuition.plugin_api.tables.UTCDateTime(), nullable=True),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_checkout_reminders_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_checkout_reminders_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_checkout_reminders_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_checkout_reminders_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkout_reminders")),
        sa.UniqueConstraint("order_id", name=op.f("uq_checkout_reminders_order_id")),
    )
    with op.batch_alter_table("checkout_reminders") as batch_op:
        batch_op.create_index(
            "ix_checkout_reminders_student_course",
            ["tenant_id", "student_id", "course_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_checkout_reminders_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("checkout_reminders") as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkout_reminders_tenant_id"))
        batch_op.drop_index("ix_checkout_reminders_student_course")
    op.drop_table("checkout_reminders")
