"""Finding abandoned checkouts (one reminder each) and counting the recovered ones."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from tuition.models import LIVE_ENROLLMENT_STATUSES, Enrollment, Order, Tenant
from tuition.plugin_api import rowcount

from .models import CheckoutReminder
from .settings import after, max_age

if TYPE_CHECKING:
    from tuition.runtime import Tuition

PLUGIN = "abandoned_checkout"


def sweep(tuition: Tuition, now: datetime) -> dict[str, int]:
    """Remind every student whose checkout is unpaid for longer than the tenant's delay."""
    with tuition.session() as session:
        tenant_ids = list(session.scalars(select(Tenant.id)))
    sent = 0
    for tenant_id in tenant_ids:
        with tuition.session(tenant_id) as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None or PLUGIN not in tuition.hooks(tenant).enabled:
                continue
            sent += remind_tenant(tuition, session, tenant, now)
    return {"reminders": sent}


def _abandoned(settings: dict[str, Any], now: datetime) -> Any:
    """Unpaid orders old enough, not too old, not reminded yet, whose student did not buy
    the course since (no other live enrollment in it)."""
    other = aliased(Enrollment)
    return (
        select(Order)
        .where(Order.status.in_(("pending", "expired")),
               Order.created_at < now - after(settings),
               Order.created_at > now - max_age(settings),
               ~exists().where(CheckoutReminder.order_id == Order.id),
               ~exists().where(and_(other.student_id == Order.student_id,
                                    other.course_id == Order.course_id,
                                    other.id != Order.enrollment_id,
                                    other.status.in_(LIVE_ENROLLMENT_STATUSES))))
        .order_by(Order.created_at, Order.id)
        .limit(500))


def remind_tenant(tuition: Tuition, session: Session, tenant: Tenant, now: datetime) -> int:
    settings = tenant.plugin_settings().get(PLUGIN, {})
    sent = 0
    for order in list(session.scalars(_abandoned(settings, now))):
        reminder = CheckoutReminder(tenant_id=tenant.id, order_id=order.id,
                                    student_id=order.student_id, course_id=order.course_id,
                                    amount=order.amount, currency=order.currency,
                                    reminded_at=now)
        try:
            with session.begin_nested():
                session.add(reminder)
                # the funnel counts it abandoned now
                tuition.services.mark_checkout_abandoned(order, now)
                session.flush()
        except IntegrityError:  # another sweep reminded it just now
            continue
        tuition.services.emit_event(session, tenant, "checkout.abandoned", {
            "order_id": order.id, "student_id": order.student_id,
            "course": order.course.slug, "course_title": order.course.title,
            "amount": order.amount, "currency": order.currency,
            "checkout_url": checkout_url(settings, order),
        })
        session.commit()  # one reminder at a time: a crash never loses or repeats one
        sent += 1
    return sent


def checkout_url(settings: dict[str, Any], order: Order) -> str | None:
    """Where the reminder sends the student back to."""
    template = settings.get("checkout_url")
    if template:
        return str(template).replace("{course}", order.course.slug).replace(
            "{order_id}", order.id)
    if order.status == "pending" and order.checkout:
        for key in ("url", "pay_url", "approve_url"):
            if order.checkout.get(key):
                return str(order.checkout[key])
    return None


def mark_recovered(session: Session, student_id: str, course_slug: str, order_id: str,
                   now: datetime) -> int:
    """A reminded student paid for the course: count the reminder as recovered."""
    from tuition.models import Course

    course_id = session.scalar(select(Course.id).where(Course.slug == course_slug))
    if course_id is None:
        return 0
    result = session.execute(
        update(CheckoutReminder)
        .where(CheckoutReminder.student_id == student_id,
               CheckoutReminder.course_id == course_id,
               CheckoutReminder.recovered_at.is_(None))
        .values(recovered_order_id=order_id, recovered_at=now)
        .execution_options(synchronize_session=False))
    return rowcount(result)


def summary(session: Session) -> dict[str, Any]:
    reminded, recovered, recovered_amount = session.execute(select(
        func.count(CheckoutReminder.id),
        func.count(CheckoutReminder.recovered_at),
        func.coalesce(func.sum(CheckoutReminder.amount).filter(
            CheckoutReminder.recovered_at.is_not(None)), 0))).one()
    return {"reminded": reminded, "recovered": recovered,
            "recovery_rate": round(recovered / reminded, 4) if reminded else 0.0,
            "recovered_amount": int(recovered_amount)}
