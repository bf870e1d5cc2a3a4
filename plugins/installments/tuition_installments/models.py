"""The plugin's tables: payment plans and their installments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tuition.plugin_api import Base, TenantScoped, new_id, utcnow

PLAN_STATUSES = (
    "pending",  # the first charge's checkout is open
    "active",  # paid as scheduled
    "past_due",  # an installment failed: grace, access kept
    "overdue",  # past the grace days: access paused (enroll state payment_overdue)
    "completed",  # every installment paid or waived
    "paid_off",  # the balance was paid at once (early): the schedule stopped
    "canceled",  # the rest canceled (by the student, the site owner or the provider)
    "ended",  # unpaid past the final deadline: the enrollment ended
    "void",  # the first charge was never paid (checkout expired or failed)
)
INSTALLMENT_STATUSES = ("scheduled", "paid", "failed", "waived", "canceled")
REFUND_REASONS = (
    "admin",  # the site owner gave one installment back
    "after_close",  # charged after the plan was closed (canceled, ended, paid off, …)
    "duplicate",  # an installment charged again under another payment
    "pay_off_excess",  # the pay-off charged an installment the schedule charged meanwhile
)
REFUND_STATUSES = ("pending", "succeeded", "failed")
PAY_OFF_STATUSES = (
    "pending",  # recorded before the provider was asked to charge (its answer not applied)
    "applied",  # the charge was applied (by the request, or by the charge's webhook)
    "declined",  # the charge was declined or refused: nothing was taken
)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class PaymentPlan(TenantScoped, Base):
    """A student's plan for one enrollment: ``count`` charges of ``amount`` every
    ``interval_count`` ``interval``\\s, the first paid by ``order_id`` (core's order,
    whose checkout started the provider's schedule)."""

    __tablename__ = "payment_plans"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("ppl"))
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    course_id: Mapped[str] = mapped_column(String(32))
    enrollment_id: Mapped[str] = mapped_column(String(32), unique=True)
    order_id: Mapped[str] = mapped_column(String(32), unique=True)
    provider: Mapped[str] = mapped_column(String(64))
    count: Mapped[int]
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    interval: Mapped[str] = mapped_column(String(8))
    interval_count: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    #: When the earliest installment still unpaid failed (grace and deadline run from it).
    failed_at: Mapped[datetime | None] = mapped_column(default=None)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    #: Who closed it and why (``student``, ``admin``, ``provider``, ``deadline``, …).
    close_reason: Mapped[str | None] = mapped_column(String(64), default=None)
    #: The last pay-off asked for, recorded (committed) before the provider charges, so
    #: the charge's own webhook, if it comes first, completes the pay-off: its
    #: ``charge_now`` key, the amount asked, who asked, its status (``PAY_OFF_STATUSES``)
    #: and the payment that paid it.
    pay_off_key: Mapped[str | None] = mapped_column(String(300), default=None)
    pay_off_amount: Mapped[int | None] = mapped_column(default=None)
    pay_off_by: Mapped[str | None] = mapped_column(String(64), default=None)
    pay_off_status: Mapped[str | None] = mapped_column(String(16), default=None)
    pay_off_payment_id: Mapped[str | None] = mapped_column(String(255), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    installments: Mapped[list[PlanInstallment]] = relationship(
        back_populates="plan", order_by="PlanInstallment.seq", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("count >= 1 AND amount > 0", name="plan_positive"),
        CheckConstraint(_one_of("status", PLAN_STATUSES), name="plan_status"),
        CheckConstraint(
            f"pay_off_status IS NULL OR {_one_of('pay_off_status', PAY_OFF_STATUSES)}",
            name="plan_pay_off_status",
        ),
    )


class PlanInstallment(TenantScoped, Base):
    """One charge of a plan; changed only by conditional UPDATEs (from ``scheduled`` or
    ``failed``), so each is applied once however the provider's events arrive."""

    __tablename__ = "plan_installments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("pin"))
    plan_id: Mapped[str] = mapped_column(ForeignKey("payment_plans.id", ondelete="CASCADE"))
    seq: Mapped[int]
    #: What it charges (the gross when a tax plugin taxes the plan).
    amount: Mapped[int]
    #: The tax in ``amount`` (the taxes plugin's, at the plan's rate; 0 untaxed).
    tax_amount: Mapped[int] = mapped_column(default=0)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    attempts: Mapped[int] = mapped_column(default=0)
    paid_amount: Mapped[int | None] = mapped_column(default=None)
    payment_id: Mapped[str | None] = mapped_column(String(255), default=None)
    paid_at: Mapped[datetime | None] = mapped_column(default=None)
    failed_at: Mapped[datetime | None] = mapped_column(default=None)
    #: When ``payment_plan.installment_upcoming`` was emitted for it (once per installment).
    reminded_at: Mapped[datetime | None] = mapped_column(default=None)

    plan: Mapped[PaymentPlan] = relationship(back_populates="installments")

    __table_args__ = (
        UniqueConstraint("plan_id", "seq"),
        CheckConstraint(_one_of("status", INSTALLMENT_STATUSES), name="installment_status"),
    )


class PlanRefund(TenantScoped, Base):
    """Money of a plan given back: one installment (by the site owner) or a charge that
    was not owed (after the plan closed, charged twice). ``key`` is unique per plan
    (``installment:<n>``, ``charge:<payment id>``), so each is refunded once however
    often its event or request arrives; the provider is called in a job after the
    commit, which sets ``status``."""

    __tablename__ = "plan_refunds"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("prf"))
    plan_id: Mapped[str] = mapped_column(ForeignKey("payment_plans.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(300))
    #: The installment it gives back (None: a charge the plan never counted).
    seq: Mapped[int | None] = mapped_column(default=None)
    payment_id: Mapped[str | None] = mapped_column(String(255), default=None)
    amount: Mapped[int]
    #: The part of ``amount`` that is tax, in the order's proportion (0 without tax).
    tax_amount: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    refund_id: Mapped[str | None] = mapped_column(String(255), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("plan_id", "key"),
        CheckConstraint("amount > 0", name="refund_positive"),
        CheckConstraint(_one_of("reason", REFUND_REASONS), name="refund_reason"),
        CheckConstraint(_one_of("status", REFUND_STATUSES), name="refund_status"),
    )
