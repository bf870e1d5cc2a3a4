"""students.sign_in_method: how the student first signed in (password, email, Google, ...)

Students with a password signed up with Tuition's own signup (``password``); those first
seen through an identity provider before this revision stay unknown (NULL).

Revision ID: 0013_student_sign_in_method
Revises: 0012_order_checkout_pending
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_student_sign_in_method"
down_revision = "0012_order_checkout_pending"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("students") as batch_op:
        batch_op.add_column(sa.Column("sign_in_method", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE students SET sign_in_method = 'password' WHERE password_hash IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("students") as batch_op:
        batch_op.drop_column("sign_in_method")
