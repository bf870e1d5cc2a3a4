"""The plugin's tables: subscriptions, their charges, and the enrollments they granted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, TenantScoped, new_id, utcnow

STATUSES = (
    "pending",  # the first charge's checkout is open
    "trialing",  # a free trial: access granted, the first period charged at its end
    "active",  # paid for the current period
    "past_due",  # a renewal failed: grace, access kept
    "paused",  # past the grace days: access paused until a renewal is paid
    "canceled",  # over: the granted enrollments ended
    "void",  # the first charge was never paid
)
GRANT_STATUSES = ("active", "paused", "ended")
CHARGE_STATUSES = ("paid", "failed")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Subscription(TenantScoped, Base):
    """A student's membership: the plan course's enrollment, paid by ``order_id``'s
    open-ended schedule (``amount`` every ``interval_count`` ``interval``\\s)."""

    __tablename__ = "membership_subscriptions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("sub"))
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    #: The plan: a course with pricing model ``subscription``.
    course_id: Mapped[str] = mapped_column(String(32))
    enrollment_id: Mapped[str] = mapped_column(String(32), unique=True)
    order_id: Mapped[str] = mapped_column(String(32), unique=True)
    provider: Mapped[str] = mapped_column(String(64))
    #: Charged every period (the gross when a tax plugin taxes it).
    amount: Mapped[int]
    #: The tax in ``amount`` (the taxes plugin's; 0 untaxed).
    tax_amount: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3))
    interval: Mapped[str] = mapped_column(String(8))
    interval_count: Mapped[int] = mapped_column(default=1)
    #: A free trial from ``started_at``: charge 2 (the first period) falls due at its end.
    trial_days: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    #: The periods paid: the highest charge number paid (1 = the checkout's; the trial
    #: when there is one).
    paid_periods: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    #: When the earliest unpaid renewal failed (grace and deadline run from it).
    failed_at: Mapped[datetime | None] = mapped_column(default=None)
    cancel_at_period_end: Mapped[bool] = mapped_column(default=False)
    canceled_at: Mapped[datetime | None] = mapped_column(default=None)
    #: Who or what ended it (``student``, ``admin``, ``provider``, ``deadline``, …).
    close_reason: Mapped[str | None] = mapped_column(String(64), default=None)
    #: Given back by an admin's cancel with a prorated refund.
    refunded_amount: Mapped[int] = mapped_column(default=0)
    #: The tax those refunds gave back (in proportion to the period's tax).
    tax_refunded_amount: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint("amount > 0", name="subscription_positive"),
        CheckConstraint(_one_of("status", STATUSES), name="subscription_status"),
    )


class SubscriptionCharge(TenantScoped, Base):
    """One charge of a subscription's schedule (``seq`` 1 = the checkout's), applied once:
    a charge number is inserted once and only ever goes from ``failed`` to ``paid``."""

    __tablename__ = "membership_charges"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("sch"))
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("membership_subscriptions.id", ondelete="CASCADE")
    )
    seq: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int]
    #: The tax in ``amount`` (0 untaxed).
    tax_amount: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=1)
    payment_id: Mapped[str | None] = mapped_column(String(255), default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("subscription_id", "seq"),
        CheckConstraint(_one_of("status", CHARGE_STATUSES), name="charge_status"),
    )


class Grant(TenantScoped, Base):
    """An enrollment a subscription granted (a covered course at price 0)."""

    __tablename__ = "membership_grants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("sgr"))
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("membership_subscriptions.id", ondelete="CASCADE"), index=True
    )
    enrollment_id: Mapped[str] = mapped_column(String(32), unique=True)
    student_id: Mapped[str] = mapped_column(String(32))
    course_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint(_one_of("status", GRANT_STATUSES), name="grant_status"),)


CHANGE_KINDS = ("upgrade", "downgrade")
CHANGE_STATUSES = (
    "pending",  # an upgrade waiting for its prorated charge (a job)
    "scheduled",  # a downgrade waiting for the period's end
    "applied",
    "canceled",  # taken back by the member, or the subscription ended first
    "failed",  # the prorated charge was declined
)


class PlanChange(TenantScoped, Base):
    """A change of a subscription's plan: an upgrade applied once its prorated difference
    (``proration``) is charged, or a downgrade applied from the renewal of ``period``."""

    __tablename__ = "membership_plan_changes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("spc"))
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("membership_subscriptions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    from_course_id: Mapped[str] = mapped_column(String(32))
    to_course_id: Mapped[str] = mapped_column(String(32))
    from_amount: Mapped[int]
    to_amount: Mapped[int]
    #: The tax in ``to_amount`` (the new plan's price taxed for the buyer as a renewal).
    to_tax_amount: Mapped[int] = mapped_column(default=0)
    #: The prorated difference charged now (an upgrade), minor units.
    proration: Mapped[int] = mapped_column(default=0)
    #: The tax in ``proration`` (the new plan's, in proportion).
    proration_tax: Mapped[int] = mapped_column(default=0)
    payment_id: Mapped[str | None] = mapped_column(String(255), default=None)
    #: The period it was asked in (an upgrade) or takes effect from (a downgrade).
    period: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        CheckConstraint(_one_of("kind", CHANGE_KINDS), name="plan_change_kind"),
        CheckConstraint(_one_of("status", CHANGE_STATUSES), name="plan_change_status"),
        CheckConstraint("proration >= 0", name="plan_change_proration"),
    )
