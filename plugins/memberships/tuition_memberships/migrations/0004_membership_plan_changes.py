"""membership plan changes: upgrades charged prorated now, downgrades at the renewal

Revision ID: 0004_membership_plan_changes
Revises: 0003_membership_trials
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0004_membership_plan_changes"
down_revision = "0003_membership_trials"
branch_labels = None
depends_on = None

DateTime = tuition.plugin_api.tables.UTCDateTime
TABLE = "membership_plan_changes"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("subscription_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("from_course_id", sa.String(length=32), nullable=False),
        sa.Column("to_course_id", sa.String(length=32), nullable=False),
        sa.Column("from_amount", sa.Integer(), nullable=False),
        sa.Column("to_amount", sa.Integer(), nullable=False),
        sa.Column("proration", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.String(length=255), nullable=True),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("created_at", DateTime(), nullable=False),
        sa.Column("applied_at", DateTime(), nullable=True),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f(f"fk_{TABLE}_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["membership_subscriptions.id"],
            name=op.f(f"fk_{TABLE}_subscription_id_membership_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.CheckConstraint(
            "kind IN ('upgrade', 'downgrade')", name=op.f(f"ck_{TABLE}_plan_change_kind")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'scheduled', 'applied', 'canceled', 'failed')",
            name=op.f(f"ck_{TABLE}_plan_change_status"),
        ),
        sa.CheckConstraint("proration >= 0", name=op.f(f"ck_{TABLE}_plan_change_proration")),
    )
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{TABLE}_tenant_id"), ["tenant_id"])
        batch_op.create_index(batch_op.f(f"ix_{TABLE}_subscription_id"), ["subscription_id"])


def downgrade() -> None:
    op.drop_table(TABLE)
