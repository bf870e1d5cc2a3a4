"""The dummy provider's own ledger: what a real provider would keep on its side."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, TenantScoped, utcnow


class DummyPayment(TenantScoped, Base):
    """One checkout at the dummy provider."""

    __tablename__ = "dummy_payments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    order_id: Mapped[str] = mapped_column(String(32), unique=True)
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|paid|declined
    refunded_amount: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DummySchedule(TenantScoped, Base):
    """A schedule of charges at the dummy provider (a subscription with a fixed number of
    cycles, or renewed until canceled), started when the buyer pays its first charge (the
    order)."""

    __tablename__ = "dummy_schedules"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    order_id: Mapped[str] = mapped_column(String(32), unique=True)
    #: None: open-ended, charged every period until canceled.
    count: Mapped[int | None]
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    interval: Mapped[str] = mapped_column(String(8))
    interval_count: Mapped[int] = mapped_column(default=1)
    #: Charges captured so far, the first (the order's payment) included.
    charged: Mapped[int] = mapped_column(default=1)
    #: active | past_due (the last charge declined: waits for a retry) | canceled |
    #: completed
    status: Mapped[str] = mapped_column(String(16), default="active")
    #: When the next charge is due, on the tenant's test clock.
    next_charge_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DummyCharge(TenantScoped, Base):
    """One later charge of a schedule (installment 2, 3, …), paid or declined; or a
    one-off charge of its payment method (``charge_now``: ``installment`` 0)."""

    __tablename__ = "dummy_charges"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(String(32), index=True)
    installment: Mapped[int]
    attempt: Mapped[int] = mapped_column(default=1)
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))  # paid | declined
    #: Given back by ``refund_charge``.
    refunded_amount: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Whether its webhook went out (withheld ones wait for a late delivery).
    delivered: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DummyClock(TenantScoped, Base):
    """The tenant's test clock: how far the dummy's time runs ahead of the real one."""

    __tablename__ = "dummy_clocks"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    offset_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
