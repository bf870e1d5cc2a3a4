"""idempotency_keys: one Idempotency-Key table for every unsafe request, per credential;
orders.refund_started_at: the lease that makes refunds of one order one at a time

Revision ID: 0007_idempotency_keys
Revises: 0006_orders_enrollment
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from tuition.db import JSONType, UTCDateTime

revision = "0007_idempotency_keys"
down_revision = "0006_orders_enrollment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("idempotency_records")
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("credential", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("headers", JSONType, nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("credential", "key", name=op.f("uq_idempotency_keys_credential_key")),
    )
    op.create_index(op.f("ix_idempotency_keys_created_at"), "idempotency_keys", ["created_at"])
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("refund_started_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("refund_started_at")
    op.drop_index(op.f("ix_idempotency_keys_created_at"), table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body", JSONType, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_idempotency_records_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_records")),
        sa.UniqueConstraint("tenant_id", "scope", "key",
                            name=op.f("uq_idempotency_records_tenant_id_scope_key")),
    )
    op.create_index(op.f("ix_idempotency_records_tenant_id"), "idempotency_records",
                    ["tenant_id"])
