"""enrollment_imports: status ``failed`` and ``last_error``

An import whose job fails for good (its attempts used up) is marked ``failed`` with the
error, instead of staying ``running`` for ever; running it again resumes it.

Revision ID: 0020_import_failed
Revises: 0019_student_erasure
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_import_failed"
down_revision = "0019_student_erasure"
branch_labels = None
depends_on = None

NAME = "ck_enrollment_imports_enrollment_import_status"
BEFORE = "status IN ('queued', 'running', 'done')"
AFTER = "status IN ('queued', 'running', 'done', 'failed')"


def upgrade() -> None:
    with op.batch_alter_table("enrollment_imports") as batch_op:
        batch_op.add_column(sa.Column("last_error", sa.String(length=500), nullable=True))
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), AFTER)


def downgrade() -> None:
    op.execute("UPDATE enrollment_imports SET status = 'running' WHERE status = 'failed'")
    with op.batch_alter_table("enrollment_imports") as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), BEFORE)
        batch_op.drop_column("last_error")
