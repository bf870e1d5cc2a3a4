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

**Installment numbers** come from the invoice's billing period: its line's
``period.start`` counted in whole intervals from the subscription's
``billing_cycle_anchor`` (Stripe bills calendar intervals from the anchor, keeping the day
of the month as :func:`tuition.plugin_api.add_interval` does), plus one. A retried invoice
keeps its period, so a late payment of installment 2 after the failure of 3 is still
applied to 2, and two deliveries of one invoice name the same installment.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import stripe

from tuition.plugin_api import OrderInfo, PaymentError, Schedule, add_interval
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
    """What the first charge takes on top of a period (0: none). A first charge below
    the period's price is no setup fee: refused (Stripe has no negative line item)."""
    fee = schedule.first_charge - schedule.amount
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
    number = 0
    while number < 10_000:
        following = add_interval(start, interval, count * (number + 1)).timestamp()
        if following > period_start + PERIOD_TOLERANCE_SECONDS:
            return number + 1
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
