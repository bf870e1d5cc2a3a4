"""Schedules of charges through PayPal's Subscriptions API (``recurring`` capability).

* ``create_recurring_checkout`` makes (or finds again) the tenant's catalog product
  (``/v1/catalogs/products``, id ``TUITION-<tenant id>``), a billing plan for the schedule
  (``/v1/billing/plans``: one REGULAR cycle of ``interval_count`` ``interval``\\s,
  ``total_cycles`` = ``Schedule.count``, 0 = until canceled when it is None) and the
  subscription (``/v1/billing/subscriptions``, ``custom_id`` = ``<tenant id>:<order id>``),
  and answers its approve link. Plans are shared by the orders of one tenant with the same
  (amount, currency, interval, interval count, count): the plan's ``PayPal-Request-Id`` is
  derived from them (PayPal keeps request ids for 72 hours; later, an equal plan is made
  anew, which is harmless). The subscription's request id is derived from the order id.
  A setup fee (``Schedule.first_amount`` above ``amount``) is the plan's
  ``payment_preferences.setup_fee`` (``setup_fee_failure_action`` CANCEL): PayPal takes
  it with the first cycle at approval, in one sale of ``first_charge``.
* Webhooks: ``BILLING.SUBSCRIPTION.ACTIVATED`` is ``payment.approved`` (core's job then
  asks :meth:`fetch_status`, which reads the subscription and its first sale);
  ``PAYMENT.SALE.COMPLETED`` of a subscription (``billing_agreement_id``) is numbered by
  counting the subscription's completed transactions up to that sale
  (``/v1/billing/subscriptions/<id>/transactions``, between the subscription's start and
  the sale's time: a late or repeated delivery gets the same number): the first pays the
  order (``payment.succeeded``), later ones are ``installment.paid``;
  ``BILLING.SUBSCRIPTION.PAYMENT.FAILED`` is ``installment.failed`` of the cycle after the
  completed ones (``billing_info.cycle_executions``); ``BILLING.SUBSCRIPTION.CANCELLED``
  is ``schedule.canceled``; so is ``EXPIRED`` unless every cycle was charged (then it is
  ``ignored``: the sales' events pay the installments, even when they come after it);
  ``SUSPENDED`` is ``ignored``: PayPal stops charging after too
  many failures but the subscription may be re-activated, and the plan's own dunning
  (grace, final deadline) decides what the student keeps.
* ``cancel_schedule`` cancels the subscription; one already canceled or expired
  (``422 SUBSCRIPTION_STATUS_INVALID``) or unknown (404) is no error.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from tuition.plugin_api import OrderInfo, PaymentError, Schedule

from .money import from_paypal, to_paypal

#: Tuition's intervals → PayPal's ``frequency.interval_unit``.
INTERVAL_UNITS = {"day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}
#: PayPal allows at most this many of each unit per cycle.
MAX_INTERVAL_COUNT = {"day": 365, "week": 52, "month": 12, "year": 1}
#: Subscription statuses in which nothing was paid yet and nothing will be.
UNPAID_DEAD = frozenset({"CANCELLED", "EXPIRED"})
#: Subscription statuses after the buyer's approval while the schedule runs.
RUNNING = frozenset({"ACTIVE", "SUSPENDED"})
#: The failed payments PayPal tolerates before suspending (then the plan's dunning rules).
FAILURE_THRESHOLD = 3


def product_id(tenant_id: str) -> str:
    """The tenant's catalog product (PayPal ids: 6 to 50 characters)."""
    return ("TUITION-" + re.sub(r"[^A-Za-z0-9_-]", "-", tenant_id))[:50]


def plan_request_id(tenant_id: str, schedule: Schedule) -> str:
    key = "|".join(
        str(v)
        for v in (
            tenant_id,
            schedule.amount,
            schedule.currency,
            schedule.interval,
            schedule.interval_count,
            schedule.count,
            schedule.first_charge,
            schedule.trial_days,
        )
    )
    return "tuition-plan-" + hashlib.sha256(key.encode()).hexdigest()[:32]


def setup_fee(schedule: Schedule) -> int:
    """What the plan's ``payment_preferences.setup_fee`` takes (0: none): the whole first
    charge when it differs from a cycle's price (``Schedule.first_amount``). PayPal
    charges a setup fee at approval in a payment of its own, before the subscription's
    cycles (not with the first cycle), so the first period is a free TRIAL cycle of one
    interval that the fee paid (:func:`plan_body`): the order's payment is one sale."""
    if schedule.trial_days or schedule.first_amount is None:
        return 0
    if schedule.count == 1:
        raise PaymentError(
            "PayPal cannot charge a schedule of one charge with a first amount.",
            retryable=False,
        )
    return schedule.first_charge


def check_trial(schedule: Schedule) -> None:
    """Refuse a trial PayPal cannot bill (before any call): one TRIAL cycle of
    ``trial_days`` days, at most :data:`MAX_INTERVAL_COUNT` days."""
    if schedule.trial_days > MAX_INTERVAL_COUNT["day"]:
        raise PaymentError(
            f"PayPal cannot start a trial of {schedule.trial_days} days.", retryable=False
        )


def plan_body(order: OrderInfo, schedule: Schedule, product: str) -> dict[str, Any]:
    """A billing plan for ``schedule``: one REGULAR cycle, after a TRIAL cycle without a
    pricing scheme (free) when the first charge is not a cycle's: ``trial_days`` days
    of a free trial, or the first period paid by the setup fee (:func:`setup_fee`),
    whose failure cancels the subscription (nothing is owed then: the order stays
    unpaid)."""
    count = getattr(schedule, "count", None)
    fee = setup_fee(schedule)
    preferences: dict[str, Any] = {
        "auto_bill_outstanding": True,
        "payment_failure_threshold": FAILURE_THRESHOLD,
    }
    if fee:
        preferences["setup_fee"] = {
            "value": to_paypal(fee, schedule.currency),
            "currency_code": schedule.currency,
        }
        preferences["setup_fee_failure_action"] = "CANCEL"
    every = f"every {schedule.interval_count} {schedule.interval}(s)"
    frequency = {
        "interval_unit": INTERVAL_UNITS[schedule.interval],
        "interval_count": schedule.interval_count,
    }
    trial: list[dict[str, Any]] = []
    if fee:
        # The first period, paid by the setup fee: a TRIAL cycle of one interval.
        every += f", first {to_paypal(fee, schedule.currency)}"
        trial.append(
            {"frequency": frequency, "tenure_type": "TRIAL", "sequence": 1, "total_cycles": 1}
        )
        count = count - 1 if count else None
    if schedule.trial_days:
        every += f", {schedule.trial_days} days free"
        trial.append(
            {
                "frequency": {"interval_unit": "DAY", "interval_count": schedule.trial_days},
                "tenure_type": "TRIAL",
                "sequence": 1,
                "total_cycles": 1,
            }
        )
    name = f"{count or 'Recurring'} x {to_paypal(schedule.amount, schedule.currency)} "
    return {
        "product_id": product,
        "name": f"{name}{schedule.currency} {every}"[:127],
        "description": f"Tuition plan of {order.tenant_slug}"[:127],
        "status": "ACTIVE",
        "billing_cycles": [
            *trial,
            {
                "frequency": dict(frequency),
                "tenure_type": "REGULAR",
                "sequence": len(trial) + 1,
                "total_cycles": count or 0,
                "pricing_scheme": {
                    "fixed_price": {
                        "value": to_paypal(schedule.amount, schedule.currency),
                        "currency_code": schedule.currency,
                    }
                },
            },
        ],
        "payment_preferences": preferences,
    }


def cycles_completed(subscription: Mapping[str, Any]) -> int | None:
    """How many REGULAR cycles PayPal charged (None when it does not say)."""
    info = subscription.get("billing_info")
    executions = info.get("cycle_executions") if isinstance(info, Mapping) else None
    if not isinstance(executions, list):
        return None
    for execution in executions:
        if isinstance(execution, Mapping) and execution.get("tenure_type") == "REGULAR":
            try:
                return int(execution.get("cycles_completed") or 0)
            except (TypeError, ValueError):
                return None
    return None


def has_trial(subscription: Mapping[str, Any]) -> bool:
    """Whether the subscription's plan starts with a TRIAL cycle (a free trial, or the
    first period paid by the setup fee): its first REGULAR cycle is charge 2."""
    info = subscription.get("billing_info")
    executions = info.get("cycle_executions") if isinstance(info, Mapping) else None
    return isinstance(executions, list) and any(
        isinstance(e, Mapping) and e.get("tenure_type") == "TRIAL" for e in executions
    )


def free_trial(plan: Mapping[str, Any]) -> bool:
    """Whether a billing plan starts with a free trial that took nothing (a TRIAL cycle
    and no setup fee): its subscriptions' sales are then charges 2, 3, …"""
    cycles = plan.get("billing_cycles")
    trial = isinstance(cycles, list) and any(
        isinstance(c, Mapping) and c.get("tenure_type") == "TRIAL" for c in cycles
    )
    preferences = plan.get("payment_preferences")
    fee = preferences.get("setup_fee") if isinstance(preferences, Mapping) else None
    return trial and not fee


def all_cycles_done(subscription: Mapping[str, Any]) -> bool:
    """Whether a subscription with a fixed number of cycles charged them all."""
    info = subscription.get("billing_info")
    executions = info.get("cycle_executions") if isinstance(info, Mapping) else None
    for execution in executions if isinstance(executions, list) else []:
        if isinstance(execution, Mapping) and execution.get("tenure_type") == "REGULAR":
            total = execution.get("total_cycles")
            done = cycles_completed(subscription) or 0
            return isinstance(total, int) and 0 < total <= done
    return False


def completed_sales(transactions: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The completed payments of a subscription's transaction list, oldest first."""
    found = transactions.get("transactions")
    rows = [t for t in found if isinstance(t, Mapping)] if isinstance(found, list) else []
    paid = [t for t in rows if t.get("status") in ("COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED")]
    return sorted(paid, key=lambda t: str(t.get("time") or ""))


def transaction_amount(transaction: Mapping[str, Any]) -> tuple[int, str] | None:
    breakdown = transaction.get("amount_with_breakdown")
    gross = breakdown.get("gross_amount") if isinstance(breakdown, Mapping) else None
    if not isinstance(gross, Mapping):
        return None
    currency = str(gross.get("currency_code") or "").upper()
    try:
        return from_paypal(str(gross.get("value")), currency), currency
    except ValueError:
        return None


def outstanding(subscription: Mapping[str, Any]) -> int:
    """The subscription's ``billing_info.outstanding_balance`` in minor units (0 when
    PayPal shows none)."""
    info = subscription.get("billing_info")
    balance = info.get("outstanding_balance") if isinstance(info, Mapping) else None
    if not isinstance(balance, Mapping):
        return 0
    currency = str(balance.get("currency_code") or "").upper()
    try:
        return from_paypal(str(balance.get("value") or "0"), currency)
    except ValueError:
        return 0


def outstanding_patch(amount: int, currency: str) -> list[dict[str, Any]]:
    """The JSON Patch that sets a subscription's outstanding balance."""
    return [
        {
            "op": "replace",
            "path": "/billing_info/outstanding_balance",
            "value": {"currency_code": currency, "value": to_paypal(amount, currency)},
        }
    ]


def sale_amount(sale: Mapping[str, Any]) -> tuple[int, str]:
    """A v1 sale's ``amount`` (``{"total": "100.00", "currency": "EUR"}``)."""
    amount = sale.get("amount")
    if not isinstance(amount, Mapping):
        raise ValueError("no amount")
    currency = str(amount.get("currency") or "").upper()
    return from_paypal(str(amount.get("total")), currency), currency
