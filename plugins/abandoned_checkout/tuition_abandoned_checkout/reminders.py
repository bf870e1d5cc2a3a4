"""Finding abandoned checkouts (one reminder each) and counting the recovered ones."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import Host, OrderRecord, TenantRecord, rowcount

from .models import CheckoutReminder
from .settings import after, max_age

PLUGIN = "abandoned_checkout"
BATCH = 500


def sweep(tuition: Host, now: datetime) -> dict[str, int]:
    """Remind every student whose checkout is unpaid for longer than the tenant's delay."""
    sent = 0
    for tenant in tuition.services.tenants_enabling(PLUGIN):
        sent += remind_tenant(tuition, tenant, now)
    return {"reminders": sent}


def remind_tenant(tuition: Host, tenant: TenantRecord, now: datetime) -> int:
    """Unpaid orders old enough, not too old, not reminded yet, whose student did not buy
    the course since: one reminder each, each in a unit of work of its own (a crash never
    loses or repeats one)."""
    settings = tenant.plugin_settings().get(PLUGIN, {})
    with tuition.session(tenant.id) as session:
        due = [
            order.id
            for order in tuition.services.unpaid_orders(
                session,
                created_after=now - max_age(settings),
                created_before=now - after(settings),
                exclude_ids=select(CheckoutReminder.order_id),
                limit=BATCH,
            )
        ]
    sent = 0
    for order_id in due:
        try:
            with tuition.transaction(tenant.id) as session:
                if not _remind(tuition, session, tenant, order_id, settings, now):
                    continue
        except IntegrityError:  # another sweep reminded it just now
            continue
        sent += 1
    return sent


def _remind(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    order_id: str,
    settings: Mapping[str, Any],
    now: datetime,
) -> bool:
    order = tuition.services.order(session, order_id)
    if order is None or order.status not in ("pending", "expired"):
        return False  # paid (or gone) since it was found
    session.add(
        CheckoutReminder(
            tenant_id=tenant.id,
            order_id=order.id,
            student_id=order.student_id,
            course_id=order.course_id,
            amount=order.amount,
            currency=order.currency,
            reminded_at=now,
        )
    )
    tuition.services.mark_checkout_abandoned(order, now)  # the funnel counts it abandoned now
    session.flush()
    tuition.services.emit_event(
        session,
        tenant,
        "checkout.abandoned",
        {
            "order_id": order.id,
            "student_id": order.student_id,
            "course": order.course.slug,
            "course_title": order.course.title,
            "amount": order.amount,
            "currency": order.currency,
            "checkout_url": checkout_url(settings, order),
        },
    )
    return True


def checkout_url(settings: Mapping[str, Any], order: OrderRecord) -> str | None:
    """Where the reminder sends the student back to."""
    template = settings.get("checkout_url")
    if template:
        return str(template).replace("{course}", order.course.slug).replace("{order_id}", order.id)
    if order.status == "pending" and order.checkout:
        for key in ("url", "pay_url", "approve_url"):
            if order.checkout.get(key):
                return str(order.checkout[key])
    return None


def mark_recovered(
    tuition: Host, session: Session, student_id: str, course_slug: str, order_id: str, now: datetime
) -> int:
    """A reminded student paid for the course: count the reminder as recovered."""
    course = tuition.services.course(session, slug=course_slug)
    if course is None:
        return 0
    result = session.execute(
        update(CheckoutReminder)
        .where(
            CheckoutReminder.student_id == student_id,
            CheckoutReminder.course_id == course.id,
            CheckoutReminder.recovered_at.is_(None),
        )
        .values(recovered_order_id=order_id, recovered_at=now)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)


def summary(session: Session) -> dict[str, Any]:
    reminded, recovered, recovered_amount = session.execute(
        select(
            func.count(CheckoutReminder.id),
            func.count(CheckoutReminder.recovered_at),
            func.coalesce(
                func.sum(CheckoutReminder.amount).filter(
                    CheckoutReminder.recovered_at.is_not(None)
                ),
                0,
            ),
        )
    ).one()
    return {
        "reminded": reminded,
        "recovered": recovered,
        "recovery_rate": round(recovered / reminded, 4) if reminded else 0.0,
        "recovered_amount": int(recovered_amount),
    }
