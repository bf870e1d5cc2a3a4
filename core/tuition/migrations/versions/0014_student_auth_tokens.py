"""Built-in auth: refresh tokens (hashed, rotated), students.email_verified, token_version

Students who signed up before this revision are unverified; their token version starts at 0,
so their existing access tokens (which carry no version) keep working until they expire.

Revision ID: 0014_student_auth_tokens
Revises: 0013_student_sign_in_method
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tuition.db

revision = "0014_student_auth_tokens"
down_revision = "0013_student_sign_in_method"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("students") as batch_op:
        batch_op.add_column(
            sa.Column("email_verified", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("token_version", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("student_id", sa.String(length=32), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("expires_at", tuition.db.UTCDateTime(), nullable=False),
        sa.Column("used_at", tuition.db.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", tuition.db.UTCDateTime(), nullable=True),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["student_id"], ["students.id"],
                                name=op.f("fk_refresh_tokens_student_id_students"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_refresh_tokens_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    with op.batch_alter_table("refresh_tokens") as batch_op:
        batch_op.create_index("ix_refresh_tokens_student_family", ["student_id", "family"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_refresh_tokens_tenant_id"), ["tenant_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("refresh_tokens") as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_tenant_id"))
        batch_op.drop_index("ix_refresh_tokens_student_family")
    op.drop_table("refresh_tokens")
    with op.batch_alter_table("students") as batch_op:
        batch_op.drop_column("token_version")
        batch_op.drop_column("email_verified")
