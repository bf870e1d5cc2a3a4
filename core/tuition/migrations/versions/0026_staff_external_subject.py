"""staff_members.external_subject: the identity provider's subject a member accepted with

Revision ID: 0026_staff_external_subject
Revises: 0025_student_locale
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0026_staff_external_subject"
down_revision = "0025_student_locale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_members") as batch_op:
        batch_op.add_column(sa.Column("external_subject", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(
            op.f("uq_staff_members_tenant_id_external_subject"),
            ["tenant_id", "external_subject"],
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_members") as batch_op:
        batch_op.drop_constraint(
            op.f("uq_staff_members_tenant_id_external_subject"), type_="unique"
        )
        batch_op.drop_column("external_subject")
