"""A schedule's setup fee on PayPal: the billing plan's ``payment_preferences.setup_fee``;
a first charge below a cycle's price is refused before any call (no database, no server)."""

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


def test_the_setup_fee_is_the_plans_and_part_of_its_identity():
    schedule = Schedule(count=None, amount=2000, currency="EUR", first_amount=2500)
    body = plan_body(order_for(schedule), schedule, "TUITION-ten_1")
    assert body["payment_preferences"] == {
        "auto_bill_outstanding": True,
        "payment_failure_threshold": 3,
        "setup_fee": {"value": "5.00", "currency_code": "EUR"},
        "setup_fee_failure_action": "CANCEL",
    }
    assert body["billing_cycles"][0]["pricing_scheme"]["fixed_price"]["value"] == "20.00"
    plain = Schedule(count=None, amount=2000, currency="EUR")
    assert "setup_fee" not in plan_body(order_for(plain), plain, "P")["payment_preferences"]
    # Plans are shared by equal schedules: one with a fee is another plan.
    assert plan_request_id("ten_1", schedule) != plan_request_id("ten_1", plain)


def test_a_first_charge_below_the_price_is_refused_before_any_call():
    schedule = Schedule(count=None, amount=2000, currency="EUR", first_amount=1500)
    provider = PayPalProvider({"client_id": "id", "client_secret": "secret"})
    with pytest.raises(PaymentError, match="below the plan's price") as refused:
        provider.create_recurring_checkout(order_for(schedule), schedule)
    assert not refused.value.retryable
