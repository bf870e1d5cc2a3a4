"""membership subscriptions may start with a free trial (status trialing, trial_days)

Revision ID: 0003_membership_trials
Revises: 0002_membership_tax
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_membership_trials"
down_revision = "0002_membership_tax"
branch_labels = None
depends_on = None

NAME = "ck_membership_subscriptions_subscription_status"
_OLD = "('pending', 'active', 'past_due', 'paused', 'canceled', 'void')"
_NEW = "('pending', 'trialing', 'active', 'past_due', 'paused', 'canceled', 'void')"


def _status(values: str) -> None:
    with op.batch_alter_table("membership_subscriptions") as batch_op:
        # op.f inside the call: the module is also read outside a migration run.
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), f"status IN {values}")


def upgrade() -> None:
    with op.batch_alter_table("membership_subscriptions") as batch_op:
        batch_op.add_column(
            sa.Column("trial_days", sa.Integer(), nullable=False, server_default="0")
        )
    _status(_NEW)


def downgrade() -> None:
    op.execute("UPDATE membership_subscriptions SET status = 'active' WHERE status = 'trialing'")
    _status(_OLD)
    with op.batch_alter_table("membership_subscriptions") as batch_op:
        batch_op.drop_column("trial_days")
