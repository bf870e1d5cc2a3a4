"""Payment provider ``paypal``: PayPal Orders v2 with intent CAPTURE, one PayPal REST app
per tenant.

* ``create_checkout`` creates a PayPal order for the Tuition order (``custom_id`` =
  ``<tenant id>:<order id>``, ``invoice_id`` = order id, ``PayPal-Request-Id`` derived from
  the order id) and hands the frontend its id and approve link.
* The buyer approves at PayPal. ``verify_webhook`` moves no money: it returns
  ``CHECKOUT.ORDER.APPROVED`` as a ``payment.approved`` event without calling PayPal, and
  core's job for that event calls ``fetch_status``, which captures. The return page
  (``POST /v1/orders/<id>/refresh``) and reconciliation call ``fetch_status`` too; the
  first of them captures. Every capture of an order carries the same ``PayPal-Request-Id``,
  and ``ORDER_ALREADY_CAPTURED`` is answered by reading the existing capture, so an order
  is never charged twice.
* A capture that PayPal is still running for another caller (``PREVIOUS_REQUEST_IN_PROGRESS``
  after a short backoff) raises a retryable :class:`PaymentError`: the event's job fails
  and is retried (rq) or left for a replay or reconciliation, the return page answers 503,
  reconciliation counts an error. Answering ``payment.pending`` instead would claim the
  buyer has not paid while the capture is under way: the event would be marked processed
  with nobody retrying it, and reconciliation could expire an order that is being paid.
* ``refund`` refunds (part of) the capture; refund webhooks report the capture's
  cumulative refunded total.
* Schedules of charges (``recurring``) use the Subscriptions API: see
  :mod:`tuition_paypal_provider.subscriptions`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from tuition.plugin_api import (
    Capabilities,
    ChargeResult,
    CheckoutSession,
    EventKind,
    OrderInfo,
    PaymentError,
    PaymentProvider,
    ProviderEvent,
    ProviderStatus,
    RefundResult,
    Schedule,
    WebhookRequest,
    WebhookVerificationError,
    utcnow,
)

from . import subscriptions as subs
from . import webhooks
from .client import PayPalApiError, PayPalClient
from .money import SUPPORTED_CURRENCIES, from_paypal, to_paypal
from .settings import ORDER_PLACEHOLDER, cert_hosts, currencies

log = logging.getLogger("tuition_paypal_provider")

#: Capture statuses (PayPal) → what they mean for a Tuition order.
_CAPTURE_KINDS: dict[str, EventKind] = {
    "COMPLETED": "payment.succeeded",
    "PARTIALLY_REFUNDED": "payment.succeeded",
    "REFUNDED": "payment.succeeded",
    "PENDING": "payment.pending",
    "DECLINED": "payment.failed",
    "FAILED": "payment.failed",
}
#: Capture errors meaning the buyer's money will not come for this approval.
_DECLINED_ISSUES = frozenset(
    {
        "INSTRUMENT_DECLINED",
        "TRANSACTION_REFUSED",
        "PAYER_CANNOT_PAY",
        "MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED",
        "COMPLIANCE_VIOLATION",
        "PAYEE_BLOCKED_TRANSACTION",
        "REDIRECT_PAYER_FOR_ALTERNATE_FUNDING",
    }
)
#: Errors of a subscription's capture meaning the subscriber's funding refused it.
_CAPTURE_REFUSED = _DECLINED_ISSUES | {
    "USER_ACCOUNT_CLOSED",
    "SUBSCRIBER_ACCOUNT_LOCKED",
    "SUBSCRIBER_ACCOUNT_CLOSED",
    "SUBSCRIBER_ACCOUNT_RESTRICTED",
}
#: Statuses of a subscription's transaction that took the money (PENDING: on its way).
_CAPTURED = frozenset({"COMPLETED", "PENDING", "PARTIALLY_REFUNDED", "REFUNDED"})
#: Declined captures of one charge followed at most (see ``_capture_balance``).
_MAX_CAPTURE_ATTEMPTS = 20
#: Waits before retrying a capture PayPal is still busy with (another path started it).
_IN_PROGRESS_BACKOFF = (0.2, 0.4, 0.8, 1.6)
#: Webhook events that concern a capture (resource = capture).
_CAPTURE_EVENTS: dict[str, EventKind] = {
    "PAYMENT.CAPTURE.COMPLETED": "payment.succeeded",
    "PAYMENT.CAPTURE.PENDING": "payment.pending",
    "PAYMENT.CAPTURE.DENIED": "payment.failed",
    "PAYMENT.CAPTURE.DECLINED": "payment.failed",
}
#: Webhook events of a subscription (resource = subscription) that stop its schedule.
_SUBSCRIPTION_ENDS: dict[str, EventKind] = {
    "BILLING.SUBSCRIPTION.CANCELLED": "schedule.canceled",
    "BILLING.SUBSCRIPTION.EXPIRED": "schedule.canceled",
    "BILLING.SUBSCRIPTION.SUSPENDED": "ignored",
}
#: Keys of a webhook resource kept in the stored event; payer details are left out.
_KEPT = (
    "id",
    "status",
    "intent",
    "amount",
    "custom_id",
    "invoice_id",
    "final_capture",
    "status_details",
    "billing_agreement_id",
    "sale_id",
    "total_refunded_amount",
    "plan_id",
    "state",
    "create_time",
    "update_time",
)


def _custom_id(tenant_id: str, order_id: str) -> str:
    return f"{tenant_id}:{order_id}"


def _parse_custom_id(value: Any) -> tuple[str, str] | None:
    if not isinstance(value, str) or value.count(":") != 1:
        return None
    tenant_id, order_id = value.split(":")
    return (tenant_id, order_id) if tenant_id and order_id else None


def _units(resource: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    units = resource.get("purchase_units")
    return [u for u in units if isinstance(u, Mapping)] if isinstance(units, list) else []


def _captures(order: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = []
    for unit in _units(order):
        payments = unit.get("payments")
        if isinstance(payments, Mapping) and isinstance(payments.get("captures"), list):
            found += [c for c in payments["captures"] if isinstance(c, Mapping)]
    return found


def _money(value: Any) -> tuple[int, str]:
    if not isinstance(value, Mapping):
        raise ValueError("no amount")
    currency = str(value.get("currency_code") or "").upper()
    return from_paypal(str(value.get("value")), currency), currency


def _link(resource: Mapping[str, Any], *rels: str) -> str | None:
    links = resource.get("links")
    if not isinstance(links, list):
        return None
    for rel in rels:
        for link in links:
            if isinstance(link, Mapping) and link.get("rel") == rel and link.get("href"):
                return str(link["href"])
    return None


def _slim(event: Mapping[str, Any]) -> dict[str, Any]:
    """What is kept of an event for the audit trail: no payer, no addresses."""
    resource = event.get("resource") if isinstance(event.get("resource"), Mapping) else {}
    assert isinstance(resource, Mapping)
    kept: dict[str, Any] = {k: resource[k] for k in _KEPT if k in resource}
    units = [
        {k: u[k] for k in ("reference_id", "custom_id", "invoice_id", "amount") if k in u}
        for u in _units(resource)
    ]
    if units:
        kept["purchase_units"] = units
    breakdown = resource.get("seller_payable_breakdown")
    if isinstance(breakdown, Mapping) and "total_refunded_amount" in breakdown:
        kept["total_refunded_amount"] = breakdown["total_refunded_amount"]
    related = (
        (resource.get("supplementary_data") or {}).get("related_ids")
        if isinstance(resource.get("supplementary_data"), Mapping)
        else None
    )
    if related:
        kept["related_ids"] = related
    return {
        "id": event.get("id"),
        "event_type": event.get("event_type"),
        "resource_type": event.get("resource_type"),
        "create_time": event.get("create_time"),
        "summary": event.get("summary"),
        "resource": kept,
    }


class PayPalProvider(PaymentProvider):
    """PayPal Checkout (Orders v2, capture on approval) for one tenant's REST app."""

    name = "paypal"
    capabilities = Capabilities(
        currencies=SUPPORTED_CURRENCIES,
        refunds=True,
        partial_refunds=True,
        recurring=True,
        charge_now=True,
        refund_charges=True,
        trials=True,
    )
    frontend_fields = {
        "approve_url": "where the buyer approves the payment.",
        "paypal_order_id": "PayPal's order id (for the PayPal JS SDK).",
        "paypal_subscription_id": "PayPal's subscription id, for a schedule of charges "
        "(for the PayPal JS SDK's createSubscription).",
    }

    @classmethod
    def currencies_for(cls, settings: Mapping[str, Any]) -> frozenset[str]:
        return currencies(settings) & SUPPORTED_CURRENCIES

    def _client(self) -> PayPalClient:
        return PayPalClient(self.settings)

    # -- checkout ------------------------------------------------------------------------

    def _check_currency(self, currency: str) -> None:
        if currency not in self.currencies_for(self.settings):
            raise PaymentError(
                f"This shop does not take {currency} through PayPal.", retryable=False
            )

    def _url(self, name: str, order: OrderInfo) -> str | None:
        value = self.settings.get(name)
        return str(value).replace(ORDER_PLACEHOLDER, order.id) if value else None

    def create_checkout(self, order: OrderInfo) -> CheckoutSession:
        self._check_currency(order.currency)

        def url(name: str) -> str | None:
            return self._url(name, order)

        try:
            created = self._client().create_order(
                amount=to_paypal(order.amount, order.currency),
                currency=order.currency,
                reference_id=order.id,
                custom_id=_custom_id(order.tenant_id, order.id),
                invoice_id=order.id,
                description=order.course_title,
                request_id=f"tuition-create-{order.id}",
                return_url=url("return_url"),
                cancel_url=url("cancel_url"),
                brand_name=self.settings.get("brand_name"),
            )
        except PayPalApiError as exc:
            raise exc.to_payment_error("create the order") from None
        paypal_id = created.get("id")
        approve = _link(created, "approve", "payer-action")
        if not paypal_id or not approve:
            raise PaymentError("PayPal's order has no id or approve link.", retryable=False)
        return CheckoutSession(
            reference=str(paypal_id),
            frontend={"paypal_order_id": str(paypal_id), "approve_url": approve},
        )

    def create_recurring_checkout(self, order: OrderInfo, schedule: Schedule) -> CheckoutSession:
        self._check_currency(schedule.currency)
        if schedule.interval_count > subs.MAX_INTERVAL_COUNT[schedule.interval]:
            raise PaymentError(
                f"PayPal cannot charge every {schedule.interval_count} {schedule.interval}s.",
                retryable=False,
            )
        subs.setup_fee(schedule)  # refused before any call
        subs.check_trial(schedule)
        client = self._client()
        product = subs.product_id(order.tenant_id)
        try:
            client.create_product(
                product_id=product,
                name=str(self.settings.get("brand_name") or order.tenant_slug),
                description=f"Courses of {order.tenant_slug}",
                request_id=f"tuition-product-{order.tenant_id}",
            )
        except PayPalApiError as exc:
            # Made for an earlier order (beyond the request id's 72 hours): reuse it.
            if "DUPLICATE_RESOURCE_IDENTIFIER" not in exc.issues:
                raise exc.to_payment_error("create the catalog product") from None
        context: dict[str, Any] = {
            "shipping_preference": "NO_SHIPPING",
            "user_action": "SUBSCRIBE_NOW",
        }
        for key, value in (
            ("return_url", self._url("return_url", order)),
            ("cancel_url", self._url("cancel_url", order)),
            ("brand_name", self.settings.get("brand_name")),
        ):
            if value:
                context[key] = value
        try:
            plan = client.create_plan(
                subs.plan_body(order, schedule, product),
                request_id=subs.plan_request_id(order.tenant_id, schedule),
            )
            if not plan.get("id"):
                raise PaymentError("PayPal's billing plan has no id.", retryable=False)
            body: dict[str, Any] = {
                "plan_id": plan["id"],
                "custom_id": _custom_id(order.tenant_id, order.id),
                "application_context": context,
            }
            if order.customer_email:
                body["subscriber"] = {"email_address": order.customer_email}
            created = client.create_subscription(body, request_id=f"tuition-subscribe-{order.id}")
        except PayPalApiError as exc:
            raise exc.to_payment_error("create the subscription") from None
        subscription_id = created.get("id")
        approve = _link(created, "approve")
        if not subscription_id or not approve:
            raise PaymentError("PayPal's subscription has no id or approve link.", retryable=False)
        return CheckoutSession(
            reference=str(subscription_id),
            frontend={"paypal_subscription_id": str(subscription_id), "approve_url": approve},
        )

    def cancel_schedule(self, order: OrderInfo) -> None:
        if not order.provider_reference or order.schedule is None:
            return  # no subscription was ever made for it
        try:
            self._client().cancel_subscription(
                order.provider_reference, reason=f"Tuition order {order.id} ended"
            )
        except PayPalApiError as exc:
            # Canceled or expired already (422), or never approved and dropped (404).
            if exc.status == 404 or "SUBSCRIPTION_STATUS_INVALID" in exc.issues:
                return
            raise exc.to_payment_error("cancel the subscription") from None

    def charge_now(self, order: OrderInfo, amount: int, key: str) -> ChargeResult:
        """Charge ``amount`` now on the order's subscription: PayPal captures only a
        subscription's outstanding balance (``POST /v1/billing/subscriptions/<id>/capture``,
        ``capture_type`` OUTSTANDING_BALANCE, at most the balance), so the balance is first
        raised to ``amount`` (``PATCH`` ``/billing_info/outstanding_balance``, one of the
        subscription's patchable fields) when it is lower. The capture's
        ``PayPal-Request-Id`` is derived from ``key``: a repeat answers the same
        transaction. A capture that took nothing (declined) or repeated an earlier one
        leaves the balance as it was before the call, so PayPal never bills the raise
        later (``auto_bill_outstanding``)."""
        reference = order.provider_reference or ""
        if order.schedule is None or not reference.startswith("I-"):
            raise PaymentError("This order started no PayPal subscription.", retryable=False)
        if amount <= 0:
            raise PaymentError("Nothing to charge.", retryable=False)
        client = self._client()
        try:
            current = client.get_subscription(reference)
        except PayPalApiError as exc:
            raise exc.to_payment_error("look up the subscription") from None
        if current.get("status") not in subs.RUNNING:
            raise PaymentError("The PayPal subscription is not running.", retryable=False)
        before = subs.outstanding(current)
        raised = before < amount
        try:
            known = {str(t.get("id")) for t in self._transactions(client, current)}
            if raised:
                client.patch_subscription(reference, subs.outstanding_patch(amount, order.currency))
            captured = self._capture_balance(client, order, amount, key, known)
        except PayPalApiError as exc:
            if raised:
                self._restore_outstanding(client, reference, before, order.currency)
            if set(exc.issues) & _CAPTURE_REFUSED:
                log.info("PayPal refused to charge %s: %s", reference, ", ".join(exc.issues))
                return ChargeResult(payment_id="", amount=amount, status="failed")
            if "SUBSCRIPTION_STATUS_INVALID" in exc.issues:
                raise PaymentError(
                    "The PayPal subscription is not running.", retryable=False
                ) from None
            raise exc.to_payment_error("charge the subscription") from None
        paid = str(captured.get("status") or "").upper() in _CAPTURED
        if raised:
            left: int | None
            try:
                left = subs.outstanding(client.get_subscription(reference))
            except PayPalApiError:
                left = None if paid else amount
            # A fresh capture paid the raised balance off; a declined or repeated one
            # (answered from PayPal's idempotency store) left our raise on it.
            if left is None or left > 0:
                self._restore_outstanding(client, reference, before, order.currency)
        taken = subs.transaction_amount(captured)
        return ChargeResult(
            payment_id=str(captured.get("id") or ""),
            amount=taken[0] if taken and paid else amount,
            status="succeeded" if paid and captured.get("id") else "failed",
        )

    @staticmethod
    def _capture_balance(
        client: PayPalClient, order: OrderInfo, amount: int, key: str, known: set[str]
    ) -> dict[str, Any]:
        """Capture ``amount`` of the subscription's balance once per ``key``. The request
        id is derived from ``key``; PayPal answers a repeated one from its idempotency
        store, a declined capture too. So a declined answer naming a transaction that was
        listed before this call (``known``: an earlier attempt's) leads to the next
        request id, derived from that transaction: the charge is tried again, and a later
        call follows the same chain to the same answer. A captured answer, or a decline
        made by this call, is final."""
        chain = hashlib.sha256(f"{order.id}|{key}".encode()).hexdigest()[:40]
        captured: dict[str, Any] = {}
        for _ in range(_MAX_CAPTURE_ATTEMPTS):
            captured = client.capture_subscription(
                str(order.provider_reference),
                amount=to_paypal(amount, order.currency),
                currency=order.currency,
                note=f"Tuition order {order.id}: balance paid at once",
                request_id=f"tuition-charge-{chain}",
            )
            transaction = str(captured.get("id") or "")
            status = str(captured.get("status") or "").upper()
            if status in _CAPTURED or not transaction or transaction not in known:
                return captured
            chain = hashlib.sha256(f"{chain}|{transaction}".encode()).hexdigest()[:40]
        return captured

    @staticmethod
    def _transactions(
        client: PayPalClient, subscription: Mapping[str, Any]
    ) -> list[Mapping[str, Any]]:
        """Every transaction of the subscription so far (declined ones included)."""
        start = str(subscription.get("create_time") or subscription.get("start_time") or "")
        times = [utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")]
        info = subscription.get("billing_info")
        for name in ("update_time", "status_update_time"):
            times.append(str(subscription.get(name) or ""))
        if isinstance(info, Mapping):
            for name in ("last_payment", "last_failed_payment"):
                last = info.get(name)
                if isinstance(last, Mapping):
                    times.append(str(last.get("time") or ""))
        listed = client.subscription_transactions(
            str(subscription["id"]), start_time=start, end_time=max(times)
        )
        found = listed.get("transactions")
        return [t for t in found if isinstance(t, Mapping)] if isinstance(found, list) else []

    @staticmethod
    def _restore_outstanding(
        client: PayPalClient, reference: str, amount: int, currency: str
    ) -> None:
        try:
            client.patch_subscription(reference, subs.outstanding_patch(amount, currency))
        except PayPalApiError as exc:
            log.error(
                "PayPal subscription %s: outstanding balance not restored to %s: %s",
                reference,
                amount,
                exc,
            )

    def _subscription_status(self, order: OrderInfo, reference: str) -> ProviderStatus:
        """A schedule's first charge: paid once PayPal completed the subscription's first
        sale (its id and amount from the subscription's transactions)."""
        client = self._client()
        try:
            current = client.get_subscription(reference)
        except PayPalApiError as exc:
            if exc.status == 404:
                return ProviderStatus(kind="checkout.expired")
            raise exc.to_payment_error("look up the subscription") from None
        if current.get("custom_id") not in (None, _custom_id(order.tenant_id, order.id)):
            log.error("PayPal subscription %s is not order %s's", reference, order.id)
            return ProviderStatus(kind="payment.pending")
        trial = order.schedule is not None and order.schedule.trial_days > 0
        if trial and current.get("status") in subs.RUNNING:
            # A free trial (a TRIAL cycle): approved, nothing taken; charge 1 is the trial.
            return ProviderStatus(kind="payment.succeeded", amount=0, currency=order.currency)
        # The first charge is the first REGULAR cycle's sale, or the setup fee's (taken
        # at approval, before a TRIAL cycle it paid for).
        sales = self._sales(client, current) if subs.has_trial(current) else []
        if not sales and not subs.cycles_completed(current):
            dead = current.get("status") in subs.UNPAID_DEAD
            return ProviderStatus(kind="checkout.expired" if dead else "payment.pending")
        sales = sales or self._sales(client, current)
        first = subs.transaction_amount(sales[0]) if sales else None
        if first is None:
            return ProviderStatus(kind="payment.pending")  # not listed yet: ask again
        return ProviderStatus(
            kind="payment.succeeded",
            payment_id=str(sales[0].get("id") or "") or None,
            amount=first[0],
            currency=first[1],
        )

    @staticmethod
    def _sales(
        client: PayPalClient, subscription: Mapping[str, Any], until: str | None = None
    ) -> list[Mapping[str, Any]]:
        """The subscription's completed sales, oldest first, up to ``until`` (a time)."""
        start = str(subscription.get("create_time") or subscription.get("start_time") or "")
        end = until or str(subscription.get("status_update_time") or "")
        info = subscription.get("billing_info")
        if not until and isinstance(info, Mapping):
            last = info.get("last_payment")
            if isinstance(last, Mapping) and str(last.get("time") or "") > end:
                end = str(last["time"])
        try:
            listed = client.subscription_transactions(
                str(subscription["id"]), start_time=start, end_time=end
            )
        except PayPalApiError as exc:
            raise exc.to_payment_error("list the subscription's payments") from None
        return subs.completed_sales(listed)

    # -- status and capture --------------------------------------------------------------

    def fetch_status(self, order: OrderInfo) -> ProviderStatus:
        if not order.provider_reference:
            return ProviderStatus(kind="payment.pending")
        if order.schedule is not None and order.provider_reference.startswith("I-"):
            return self._subscription_status(order, order.provider_reference)
        client = self._client()
        try:
            current = client.get_order(order.provider_reference)
        except PayPalApiError as exc:
            if exc.status == 404:  # PayPal drops orders nobody approved in time
                return ProviderStatus(kind="checkout.expired")
            raise exc.to_payment_error("look up the order") from None
        units = _units(current)
        if units and units[0].get("custom_id") not in (None, _custom_id(order.tenant_id, order.id)):
            log.error(
                "PayPal order %s belongs to %s, not to order %s",
                order.provider_reference,
                units[0].get("custom_id"),
                order.id,
            )
            return ProviderStatus(kind="payment.pending")
        if current.get("status") == "APPROVED":
            return self._capture(client, order.provider_reference, order.id)
        return self._status_of(current)

    def _capture(self, client: PayPalClient, paypal_order_id: str, order_id: str) -> ProviderStatus:
        """Capture an approved order, once whatever the number of callers (the event's
        job, the return page, reconciliation): they all send the same request id."""
        request_id = f"tuition-capture-{order_id}"
        for attempt in range(len(_IN_PROGRESS_BACKOFF) + 1):
            try:
                return self._status_of(client.capture_order(paypal_order_id, request_id=request_id))
            except PayPalApiError as exc:
                issues = set(exc.issues)
                if "ORDER_ALREADY_CAPTURED" in issues:
                    try:
                        return self._status_of(client.get_order(paypal_order_id))
                    except PayPalApiError as again:
                        raise again.to_payment_error("look up the order") from None
                if "PREVIOUS_REQUEST_IN_PROGRESS" in issues:
                    if attempt < len(_IN_PROGRESS_BACKOFF):
                        time.sleep(_IN_PROGRESS_BACKOFF[attempt])
                        continue
                    # Another caller's capture is still running: its outcome is not
                    # known yet, so say so (retryable) rather than claim "pending".
                    log.info("PayPal is still capturing %s for another caller", paypal_order_id)
                    raise PaymentError(
                        "PayPal is still completing this payment; try again shortly.",
                        retryable=True,
                    ) from None
                if issues & _DECLINED_ISSUES:
                    log.info(
                        "PayPal declined the capture of %s: %s",
                        paypal_order_id,
                        ", ".join(sorted(issues)),
                    )
                    return ProviderStatus(kind="payment.failed")
                if "ORDER_NOT_APPROVED" in issues:
                    return ProviderStatus(kind="payment.pending")
                if exc.status == 404:
                    return ProviderStatus(kind="checkout.expired")
                raise exc.to_payment_error("capture the payment") from None
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _status_of(paypal_order: Mapping[str, Any]) -> ProviderStatus:
        captures = _captures(paypal_order)
        if captures:
            capture = captures[0]
            kind = _CAPTURE_KINDS.get(str(capture.get("status")), "payment.pending")
            amount: int | None = None
            currency: str | None = None
            try:
                amount, currency = _money(capture.get("amount"))
            except ValueError:
                # Never fulfil without an amount core can check against the order.
                log.error("PayPal capture %s has no readable amount", capture.get("id"))
                kind = "payment.pending"
            return ProviderStatus(
                kind=kind,
                payment_id=str(capture.get("id") or "") or None,
                amount=amount,
                currency=currency,
            )
        if paypal_order.get("status") == "VOIDED":
            return ProviderStatus(kind="checkout.expired")
        return ProviderStatus(kind="payment.pending")

    # -- webhooks ------------------------------------------------------------------------

    def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        webhooks.verify(
            request.body,
            request.headers,
            webhook_id=str(self.settings.get("webhook_id") or ""),
            allowed_hosts=cert_hosts(self.settings),
        )
        try:
            data = json.loads(request.body)
            if not isinstance(data, dict) or not isinstance(data.get("resource"), dict):
                raise ValueError("not an event")
            event_id, event_type = str(data["id"]), str(data["event_type"])
            return [self._event(data, event_id, event_type, request)]
        except (ValueError, KeyError, TypeError) as exc:
            raise WebhookVerificationError(f"unreadable payload: {exc}") from None

    def _event(
        self, data: dict[str, Any], event_id: str, event_type: str, request: WebhookRequest
    ) -> ProviderEvent:
        resource: dict[str, Any] = data["resource"]
        payload = _slim(data)
        units = _units(resource)
        ours = _parse_custom_id(
            resource.get("custom_id") or (units[0].get("custom_id") if units else None)
        )
        if event_type == "PAYMENT.CAPTURE.REFUNDED" and ours is None:
            ours = self._refund_owner(resource)
        subscription: Mapping[str, Any] | None = None
        sale: Mapping[str, Any] | None = resource
        if event_type == "PAYMENT.SALE.REFUNDED" and resource.get("sale_id"):
            sale = self._sale(str(resource["sale_id"]))  # the refund names only its sale
        if (
            event_type in ("PAYMENT.SALE.COMPLETED", "PAYMENT.SALE.REFUNDED")
            and sale is not None
            and sale.get("billing_agreement_id")
        ):
            subscription = self._subscription_of(str(sale["billing_agreement_id"]))
            if subscription is not None:
                ours = _parse_custom_id(subscription.get("custom_id"))

        def event(kind: EventKind, **values: Any) -> ProviderEvent:
            return ProviderEvent(
                event_id=event_id,
                kind=kind,
                raw_type=event_type,
                order_id=ours[1] if ours else None,
                payload=payload,
                tenant_id=ours[0] if ours else None,
                **values,
            )

        if ours is None or ours[0] != request.tenant_id:
            # Not a Tuition order of this tenant (another shop on the same PayPal account,
            # or another tenant): never capture or act on it here.
            return event("ignored")
        if event_type == "CHECKOUT.ORDER.APPROVED":
            if resource.get("status") not in (None, "APPROVED", "COMPLETED"):
                return event("payment.pending")
            # No capture here: core's job for this event calls ``fetch_status``, which
            # captures the PayPal order recorded on the Tuition order (not the one named
            # in the payload) and reports the result.
            return event("payment.approved")
        if event_type == "CHECKOUT.ORDER.VOIDED":
            return event("checkout.expired")
        if event_type == "CHECKOUT.PAYMENT-APPROVAL.REVERSED":
            # The approval can no longer be captured: the order fails, its seat is released
            # and core emits ``order.failed`` (what a mail plugin tells the student with).
            return event("payment.failed")
        if event_type in _CAPTURE_EVENTS:
            amount, currency = _money(resource.get("amount"))
            return event(
                _CAPTURE_EVENTS[event_type],
                amount=amount,
                currency=currency,
                payment_id=str(resource["id"]),
            )
        if event_type == "BILLING.SUBSCRIPTION.ACTIVATED":
            # The first charge: core's job asks ``fetch_status``, which reads the sale.
            return event("payment.approved")
        if event_type == "PAYMENT.SALE.COMPLETED" and subscription is not None:
            amount, currency = subs.sale_amount(resource)
            number = self._sale_number(subscription, resource)
            if number == 1:
                return event(
                    "payment.succeeded",
                    amount=amount,
                    currency=currency,
                    payment_id=str(resource["id"]),
                )
            return event(
                "installment.paid",
                amount=amount,
                currency=currency,
                payment_id=str(resource["id"]),
                installment=number,
            )
        if event_type == "PAYMENT.SALE.REFUNDED" and subscription is not None and sale:
            return self._sale_refund_event(event, resource, subscription, sale)
        if event_type == "BILLING.SUBSCRIPTION.PAYMENT.FAILED":
            done = subs.cycles_completed(resource)
            if subs.has_trial(resource):
                done = (done or 0) + 1  # charge 1 was the trial: nothing to fail
            if not done:
                # The first charge failed at activation: PayPal retries it; the order
                # stays pending until it is paid or its checkout expires.
                return event("ignored")
            info = resource.get("billing_info")
            failed = info.get("last_failed_payment") if isinstance(info, Mapping) else None
            values: dict[str, Any] = {}
            if isinstance(failed, Mapping) and isinstance(failed.get("amount"), Mapping):
                values["amount"], values["currency"] = _money(failed["amount"])
            return event("installment.failed", installment=done + 1, **values)
        if event_type == "BILLING.SUBSCRIPTION.EXPIRED" and subs.all_cycles_done(resource):
            # Every cycle was charged: the sales' own events pay the installments, in
            # whatever order they come; nothing was canceled.
            return event("ignored")
        if event_type in _SUBSCRIPTION_ENDS:
            return event(_SUBSCRIPTION_ENDS[event_type])
        if event_type == "PAYMENT.CAPTURE.REFUNDED":
            if resource.get("status") not in (None, "COMPLETED"):
                return event("ignored")  # a pending refund: its completion is reported
            total = self._refunded_total(resource)
            if total is None:
                log.warning("PayPal refund %s: cumulative total unknown", resource.get("id"))
                return event("ignored")
            return event(
                "refund.succeeded",
                amount=total[0],
                currency=total[1],
                payment_id=self._capture_id_of(resource),
            )
        return event("ignored")

    def _sale_refund_event(
        self,
        event: Callable[..., ProviderEvent],
        refund: Mapping[str, Any],
        subscription: Mapping[str, Any],
        sale: Mapping[str, Any],
    ) -> ProviderEvent:
        """A refund of a subscription's sale (Tuition's or one made in PayPal's
        dashboard): ``refund.succeeded`` of the order with the sale's cumulative refunded
        total when the sale is the schedule's first (the order's payment); a later
        charge's sale is not the order's money (``ignored``)."""
        if str(refund.get("state") or "").lower() != "completed":
            return event("ignored")  # pending: its completion is reported
        if self._sale_number(subscription, sale) != 1:
            return event("ignored")
        total = refund.get("total_refunded_amount")
        if not isinstance(total, Mapping):
            log.warning("PayPal refund %s: cumulative total unknown", refund.get("id"))
            return event("ignored")
        currency = str(total.get("currency") or total.get("currency_code") or "").upper()
        return event(
            "refund.succeeded",
            amount=from_paypal(str(total.get("value")), currency),
            currency=currency,
            payment_id=str(sale.get("id") or "") or None,
        )

    def _sale(self, sale_id: str) -> Mapping[str, Any] | None:
        """A v1 sale (None: not this PayPal app's)."""
        try:
            return self._client().get_sale(sale_id)
        except PayPalApiError as exc:
            if exc.status == 404:
                return None
            raise exc.to_payment_error("look up the refunded sale") from None

    def _subscription_of(self, subscription_id: str) -> Mapping[str, Any] | None:
        """The subscription a sale belongs to (None: not this PayPal app's)."""
        try:
            return self._client().get_subscription(subscription_id)
        except PayPalApiError as exc:
            if exc.status == 404:
                return None
            raise exc.to_payment_error("look up the subscription") from None

    def _sale_number(self, subscription: Mapping[str, Any], sale: Mapping[str, Any]) -> int:
        """Which charge of the schedule ``sale`` is: its place among the subscription's
        completed sales up to its own time (the same however late it is delivered)."""
        sales = self._sales(self._client(), subscription, until=str(sale.get("create_time") or ""))
        ids = [str(t.get("id")) for t in sales]
        trial = 1 if self._free_trial(subscription) else 0  # charge 1 took nothing
        if str(sale.get("id")) in ids:
            return ids.index(str(sale.get("id"))) + 1 + trial
        # Not listed yet (PayPal's list lags the event): the cycles charged so far.
        return max(1, subs.cycles_completed(subscription) or 1) + trial

    def _free_trial(self, subscription: Mapping[str, Any]) -> bool:
        """Whether the subscription started with a free trial (its billing plan has a
        TRIAL cycle and no setup fee): only then is its first sale charge 2."""
        if not subs.has_trial(subscription):
            return False
        try:
            plan = self._client().get_plan(str(subscription.get("plan_id")))
        except PayPalApiError as exc:
            raise exc.to_payment_error("look up the billing plan") from None
        return subs.free_trial(plan)

    @staticmethod
    def _capture_id_of(refund: Mapping[str, Any]) -> str | None:
        up = _link(refund, "up")
        return up.rstrip("/").rsplit("/", 1)[-1] if up else None

    def _refund_owner(self, refund: Mapping[str, Any]) -> tuple[str, str] | None:
        """The Tuition order of a refund made outside Tuition (no custom_id on it)."""
        capture_id = self._capture_id_of(refund)
        if not capture_id:
            return None
        try:
            capture = self._client().get_capture(capture_id)
        except PayPalApiError as exc:
            raise exc.to_payment_error("look up the refunded capture") from None
        return _parse_custom_id(capture.get("custom_id"))

    def _refunded_total(self, refund: Mapping[str, Any]) -> tuple[int, str] | None:
        """The capture's cumulative refunded amount after ``refund`` (what core wants)."""
        for source in (refund, None):
            if source is None:
                try:
                    source = self._client().get_refund(str(refund["id"]))
                except PayPalApiError as exc:
                    raise exc.to_payment_error("look up the refund") from None
            breakdown = source.get("seller_payable_breakdown")
            if isinstance(breakdown, Mapping) and breakdown.get("total_refunded_amount"):
                return _money(breakdown["total_refunded_amount"])
        capture_id = self._capture_id_of(refund)
        if capture_id:
            try:
                capture = self._client().get_capture(capture_id)
            except PayPalApiError as exc:
                raise exc.to_payment_error("look up the refunded capture") from None
            if capture.get("status") == "REFUNDED":
                return _money(capture.get("amount"))
        return None

    # -- refunds -------------------------------------------------------------------------

    def refund(self, order: OrderInfo, amount: int) -> RefundResult:
        if order.schedule is not None and (order.provider_reference or "").startswith("I-"):
            return self._refund_sale(order, amount)
        client = self._client()
        capture_id = order.provider_payment_id
        try:
            if not capture_id and order.provider_reference:
                captures = _captures(client.get_order(order.provider_reference))
                capture_id = str(captures[0].get("id")) if captures else None
            if not capture_id:
                raise PaymentError("Nothing was captured for this order.", retryable=False)
            refunded = client.refund_capture(
                capture_id,
                amount=to_paypal(amount, order.currency),
                currency=order.currency,
                request_id=f"tuition-refund-{order.id}-{order.refunded_amount}-{amount}",
                custom_id=_custom_id(order.tenant_id, order.id),
            )
        except PayPalApiError as exc:
            raise exc.to_payment_error("refund the payment") from None
        return _refund_result(refunded, amount)

    def _refund_sale(self, order: OrderInfo, amount: int) -> RefundResult:
        """Refund (part of) a schedule's payment: a subscription's charges are v1 sales,
        refunded through ``/v1/payments/sale/<id>/refund`` (the Orders v2 capture refund
        does not know them). The sale is ``order.provider_payment_id`` (the order's, or a
        later charge's that the caller names: a membership's last period), or the
        subscription's first completed sale when the order names none."""
        client = self._client()
        sale_id = order.provider_payment_id
        try:
            if not sale_id:
                subscription = client.get_subscription(str(order.provider_reference))
                sales = self._sales(client, subscription)
                sale_id = str(sales[0].get("id") or "") if sales else None
        except PayPalApiError as exc:
            raise exc.to_payment_error("look up the subscription's payment") from None
        if not sale_id:
            raise PaymentError("Nothing was paid for this order.", retryable=False)
        return _refund_v1_sale(
            client, order, sale_id, amount, f"{order.id}-{order.refunded_amount}-{amount}"
        )

    def refund_charge(
        self, order: OrderInfo, payment_id: str, amount: int, refunded_before: int = 0
    ) -> RefundResult:
        """Refund (part of) a later charge of the order's subscription: its v1 sale
        ``payment_id`` (an ``installment.paid``'s), through
        ``/v1/payments/sale/<id>/refund``. The sale is read first: one of another
        subscription (or none of this app's) is refused, no money moves. The request id
        is derived from (order, sale, refunded before, amount), so a retried job refunds
        once; PayPal's ``PAYMENT.SALE.REFUNDED`` for it is ``ignored`` (not the order's
        payment: the plugin records the refund from this answer)."""
        reference = order.provider_reference or ""
        if order.schedule is None or not reference.startswith("I-"):
            raise PaymentError("This order started no PayPal subscription.", retryable=False)
        client = self._client()
        try:
            sale = client.get_sale(payment_id)
        except PayPalApiError as exc:
            if exc.status == 404:
                raise PaymentError(
                    f"PayPal knows no sale {payment_id!r}.", retryable=False
                ) from None
            raise exc.to_payment_error("look up the sale") from None
        if sale.get("billing_agreement_id") != reference:
            log.error("PayPal sale %s is not of subscription %s", payment_id, reference)
            raise PaymentError("This payment is not one of the order's.", retryable=False)
        return _refund_v1_sale(
            client, order, payment_id, amount, f"{order.id}-{payment_id}-{refunded_before}-{amount}"
        )


def _refund_v1_sale(
    client: PayPalClient, order: OrderInfo, sale_id: str, amount: int, key: str
) -> RefundResult:
    """Refund ``amount`` of the v1 sale ``sale_id``, once per ``key`` (its
    ``PayPal-Request-Id`` and invoice number)."""
    try:
        refunded = client.refund_sale(
            sale_id,
            amount=to_paypal(amount, order.currency),
            currency=order.currency,
            request_id=f"tuition-refund-{key}",
            invoice_number=f"refund-{key}",
        )
    except PayPalApiError as exc:
        raise exc.to_payment_error("refund the payment") from None
    log.info("paypal sale %s of order %s refunded %s", sale_id, order.id, amount)
    return _refund_result(refunded, amount)


def _refund_result(refunded: Mapping[str, Any], amount: int) -> RefundResult:
    """PayPal's answer to a refund (a v2 refund's ``status``, a v1 refund's ``state``)."""
    status = str(refunded.get("status") or refunded.get("state") or "").upper()
    result = {"COMPLETED": "succeeded", "PENDING": "pending"}.get(status, "failed")
    return RefundResult(refund_id=str(refunded.get("id") or ""), amount=amount, status=result)  # type: ignore[arg-type]
