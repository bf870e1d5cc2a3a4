"""Staff accounts: staff_members (role, argon2 password, TOTP) and staff_sessions (hashed)

Revision ID: 0018_staff_accounts
Revises: 0015_live_events
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tuition.db

revision = "0018_staff_accounts"
down_revision = "0017_enrollment_imports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_members",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("totp_secret", sa.String(length=255), nullable=True),
        sa.Column("totp_enabled", sa.Boolean(), nullable=False),
        sa.Column("totp_last_step", sa.BigInteger(), nullable=True),
        sa.Column("invited_by", sa.String(length=100), nullable=True),
        sa.Column("invited_at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("accepted_at", tuition.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "role IN ('support', 'manager', 'owner')", name=op.f("ck_staff_members_staff_role")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_staff_members_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_members")),
        sa.UniqueConstraint("tenant_id", "email", name=op.f("uq_staff_members_tenant_id_email")),
    )
    with op.batch_alter_table("staff_members") as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_members_tenant_id"), ["tenant_id"], unique=False)
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=255), nullable=True),
        sa.Column("created_at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", tuition.db.UTCDateTime(), nullable=True),
        sa.Column("expires_at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", tuition.db.UTCDateTime(), nullable=True),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_members.id"],
            name=op.f("fk_staff_sessions_staff_id_staff_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_staff_sessions_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_sessions_token_hash")),
    )
    with op.batch_alter_table("staff_sessions") as batch_op:
        batch_op.create_index("ix_staff_sessions_staff", ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_sessions_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("staff_sessions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_sessions_tenant_id"))
        batch_op.drop_index("ix_staff_sessions_staff")
    op.drop_table("staff_sessions")
    with op.batch_alter_table("staff_members") as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_members_tenant_id"))
    op.drop_table("staff_members")
