"""Payment plans (the ``installments`` plugin) charged through PayPal's Subscriptions API,
with the official SDK against the fake PayPal and its clock: the schedule paid to the
end, a declined renewal then paid (overdue → restored), cancellation stopping the
subscription at PayPal, and duplicated webhooks changing nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tuition.plugin_api import utcnow
from tuition.testing.chores import sweep
from tuition_paypal_provider.provider import PayPalProvider

#: Long flows: SQLite only (CI time); test_paypal_on_rq.py walks one on PostgreSQL + rq.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_three_installments_paid_through_paypal(paypal, fake, api, recorder):
    site = paypal.plan_site()
    student, order_id, subscription_id = paypal.subscribe(site)

    # The plan, product and subscription PayPal was asked for.
    [plan_request] = fake.plan_requests
    [cycle] = plan_request["billing_cycles"]
    assert cycle["frequency"] == {"interval_unit": "MONTH", "interval_count": 1}
    assert (cycle["tenure_type"], cycle["total_cycles"]) == ("REGULAR", 3)
    assert cycle["pricing_scheme"]["fixed_price"] == {"value": "100.00", "currency_code": "EUR"}
    assert plan_request["product_id"] in fake.products
    [subscribed] = fake.subscription_requests
    assert subscribed["custom_id"] == f"{site.tenant.id}:{order_id}"
    assert subscribed["application_context"]["return_url"] == (
        f"https://shop.example/orders/{order_id}"
    )

    # ACTIVATED asks for the status (approved); the first sale pays the order.
    paypal.deliver_outbox(site)
    assert paypal.order(site, order_id)["status"] == "paid"
    assert paypal.enroll_state(student) == "enrolled"
    plan = paypal.my_plan(student)
    assert (plan["status"], plan["paid"], plan["balance"]) == ("active", 10000, 20000)

    fake.advance(31)
    paypal.deliver_outbox(site)
    plan = paypal.my_plan(student)
    assert [i["status"] for i in plan["installments"]] == ["paid", "paid", "scheduled"]
    fake.advance(31)
    paypal.deliver_outbox(site)
    plan = paypal.my_plan(student)
    assert (plan["status"], plan["paid"], plan["balance"]) == ("completed", 30000, 0)
    assert plan["paid"] == fake.collected(subscription_id)
    assert fake.subscriptions[subscription_id]["status"] == "EXPIRED"
    assert paypal.outcomes(site) == {
        "BILLING.SUBSCRIPTION.ACTIVATED": ["fulfilled"],
        "PAYMENT.SALE.COMPLETED": ["already_settled", "installment_paid", "installment_paid"],
        "BILLING.SUBSCRIPTION.EXPIRED": ["no_action"],
    }
    fake.advance(31)
    assert fake.take_events() == []  # nothing charged after the last cycle

    # A second student on the same plan reuses PayPal's product and billing plan.
    paypal.subscribe(site)
    assert (len(fake.products), len(fake.plans), len(fake.subscriptions)) == (1, 1, 2)


def test_a_declined_renewal_then_paid(paypal, fake, api, runtime, recorder):
    site = paypal.plan_site({"grace_days": 3, "final_deadline_days": 20})
    student, _, subscription_id = paypal.subscribe(site)
    paypal.deliver_outbox(site)

    fake.decline_renewals = True
    fake.advance(31)
    [failed] = fake.take_events()
    assert failed["event_type"] == "BILLING.SUBSCRIPTION.PAYMENT.FAILED"
    paypal.deliver(site, failed)
    plan = paypal.my_plan(student)
    assert (plan["status"], plan["access"]) == ("past_due", "granted")
    assert [i["status"] for i in plan["installments"]] == ["paid", "failed", "scheduled"]
    sweep(runtime, utcnow() + timedelta(days=4))
    assert (paypal.my_plan(student)["status"], paypal.enroll_state(student)) == (
        "overdue",
        "payment_overdue",
    )

    fake.decline_renewals = False  # the buyer fixed their PayPal funding
    fake.retry_payment(subscription_id)
    paypal.deliver_outbox(site)
    plan = paypal.my_plan(student)
    assert (plan["status"], plan["access"], plan["balance"]) == ("active", "granted", 10000)
    assert [i["status"] for i in plan["installments"]] == ["paid", "paid", "scheduled"]
    assert paypal.enroll_state(student) == "enrolled"
    types = [t for t, _ in recorder.called("event")]
    assert "payment_plan.overdue" in types and "payment_plan.restored" in types
    assert plan["paid"] == fake.collected(subscription_id)


def test_cancel_stops_the_subscription_at_paypal(paypal, fake, api):
    site = paypal.plan_site()
    student, order_id, subscription_id = paypal.subscribe(site)
    paypal.deliver_outbox(site)
    plan = paypal.my_plan(student)
    api.call(
        "POST", f"/v1/me/payment-plans/{plan['id']}/cancel", headers=student.headers, expect=200
    )
    assert fake.subscriptions[subscription_id]["status"] == "CANCELLED"
    assert ("POST", f"/v1/billing/subscriptions/{subscription_id}/cancel", None) in fake.requests
    # PayPal's CANCELLED event finds the plan closed; the clock charges nothing more.
    paypal.deliver_outbox(site)
    fake.advance(62)
    assert fake.take_events() == []
    assert paypal.my_plan(student)["status"] == "canceled"
    assert paypal.outcomes(site)["BILLING.SUBSCRIPTION.CANCELLED"] == ["plan_not_running"]

    # Cancelling again is no error (PayPal answers 422 SUBSCRIPTION_STATUS_INVALID).
    before = len(fake.requests)
    info = paypal.plan_order(site, order_id, subscription_id)
    PayPalProvider(site.settings).cancel_schedule(info)
    assert fake.requests[before:][-1][:2] == (
        "POST",
        f"/v1/billing/subscriptions/{subscription_id}/cancel",
    )
    assert fake.take_events() == []

    # Cancelled from PayPal's side: the plan is canceled by the provider.
    other, _, other_subscription = paypal.subscribe(site)
    paypal.deliver_outbox(site)
    fake.cancel_in_dashboard(other_subscription)
    paypal.deliver_outbox(site)
    plan = paypal.my_plan(other)
    assert (plan["status"], plan["close_reason"], plan["access"]) == (
        "canceled",
        "provider",
        "ended",
    )


def test_duplicated_webhooks_change_nothing(paypal, fake, api):
    site = paypal.plan_site()
    fake.duplicate_webhooks = 2
    student, _, subscription_id = paypal.subscribe(site)
    answers = paypal.deliver_outbox(site)
    assert [a["duplicates"] for a in answers] == [0, 1, 1, 0, 1, 1]
    fake.advance(31)
    events = fake.take_events()
    [sale] = {e["id"]: e for e in events}.values()
    resent = {**sale, "id": sale["id"] + "-AGAIN"}  # the same sale under another event id
    for event in [*events, resent]:
        paypal.deliver(site, event)
    plan = paypal.my_plan(student)
    assert (plan["paid"], plan["balance"]) == (20000, 10000)
    assert plan["paid"] == fake.collected(subscription_id)
    assert paypal.outcomes(site)["PAYMENT.SALE.COMPLETED"] == [
        "already_settled",
        "installment_paid",
        "installment_already_paid",
    ]


def test_sales_of_subscriptions_tuition_did_not_make_are_ignored(paypal, fake):
    site = paypal.plan_site()
    # Another shop on the same PayPal app sells its own subscription.
    product = {"id": "OTHER-SHOP", "name": "Other shop", "type": "SERVICE"}
    assert fake._create_product(product)[0] == 201
    cycle = {
        "frequency": {"interval_unit": "MONTH", "interval_count": 1},
        "tenure_type": "REGULAR",
        "sequence": 1,
        "total_cycles": 0,
        "pricing_scheme": {"fixed_price": {"value": "5.00", "currency_code": "EUR"}},
    }
    status, plan = fake._create_plan(
        {"product_id": "OTHER-SHOP", "name": "Other", "status": "ACTIVE", "billing_cycles": [cycle]}
    )
    assert status == 201
    status, other = fake._create_subscription(
        site.client_id, {"plan_id": plan["id"], "custom_id": "other-shop-42"}
    )
    assert status == 201
    fake.approve_subscription(other["id"])
    fake.advance(31)
    assert [a["received"] for a in paypal.deliver_outbox(site)] == [1, 1, 1]
    assert {e["outcome"] for e in paypal.events(site)} == {"no_matching_order"}
    assert {e["kind"] for e in paypal.events(site)} == {"ignored"}


def test_paypal_failing_at_checkout_leaves_nothing_and_a_retry_reuses_the_plan(paypal, fake, api):
    site = paypal.plan_site()
    student = api.signup(site.tenant)
    fake.fail_next("create_subscription", 503)
    enroll = {"course": "pro", "payment_plan": "installments"}
    problem = api.call(
        "POST", "/v1/enrollments", json=enroll, headers=student.headers, expect=503
    ).get_json()
    assert problem["code"] == "payment_provider_unavailable"
    plans = api.call("GET", "/v1/me/payment-plans", headers=student.headers, expect=200)
    assert plans.get_json()["items"] == []
    assert paypal.enroll_state(student) == "available"
    assert fake.subscriptions == {}

    checkout = api.call(
        "POST", "/v1/enrollments", json=enroll, headers=student.headers, expect=202
    ).get_json()["checkout"]
    assert list(fake.subscriptions) == [checkout["paypal_subscription_id"]]
    assert (len(fake.products), len(fake.plans)) == (1, 1)  # replayed by their request ids
