"""The ``example`` payment provider.

Every message between the provider's side and Tuition is a JSON body signed with the
tenant's ``shared_secret``::

    Example-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<purpose>." + body)>

``purpose`` is ``webhook`` for events sent to Tuition's webhook URL and ``note`` for payment
notes sent to the provider's ledger, so that one can never be replayed as the other.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any, Literal, Self, get_args
from urllib.parse import urlencode

from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    Capabilities,
    CheckoutSession,
    EventKind,
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

from .models import ExamplePayment

SIGNATURE_HEADER = "Example-Signature"
TOLERANCE_SECONDS = 300
DEFAULT_CHECKOUT_URL = "https://pay.example.com/checkout"
Purpose = Literal["webhook", "note"]
CURRENCY = validate.Regexp(r"^[A-Z]{3}$")
AMOUNT = validate.Range(min=0, max=2**31 - 1)


class ExampleSettings(Schema):
    """Per-tenant settings of ``example_provider``."""

    shared_secret = fields.String(
        required=True,
        validate=validate.Length(min=8, max=200),
        metadata={"secret": True, "description": "Signs webhooks and notes; or env:NAME."},
    )
    checkout_url = fields.Url(
        load_default=DEFAULT_CHECKOUT_URL,
        metadata={"description": "The provider's hosted payment page."},
    )


class Note(Schema):
    """A payment note: the provider's side says that ``order_id`` was paid."""

    order_id = fields.String(required=True, validate=validate.Length(min=1, max=32))
    amount = fields.Integer(required=True, strict=True, validate=AMOUNT)
    currency = fields.String(required=True, validate=CURRENCY)


class Event(Schema):
    """A webhook event; ``type`` is one of Tuition's event kinds (``payment.succeeded``, …)."""

    id = fields.String(required=True, validate=validate.Length(min=1, max=255))
    type = fields.String(required=True, validate=validate.OneOf(get_args(EventKind)))
    order_id = fields.String(required=True, validate=validate.Length(min=1, max=32))
    amount = fields.Integer(strict=True, validate=AMOUNT, load_default=None)
    currency = fields.String(validate=CURRENCY, load_default=None)
    tenant_id = fields.String(load_default=None)


def sign(secret: str, purpose: Purpose, body: bytes, timestamp: int | None = None) -> str:
    """The ``Example-Signature`` header value for ``body``."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.{purpose}.".encode() + body, hashlib.sha256)
    return f"t={ts},v1={mac.hexdigest()}"


def signed(
    secret: str, purpose: Purpose, message: Mapping[str, Any]
) -> tuple[bytes, dict[str, str]]:
    """``message`` as the provider's side sends it: the JSON body and its headers."""
    body = json.dumps(message).encode()
    return body, {SIGNATURE_HEADER: sign(secret, purpose, body), "Content-Type": "application/json"}


def verified(
    secret: str, purpose: Purpose, request: WebhookRequest, schema: type[Schema]
) -> dict[str, Any]:
    """The message of ``request`` if its signature is good and fresh, else
    :class:`WebhookVerificationError`."""
    header = {k.lower(): v for k, v in request.headers.items()}.get(SIGNATURE_HEADER.lower(), "")
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        raise WebhookVerificationError("missing or malformed signature header") from None
    expected = sign(secret, purpose, request.body, timestamp).partition("v1=")[2]
    if not hmac.compare_digest(expected.encode(), parts.get("v1", "").encode()):
        raise WebhookVerificationError("signature mismatch")
    if abs(time.time() - timestamp) > TOLERANCE_SECONDS:
        raise WebhookVerificationError("timestamp outside the tolerance window")
    try:
        message: dict[str, Any] = schema().loads(request.body)
    except (ValueError, ValidationError) as exc:
        raise WebhookVerificationError(f"unreadable payload: {exc}") from None
    return message


class ExampleProvider(PaymentProvider):
    """Redirect checkout, signed webhooks, and status and refunds from its ledger."""

    name = "example"
    capabilities = Capabilities(
        currencies=frozenset({"EUR", "USD", "GBP"}),
        refunds=True,
        partial_refunds=True,
    )
    frontend_fields = {"redirect_url": "the provider's hosted page to send the buyer to."}

    @property
    def secret(self) -> str:
        # Core made this instance for one call with the tenant's settings (env: resolved).
        return str(self.settings["shared_secret"])

    # The ledger stands for the provider's servers: its changes commit on their own, in
    # transactions core commits (``host.transaction``), never with the caller's.

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

    def create_checkout(self, order: OrderInfo) -> CheckoutSession:
        # Nothing is called or stored: the reference derives from the order id, so asking
        # twice for the same order gives the same checkout (idempotent per order).
        query = urlencode(
            {
                "tenant": order.tenant_slug,
                "order": order.id,
                "amount": order.amount,
                "currency": order.currency,
            }
        )
        url = self.settings.get("checkout_url", DEFAULT_CHECKOUT_URL)
        return CheckoutSession(
            reference=f"expay_{order.id}", frontend={"redirect_url": f"{url}?{query}"}
        )

    def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        event = verified(self.secret, "webhook", request, Event)
        return [
            ProviderEvent(
                event_id=event["id"],
                kind=event["type"],
                raw_type=event["type"],
                order_id=event["order_id"],
                payload=event,
                amount=event["amount"],
                currency=event["currency"],
                payment_id=f"expay_{event['order_id']}",
                tenant_id=event["tenant_id"],
            )
        ]

    def fetch_status(self, order: OrderInfo) -> ProviderStatus:
        with self._read(order.tenant_id) as session:
            paid = session.scalar(select(ExamplePayment).where(ExamplePayment.order_id == order.id))
        if paid is None:  # no payment note yet: as far as the provider knows, unpaid
            return ProviderStatus(kind="payment.pending")
        if paid.refunded_amount:
            return ProviderStatus(
                kind="refund.succeeded",
                payment_id=f"expay_{order.id}",
                amount=paid.refunded_amount,
                currency=paid.currency,
            )
        return ProviderStatus(
            kind="payment.succeeded",
            payment_id=f"expay_{order.id}",
            amount=paid.amount,
            currency=paid.currency,
        )

    def refund(self, order: OrderInfo, amount: int) -> RefundResult:
        # Idempotent per (order, refunded so far, amount): a retry aims at the same total,
        # and the conditional UPDATE only ever raises the refunded total.
        total = order.refunded_amount + amount
        with self._host().transaction(order.tenant_id) as session:
            if (
                session.scalar(
                    select(ExamplePayment.order_id).where(ExamplePayment.order_id == order.id)
                )
                is None
            ):
                raise PaymentError(
                    "The example provider has no payment for this order.", retryable=False
                )
            session.execute(
                update(ExamplePayment)
                .where(
                    ExamplePayment.order_id == order.id,
                    ExamplePayment.refunded_amount < total,
                )
                .values(refunded_amount=total)
                .execution_options(synchronize_session=False)
            )
        return RefundResult(
            refund_id=f"exref_{order.id}_{total}", amount=amount, status="succeeded"
        )

    # -- the provider's side: payment notes --------------------------------------------------

    def take_note(self, request: WebhookRequest) -> bool:
        """Record a signed payment note in the ledger; False if the order was noted before."""
        note = verified(self.secret, "note", request, Note)
        with self._host().transaction(request.tenant_id) as session:
            try:
                with session.begin_nested():  # a savepoint: a duplicate undoes only itself
                    session.add(
                        ExamplePayment(tenant_id=request.tenant_id, refunded_amount=0, **note)
                    )
            except IntegrityError:
                return False
        return True
