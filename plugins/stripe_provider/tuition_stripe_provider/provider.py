"""The ``stripe`` payment provider: embedded Checkout, signed webhooks, status, refunds."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any, Literal

import stripe

from tuition.plugin_api import (
    Capabilities,
    ChargeResult,
    CheckoutSession,
    EventKind,
    OrderInfo,
    OrderTax,
    PaymentError,
    PaymentProvider,
    ProviderEvent,
    ProviderStatus,
    RefundResult,
    Schedule,
    WebhookRequest,
    WebhookVerificationError,
)
from tuition_stripe_provider import recurring
from tuition_stripe_provider.client import make_client, payment_error
from tuition_stripe_provider.recurring import object_id as _id
from tuition_stripe_provider.schemas import (
    DEFAULT_CURRENCIES,
    ORDER_PLACEHOLDER,
)

log = logging.getLogger("tuition_stripe_provider")

PLUGIN_NAME = "stripe_provider"
SIGNATURE_HEADER = "Stripe-Signature"
WEBHOOK_TOLERANCE_SECONDS = 300
CHECKOUT_TTL_SECONDS = 30 * 60
#: Stripe refuses an ``expires_at`` less than 30 minutes ahead; leave room for latency.
EXPIRY_MARGIN_SECONDS = 60
PAID = ("paid", "no_payment_required")
#: What a Checkout Session shows of Stripe Tax's calculation only when expanded.
TAX_BREAKDOWN = "total_details.breakdown"

#: Currencies Stripe settles with two-decimal (or zero-decimal) minor units, the way Tuition
#: counts amounts. Three-decimal currencies (BHD, KWD, …) are left out on purpose.
SUPPORTED_CURRENCIES = frozenset(
    {
        "AUD",
        "BGN",
        "BRL",
        "CAD",
        "CHF",
        "CZK",
        "DKK",
        "EUR",
        "GBP",
        "HKD",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "JPY",
        "KRW",
        "MXN",
        "MYR",
        "NOK",
        "NZD",
        "PHP",
        "PLN",
        "RON",
        "SEK",
        "SGD",
        "THB",
        "TRY",
        "USD",
        "ZAR",
    }
)

#: Fields of a Stripe object kept in the stored event (the audit trail); customer details
#: and addresses are left out.
_KEPT_FIELDS = (
    "id",
    "object",
    "status",
    "payment_status",
    "amount_total",
    "amount",
    "amount_refunded",
    "currency",
    "payment_intent",
    "charge",
    "metadata",
    "client_reference_id",
    "refunded",
    "failure_reason",
    "created",
    "livemode",
)


class StripeProvider(PaymentProvider):
    """Stripe Checkout in ``embedded_page`` mode, one Stripe account per tenant."""

    name = "stripe"
    capabilities = Capabilities(
        currencies=SUPPORTED_CURRENCIES,
        refunds=True,
        partial_refunds=True,
        recurring=True,
        charge_now=True,
        refund_charges=True,
        trials=True,
        plan_changes=True,
    )
    frontend_fields = {
        "client_secret": "mount embedded Checkout with it (Stripe.js initEmbeddedCheckout).",
        "publishable_key": "the Stripe publishable key to load Stripe.js with.",
        "session_id": "the Checkout Session id.",
    }

    @classmethod
    def currencies_for(cls, settings: Mapping[str, Any]) -> frozenset[str]:
        return frozenset(settings.get("currencies") or DEFAULT_CURRENCIES)

    # -- checkout ------------------------------------------------------------------------

    def create_checkout(self, order: OrderInfo) -> CheckoutSession:
        currencies = self.settings.get("currencies") or DEFAULT_CURRENCIES
        if order.currency not in currencies:
            raise PaymentError(
                f"This site does not take {order.currency} through Stripe.", retryable=False
            )
        publishable_key = self.settings.get("publishable_key")
        return_url = str(self.settings.get("return_url") or "")
        if not publishable_key or not return_url:
            raise PaymentError("Stripe is not fully configured for this site.", retryable=False)
        metadata = order_metadata(order)
        automatic_tax = self._automatic_tax(order)
        params: dict[str, Any] = {
            "mode": "payment",
            "ui_mode": "embedded_page",
            "line_items": [self._line_item(order, automatic_tax)],
            "return_url": return_url.replace(ORDER_PLACEHOLDER, order.id),
            "client_reference_id": order.id,
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "expires_at": int(time.time()) + CHECKOUT_TTL_SECONDS + EXPIRY_MARGIN_SECONDS,
        }
        if order.customer_email:
            params["customer_email"] = order.customer_email
        if automatic_tax:
            params["automatic_tax"] = {"enabled": True}
            params["tax_id_collection"] = {"enabled": True}
        return self._open_checkout(
            order, params, str(publishable_key), f"tuition-checkout-{order.id}"
        )

    def _open_checkout(
        self, order: OrderInfo, params: dict[str, Any], publishable_key: str, key: str
    ) -> CheckoutSession:
        """Create the Checkout Session ``params`` describe (idempotency key ``key``) and
        what the frontend needs to mount it."""
        try:
            session = make_client(self.settings).v1.checkout.sessions.create(
                params,  # type: ignore[arg-type]
                {"idempotency_key": key},
            )
        except stripe.StripeError as exc:
            raise payment_error(exc, "start the checkout") from None
        log.info("stripe %s checkout %s created for order %s", params["mode"], session.id, order.id)
        expires_in = CHECKOUT_TTL_SECONDS + EXPIRY_MARGIN_SECONDS
        if session.expires_at:
            expires_in = max(60, int(session.expires_at) - int(time.time()))
        return CheckoutSession(
            reference=session.id,
            frontend={
                "client_secret": session.client_secret,
                "publishable_key": publishable_key,
                "session_id": session.id,
            },
            expires_in_seconds=expires_in,
        )

    def _automatic_tax(self, order: OrderInfo) -> bool:
        """Stripe Tax computes this order's tax: the setting is on and no tax plugin
        taxed the order already (Tuition's own tax is never charged twice)."""
        return bool(self.settings.get("automatic_tax")) and order.tax is None

    @staticmethod
    def _line_item(order: OrderInfo, automatic_tax: bool = False) -> dict[str, Any]:
        """The course's synced Stripe price if it still matches the order, else inline
        ``price_data`` for the order's amount (on the course's product when known).

        A discounted order (a discount code's price, below ``list_amount``) always gets
        ``price_data``: Tuition applies its codes itself, so Stripe charges exactly the
        order's amount, with no coupon objects to keep in step per tenant and code.

        With Stripe Tax the line is always ``price_data`` with ``tax_behavior``
        ``inclusive``: Stripe finds the tax inside the order's amount, so the buyer pays
        exactly the order's amount whatever their country."""
        attrs: Mapping[str, Any] = (order.attributes or {}).get(PLUGIN_NAME) or {}
        price_id = attrs.get("stripe_price_id")
        synced_amount, synced_currency = attrs.get("price_amount"), attrs.get("price_currency")
        discounted = order.list_amount is not None and order.amount != order.list_amount
        if (
            price_id
            and not discounted
            and not automatic_tax
            and (
                synced_amount is None
                or (synced_amount == order.amount and synced_currency == order.currency)
            )
        ):
            return {"price": price_id, "quantity": 1}
        price_data: dict[str, Any] = {
            "currency": order.currency.lower(),
            "unit_amount": order.amount,
        }
        if automatic_tax:
            price_data["tax_behavior"] = "inclusive"
        if attrs.get("stripe_product_id"):
            price_data["product"] = attrs["stripe_product_id"]
        else:
            price_data["product_data"] = {
                "name": order.course_title[:250] or order.course_slug,
                "metadata": {"tuition_course": order.course_slug},
            }
        return {"price_data": price_data, "quantity": 1}

    # -- webhooks ------------------------------------------------------------------------

    def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        headers = {key.lower(): value for key, value in request.headers.items()}
        signature = headers.get(SIGNATURE_HEADER.lower())
        secret = self.settings.get("webhook_secret")
        if not secret:
            raise WebhookVerificationError("no webhook secret is configured")
        if not signature:
            raise WebhookVerificationError("no Stripe-Signature header")
        try:
            event = make_client(self.settings).construct_event(
                request.body, signature, str(secret), tolerance=WEBHOOK_TOLERANCE_SECONDS
            )
            data = event.to_dict()
        except stripe.SignatureVerificationError as exc:
            raise WebhookVerificationError(_reason(exc)) from None
        except (ValueError, TypeError, KeyError) as exc:  # JSON, UTF-8, not an event
            raise WebhookVerificationError(f"unreadable payload ({type(exc).__name__})") from None
        obj = (data.get("data") or {}).get("object") if isinstance(data, dict) else None
        if (
            data.get("object") != "event"
            or not isinstance(data.get("id"), str)
            or not isinstance(data.get("type"), str)
            or not isinstance(obj, dict)
        ):
            raise WebhookVerificationError("unreadable payload (not a Stripe event)")
        return [self._normalise_recurring(data, obj) or self._normalise(data, obj)]

    def _normalise(self, event: Mapping[str, Any], obj: Mapping[str, Any]) -> ProviderEvent:
        etype: str = event["type"]
        metadata: Mapping[str, Any] = obj.get("metadata") or {}
        kind: EventKind = "ignored"
        amount: int | None = None
        currency = obj.get("currency")
        payment_id = _id(obj.get("payment_intent"))
        if etype.startswith("checkout.session."):
            metadata = metadata or {"order_id": obj.get("client_reference_id")}
            amount = obj.get("amount_total")
            if etype == "checkout.session.completed":
                kind = (
                    "payment.succeeded" if obj.get("payment_status") in PAID else "payment.pending"
                )
            elif etype == "checkout.session.async_payment_succeeded":
                kind = "payment.succeeded"
            elif etype == "checkout.session.async_payment_failed":
                kind = "payment.failed"
            elif etype == "checkout.session.expired":
                kind = "checkout.expired"
        elif etype == "charge.refunded":
            kind, amount = "refund.succeeded", obj.get("amount_refunded")
            if not metadata.get("order_id") and payment_id:
                metadata = self._payment_intent(payment_id).get("metadata") or {}
        elif etype in ("refund.created", "refund.updated"):
            charge = self._charge(obj) if obj.get("status") == "succeeded" else None
            if charge is not None:
                kind, amount = "refund.succeeded", charge.get("amount_refunded")
                currency = charge.get("currency") or currency
                payment_id = payment_id or _id(charge.get("payment_intent"))
                metadata = metadata if metadata.get("order_id") else (charge.get("metadata") or {})
        elif etype == "refund.failed":
            kind, amount = "refund.failed", obj.get("amount")
        order_id = metadata.get("order_id")
        if not order_id:
            kind = "ignored"  # not one of Tuition's checkouts (another integration?)
        tax = None
        if kind == "payment.succeeded" and (obj.get("automatic_tax") or {}).get("enabled"):
            tax = stripe_tax(self._session_with_taxes(str(obj["id"])))
        return ProviderEvent(
            event_id=str(event["id"]),
            kind=kind,
            raw_type=etype,
            order_id=str(order_id) if order_id else None,
            payload=_audit_payload(event, obj),
            amount=int(amount) if isinstance(amount, int) else None,
            currency=str(currency).upper() if currency else None,
            payment_id=payment_id,
            tenant_id=str(metadata["tenant_id"]) if metadata.get("tenant_id") else None,
            tax=tax,
        )

    def _session_with_taxes(self, session_id: str) -> dict[str, Any]:
        """The Checkout Session with its tax breakdown (``total_details.breakdown`` is
        only there when expanded; events never carry it)."""
        try:
            return (
                make_client(self.settings)
                .v1.checkout.sessions.retrieve(session_id, {"expand": [TAX_BREAKDOWN]})
                .to_dict()
            )
        except stripe.StripeError as exc:
            raise payment_error(exc, "look up the checkout's tax") from None

    def _charge(self, refund: Mapping[str, Any]) -> dict[str, Any] | None:
        """The refund's charge (for the cumulative ``amount_refunded``), or None."""
        charge_id = _id(refund.get("charge"))
        try:
            if charge_id:
                return make_client(self.settings).v1.charges.retrieve(charge_id).to_dict()
            payment_id = _id(refund.get("payment_intent"))
            if payment_id:
                intent = make_client(self.settings).v1.payment_intents.retrieve(
                    payment_id, {"expand": ["latest_charge"]}
                )
                latest = intent.to_dict().get("latest_charge")
                return latest if isinstance(latest, dict) else None
        except stripe.StripeError as exc:
            raise payment_error(exc, "look up a refunded charge") from None
        return None

    def _payment_intent(self, payment_id: str) -> dict[str, Any]:
        try:
            return make_client(self.settings).v1.payment_intents.retrieve(payment_id).to_dict()
        except stripe.StripeError as exc:
            raise payment_error(exc, "look up a payment") from None

    # -- status and refunds ----------------------------------------------------------------

    def fetch_status(self, order: OrderInfo) -> ProviderStatus:
        if not order.provider_reference:
            return ProviderStatus(kind="payment.pending")
        if order.schedule is not None:
            return self._fetch_recurring_status(order, order.schedule)
        try:
            session = (
                make_client(self.settings)
                .v1.checkout.sessions.retrieve(
                    order.provider_reference, {"expand": ["payment_intent", TAX_BREAKDOWN]}
                )
                .to_dict()
            )
        except stripe.StripeError as exc:
            raise payment_error(exc, "look up the checkout") from None
        if (session.get("metadata") or {}).get("order_id", order.id) != order.id:
            raise PaymentError("The Stripe checkout belongs to another order.", retryable=False)
        intent = session.get("payment_intent")
        payment_id = _id(intent)
        amount, currency = session.get("amount_total"), session.get("currency")
        status, paid = session.get("status"), session.get("payment_status")
        kind: EventKind = "payment.pending"
        if status == "complete" and paid in PAID:
            kind = "payment.succeeded"
        elif status == "expired":
            kind = "checkout.expired"
        elif (
            status == "complete"
            and isinstance(intent, dict)
            and intent.get("status") in ("canceled", "requires_payment_method")
        ):
            kind = "payment.failed"  # an async payment method failed after completion
        tax = None
        if kind == "payment.succeeded" and (session.get("automatic_tax") or {}).get("enabled"):
            tax = stripe_tax(session)
        return ProviderStatus(
            kind=kind,
            payment_id=payment_id,
            amount=amount,
            currency=str(currency).upper() if currency else None,
            tax=tax,
        )

    def refund(self, order: OrderInfo, amount: int) -> RefundResult:
        """Refund the order's PaymentIntent; for a schedule's order the payment may be a
        later charge's invoice (``in_…``, what ``installment.paid`` names: a membership's
        refund of its last period), refunded through the intent that paid it and recorded
        by the caller (the refund's events are not the order's)."""
        payment_id = order.provider_payment_id or self._payment_of(order)
        metadata = order_metadata(order)
        if payment_id and payment_id.startswith("in_"):
            # A later charge's money, not the order's payment: its refund events must not
            # count as refunds of the order (no ``order_id`` in the metadata).
            metadata = {"tenant_id": order.tenant_id, "charge_of": order.id, "invoice": payment_id}
            payment_id = self._invoice_payment(payment_id)
        if not payment_id:
            raise PaymentError("No Stripe payment is known for this order.", retryable=False)
        params = {
            "payment_intent": payment_id,
            "amount": amount,
            "reason": "requested_by_customer",
            "metadata": metadata,
        }
        key = f"tuition-refund-{order.id}-{order.refunded_amount}-{amount}"
        return self._refund(order, params, key)

    def _refund(self, order: OrderInfo, params: dict[str, Any], key: str) -> RefundResult:
        """Create the Refund ``params`` describe (idempotency key ``key``)."""
        try:
            refund = make_client(self.settings).v1.refunds.create(params, {"idempotency_key": key})  # type: ignore[arg-type]
        except stripe.StripeError as exc:
            raise payment_error(exc, "refund") from None
        status: Literal["succeeded", "pending", "failed"] = {
            "succeeded": "succeeded",
            "failed": "failed",
            "canceled": "failed",
        }.get(str(refund.status), "pending")  # type: ignore[assignment]
        amount = int(params["amount"])
        log.info("stripe refund %s for order %s: %s %s", refund.id, order.id, amount, refund.status)
        return RefundResult(refund_id=refund.id, amount=int(refund.amount or amount), status=status)

    def refund_charge(
        self, order: OrderInfo, payment_id: str, amount: int, refunded_before: int = 0
    ) -> RefundResult:
        """A Refund of a later charge of the order's subscription: an invoice
        (``in_…``, what ``installment.paid`` names) through the PaymentIntent that paid
        it, a PaymentIntent (``pi_…``, a :meth:`charge_now`) or a charge (``ch_…``).
        Its metadata names the order as ``charge_of``, never ``order_id``: Stripe's
        ``refund.*``/``charge.refunded`` events about it are stored once and change no
        order (the plugin that asked records the refund from this answer)."""
        metadata = {"tenant_id": order.tenant_id, "charge_of": order.id, "payment": payment_id}
        target: dict[str, Any]
        if payment_id.startswith("ch_"):
            target = {"charge": payment_id}
        else:
            intent = self._invoice_payment(payment_id) if payment_id.startswith("in_") else None
            if payment_id.startswith("in_") and not intent:
                raise PaymentError("The Stripe invoice was not paid.", retryable=False)
            target = {"payment_intent": intent or payment_id}
        params = {
            **target,
            "amount": amount,
            "reason": "requested_by_customer",
            "metadata": metadata,
        }
        key = f"tuition-refund-charge-{order.id}-{payment_id}-{refunded_before}-{amount}"
        return self._refund(order, params, key)

    def charge_now(self, order: OrderInfo, amount: int, key: str) -> ChargeResult:
        """An off-session PaymentIntent on the subscription's customer and card
        (:func:`tuition_stripe_provider.recurring.charge`); a decline is ``failed``."""
        subscription = self._running_subscription(order)
        result = recurring.charge(make_client(self.settings), order, subscription, amount, key)
        log.info("stripe charge %s of order %s: %s", result.payment_id, order.id, result.status)
        return result

    def change_schedule(
        self, order: OrderInfo, schedule: Schedule, *, key: str, charge_now: int = 0
    ) -> str | None:
        """A plan change on the order's subscription. The prorated difference
        (``charge_now``, computed by Tuition) is one off-session PaymentIntent, then the
        subscription's item gets the new price with ``proration_behavior=none``, from
        the next renewal: :mod:`tuition_stripe_provider.recurring` explains why not
        Stripe's own proration (``always_invoice``). A decline raises, nothing changed."""
        client = make_client(self.settings)
        subscription = self._running_subscription(order)
        payment_id = None
        if charge_now > 0:
            result = recurring.charge(client, order, subscription, charge_now, f"change:{key}")
            if result.status != "succeeded":
                raise PaymentError("The card on file was declined.", retryable=False)
            payment_id = result.payment_id
        recurring.set_amount(client, order, subscription, schedule)
        return payment_id

    def _running_subscription(self, order: OrderInfo) -> dict[str, Any]:
        """The order's subscription (expanded from its checkout) while it still charges."""
        subscription = self._checkout_session(order, expand=["subscription"]).get("subscription")
        if not isinstance(subscription, dict) or subscription.get("status") in recurring.ENDED:
            raise PaymentError("No running Stripe subscription to charge.", retryable=False)
        return subscription

    def _invoice_payment(self, invoice_id: str) -> str | None:
        """The PaymentIntent that paid an invoice."""
        try:
            invoice = make_client(self.settings).v1.invoices.retrieve(
                invoice_id, {"expand": ["payments"]}
            )
        except stripe.StripeError as exc:
            raise payment_error(exc, "look up the invoice") from None
        return recurring.invoice_payment_intent(invoice.to_dict())

    def _payment_of(self, order: OrderInfo) -> str | None:
        if not order.provider_reference:
            return None
        try:
            session = make_client(self.settings).v1.checkout.sessions.retrieve(
                order.provider_reference
            )
        except stripe.StripeError as exc:
            raise payment_error(exc, "look up the checkout") from None
        return _id(session.to_dict().get("payment_intent"))

    # -- charges on a schedule (Stripe Billing; see ``recurring``'s docstring) ------------

    def create_recurring_checkout(self, order: OrderInfo, schedule: Schedule) -> CheckoutSession:
        r"""An embedded Checkout Session in ``mode=subscription``: an inline recurring price
        of ``schedule.amount`` every ``interval_count`` ``interval``\s, the order's metadata
        on the session and on the subscription (``subscription_data[metadata]``, which
        Stripe copies onto each invoice's ``parent.subscription_details``); a setup fee
        is a one-time line item, charged with the first period only. The fixed
        number of charges is the subscription's ``cancel_at``, set once the buyer paid
        (:meth:`fetch_status`); :mod:`tuition_stripe_provider.recurring` explains why not a
        subscription schedule with ``iterations``. A trial (``Schedule.trial_days``) is
        ``subscription_data[trial_period_days]``; with the setting ``test_clock`` the
        customer is created on that test clock first."""
        publishable_key, return_url = self._checkout_settings(order)
        attrs: Mapping[str, Any] = (order.attributes or {}).get(PLUGIN_NAME) or {}
        metadata = recurring.schedule_metadata(order_metadata(order), schedule)
        subscription_data: dict[str, Any] = {"metadata": metadata}
        if schedule.trial_days:
            # Nothing charged now: Stripe saves the card, the first invoice (of 0) is
            # paid at once, the subscription is ``trialing`` and bills at the trial's end.
            subscription_data["trial_period_days"] = schedule.trial_days
        automatic_tax = self._automatic_tax(order)
        params: dict[str, Any] = {
            "mode": "subscription",
            "ui_mode": "embedded_page",
            "line_items": recurring.line_items(
                order, schedule, attrs.get("stripe_product_id"), automatic_tax
            ),
            "return_url": return_url.replace(ORDER_PLACEHOLDER, order.id),
            "client_reference_id": order.id,
            "metadata": metadata,
            "subscription_data": subscription_data,
            "expires_at": int(time.time()) + CHECKOUT_TTL_SECONDS + EXPIRY_MARGIN_SECONDS,
        }
        if self.settings.get("test_clock"):
            params["customer"] = self._clock_customer(order, str(self.settings["test_clock"]))
        elif order.customer_email:
            params["customer_email"] = order.customer_email
        if automatic_tax:  # and on every invoice of the subscription Checkout makes
            params["automatic_tax"] = {"enabled": True}
            params["tax_id_collection"] = {"enabled": True}
            if "customer" in params:  # Stripe Tax needs the address the buyer gives
                params["customer_update"] = {"address": "auto", "name": "auto"}
        return self._open_checkout(
            order, params, publishable_key, f"tuition-recurring-checkout-{order.id}"
        )

    def _clock_customer(self, order: OrderInfo, clock: str) -> str:
        """A customer on the test clock ``clock`` for the order's subscription (the
        setting ``test_clock``; Stripe ties a subscription to its customer's clock)."""
        params: dict[str, Any] = {"test_clock": clock, "metadata": order_metadata(order)}
        if order.customer_email:
            params["email"] = order.customer_email
        try:
            customer = make_client(self.settings).v1.customers.create(
                params,  # type: ignore[arg-type]
                {"idempotency_key": f"tuition-customer-{order.id}"},
            )
        except stripe.StripeError as exc:
            raise payment_error(exc, "create the test clock's customer") from None
        return str(customer.id)

    def _checkout_settings(self, order: OrderInfo) -> tuple[str, str]:
        """The publishable key and return URL, checked (for a schedule's checkout)."""
        if order.currency not in (self.settings.get("currencies") or DEFAULT_CURRENCIES):
            raise PaymentError(
                f"This site does not take {order.currency} through Stripe.", retryable=False
            )
        key, url = self.settings.get("publishable_key"), self.settings.get("return_url")
        if not key or not url:
            raise PaymentError("Stripe is not fully configured for this site.", retryable=False)
        return str(key), str(url)

    def cancel_schedule(self, order: OrderInfo) -> None:
        """Cancel the order's subscription now (what was paid stays paid). A subscription
        already over, or a checkout never completed, is no error."""
        subscription_id = self._subscription_id(order)
        if subscription_id:
            recurring.cancel(make_client(self.settings), subscription_id)
            log.info("stripe subscription %s of order %s canceled", subscription_id, order.id)

    def payment_method_url(self, order: OrderInfo, return_url: str | None = None) -> str | None:
        """A Billing customer portal session of the subscription's customer, where the
        buyer changes the card (Stripe then retries an open invoice with it). None when
        the checkout made no customer yet (never completed). The portal's configuration
        (Dashboard → Settings → Billing → Customer portal) decides what else it offers."""
        customer = self._checkout_session(order).get("customer")
        customer_id = _id(customer)
        if not customer_id:
            return None
        params: dict[str, Any] = {"customer": customer_id}
        if return_url:
            params["return_url"] = return_url
        try:
            portal = make_client(self.settings).v1.billing_portal.sessions.create(params)  # type: ignore[arg-type]
        except stripe.StripeError as exc:
            raise payment_error(exc, "open the billing portal") from None
        return str(portal.url)

    def _checkout_session(
        self, order: OrderInfo, expand: list[str] | None = None
    ) -> dict[str, Any]:
        if not order.provider_reference:
            return {}
        try:
            session = make_client(self.settings).v1.checkout.sessions.retrieve(
                order.provider_reference, {"expand": expand} if expand else None
            )
        except stripe.StripeError as exc:
            raise payment_error(exc, "look up the checkout") from None
        return session.to_dict()

    def _subscription_id(self, order: OrderInfo) -> str | None:
        return _id(self._checkout_session(order).get("subscription"))

    def _fetch_recurring_status(self, order: OrderInfo, schedule: Schedule) -> ProviderStatus:
        """The schedule's checkout: once paid, the subscription gets its end
        (``cancel_at``) and the first invoice's payment intent is the order's payment."""
        client = make_client(self.settings)
        try:
            session = client.v1.checkout.sessions.retrieve(
                str(order.provider_reference), {"expand": ["subscription", TAX_BREAKDOWN]}
            ).to_dict()
        except stripe.StripeError as exc:
            raise payment_error(exc, "look up the checkout") from None
        if (session.get("metadata") or {}).get("order_id", order.id) != order.id:
            raise PaymentError("The Stripe checkout belongs to another order.", retryable=False)
        amount, currency = session.get("amount_total"), session.get("currency")
        currency = str(currency).upper() if currency else None
        if session.get("status") == "expired":
            return ProviderStatus(kind="checkout.expired", amount=amount, currency=currency)
        subscription = session.get("subscription")
        if session.get("status") != "complete" or session.get("payment_status") not in PAID:
            return ProviderStatus(kind="payment.pending", amount=amount, currency=currency)
        if isinstance(subscription, dict):
            recurring.set_end(client, order, schedule, subscription)
        payment_id = None
        invoice_id = _id(session.get("invoice"))
        if invoice_id:
            payment_id = self._invoice_payment(invoice_id)
        tax = None
        if (session.get("automatic_tax") or {}).get("enabled"):
            tax = stripe_tax(session)  # the first invoice's, as on a one-time checkout
        return ProviderStatus(
            kind="payment.succeeded",
            payment_id=payment_id,
            amount=amount,
            currency=currency,
            tax=tax,
        )

    def _normalise_recurring(
        self, event: Mapping[str, Any], obj: Mapping[str, Any]
    ) -> ProviderEvent | None:
        """The events of a schedule's checkout, invoices and subscription (None: not
        one). Its checkout's completion and first invoice are ``payment.approved``: core
        then asks :meth:`fetch_status`, which ends the subscription after its last cycle
        before the order is paid."""
        etype: str = event["type"]
        kind: EventKind = "ignored"
        amount, installment, payment_id = None, None, None
        tax: OrderTax | None = None
        if etype.startswith("checkout.session.") and obj.get("mode") == "subscription":
            metadata = obj.get("metadata") or {"order_id": obj.get("client_reference_id")}
            amount = obj.get("amount_total")
            kind = {
                "checkout.session.completed": "payment.approved"
                if obj.get("payment_status") in PAID
                else "payment.pending",
                "checkout.session.async_payment_succeeded": "payment.approved",
                "checkout.session.async_payment_failed": "payment.failed",
                "checkout.session.expired": "checkout.expired",
            }.get(etype, "ignored")
        elif etype in ("invoice.paid", "invoice.payment_failed"):
            subscription_id, metadata = recurring.subscription_of(obj)
            if not subscription_id:
                return None
            paid = etype == "invoice.paid"
            amount = obj.get("amount_paid") if paid else obj.get("amount_due")
            reason = obj.get("billing_reason")
            if reason == "subscription_create" and paid:
                kind = "payment.approved"
            elif reason == "subscription_cycle":
                kind = "installment.paid" if paid else "installment.failed"
                installment = self._installment_of(subscription_id, obj)
                payment_id = _id(obj.get("id"))
                if paid and (obj.get("automatic_tax") or {}).get("enabled"):
                    tax = invoice_tax(obj)
        elif etype == "customer.subscription.deleted":
            metadata = obj.get("metadata") or {}
            kind = "ignored" if recurring.ran_its_course(obj) else "schedule.canceled"
        else:
            return None
        order_id = metadata.get("order_id")
        return ProviderEvent(
            event_id=str(event["id"]),
            kind=kind if order_id else "ignored",
            raw_type=etype,
            order_id=str(order_id) if order_id else None,
            payload=_audit_payload(event, obj),
            amount=int(amount) if isinstance(amount, int) else None,
            currency=str(obj["currency"]).upper() if obj.get("currency") else None,
            payment_id=payment_id,
            tenant_id=str(metadata["tenant_id"]) if metadata.get("tenant_id") else None,
            installment=installment,
            tax=tax,
        )

    def _installment_of(self, subscription_id: str, invoice: Mapping[str, Any]) -> int | None:
        start = recurring.period_start(invoice)
        if start is None:
            return None
        try:
            subscription = (
                make_client(self.settings).v1.subscriptions.retrieve(subscription_id).to_dict()
            )
        except stripe.StripeError as exc:
            raise payment_error(exc, "look up the subscription") from None
        return recurring.installment_number(subscription, start)


def stripe_tax(session: Mapping[str, Any]) -> OrderTax | None:
    """The tax Stripe Tax computed on a completed Checkout Session (expanded with
    ``total_details.breakdown``), as Tuition records tax on an order: the total and its
    tax, the rate(s) and the buyer's billing details. None when Stripe has no complete
    calculation (``automatic_tax.status``) or the numbers do not add up."""
    automatic = session.get("automatic_tax") or {}
    total, details = session.get("amount_total"), session.get("total_details") or {}
    amount_tax = details.get("amount_tax")
    if automatic.get("status") != "complete" or not isinstance(total, int):
        return None
    if not isinstance(amount_tax, int) or not 0 <= amount_tax <= total:
        return None
    taxes = [t for t in (details.get("breakdown") or {}).get("taxes") or [] if t.get("rate")]
    lines = [
        {
            "amount": t.get("amount"),
            "taxable_amount": t.get("taxable_amount"),
            "taxability_reason": t.get("taxability_reason"),
            "rate": _percent(t["rate"].get("percentage")),
            "name": t["rate"].get("display_name"),
            "country": t["rate"].get("country"),
            "region": t["rate"].get("state"),
            "tax_type": t["rate"].get("tax_type"),
            "inclusive": t["rate"].get("inclusive"),
        }
        for t in taxes
    ]
    customer = session.get("customer_details") or {}
    return recorded_tax(total, amount_tax, lines, customer, customer.get("business_name"))


def invoice_tax(invoice: Mapping[str, Any]) -> OrderTax | None:
    """The tax Stripe Tax computed on a subscription's paid invoice, as Tuition records
    tax (``source: "stripe_tax"``), read from the event's invoice alone: ``total_taxes``
    (API versions from 2025-03-31: ``amount``, ``taxable_amount``, ``taxability_reason``,
    ``tax_behavior`` per tax), else the older ``total_tax_amounts`` (``inclusive``
    instead of ``tax_behavior``), which webhook endpoints pinned to an older version
    still get. The rate's percentage is a Tax Rate object these only name: the first
    charge's order keeps the rate (from the checkout's breakdown). None when Stripe's
    calculation is not complete or the numbers do not add up."""
    automatic = invoice.get("automatic_tax") or {}
    total = invoice.get("amount_paid")
    if automatic.get("status") != "complete" or not isinstance(total, int):
        return None
    entries = invoice.get("total_taxes")
    if not isinstance(entries, list):
        entries = invoice.get("total_tax_amounts")
    if not isinstance(entries, list):
        return None
    lines: list[dict[str, Any]] = [
        {
            "amount": entry.get("amount"),
            "taxable_amount": entry.get("taxable_amount"),
            "taxability_reason": entry.get("taxability_reason"),
            "inclusive": entry.get("tax_behavior") == "inclusive"
            if "tax_behavior" in entry
            else entry.get("inclusive"),
        }
        for entry in entries
        if isinstance(entry, Mapping)
    ]
    if not all(isinstance(line["amount"], int) for line in lines):
        return None
    amount_tax = sum(int(line["amount"]) for line in lines)
    if not 0 <= amount_tax <= total or any(line["inclusive"] is False for line in lines):
        return None  # Tuition's prices are inclusive: an exclusive tax is not ours
    return OrderTax(
        net=total - amount_tax,
        tax=amount_tax,
        gross=total,
        breakdown={
            "net": total - amount_tax,
            "tax": amount_tax,
            "gross": total,
            "reverse_charge": any(line["taxability_reason"] == "reverse_charge" for line in lines),
            "prices_include_tax": True,
            "lines": lines,
            "invoice": invoice.get("id"),
            "source": "stripe_tax",
        },
    )


def recorded_tax(
    total: int,
    amount_tax: int,
    lines: list[dict[str, Any]],
    customer: Mapping[str, Any],
    company_name: Any,
) -> OrderTax:
    """What Stripe Tax computed (a Checkout Session's or a tax calculation's: the
    ``total`` with ``amount_tax`` in it, a line per rate, the ``customer`` details) as
    Tuition records tax, ``source: "stripe_tax"``; the main rate is the largest line's."""
    main = max(lines, key=lambda line: line["amount"] or 0, default={})
    address = customer.get("address") or {}
    tax_ids = customer.get("tax_ids") or []
    reasons = {line["taxability_reason"] for line in lines}
    return OrderTax(
        net=total - amount_tax,
        tax=amount_tax,
        gross=total,
        breakdown={
            "net": total - amount_tax,
            "tax": amount_tax,
            "gross": total,
            "rate": main.get("rate"),
            "name": main.get("name"),
            "country": main.get("country") or address.get("country"),
            "region": main.get("region"),
            "taxability_reason": main.get("taxability_reason"),
            "reverse_charge": "reverse_charge" in reasons,
            "prices_include_tax": True,
            "lines": lines,
            "source": "stripe_tax",
        },
        billing={
            "country": address.get("country"),
            "region": address.get("state"),
            "vat_id": tax_ids[0].get("value") if tax_ids else None,
            "company_name": company_name,
        },
    )


def _percent(value: Any) -> str | None:
    """Stripe's percentage (a JSON number: 20.0, 5.5) as Tuition writes rates: "20", "5.5"."""
    if value is None:
        return None
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return text or "0"


def order_metadata(order: OrderInfo) -> dict[str, str]:
    """What Tuition writes on Stripe objects to find its order again (and, for a taxed
    order, the tax included in the amount, for reconciling in Stripe's dashboard)."""
    metadata = {
        "tenant_id": order.tenant_id,
        "order_id": order.id,
        "enrollment_id": order.enrollment_id,
        "course": order.course_slug,
    }
    if order.tax is not None:
        metadata["tax_amount"] = str(order.tax_amount)
        metadata["tax_rate"] = str(order.tax.get("rate", ""))
        metadata["tax_name"] = str(order.tax.get("name", ""))[:100]
    return metadata


def _reason(exc: stripe.SignatureVerificationError) -> str:
    message = str(getattr(exc, "user_message", None) or exc)
    if "tolerance" in message:
        return "timestamp outside the tolerance window"
    if "header" in message.lower() and "extract" in message.lower():
        return "malformed Stripe-Signature header"
    return "signature mismatch"


def _audit_payload(event: Mapping[str, Any], obj: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": event.get("id"),
        "type": event.get("type"),
        "created": event.get("created"),
        "livemode": event.get("livemode"),
        "api_version": event.get("api_version"),
        "object": {
            key: obj[key] if key != "payment_intent" else _id(obj[key])
            for key in _KEPT_FIELDS
            if key in obj
        },
    }
