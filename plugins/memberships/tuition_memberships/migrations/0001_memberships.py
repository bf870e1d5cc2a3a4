"""membership subscriptions, their charges and the enrollments they granted

Revision ID: 0001_memberships
Revises:
Create Date: 2026-12-07
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0001_memberships"
down_revision = None
branch_labels = ("memberships",)
depends_on = "0022_payment_schedules"

DateTime = tuition.plugin_api.tables.UTCDateTime


def _tenant(table: str) -> list[Any]:
    return [
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f(f"fk_{table}_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _parent(table: str) -> Any:
    return sa.ForeignKeyConstraint(
        ["subscription_id"],
        ["membership_subscriptions.id"],
        name=op.f(f"fk_{table}_subscription_id_membership_subscriptions"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "membership_subscriptions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("enrollment_id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("interval", sa.String(length=8), nullable=False),
        sa.Column("interval_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("paid_periods", sa.Integer(), nullable=False),
        sa.Column("started_at", DateTime(), nullable=True),
        sa.Column("failed_at", DateTime(), nullable=True),
        sa.Column("cancel_at_period_end", sa.Boolean(), nullable=False),
        sa.Column("canceled_at", DateTime(), nullable=True),
        sa.Column("close_reason", sa.String(length=64), nullable=True),
        sa.Column("refunded_amount", sa.Integer(), nullable=False),
        sa.Column("created_at", DateTime(), nullable=False),
        sa.Column("updated_at", DateTime(), nullable=False),
        *_tenant("membership_subscriptions"),
        sa.CheckConstraint(
            "amount > 0", name=op.f("ck_membership_subscriptions_subscription_positive")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'active', 'past_due', 'paused', 'canceled', 'void')",
            name=op.f("ck_membership_subscriptions_subscription_status"),
        ),
        sa.UniqueConstraint(
            "enrollment_id", name=op.f("uq_membership_subscriptions_enrollment_id")
        ),
        sa.UniqueConstraint("order_id", name=op.f("uq_membership_subscriptions_order_id")),
    )
    op.create_table(
        "membership_charges",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("subscription_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.String(length=255), nullable=True),
        sa.Column("at", DateTime(), nullable=False),
        *_tenant("membership_charges"),
        _parent("membership_charges"),
        sa.CheckConstraint(
            "status IN ('paid', 'failed')", name=op.f("ck_membership_charges_charge_status")
        ),
        sa.UniqueConstraint(
            "subscription_id", "seq", name=op.f("uq_membership_charges_subscription_id_seq")
        ),
    )
    op.create_table(
        "membership_grants",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("subscription_id", sa.String(length=32), nullable=False),
        sa.Column("enrollment_id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", DateTime(), nullable=False),
        *_tenant("membership_grants"),
        _parent("membership_grants"),
        sa.CheckConstraint(
            "status IN ('active', 'paused', 'ended')",
            name=op.f("ck_membership_grants_grant_status"),
        ),
        sa.UniqueConstraint("enrollment_id", name=op.f("uq_membership_grants_enrollment_id")),
    )
    for table in ("membership_subscriptions", "membership_charges", "membership_grants"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_tenant_id"), ["tenant_id"])
    with op.batch_alter_table("membership_subscriptions") as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_subscriptions_student_id"), ["student_id"])
    with op.batch_alter_table("membership_grants") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_membership_grants_subscription_id"), ["subscription_id"]
        )


def downgrade() -> None:
    op.drop_table("membership_grants")
    op.drop_table("membership_charges")
    op.drop_table("membership_subscriptions")
