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
from datetime import datetime, timedelta
from typing import Any, Self

from marshmallow import Schema, fields, validate
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    Capabilities,
    ChargeResult,
    CheckoutSession,
    Host,
    OrderInfo,
    PaymentError,
    PaymentProvider,
    ProviderEvent,
    ProviderStatus,
    RefundResult,
    Schedule,
    ValidationFailed,
    WebhookRequest,
    WebhookVerificationError,
    add_interval,
    utcnow,
)
from tuition_dummy_provider.models import DummyCharge, DummyClock, DummyPayment, DummySchedule

SIGNATURE_HEADER = "Dummy-Signature"
#: Placeholder replaced with Tuition's order id in ``return_url``.
ORDER_PLACEHOLDER = "{ORDER_ID}"
TOLERANCE_SECONDS = 300
#: How far the test clock may run ahead of the real time.
MAX_CLOCK_LEAD_SECONDS = 100 * 366 * 86400


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
    decline_renewals = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Decline the later charges of schedules and one-off charges of "
            "their card (a card that stopped working); a retry (POST …/checkout/…/retry) "
            "charges again."
        },
    )
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
        recurring=True,
        charge_now=True,
        refund_charges=True,
        trials=True,
        plan_changes=True,
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

    def create_recurring_checkout(self, order: OrderInfo, schedule: Schedule) -> CheckoutSession:
        # The same hosted page: paying it pays the first charge and starts the schedule.
        checkout = self.create_checkout(order)
        return CheckoutSession(
            reference=f"dsub_{order.id}",
            frontend=checkout.frontend,
            expires_in_seconds=checkout.expires_in_seconds,
        )

    def cancel_schedule(self, order: OrderInfo) -> None:
        with self._host().transaction(order.tenant_id) as session:
            found = session.scalar(select(DummySchedule).where(DummySchedule.order_id == order.id))
            if found is not None and found.status in ("active", "past_due"):
                found.status = "canceled"

    def charge_now(self, order: OrderInfo, amount: int, key: str) -> ChargeResult:
        """One charge of the schedule's card, now (``installment`` 0 in the ledger),
        declined with ``decline_renewals``; the same ``key`` answers the same charge (a
        declined one is tried again)."""
        charge_id = "dpo_" + hashlib.sha256(f"{order.id}:{key}".encode()).hexdigest()[:32]
        with self._host().transaction(order.tenant_id) as session:
            # The schedule's row lock makes concurrent calls with one key wait for the first.
            schedule = session.scalar(
                select(DummySchedule).where(DummySchedule.order_id == order.id).with_for_update()
            )
            if schedule is None:  # no card on file
                raise PaymentError("No schedule was started to charge.", retryable=False)
            charge = session.get(DummyCharge, charge_id)
            if charge is not None and charge.status == "declined":  # tried again
                charge.status = "declined" if self.settings.get("decline_renewals") else "paid"
            if charge is None:
                declined = bool(self.settings.get("decline_renewals"))
                charge = DummyCharge(
                    id=charge_id,
                    tenant_id=order.tenant_id,
                    order_id=order.id,
                    installment=0,
                    attempt=1,
                    amount=amount,
                    currency=order.currency,
                    status="declined" if declined else "paid",
                    delivered=True,  # answered at once, no webhook
                    refunded_amount=0,
                )
                session.add(charge)
                session.flush()
            return ChargeResult(
                payment_id=charge.id,
                amount=charge.amount,
                status="succeeded" if charge.status == "paid" else "failed",
            )

    def refund_charge(
        self, order: OrderInfo, payment_id: str, amount: int, refunded_before: int = 0
    ) -> RefundResult:
        if self.settings.get("fail_refunds"):
            raise PaymentError("The dummy provider was told to fail refunds.", retryable=False)
        with self._host().transaction(order.tenant_id) as session:
            charge = session.get(DummyCharge, payment_id)
            if charge is None or charge.order_id != order.id or charge.status != "paid":
                raise PaymentError("No such charge was paid.", retryable=False)
            target = refunded_before + amount  # idempotent per (charge, so far, amount)
            if charge.refunded_amount < target:
                charge.refunded_amount = min(target, charge.amount)
        return RefundResult(
            refund_id=f"dref_{payment_id}_{target}", amount=amount, status="succeeded"
        )

    def change_schedule(
        self, order: OrderInfo, schedule: Schedule, *, key: str, charge_now: int = 0
    ) -> str | None:
        # Declined like a renewal (``decline_renewals``); a key charges once.
        with self._host().transaction(order.tenant_id) as session:
            found = session.scalar(select(DummySchedule).where(DummySchedule.order_id == order.id))
            if found is None or found.status not in ("active", "past_due"):
                raise PaymentError("The schedule is over.", retryable=False)
            payment_id = None
            if charge_now > 0:
                digest = hashlib.sha256(f"{order.id}:{key}".encode()).hexdigest()[:24]
                payment_id = f"dpr_{digest}"
                if session.get(DummyCharge, payment_id) is None:
                    if self.settings.get("decline_renewals"):
                        raise PaymentError("The card was declined.", retryable=False)
                    session.add(
                        DummyCharge(
                            id=payment_id,
                            tenant_id=order.tenant_id,
                            order_id=order.id,
                            installment=0,  # not a charge of the schedule
                            attempt=1,
                            amount=charge_now,
                            currency=schedule.currency,
                            status="paid",
                            delivered=True,
                        )
                    )
            found.amount = schedule.amount
        return payment_id

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
                    installment=data.get("installment"),
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
            # What the order's schedule took too (renewals, prorated charges) can go back.
            later = session.scalar(
                select(func.coalesce(func.sum(DummyCharge.amount), 0)).where(
                    DummyCharge.order_id == order.id, DummyCharge.status == "paid"
                )
            )
            target = order.refunded_amount + amount  # idempotent per (order, so far, amount)
            if payment.refunded_amount < target:
                payment.refunded_amount = min(target, payment.amount + int(later or 0))
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
                if payment.status == "paid" and order.schedule is not None:
                    schedule = order.schedule
                    session.add(
                        DummySchedule(
                            id=f"dsub_{order.id}",
                            order_id=order.id,
                            tenant_id=order.tenant_id,
                            count=schedule.count,
                            amount=schedule.amount,
                            currency=schedule.currency,
                            interval=schedule.interval,
                            interval_count=schedule.interval_count,
                            charged=1,
                            status="completed" if schedule.count == 1 else "active",
                            # After the trial, if any: the checkout charged nothing.
                            next_charge_at=schedule.due_at(
                                self._clock_now(session, order.tenant_id), 2
                            ),
                        )
                    )
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
        return self._signed(events)

    # -- the test clock and renewals ------------------------------------------------------

    @staticmethod
    def _clock_now(session: Session, tenant_id: str) -> datetime:
        clock = session.get(DummyClock, tenant_id)
        return utcnow() + timedelta(seconds=clock.offset_seconds if clock else 0)

    def clock_now(self, tenant_id: str) -> datetime:
        """The tenant's time at the dummy provider (the real time plus the clock's lead)."""
        with self._read(tenant_id) as session:
            return self._clock_now(session, tenant_id)

    def advance_clock(self, tenant_id: str, seconds: int) -> list[DummyCharge]:
        """Move the tenant's test clock ``seconds`` ahead and make every charge that falls
        due meanwhile, as the provider would on its own: paid, or declined with
        ``decline_renewals`` (the schedule then waits for :meth:`retry`)."""
        with self._host().transaction(tenant_id) as session:
            clock = session.get(DummyClock, tenant_id)
            if clock is None:
                clock = DummyClock(id=tenant_id, tenant_id=tenant_id)
                clock.offset_seconds = 0
                session.add(clock)
            if clock.offset_seconds + seconds > MAX_CLOCK_LEAD_SECONDS:
                raise ValidationFailed(
                    {"days": ["The test clock runs at most 100 years ahead of the real time."]}
                )
            clock.offset_seconds += seconds
            session.flush()
            now = self._clock_now(session, tenant_id)
            charges = []
            for schedule in session.scalars(
                select(DummySchedule)
                .where(DummySchedule.status == "active", DummySchedule.next_charge_at <= now)
                .order_by(DummySchedule.next_charge_at)
            ):
                while schedule.status == "active" and schedule.next_charge_at <= now:
                    charges.append(self._charge(session, schedule))
            return self._detached(session, charges)

    def retry(self, tenant_id: str, order_id: str) -> list[DummyCharge]:
        """Charge a schedule's declined charge again (the buyer updated the card)."""
        with self._host().transaction(tenant_id) as session:
            schedule = session.scalar(
                select(DummySchedule).where(DummySchedule.order_id == order_id)
            )
            if schedule is None or schedule.status != "past_due":
                return []
            schedule.status = "active"
            charges = [self._charge(session, schedule)]
            now = self._clock_now(session, tenant_id)
            while schedule.status == "active" and schedule.next_charge_at <= now:
                charges.append(self._charge(session, schedule))
            return self._detached(session, charges)

    def _charge(self, session: Session, schedule: DummySchedule) -> DummyCharge:
        installment = schedule.charged + 1
        attempt = 1 + len(
            session.scalars(
                select(DummyCharge.id).where(
                    DummyCharge.order_id == schedule.order_id,
                    DummyCharge.installment == installment,
                )
            ).all()
        )
        declined = bool(self.settings.get("decline_renewals"))
        charge = DummyCharge(
            id=f"dch_{schedule.order_id}_{installment}_{attempt}",
            tenant_id=schedule.tenant_id,
            order_id=schedule.order_id,
            installment=installment,
            attempt=attempt,
            amount=schedule.amount,
            currency=schedule.currency,
            status="declined" if declined else "paid",
            delivered=False,
        )
        session.add(charge)
        if declined:
            schedule.status = "past_due"
        else:
            schedule.charged = installment
            schedule.next_charge_at = add_interval(
                schedule.next_charge_at, schedule.interval, schedule.interval_count
            )
            if schedule.count is not None and installment >= schedule.count:
                schedule.status = "completed"
        session.flush()
        return charge

    @staticmethod
    def _detached(session: Session, rows: list[DummyCharge]) -> list[DummyCharge]:
        session.flush()
        for row in rows:
            session.expunge(row)
        return rows

    def undelivered(self, tenant_id: str, order_id: str) -> list[DummyCharge]:
        """The charges of a schedule whose webhooks were held back."""
        with self._read(tenant_id) as session:
            rows = list(
                session.scalars(
                    select(DummyCharge)
                    .where(DummyCharge.order_id == order_id, DummyCharge.delivered.is_(False))
                    .order_by(DummyCharge.installment, DummyCharge.attempt)
                )
            )
            for row in rows:
                session.expunge(row)
            return rows

    def renewal_webhooks(
        self, tenant_id: str, charges: list[DummyCharge], *, late: bool = False
    ) -> list[tuple[bytes, dict[str, str]]]:
        """The signed webhooks of ``charges``, misbehaving as configured: held back
        (``withhold_webhooks``, until ``late``), in reverse order with a stale failure and
        the payment again after each payment, under other event ids (``out_of_order``), copied
        (``duplicate_webhooks``)."""
        if self.settings.get("withhold_webhooks") and not late:
            return []
        out_of_order = bool(self.settings.get("out_of_order"))
        groups: list[list[Mapping[str, Any]]] = []
        for charge in charges:
            kind = "installment.paid" if charge.status == "paid" else "installment.failed"
            group = [self._charge_event(charge, kind, f"dev_{charge.id}_{kind}")]
            if kind == "installment.paid" and out_of_order:
                # A stale failure, then the same payment again, each under an id of its own.
                stale = f"dev_{charge.id}_stale"
                group.append(self._charge_event(charge, "installment.failed", stale))
                again = f"dev_{charge.id}_again"
                group.append(self._charge_event(charge, "installment.paid", again))
            groups.append(group)
        if out_of_order:
            groups.reverse()
        events = [event for group in groups for event in group]
        with self._host().transaction(tenant_id) as session:
            for charge in charges:
                row = session.get(DummyCharge, charge.id)
                if row is not None:
                    row.delivered = True
        return self._signed(events)

    def _signed(self, events: list[Mapping[str, Any]]) -> list[tuple[bytes, dict[str, str]]]:
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
    def _charge_event(charge: DummyCharge, kind: str, event_id: str) -> Mapping[str, Any]:
        return {
            "id": event_id,
            "type": kind,
            "tenant_id": charge.tenant_id,
            "order_id": charge.order_id,
            "installment": charge.installment,
            "amount": charge.amount,
            "currency": charge.currency,
            "payment_id": charge.id,
        }

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
