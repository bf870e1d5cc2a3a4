"""The overview report over time: per day (or ISO week) sign-ups, checkouts started, paid
orders, revenue per currency, activated enrollments and conversion, computed in SQL.

Buckets are UTC days (``YYYY-MM-DD``) or weeks named by their Monday; every bucket of
``[since, until)`` is answered, empty ones with zeros, so a chart needs no gap filling.

* ``signups``: students created in the bucket;
* ``views`` and ``enroll_clicks``: the funnel's first steps (course pages shown, enrollment
  attempts, refused ones included), as the funnel report counts them;
* ``checkouts_started``: orders created in the bucket; ``paid_orders``: of those, the ones
  paid (refunded ones included: they were paid);
* ``revenue``: of the orders paid *in* the bucket (``paid_at``), the amounts per currency
  (integer minor units), refunds not deducted;
* ``enrollments``: enrollments activated in the bucket (free and paid);
* ``conversion``: ``paid_orders / checkouts_started`` (None without a checkout).

Also :func:`attention`: what needs someone's look now (orders stuck at the provider,
refunds left unfinished, payment events whose processing failed).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, Date, cast, func, select
from sqlalchemy.orm import Session

from tuition.models import Enrollment, FunnelEvent, Order, OrderStatus, PaymentEvent, Student
from tuition.services.orders import REFUND_LEASE

Interval = Literal["day", "week"]
INTERVALS: tuple[Interval, ...] = ("day", "week")
#: The most buckets one report answers (a year of days, or ten years of weeks).
MAX_BUCKETS = 520
PAID = (OrderStatus.PAID, OrderStatus.REFUNDED, OrderStatus.PARTIALLY_REFUNDED)
#: An order left in ``checkout_pending`` longer than this is stuck (the checkout was never
#: created: the sweep releases it).
STUCK_AFTER = timedelta(minutes=30)


def longest(interval: Interval) -> timedelta:
    """The longest period one report covers at ``interval``."""
    return timedelta(days=(7 if interval == "week" else 1) * (MAX_BUCKETS - 1))


def bucket_start(day: date, interval: Interval) -> date:
    """The first day of the bucket holding ``day``."""
    return day - timedelta(days=day.weekday()) if interval == "week" else day


def buckets(since: datetime, until: datetime, interval: Interval) -> list[date]:
    """Every bucket from the one holding ``since`` to the one holding the last instant
    before ``until``."""
    step = timedelta(days=7 if interval == "week" else 1)
    first = bucket_start(since.date(), interval)
    last = bucket_start((until - timedelta(microseconds=1)).date(), interval)
    # Never past ``last`` (no date overflow near the calendar's end).
    return [first + step * i for i in range((last - first) // step + 1)]


def _bucket(session: Session, column: Any, interval: Interval) -> ColumnElement[Any]:
    """The SQL expression of the bucket of a timestamp column, on SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc(interval, column), Date)
    if interval == "week":  # the Monday on or before: next Sunday (or today's), less 6 days
        return func.date(column, "weekday 0", "-6 days")
    return func.date(column)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def timeseries(
    session: Session, tenant_id: str, since: datetime, until: datetime, interval: Interval
) -> list[dict[str, Any]]:
    """One row per bucket, oldest first (see the module's docstring). Every query also
    names the tenant (besides the session's scoping)."""

    def counts(column: Any, *where: ColumnElement[bool]) -> dict[date, int]:
        key = _bucket(session, column, interval)
        stmt = select(key, func.count()).where(*where, column >= since, column < until)
        return {_as_date(b): int(n) for b, n in session.execute(stmt.group_by(key))}

    signups = counts(Student.created_at, Student.tenant_id == tenant_id)
    views, clicks = (
        counts(FunnelEvent.at, FunnelEvent.tenant_id == tenant_id, FunnelEvent.kind == kind)
        for kind in ("view", "enroll_click")
    )
    started = counts(Order.created_at, Order.tenant_id == tenant_id)
    paid = counts(Order.created_at, Order.tenant_id == tenant_id, Order.status.in_(PAID))
    enrollments = counts(Enrollment.activated_at, Enrollment.tenant_id == tenant_id)
    revenue: dict[date, dict[str, int]] = {}
    paid_key = _bucket(session, Order.paid_at, interval)
    for bucket, currency, amount in session.execute(
        select(paid_key, Order.currency, func.sum(Order.amount))
        .where(
            Order.tenant_id == tenant_id,
            Order.status.in_(PAID),
            Order.paid_at >= since,
            Order.paid_at < until,
        )
        .group_by(paid_key, Order.currency)
    ):
        revenue.setdefault(_as_date(bucket), {})[str(currency)] = int(amount)
    rows: list[dict[str, Any]] = []
    for start in buckets(since, until, interval):
        checkouts, paid_orders = started.get(start, 0), paid.get(start, 0)
        rows.append(
            {
                "start": start,
                "signups": signups.get(start, 0),
                "views": views.get(start, 0),
                "enroll_clicks": clicks.get(start, 0),
                "checkouts_started": checkouts,
                "paid_orders": paid_orders,
                "revenue": [
                    {"currency": currency, "amount": amount}
                    for currency, amount in sorted(revenue.get(start, {}).items())
                ],
                "enrollments": enrollments.get(start, 0),
                "conversion": round(paid_orders / checkouts, 4) if checkouts else None,
            }
        )
    return rows


def attention(session: Session, tenant_id: str, now: datetime) -> dict[str, int]:
    """What needs a look now: ``stuck_orders`` (checkouts never created, older than
    :data:`STUCK_AFTER`, or open past their expiry), ``unfinished_refunds`` (a refund was
    started and its lease ran out without the provider's answer applied) and
    ``failed_payment_events``."""

    def count(model: Any, *where: ColumnElement[bool]) -> int:
        stmt = select(func.count()).select_from(model).where(model.tenant_id == tenant_id, *where)
        return int(session.scalar(stmt) or 0)

    stuck = (
        (Order.status == OrderStatus.CHECKOUT_PENDING) & (Order.created_at < now - STUCK_AFTER)
    ) | ((Order.status == OrderStatus.PENDING) & (Order.expires_at < now))
    return {
        "stuck_orders": count(Order, stuck),
        "unfinished_refunds": count(
            Order, Order.refund_started_at < now - REFUND_LEASE, Order.status.in_(PAID)
        ),
        "failed_payment_events": count(PaymentEvent, PaymentEvent.status == "failed"),
    }
