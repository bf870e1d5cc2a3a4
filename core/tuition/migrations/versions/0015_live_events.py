"""live_events: each student's recent events, for the live streams (Last-Event-ID resume)

Revision ID: 0015_live_events
Revises: 0014_student_auth_tokens
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import tuition.db

revision = "0015_live_events"
down_revision = "0014_student_auth_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("student_id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=True),
        sa.Column("enrollment_id", sa.String(length=32), nullable=True),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_live_events_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_events")),
    )
    with op.batch_alter_table("live_events") as batch_op:
        batch_op.create_index(
            "ix_live_events_student", ["tenant_id", "student_id", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_live_events_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_live_events_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("live_events") as batch_op:
        batch_op.drop_index(batch_op.f("ix_live_events_created_at"))
        batch_op.drop_index(batch_op.f("ix_live_events_tenant_id"))
        batch_op.drop_index("ix_live_events_student")
    op.drop_table("live_events")
