"""A schedule's first charge on PayPal: the billing plan's ``payment_preferences.setup_fee``
(charged at approval, in a sale of its own) takes all of it, and a free TRIAL cycle of one
interval is the period it paid for (no database, no server)."""

from __future__ import annotations

import pytest

from tuition.plugin_api import OrderInfo, PaymentError, Schedule
from tuition_paypal_provider.provider import PayPalProvider
from tuition_paypal_provider.subscriptions import plan_body, plan_request_id


def order_for(schedule: Schedule) -> OrderInfo:
    return OrderInfo(
        id="ord_1",
        tenant_id="ten_1",
        tenant_slug="site",
        enrollment_id="enr_1",
        course_slug="club",
        course_title="Club",
        amount=schedule.first_charge,
        currency="EUR",
        customer_email=None,
        schedule=schedule,
    )


def test_the_first_charge_is_the_setup_fee_and_its_period_a_trial_cycle():
    schedule = Schedule(count=None, amount=2000, currency="EUR", first_amount=2500)
    body = plan_body(order_for(schedule), schedule, "TUITION-ten_1")
    assert body["payment_preferences"] == {
        "auto_bill_outstanding": True,
        "payment_failure_threshold": 3,
        "setup_fee": {"value": "25.00", "currency_code": "EUR"},
        "setup_fee_failure_action": "CANCEL",
    }
    month = {"interval_unit": "MONTH", "interval_count": 1}
    trial, regular = body["billing_cycles"]
    assert trial == {"frequency": month, "tenure_type": "TRIAL", "sequence": 1, "total_cycles": 1}
    assert (regular["frequency"], regular["sequence"], regular["total_cycles"]) == (month, 2, 0)
    assert regular["pricing_scheme"]["fixed_price"]["value"] == "20.00"
    plain = Schedule(count=None, amount=2000, currency="EUR")
    plain_body = plan_body(order_for(plain), plain, "P")
    assert "setup_fee" not in plain_body["payment_preferences"]
    assert [c["tenure_type"] for c in plain_body["billing_cycles"]] == ["REGULAR"]
    # Plans are shared by equal schedules: one with a fee is another plan.
    assert plan_request_id("ten_1", schedule) != plan_request_id("ten_1", plain)


def test_a_first_charge_below_the_price_and_a_fixed_count():
    """A lower first charge is a setup fee too; with ``count`` charges, the REGULAR cycle
    runs ``count - 1`` times after the first period."""
    schedule = Schedule(count=3, amount=2000, currency="EUR", first_amount=1500)
    body = plan_body(order_for(schedule), schedule, "P")
    assert body["payment_preferences"]["setup_fee"]["value"] == "15.00"
    assert [(c["tenure_type"], c["total_cycles"]) for c in body["billing_cycles"]] == [
        ("TRIAL", 1),
        ("REGULAR", 2),
    ]


def test_one_charge_with_a_first_amount_is_refused_before_any_call():
    schedule = Schedule(count=1, amount=2000, currency="EUR", first_amount=2500)
    provider = PayPalProvider({"client_id": "id", "client_secret": "secret"})
    with pytest.raises(PaymentError, match="one charge") as refused:
        provider.create_recurring_checkout(order_for(schedule), schedule)
    assert not refused.value.retryable
