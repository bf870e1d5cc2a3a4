"""dummy provider schedules, their charges and the test clock

Revision ID: 0002_dummy_schedules
Revises: 0001_dummy
Create Date: 2026-12-07
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

import tuition.plugin_api.tables

revision = "0002_dummy_schedules"
down_revision = "0001_dummy"
branch_labels = None
depends_on = None


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


def upgrade() -> None:
    op.create_table(
        "dummy_schedules",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("interval", sa.String(length=8), nullable=False),
        sa.Column("interval_count", sa.Integer(), nullable=False),
        sa.Column("charged", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("next_charge_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        sa.Column("created_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        *_tenant("dummy_schedules"),
        sa.UniqueConstraint("order_id", name=op.f("uq_dummy_schedules_order_id")),
    )
    op.create_table(
        "dummy_charges",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("installment", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        sa.Column("created_at", tuition.plugin_api.tables.UTCDateTime(), nullable=False),
        *_tenant("dummy_charges"),
    )
    op.create_table(
        "dummy_clocks",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("offset_seconds", sa.BigInteger(), nullable=False),
        *_tenant("dummy_clocks"),
    )
    for table in ("dummy_schedules", "dummy_charges", "dummy_clocks"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_tenant_id"), ["tenant_id"], unique=False)
    with op.batch_alter_table("dummy_charges") as batch_op:
        batch_op.create_index(batch_op.f("ix_dummy_charges_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    for table in ("dummy_clocks", "dummy_charges", "dummy_schedules"):
        op.drop_table(table)
