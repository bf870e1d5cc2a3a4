"""Charges on a schedule through Stripe Billing: a Checkout Session in ``mode=subscription``
starts a subscription whose first invoice pays the order; its later invoices are the
schedule's installments.

**A fixed number of charges: ``cancel_at``, not a subscription schedule.** Stripe offers
two ways to stop a subscription after N billing cycles: set the subscription's
``cancel_at`` to the end of cycle N, or attach a subscription schedule whose phase runs
``iterations: N`` with ``end_behavior: cancel``. Checkout can create neither (its
``subscription_data`` takes no ``cancel_at`` and no schedule), so either one needs a call
after the buyer paid. ``cancel_at`` is one idempotent update of the subscription Checkout
made (the same value from the same billing cycle anchor, however often it is set), keeps a
single Stripe object to follow (``customer.subscription.*``, ``invoice.*``) and to cancel,
and with ``proration_behavior=none`` at a period boundary bills nothing extra. A
subscription schedule would take two calls (``from_subscription``, then an update
repeating the phase's price with ``iterations``), add a second object with its own
lifecycle (``released``, ``canceled``) that cancelling must go through, and buy nothing a
fixed plan of equal charges needs (it is for plans whose phases differ). An open-ended
schedule (``Schedule.count`` None, memberships) simply gets no ``cancel_at``.

The end is set by ``fetch_status`` before the order counts as paid: the checkout's
completion and the first invoice's ``invoice.paid`` are ``payment.approved`` events, and
core calls ``fetch_status`` from their job (also reconcile and the return page do). So no
order is paid whose subscription could charge past its plan.

**Plan changes: the new price at the renewal, an upgrade's difference charged apart.**
``set_amount`` puts the new price on the subscription's item with
``proration_behavior=none``: Stripe bills nothing now and keeps the billing cycle anchor,
so the next renewal takes the new price; a downgrade needs nothing more (no subscription
schedule phase: no second object to follow). An upgrade's prorated difference is one
off-session PaymentIntent (``charge``) of the amount Tuition computed, not
``proration_behavior=always_invoice``: Stripe's proration is its own (to the second, with
a credit line for the unused old price) on an invoice whose total Tuition cannot choose,
while the memberships plugin records the difference it charged, refunds its unused share
on a prorated cancel and checks the money captured against it.

**Installment numbers** come from the invoice's billing period: its line's
``period.start`` counted in whole intervals from the subscription's
``billing_cycle_anchor`` (Stripe bills calendar intervals from the anchor, keeping the day
of the month as :func:`tuition.plugin_api.add_interval` does), plus one. A retried invoice
keeps its period, so a late payment of installment 2 after the failure of 3 is still
applied to 2, and two deliveries of one invoice name the same installment. After a trial
Stripe anchors the cycle at ``trial_end``: the trial was charge 1, the first period billed
is charge 2.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import stripe

from tuition.plugin_api import ChargeResult, OrderInfo, PaymentError, Schedule, add_interval
from tuition_stripe_provider.client import payment_error

#: Subscription statuses after which nothing is charged any more.
ENDED = ("canceled", "incomplete_expired")
#: Leeway when matching a billing period's start to the anchor's calendar intervals.
PERIOD_TOLERANCE_SECONDS = 3600


def schedule_metadata(metadata: Mapping[str, str], schedule: Schedule) -> dict[str, str]:
    """The order's metadata plus the plan (for people reading Stripe's dashboard)."""
    found = dict(metadata)
    count: int | None = schedule.count
    if count is not None:
        found["installments"] = str(count)
    found["interval"] = schedule.interval
    found["interval_count"] = str(schedule.interval_count)
    return found


def line_items(
    order: OrderInfo, schedule: Schedule, product: str | None, automatic_tax: bool = False
) -> list[dict[str, Any]]:
    """The subscription checkout's line items: an inline recurring price for one period
    (on the course's synced product when known: a synced price is one-time, so it cannot
    serve) and, for a setup fee (``Schedule.first_amount``), a one-time inline price
    (``price_data`` without ``recurring``) of the difference: in ``mode=subscription``
    Stripe charges one-time items on the first invoice only, so the checkout takes
    ``first_charge`` and the renewals ``amount``. With Stripe Tax (``automatic_tax``)
    every price is ``tax_behavior`` ``inclusive``, as on a one-time checkout: Stripe
    finds the tax inside each charge, so the buyer pays the schedule's amounts."""
    behavior = {"tax_behavior": "inclusive"} if automatic_tax else {}
    price_data: dict[str, Any] = {
        "currency": schedule.currency.lower(),
        "unit_amount": schedule.amount,
        "recurring": {"interval": schedule.interval, "interval_count": schedule.interval_count},
        **behavior,
    }
    name = order.course_title[:230] or order.course_slug
    if product:
        price_data["product"] = product
    else:
        price_data["product_data"] = {
            "name": name,
            "metadata": {"tuition_course": order.course_slug},
        }
    items = [{"price_data": price_data, "quantity": 1}]
    fee = setup_fee(schedule)
    if fee:
        items.append(
            {
                "price_data": {
                    "currency": schedule.currency.lower(),
                    "unit_amount": fee,
                    **behavior,
                    "product_data": {
                        "name": f"Setup fee: {name}",
                        "metadata": {"tuition_course": order.course_slug, "tuition": "setup_fee"},
                    },
                },
                "quantity": 1,
            }
        )
    return items


def setup_fee(schedule: Schedule) -> int:
    """What the first charge takes on top of a period (0: none; a trial takes nothing
    at checkout but has no fee either). A first charge below the period's price is no
    setup fee: refused (Stripe has no negative line item)."""
    if schedule.first_amount is None:
        return 0
    fee = schedule.first_amount - schedule.amount
    if fee < 0:
        raise PaymentError(
            "Stripe cannot charge a first period below the plan's price.", retryable=False
        )
    return fee


def schedule_end(anchor: int, schedule: Schedule) -> int | None:
    """The ``cancel_at`` that ends the subscription after ``schedule.count`` cycles
    counted from its billing cycle anchor (None: open-ended)."""
    count: int | None = schedule.count
    if count is None:
        return None
    start = datetime.fromtimestamp(anchor, UTC)
    return int(add_interval(start, schedule.interval, schedule.interval_count * count).timestamp())


def installment_number(subscription: Mapping[str, Any], period_start: int) -> int | None:
    """Which charge of the schedule the billing period starting at ``period_start`` is
    (1 = the first), or None when the subscription does not say."""
    items = (subscription.get("items") or {}).get("data") or []
    recurring = ((items[0].get("price") or {}).get("recurring") or {}) if items else {}
    anchor = subscription.get("billing_cycle_anchor")
    interval, count = recurring.get("interval"), recurring.get("interval_count") or 1
    if not isinstance(anchor, int) or interval not in ("day", "week", "month", "year"):
        return None
    start = datetime.fromtimestamp(anchor, UTC)
    # After a trial Stripe anchors the billing cycle at the trial's end: the trial was
    # charge 1 (the checkout's, of nothing), the first period billed is charge 2.
    trial_end = subscription.get("trial_end")
    first = 2 if isinstance(trial_end, int) and anchor >= trial_end else 1
    number = 0
    while number < 10_000:
        following = add_interval(start, interval, count * (number + 1)).timestamp()
        if following > period_start + PERIOD_TOLERANCE_SECONDS:
            return number + first
        number += 1
    return None


def period_start(invoice: Mapping[str, Any]) -> int | None:
    """The start of the billing period an invoice charges for (its subscription line)."""
    for line in (invoice.get("lines") or {}).get("data") or []:
        start = (line.get("period") or {}).get("start")
        if isinstance(start, int):
            return start
    return None


def subscription_of(invoice: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
    """The invoice's subscription id and the snapshot of its metadata."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    found = details.get("subscription")
    if isinstance(found, Mapping):
        found = found.get("id")
    return (str(found) if found else None), details.get("metadata") or {}


def invoice_payment_intent(invoice: Mapping[str, Any]) -> str | None:
    """The payment intent that paid an invoice (its ``payments`` expanded)."""
    for payment in (invoice.get("payments") or {}).get("data") or []:
        if payment.get("status") == "paid":
            found = (payment.get("payment") or {}).get("payment_intent")
            if isinstance(found, Mapping):
                found = found.get("id")
            if found:
                return str(found)
    return None


def ran_its_course(subscription: Mapping[str, Any]) -> bool:
    """A deleted subscription that ended at its ``cancel_at`` (the plan's last cycle is
    over), not one canceled early (by Tuition, the dashboard or failed payments)."""
    cancel_at, ended_at = subscription.get("cancel_at"), subscription.get("ended_at")
    return isinstance(cancel_at, int) and isinstance(ended_at, int) and ended_at >= cancel_at


def set_end(
    client: stripe.StripeClient,
    order: OrderInfo,
    schedule: Schedule,
    subscription: Mapping[str, Any],
) -> None:
    """Give the subscription its ``cancel_at`` (the module's docstring says why), unless
    it has it or is over. Idempotent: the same value every time, the same key."""
    if subscription.get("status") in ENDED or not isinstance(
        subscription.get("billing_cycle_anchor"), int
    ):
        return
    end = schedule_end(int(subscription["billing_cycle_anchor"]), schedule)
    if end is None or subscription.get("cancel_at") == end:
        return
    try:
        client.v1.subscriptions.update(
            str(subscription["id"]),
            {"cancel_at": end, "proration_behavior": "none"},
            {"idempotency_key": f"tuition-schedule-end-{order.id}-{end}"},
        )
    except stripe.StripeError as exc:
        raise payment_error(exc, "set the end of the payment plan") from None


def cancel(client: stripe.StripeClient, subscription_id: str) -> None:
    """Cancel a subscription now; one already over is no error (Stripe answers
    ``resource_missing`` to cancelling a canceled subscription)."""
    try:
        subscription = client.v1.subscriptions.retrieve(subscription_id).to_dict()
        if subscription.get("status") in ENDED:
            return
        client.v1.subscriptions.cancel(subscription_id)
    except stripe.InvalidRequestError as exc:
        try:
            again = client.v1.subscriptions.retrieve(subscription_id).to_dict()
        except stripe.StripeError:
            raise payment_error(exc, "cancel the payment plan") from None
        if again.get("status") not in ENDED:
            raise payment_error(exc, "cancel the payment plan") from None
    except stripe.StripeError as exc:
        raise payment_error(exc, "cancel the payment plan") from None


# -- charges beside the schedule and plan changes ----------------------------------------


def object_id(value: Any) -> str | None:
    """The id of an expandable field (an id string or an expanded object)."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, Mapping):
        found = value.get("id")
        return str(found) if found else None
    return None


def payment_method(client: stripe.StripeClient, subscription: Mapping[str, Any]) -> str | None:
    """The card the subscription charges: its ``default_payment_method`` (Checkout sets
    it), else the customer's invoice default (what the customer portal changes)."""
    found = object_id(subscription.get("default_payment_method"))
    if found:
        return found
    customer_id = object_id(subscription.get("customer"))
    if not customer_id:
        return None
    try:
        customer = client.v1.customers.retrieve(customer_id).to_dict()
    except stripe.StripeError as exc:
        raise payment_error(exc, "look up the customer") from None
    return object_id((customer.get("invoice_settings") or {}).get("default_payment_method"))


def charge(
    client: stripe.StripeClient,
    order: OrderInfo,
    subscription: Mapping[str, Any],
    amount: int,
    key: str,
) -> ChargeResult:
    """Charge ``amount`` once, off session, to the subscription's customer and card: a
    PaymentIntent with ``confirm=true, off_session=true``.

    Idempotent per ``key``: a succeeded PaymentIntent of the customer carrying the key
    in its metadata is the answer (a list, not a search: lists are consistent at once);
    otherwise the PaymentIntent is created with an idempotency key made of ``key`` and
    the card, so two requests never charge twice while a declined card, once replaced
    (the customer portal), is not answered Stripe's stored decline for 24 hours.

    Its metadata names the order as ``charge_of``, never ``order_id``: the refund
    events of this money are not refunds of the order's own payment."""
    customer_id = object_id(subscription.get("customer"))
    method = payment_method(client, subscription)
    if not customer_id or not method:
        raise PaymentError("The subscription has no card on file to charge.", retryable=False)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    found = _earlier_charge(client, customer_id, digest)
    if found is not None:
        return found
    params: dict[str, Any] = {
        "amount": amount,
        "currency": order.currency.lower(),
        "customer": customer_id,
        "payment_method": method,
        "off_session": True,
        "confirm": True,
        "description": f"{order.course_title[:200] or order.course_slug}",
        "metadata": {
            "tenant_id": order.tenant_id,
            "charge_of": order.id,
            "subscription": str(subscription.get("id")),
            "tuition_charge": digest,
        },
    }
    try:
        intent = client.v1.payment_intents.create(
            params,  # type: ignore[arg-type]
            {"idempotency_key": f"tuition-charge-{order.id}-{digest}-{method}"},
        ).to_dict()
    except stripe.CardError as exc:  # declined (or authentication required): nothing taken
        body = exc.json_body if isinstance(exc.json_body, dict) else {}
        error = body.get("error") or {}
        return ChargeResult(
            payment_id=object_id(error.get("payment_intent")) or "", amount=amount, status="failed"
        )
    except stripe.StripeError as exc:
        raise payment_error(exc, "charge the card on file") from None
    succeeded = intent.get("status") == "succeeded"
    return ChargeResult(
        payment_id=str(intent["id"]),
        amount=int(intent.get("amount") or amount),
        status="succeeded" if succeeded else "failed",
    )


def _earlier_charge(
    client: stripe.StripeClient, customer_id: str, digest: str
) -> ChargeResult | None:
    try:
        intents = client.v1.payment_intents.list({"customer": customer_id, "limit": 100})
    except stripe.StripeError as exc:
        raise payment_error(exc, "look up earlier charges") from None
    for intent in intents.data:
        found = intent.to_dict()
        if (found.get("metadata") or {}).get("tuition_charge") == digest and found.get(
            "status"
        ) == "succeeded":
            return ChargeResult(
                payment_id=str(found["id"]), amount=int(found["amount"]), status="succeeded"
            )
    return None


def set_amount(
    client: stripe.StripeClient,
    order: OrderInfo,
    subscription: Mapping[str, Any],
    schedule: Schedule,
) -> None:
    """From the next renewal on, the subscription charges ``schedule.amount``: its item
    gets an inline price of that amount (same product, interval and currency) with
    ``proration_behavior=none``, so Stripe bills nothing now and keeps the billing cycle
    anchor (the next invoice at the period's end takes the new price). The same amount
    again is no change, and no call."""
    items = (subscription.get("items") or {}).get("data") or []
    if not items:
        raise PaymentError("The Stripe subscription has no item to change.", retryable=False)
    item, price = items[0], items[0].get("price") or {}
    if price.get("unit_amount") == schedule.amount:
        return
    params = {
        "items": [
            {
                "id": item["id"],
                "price_data": {
                    "currency": schedule.currency.lower(),
                    "product": object_id(price.get("product")),
                    "unit_amount": schedule.amount,
                    "recurring": {
                        "interval": schedule.interval,
                        "interval_count": schedule.interval_count,
                    },
                },
            }
        ],
        "proration_behavior": "none",
    }
    key = f"tuition-schedule-amount-{order.id}-{price.get('id')}-{schedule.amount}"
    try:
        client.v1.subscriptions.update(
            str(subscription["id"]),
            params,  # type: ignore[arg-type]
            {"idempotency_key": key},
        )
    except stripe.StripeError as exc:
        raise payment_error(exc, "change the subscription's price") from None
