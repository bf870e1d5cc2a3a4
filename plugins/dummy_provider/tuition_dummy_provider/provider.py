"""An offline payment provider: its checkout is a page of this server that "pays".

It behaves like a real provider where it matters for Tuition: its own ledger
(``dummy_payments``), signed webhooks (``Dummy-Signature: t=…,v1=HMAC-SHA256("t.body")``),
status look-ups and refunds. Settings make it misbehave on purpose: decline payments,
duplicate, reorder or withhold webhooks, fail refunds, and charge another amount than the
order's.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any, Self

from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    Capabilities,
    CheckoutSession,
    Host,
    OrderInfo,
    PaymentError,
    PaymentProvider,
    ProviderEvent,
    ProviderStatus,
    RefundResult,
    WebhookRequest,
    WebhookVerificationError,
)
from tuition_dummy_provider.models import DummyPayment

SIGNATURE_HEADER = "Dummy-Signature"
#: Placeholder replaced with Tuition's order id in ``return_url``.
ORDER_PLACEHOLDER = "{ORDER_ID}"
TOLERANCE_SECONDS = 300


class DummySettings(Schema):
    """Per-tenant settings of the dummy provider."""

    webhook_secret = fields.String(
        load_default="dummy-webhook-secret",
        validate=validate.Length(min=8, max=200),
        metadata={"secret": True, "description": "Signs the dummy's webhooks."},
    )
    currencies = fields.List(
        fields.String(validate=validate.Regexp(r"^[A-Z]{3}$")),
        load_default=lambda: ["EUR", "USD", "GBP"],
    )
    decline = fields.Boolean(load_default=False, metadata={"description": "Decline payments."})
    duplicate_webhooks = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0, max=5),
        metadata={"description": "Extra copies of each."},
    )
    out_of_order = fields.Boolean(
        load_default=False, metadata={"description": "Send a stale 'pending' after success."}
    )
    withhold_webhooks = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Hold webhooks back at payment: they "
            "arrive late (POST …/webhooks) or never "
            "(reconcile)."
        },
    )
    fail_refunds = fields.Boolean(load_default=False)
    amount_offset = fields.Integer(
        load_default=0,
        validate=validate.Range(min=-1_000_000, max=1_000_000),
        metadata={
            "description": "Charge this many minor units more (negative: less) than "
            "the order asks: a payment that does not match its order."
        },
    )
    fail_checkout = fields.Boolean(
        load_default=False, metadata={"description": "Answer checkouts as if down (503)."}
    )
    checkout_ttl_seconds = fields.Integer(
        load_default=1800, validate=validate.Range(min=60, max=86400)
    )
    return_url = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(
            r"^(https?://[^\s]+|/(?!/)[^\s]*)$",
            error="Use an http(s) URL or a path starting with /.",
        ),
        metadata={
            "description": "Where the hosted page sends the buyer after paying or "
            f"declining; {ORDER_PLACEHOLDER} becomes the order id. "
            "Unset: the page shows the result itself."
        },
    )


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The ``Dummy-Signature`` header for ``body``."""
    ts = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


class DummyProvider(PaymentProvider):
    """Pays on a button press; keeps its ledger in ``dummy_payments``."""

    name = "dummy"
    capabilities = Capabilities(
        currencies=frozenset({"EUR", "USD", "GBP", "CHF", "JPY"}),
        refunds=True,
        partial_refunds=True,
    )
    frontend_fields = {"pay_url": "the hosted pay page, a path on the API server."}

    # The ledger is the "provider's side": its changes commit on their own (in a
    # transaction core commits), as a real provider's would, whatever becomes of the
    # request or job that called it.

    host: Host

    @classmethod
    def for_tenant(cls, settings: Mapping[str, Any], host: Host) -> Self:
        provider = cls(settings)
        provider.host = host  # the ledger lives in Tuition's database
        return provider

    def _host(self) -> Host:
        return self.host

    def _read(self, tenant_id: str) -> Session:
        return self._host().session(tenant_id)

    @classmethod
    def currencies_for(cls, settings: Mapping[str, Any]) -> frozenset[str]:
        return frozenset(settings.get("currencies", ["EUR", "USD", "GBP"]))

    def create_checkout(self, order: OrderInfo) -> CheckoutSession:
        if self.settings.get("fail_checkout"):
            raise PaymentError("The dummy provider is down, as configured.", retryable=True)
        if order.currency not in self.currencies_for(self.settings):
            raise PaymentError(
                f"The dummy provider does not take {order.currency}.", retryable=False
            )
        # Stateless, so idempotent per order; the ledger row appears when the buyer acts
        # (like a provider's session id, the reference is known before anything is paid).
        reference = f"dpay_{order.id}"
        return CheckoutSession(
            reference=reference,
            frontend={"pay_url": f"/v1/dummy/checkout/{order.tenant_slug}/{order.id}"},
            expires_in_seconds=int(self.settings.get("checkout_ttl_seconds", 1800)),
        )

    def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        header = {k.lower(): v for k, v in request.headers.items()}.get(
            SIGNATURE_HEADER.lower(), ""
        )
        parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
        try:
            timestamp = int(parts.get("t", ""))
        except ValueError:
            raise WebhookVerificationError("missing or malformed signature header") from None
        secret = str(self.settings.get("webhook_secret", "dummy-webhook-secret"))
        expected = sign(secret, request.body, timestamp).split("v1=")[1]
        if not hmac.compare_digest(expected.encode(), parts.get("v1", "").encode()):
            raise WebhookVerificationError("signature mismatch")
        if abs(time.time() - timestamp) > TOLERANCE_SECONDS:
            raise WebhookVerificationError("timestamp outside the tolerance window")
        try:
            data = json.loads(request.body)
            return [
                ProviderEvent(
                    event_id=str(data["id"]),
                    kind=data["type"],
                    raw_type=data["type"],
                    order_id=data.get("order_id"),
                    payload=data,
                    amount=data.get("amount"),
                    currency=data.get("currency"),
                    payment_id=data.get("payment_id"),
                    tenant_id=data.get("tenant_id"),
                )
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise WebhookVerificationError(f"unreadable payload: {exc}") from None

    def fetch_status(self, order: OrderInfo) -> ProviderStatus:
        with self._read(order.tenant_id) as session:
            payment = session.scalar(select(DummyPayment).where(DummyPayment.order_id == order.id))
            if payment is None:
                return ProviderStatus(kind="payment.pending")
            if payment.refunded_amount:
                return ProviderStatus(
                    kind="refund.succeeded", payment_id=payment.id, amount=payment.refunded_amount
                )
            kind = {"paid": "payment.succeeded", "declined": "payment.failed"}.get(
                payment.status, "payment.pending"
            )
            return ProviderStatus(
                kind=kind,  # type: ignore[arg-type]
                payment_id=payment.id,
                amount=payment.amount,
                currency=payment.currency,
            )

    def refund(self, order: OrderInfo, amount: int) -> RefundResult:
        if self.settings.get("fail_refunds"):
            raise PaymentError("The dummy provider was told to fail refunds.", retryable=False)
        with self._host().transaction(order.tenant_id) as session:
            payment = session.scalar(select(DummyPayment).where(DummyPayment.order_id == order.id))
            if payment is None or payment.status != "paid":
                raise PaymentError("Nothing was paid for this order.", retryable=False)
            target = order.refunded_amount + amount  # idempotent per (order, so far, amount)
            if payment.refunded_amount < target:
                payment.refunded_amount = min(target, payment.amount)
        return RefundResult(
            refund_id=f"dref_{order.id}_{target}", amount=amount, status="succeeded"
        )

    # -- the "provider side": paying and sending webhooks --------------------------------

    def settle(self, order: OrderInfo, outcome: str) -> DummyPayment:
        """Record the buyer's choice (``pay`` or ``decline``) in the ledger, once."""
        with self._host().transaction(order.tenant_id) as session:
            payment = session.scalar(select(DummyPayment).where(DummyPayment.order_id == order.id))
            if payment is None:
                payment = DummyPayment(
                    id=f"dpay_{order.id}",
                    order_id=order.id,
                    tenant_id=order.tenant_id,
                    amount=max(0, order.amount + int(self.settings.get("amount_offset", 0))),
                    currency=order.currency,
                    status="open",
                    refunded_amount=0,
                )
                session.add(payment)
            if payment.status == "open":
                declined = outcome == "decline" or bool(self.settings.get("decline"))
                payment.status = "declined" if declined else "paid"
            session.flush()  # committed when the block ends; the caller keeps a copy
            session.expunge(payment)
            return payment

    def payment(self, order: OrderInfo) -> DummyPayment | None:
        with self._read(order.tenant_id) as session:
            payment = session.scalar(select(DummyPayment).where(DummyPayment.order_id == order.id))
            if payment is not None:
                session.expunge(payment)
            return payment

    def webhooks_for(
        self, payment: DummyPayment, *, late: bool = False
    ) -> list[tuple[bytes, dict[str, str]]]:
        """The signed webhooks a real provider would now send, misbehaving as configured
        (``late``: the held-back webhooks, delivered now)."""
        if self.settings.get("withhold_webhooks") and not late:
            return []
        kind = "payment.succeeded" if payment.status == "paid" else "payment.failed"
        events = [self._event(payment, kind)]
        if kind == "payment.succeeded" and self.settings.get("out_of_order"):
            events.append(self._event(payment, "payment.pending"))
        copies = 1 + int(self.settings.get("duplicate_webhooks", 0))
        secret = str(self.settings.get("webhook_secret", "dummy-webhook-secret"))
        deliveries = []
        for event in events:
            body = json.dumps(event).encode()
            deliveries += [
                (body, {SIGNATURE_HEADER: sign(secret, body), "Content-Type": "application/json"})
            ] * copies
        return deliveries

    @staticmethod
    def _event(payment: DummyPayment, kind: str) -> Mapping[str, Any]:
        return {
            "id": f"dev_{payment.id}_{kind}",
            "type": kind,
            "tenant_id": payment.tenant_id,
            "order_id": payment.order_id,
            "amount": payment.amount,
            "currency": payment.currency,
            "payment_id": payment.id,
        }
