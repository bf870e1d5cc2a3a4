"""email_sent_mails: resends (status ``queued``, ``resent_from``)

Staff resend a mail (``POST /v1/admin/mails/<id>/resend``): a new row, ``queued`` until
its job sends it, naming the mail it sends again.

Revision ID: 0002_mail_resends
Revises: 0001_email_notifications
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_mail_resends"
down_revision = "0001_email_notifications"
branch_labels = None
depends_on = None

NAME = "ck_email_sent_mails_sent_mail_status"
BEFORE = "status IN ('sending', 'sent', 'failed', 'opted_out', 'no_recipient')"
AFTER = "status IN ('queued', 'sending', 'sent', 'failed', 'opted_out', 'no_recipient')"


def upgrade() -> None:
    with op.batch_alter_table("email_sent_mails") as batch_op:
        batch_op.add_column(sa.Column("resent_from", sa.String(length=32), nullable=True))
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), AFTER)


def downgrade() -> None:
    op.execute(
        "UPDATE email_sent_mails SET status = 'failed', last_error = 'resend withdrawn', "
        "next_attempt_at = NULL WHERE status = 'queued'"
    )
    with op.batch_alter_table("email_sent_mails") as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), BEFORE)
        batch_op.drop_column("resent_from")
