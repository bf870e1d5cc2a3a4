"""The payment inbox: verified provider events stored once, then processed in a job."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tuition.db import execute_core, new_id, utcnow
from tuition.metrics import WEBHOOK_LAG
from tuition.models import OPEN_ORDER_STATUSES, Order, OrderStatus, PaymentEvent, Tenant
from tuition.plugin_api import (
    RECURRING_EVENT_KINDS,
    JobContext,
    NotFound,
    ProviderEvent,
    RecurringEvent,
    TuitionError,
    WebhookRequest,
    WebhookVerificationError,
)
from tuition.services import audit, orders, providers

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)
#: The job that applies a stored provider event to its order.
PROCESS_EVENT_JOB = "payment_event"
REFUND_ORDER_JOB = orders.REFUND_ORDER_JOB


@dataclass
class Intake:
    received: int
    duplicates: int
    ignored: int


class InvalidWebhook(TuitionError):
    status, code, title = 400, "invalid_webhook", "Invalid webhook"


def receive(
    tuition: Tuition,
    session: Session,
    provider_name: str,
    tenant_slug: str,
    body: bytes,
    headers: dict[str, str],
) -> Intake:
    """Verify a raw webhook, store each new event once and schedule its processing.

    Nothing is stored when the signature fails; duplicates are recognised by the provider's
    event id (unique per tenant and provider) even when delivered concurrently.
    """
    tenant = tuition.tenants.by_slug(session, tenant_slug)
    if tenant is None:
        raise NotFound("Not found.")
    gateway = providers.provider(tuition, tenant, provider_name)
    try:
        verified = gateway.verify_webhook(
            WebhookRequest(body=body, headers=headers, tenant_id=tenant.id, tenant_slug=tenant.slug)
        )
    except WebhookVerificationError as exc:
        log.warning("rejected %s webhook for %s: %s", provider_name, tenant.slug, exc)
        raise InvalidWebhook(f"The webhook could not be verified: {exc}") from None
    intake = Intake(0, 0, 0)
    for event in verified:
        if event.tenant_id and event.tenant_id != tenant.id:
            intake.ignored += 1  # metadata names another tenant: never act on it here
            continue
        if store(tuition, session, tenant, provider_name, event):
            intake.received += 1
        else:
            intake.duplicates += 1
    return intake


def store(
    tuition: Tuition, session: Session, tenant: Tenant, provider_name: str, event: ProviderEvent
) -> bool:
    """Insert ``event`` unless already stored; defer its processing. False if a duplicate."""
    table = cast(Table, PaymentEvent.__table__)
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stored = execute_core(
        session,
        insert(table)
        .values(
            id=new_id("pev"),
            tenant_id=tenant.id,
            provider=provider_name,
            event_id=event.event_id,
            kind=event.kind,
            raw_type=event.raw_type[:100],
            order_id=(event.order_id or None),
            amount=event.amount,
            currency=event.currency,
            payment_id=event.payment_id,
            installment=event.installment,
            tax=orders.tax_record(event.tax),
            payload=dict(event.payload),
            status="received",
            received_at=utcnow(),
        )
        # One statement, no savepoint: a concurrent delivery of the same event waits for
        # the first one's transaction and then inserts nothing.
        .on_conflict_do_nothing(index_elements=["tenant_id", "provider", "event_id"])
        .returning(table.c.id),
    ).scalar()
    if stored is None:
        return False
    tuition.jobs.defer(session, PROCESS_EVENT_JOB, {"event": stored}, tenant.id)
    return True


def process_event_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    process(cast("Tuition", ctx.tuition), ctx.session, cast(Tenant, ctx.tenant), payload["event"])


def process(tuition: Tuition, session: Session, tenant: Tenant, event_id: str) -> str:
    """Apply a stored event to its order (idempotent: a replay changes nothing)."""
    found = session.execute(
        select(PaymentEvent, Order)
        .outerjoin(Order, Order.id == PaymentEvent.order_id)
        .where(PaymentEvent.id == event_id)
    ).first()  # the event and its order in one round trip
    if found is None:
        return "missing"
    event, order = found
    audit.set_actor(session, f"provider:{event.provider}")
    if order is None or order.tenant_id != tenant.id:
        outcome = "no_matching_order"
    else:
        cause = f"webhook:{event.provider}:{event.event_id}"
        outcome = apply(tuition, session, tenant, order, event, cause)
    if event.processed_at is None:
        WEBHOOK_LAG.labels(event.provider).observe((utcnow() - event.received_at).total_seconds())
    event.status, event.outcome, event.processed_at = "processed", outcome, utcnow()
    return outcome


def apply(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    order: Order,
    event: PaymentEvent,
    cause: str,
) -> str:
    if event.kind in RECURRING_EVENT_KINDS:
        return apply_recurring(tuition, session, tenant, order, event)
    if event.kind == "payment.approved":
        return complete_approved(tuition, session, tenant, order, cause)
    if event.kind == "payment.succeeded":
        return orders.mark_paid(
            tuition,
            session,
            tenant,
            order,
            cause,
            payment_id=event.payment_id,
            amount=event.amount,
            currency=event.currency,
            tax=orders.tax_of_record(event.tax),
        )
    if event.kind == "payment.failed":
        return orders.mark_unpaid(tuition, session, tenant, order, "failed", cause)
    if event.kind == "checkout.expired":
        return orders.mark_unpaid(tuition, session, tenant, order, "expired", cause)
    if event.kind == "refund.succeeded" and event.amount is not None:
        return orders.apply_refund(tuition, session, tenant, order, event.amount, cause)
    return "no_action"


def apply_recurring(
    tuition: Tuition, session: Session, tenant: Tenant, order: Order, event: PaymentEvent
) -> str:
    """A schedule's event: the plugin that sold ``order`` applies it
    (``tuition_recurring_event``); ``no_action`` when none does."""
    outcome = tuition.hooks(tenant).recurring_event(
        RecurringEvent(
            tuition=tuition,
            session=session,
            tenant=tenant,
            order=order,
            kind=event.kind,
            provider=event.provider,
            event_id=event.event_id,
            installment=event.installment,
            amount=event.amount,
            currency=event.currency,
            payment_id=event.payment_id,
            received_at=event.received_at,
            settings=tenant.plugin_settings(),
            tax=orders.tax_of_record(event.tax),
        )
    )
    return outcome or "no_action"


def complete_approved(
    tuition: Tuition, session: Session, tenant: Tenant, order: Order, cause: str
) -> str:
    """The buyer approved the payment: let the provider complete it (``fetch_status`` may
    capture) and apply what it answers
    (:func:`orders.settle_with_provider_in_own_transactions`: in transactions of its own,
    the provider called with none open). Runs in the event's job, never in the webhook
    request; a provider failure fails the job, leaving the event to be retried, replayed
    or reconciled."""
    if order.status not in OPEN_ORDER_STATUSES:
        return "already_settled"
    return orders.settle_with_provider_in_own_transactions(
        tuition,
        tenant.id,
        order.id,
        cause,
        actor=audit.actor_of(session),
        asking=OPEN_ORDER_STATUSES,
    )


def replay(tuition: Tuition, session: Session, tenant: Tenant, event_id: str) -> PaymentEvent:
    """Process a stored event again (after a fix); transitions make it safe."""
    event = session.get(PaymentEvent, event_id)
    if event is None or event.tenant_id != tenant.id:
        raise NotFound(f"No payment event {event_id!r}.")
    event.status = "received"
    tuition.jobs.defer(session, PROCESS_EVENT_JOB, {"event": event.id}, tenant.id)
    return event


def refund_order_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Money Tuition cannot keep (a seat that is gone, a payment that does not match the
    order): give it back, never keep it silently. The student was told when it was
    scheduled (``orders.schedule_refund``)."""
    order = ctx.session.get(Order, payload["order_id"])
    if order is None or order.status not in orders.REFUNDABLE:
        return
    orders.issue_refund(
        cast("Tuition", ctx.tuition),
        ctx.session,
        cast(Tenant, ctx.tenant),
        order,
        None,
        f"auto:{payload.get('reason', 'refund')}",
    )


#: How long after an unpaid order's checkout closed ``reconcile`` still asks its provider
#: whether money arrived anyway (a payment racing the expiry whose webhook was lost).
LATE_WINDOW = timedelta(hours=2)


def reconcile(
    tuition: Tuition, older_than: datetime, late_window: timedelta = LATE_WINDOW
) -> dict[str, int]:
    """Ask each provider about pending orders created before ``older_than`` and apply the
    answer; orders past their expiry that the provider still calls unpaid expire.

    Then ask about orders already expired, failed or canceled whose checkout closed within
    ``late_window``: money the provider took for one of them anyway makes it paid (a free
    seat revives the enrollment, otherwise the money is refunded). Only those that changed
    are counted, as ``late_<outcome>``. Orders left ``checkout_pending`` since before
    ``older_than`` are released (``checkout_released``, see
    :func:`release_stuck_checkouts`).

    Each order is settled in transactions of its own, the provider called with none open
    (:func:`orders.settle_with_provider_in_own_transactions`).
    """
    now = utcnow()
    with tuition.session() as session:
        pending = [(o.id, o.tenant_id) for o in orders.pending_orders(session, older_than)]
        late = [
            (o.id, o.tenant_id) for o in orders.recently_unpaid_orders(session, now - late_window)
        ]
    counts: dict[str, int] = {}
    for order_id, tenant_id in pending:
        outcome = _reconcile_one(tuition, order_id, tenant_id, asking=("pending",), expire=True)
        if outcome is not None:
            counts[outcome] = counts.get(outcome, 0) + 1
    for order_id, tenant_id in late:
        outcome = _reconcile_one(
            tuition, order_id, tenant_id, asking=("expired", "failed", "canceled"), expire=False
        )
        if outcome not in (None, "unchanged", "already_settled"):
            counts[f"late_{outcome}"] = counts.get(f"late_{outcome}", 0) + 1
    released = release_stuck_checkouts(tuition, older_than)
    if released:
        counts["checkout_released"] = released
    return counts


def _reconcile_one(
    tuition: Tuition, order_id: str, tenant_id: str, *, asking: tuple[str, ...], expire: bool
) -> str | None:
    """Settle one order with its provider; ``error`` (logged) when the provider fails."""
    try:
        return orders.settle_with_provider_in_own_transactions(
            tuition,
            tenant_id,
            order_id,
            "reconcile",
            actor="reconcile",
            asking=asking,
            expire=expire,
        )
    except NotFound:
        return None
    except TuitionError as exc:
        log.warning("reconcile %s: %s", order_id, exc.detail)
        return "error"


def release_stuck_checkouts(tuition: Tuition, older_than: datetime) -> int:
    """Release the orders left ``checkout_pending`` since before ``older_than``: the
    process making their checkout died between its steps (or the provider call outlived
    every timeout). One with a provider reference is asked to its provider like a pending
    order; one without never got a checkout the buyer could pay: it fails, its hold goes
    back and its enrollment is canceled (``order.failed``). Called by reconcile and, with
    ``orders.CHECKOUT_GRACE``, by ``tuition jobs sweep``; returns how many were released.
    Money that reaches one later anyway is found by reconcile's late pass."""
    with tuition.session() as session:
        stuck = [
            (o.id, o.tenant_id, o.provider_reference)
            for o in orders.stuck_checkouts(session, older_than)
        ]
    released = 0
    for order_id, tenant_id, reference in stuck:
        if reference:
            outcome = _reconcile_one(
                tuition, order_id, tenant_id, asking=(OrderStatus.CHECKOUT_PENDING,), expire=True
            )
            released += outcome not in (None, "error", "unchanged", "already_settled")
            continue
        with tuition.transaction(tenant_id) as session:
            audit.set_actor(session, "reconcile")
            tenant = session.get(Tenant, tenant_id)
            order = session.get(Order, order_id)
            if tenant is None or order is None:
                continue
            outcome = orders.release_checkout(
                tuition, session, tenant, order, "reconcile:checkout_not_stored"
            )
        released += outcome == OrderStatus.FAILED
    return released
