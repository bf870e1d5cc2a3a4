"""Payments as a provider plugin's tests need them beyond the API: time passing for a
checkout, and the webhook payloads core stored."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from tuition.db import utcnow
from tuition.models import Order, PaymentEvent
from tuition.plugin_api import (
    Capabilities,
    CheckoutSession,
    Host,
    OrderInfo,
    PaymentProvider,
    PluginInfo,
    ProviderEvent,
    ProviderStatus,
    RefundResult,
    WebhookRequest,
    hookimpl,
    rowcount,
)
from tuition.testing._runtime import runtime_of


def expire_checkouts(
    host: Host,
    *,
    tenant_id: str | None = None,
    order_ids: Collection[str] | None = None,
    ago: timedelta = timedelta(minutes=1),
) -> int:
    """Let the checkouts of pending orders run out: their ``expires_at`` becomes ``ago``
    before now (every pending order, or those of ``tenant_id`` / among ``order_ids``). They
    stay pending until something looks: :func:`tuition.testing.chores.reconcile` then
    expires those the provider calls unpaid. Returns how many orders changed."""
    stmt = update(Order).where(Order.status == "pending").values(expires_at=utcnow() - ago)
    if tenant_id is not None:
        stmt = stmt.where(Order.tenant_id == tenant_id)
    if order_ids is not None:
        stmt = stmt.where(Order.id.in_(list(order_ids)))
    with runtime_of(host).session(tenant_id) as session, session.begin():
        return rowcount(session.execute(stmt))


@dataclass(frozen=True)
class StoredEvent:
    """A webhook event as core stored it (``GET /v1/admin/payment-events`` shows all but
    the ``payload``)."""

    id: str
    provider: str
    #: The provider's id of the event.
    event_id: str
    #: Core's kind (``payment.succeeded``, ``ignored``, …) and the provider's own type.
    kind: str
    raw_type: str
    order_id: str | None
    status: str
    outcome: str | None
    #: What core kept of the provider's body (providers drop what they must not keep).
    payload: dict[str, Any]
    received_at: datetime


def stored_events(host: Host, tenant_id: str | None = None) -> list[StoredEvent]:
    """The payment events core stored, oldest first: every tenant's, or ``tenant_id``'s."""
    with runtime_of(host).session(tenant_id) as session:
        stmt = select(PaymentEvent).order_by(PaymentEvent.received_at, PaymentEvent.id)
        if tenant_id is not None:
            stmt = stmt.where(PaymentEvent.tenant_id == tenant_id)
        return [
            StoredEvent(
                id=row.id,
                provider=row.provider,
                event_id=row.event_id,
                kind=row.kind,
                raw_type=row.raw_type,
                order_id=row.order_id,
                status=row.status,
                outcome=row.outcome,
                payload=dict(row.payload),
                received_at=row.received_at,
            )
            for row in session.scalars(stmt)
        ]


def idle_provider_plugin(name: str, capabilities: Capabilities) -> Any:
    """A plugin (for the ``tuition_plugins`` fixture) registering payment provider
    ``name`` with ``capabilities`` that never takes money: its checkouts stay open, its
    webhooks carry nothing, its refunds succeed. For tests of what a site may sell
    through such a provider."""

    class Idle(PaymentProvider):
        def create_checkout(self, order: OrderInfo) -> CheckoutSession:
            return CheckoutSession(reference=order.id, frontend={})

        def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
            return []

        def fetch_status(self, order: OrderInfo) -> ProviderStatus:
            return ProviderStatus(kind="payment.pending")

        def refund(self, order: OrderInfo, amount: int) -> RefundResult:
            return RefundResult(refund_id="r", amount=amount, status="succeeded")

    Idle.name, Idle.capabilities = name, capabilities

    class Plugin:
        TUITION_PLUGIN = PluginInfo(title=f"Provider {name}", category="payment")

        @hookimpl
        def tuition_payment_providers(self) -> list[type[PaymentProvider]]:
            return [Idle]

    return Plugin()
