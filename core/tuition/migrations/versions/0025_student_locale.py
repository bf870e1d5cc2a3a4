"""students.locale: the student's language (a BCP 47 tag), optional

Revision ID: 0025_student_locale
Revises: 0024_tenant_suspension
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_student_locale"
down_revision = "0024_tenant_suspension"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("students") as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=35), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("students") as batch_op:
        batch_op.drop_column("locale")
