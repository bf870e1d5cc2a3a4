"""Payment plans (the installments plugin) charged by Stripe Billing: a subscription-mode
embedded Checkout, renewals on the fake's test clock, a failure then recovery, cancelling,
and duplicated or out-of-order webhooks. The real ``stripe`` SDK talks to FakeStripe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import stripe

from tuition.plugin_api import PaymentError, Schedule, add_interval
from tuition.testing.queues import run_worker_burst
from tuition_stripe_provider import StripeProvider
from tuition_stripe_provider.recurring import installment_number, schedule_end
from tuition_stripe_provider.testing import order_info

#: The flows run on SQLite; the one PostgreSQL + rq test is the last one.
on_sqlite = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def enroll_state(api, student):
    return api.call("GET", "/v1/courses/pro", headers=student.headers).get_json()["enroll_state"]


def deliver_all(stripe_env, site, events):
    return [stripe_env.deliver(site, event) for event in events]


@on_sqlite
def test_a_plan_paid_renewed_failed_recovered_and_finished(stripe_env, fake_stripe, recorder):
    site = stripe_env.plan_site(grace_days=0, final_deadline_days=30)
    api = stripe_env.api
    student, checkout, session = stripe_env.start_plan(site)
    order_id = checkout["order_id"]
    assert (checkout["amount"], checkout["provider"]) == (10000, "stripe")

    # What the SDK sent: an embedded subscription checkout with an inline monthly price
    # and the order's metadata on the session and on the subscription.
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    params = call.params
    assert (params["mode"], params["ui_mode"]) == ("subscription", "embedded_page")
    assert call.headers["Idempotency-Key"] == f"tuition-recurring-checkout-{order_id}"
    assert params["line_items"] == [
        {
            "price_data": {
                "currency": "eur",
                "unit_amount": "10000",
                "recurring": {"interval": "month", "interval_count": "1"},
                "product_data": {"name": "Pro Course", "metadata": {"tuition_course": "pro"}},
            },
            "quantity": "1",
        }
    ]
    meta = params["metadata"]
    assert (meta["order_id"], meta["tenant_id"], meta["installments"]) == (
        order_id,
        site.tenant.id,
        "3",
    )
    assert params["subscription_data"]["metadata"] == meta
    assert "payment_intent_data" not in params

    # The checkout's completion: Tuition ends the subscription after 3 cycles, then the
    # order is paid with the first invoice's payment intent.
    stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", session))
    subscription = fake_stripe.get(session["subscription"])
    anchor = datetime.fromtimestamp(subscription["billing_cycle_anchor"], UTC)
    assert subscription["cancel_at"] == int(add_interval(anchor, "month", 3).timestamp())
    [first] = fake_stripe.invoices(subscription["id"])
    order = stripe_env.order(site, order_id)
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    assert order["provider_payment_id"] == fake_stripe.payment_intent_of(first["id"])
    plan = stripe_env.my_plan(student)
    assert (plan["status"], plan["paid"], plan["balance"]) == ("active", 10000, 20000)
    assert enroll_state(api, student) == "enrolled"
    # The first invoice's own event changes nothing (the order is paid already).
    [outcome] = deliver_all(stripe_env, site, [fake_stripe.event("invoice.paid", first)])
    assert outcome["received"] == 1
    assert len(fake_stripe.calls("POST", "/v1/subscriptions/")) == 1  # cancel_at, once

    # Month 2 renews.
    [renewed] = fake_stripe.advance(days=31)
    assert renewed["type"] == "invoice.paid"
    deliver_all(stripe_env, site, [renewed])
    plan = stripe_env.my_plan(student)
    assert [i["status"] for i in plan["installments"]] == ["paid", "paid", "scheduled"]
    assert plan["installments"][1]["paid_amount"] == 10000

    # Month 3 is declined: no grace, the course is paused …
    fake_stripe.decline_renewals = True
    [failed] = fake_stripe.advance(days=31)
    assert failed["type"] == "invoice.payment_failed"
    deliver_all(stripe_env, site, [failed])
    plan = stripe_env.my_plan(student)
    assert (plan["status"], plan["access"]) == ("overdue", "paused")
    assert enroll_state(api, student) == "payment_overdue"

    # … until Stripe's retry succeeds with the card the student updated: restored, done.
    paid = fake_stripe.pay_invoice(failed["data"]["object"]["id"])
    deliver_all(stripe_env, site, [paid, failed])  # then the stale failure once more
    plan = stripe_env.my_plan(student)
    assert (plan["status"], plan["access"], plan["paid"], plan["balance"]) == (
        "completed",
        "granted",
        30000,
        0,
    )
    assert enroll_state(api, student) == "enrolled"
    assert [i["attempts"] for i in plan["installments"]][2] == 1

    # Stripe ends the subscription at its cancel_at: no 4th invoice, nothing changes.
    [ended] = fake_stripe.advance(days=31)
    assert ended["type"] == "customer.subscription.deleted"
    deliver_all(stripe_env, site, [ended])
    assert [i["status"] for i in fake_stripe.invoices(subscription["id"])] == ["paid"] * 3
    assert stripe_env.my_plan(student)["status"] == "completed"
    assert fake_stripe.advance(days=62) == []
    types = [t for t, _ in recorder.called("event") if t.startswith("payment_plan.")]
    assert types.count("payment_plan.installment_paid") == 3
    assert "payment_plan.overdue" in types and "payment_plan.restored" in types
    events = stripe_env.events(site)["items"]
    assert {e["kind"] for e in events} >= {
        "payment.approved",
        "installment.paid",
        "installment.failed",
        "ignored",
    }


@on_sqlite
def test_cancel_stops_the_subscription_at_stripe(stripe_env, fake_stripe):
    site = stripe_env.plan_site()
    api = stripe_env.api
    student, checkout, session = stripe_env.start_plan(site)
    # The first invoice's event alone pays the order (the checkout's event was lost).
    [first] = fake_stripe.invoices(session["subscription"])
    stripe_env.deliver(site, fake_stripe.event("invoice.paid", first))
    plan = stripe_env.my_plan(student)
    assert plan["status"] == "active"

    # The student changes the card in Stripe's customer portal.
    portal = api.call(
        "POST",
        f"/v1/me/payment-plans/{plan['id']}/payment-method",
        json={"return_url": "https://shop.example/account"},
        headers=student.headers,
        expect=200,
    ).get_json()
    [call] = fake_stripe.calls("POST", "/v1/billing_portal/sessions")
    assert call.params == {
        "customer": session["customer"],
        "return_url": "https://shop.example/account",
    }
    assert portal["url"].startswith("https://billing.stripe.com/p/session/")

    api.call(
        "POST", f"/v1/me/payment-plans/{plan['id']}/cancel", headers=student.headers, expect=200
    )
    closed = api.call(
        "POST",
        f"/v1/me/payment-plans/{plan['id']}/payment-method",
        headers=student.headers,
        expect=409,
    ).get_json()
    assert closed["code"] == "payment_plan_closed"
    subscription = fake_stripe.get(session["subscription"])
    assert subscription["status"] == "canceled"
    assert fake_stripe.advance(days=40) == []  # nothing more is charged
    assert stripe_env.my_plan(student)["status"] == "canceled"
    assert enroll_state(api, student) == "available"

    # Stripe's deletion event changes nothing; cancelling again is no error.
    deleted = fake_stripe.event("customer.subscription.deleted", subscription)
    stripe_env.deliver(site, deleted)
    provider = StripeProvider(stripe_env.settings(secret_key=site.secret_key))
    info = stripe_env.order_info(site, checkout["order_id"], session["id"])
    provider.cancel_schedule(info)
    assert len(fake_stripe.calls("DELETE", "/v1/subscriptions/")) == 1


@on_sqlite
def test_stripe_cancels_the_subscription(stripe_env, fake_stripe):
    """The site owner cancels in Stripe's dashboard: the plan ends with it."""
    site = stripe_env.plan_site()
    api = stripe_env.api
    student, checkout, session = stripe_env.start_plan(site)
    stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", session))
    provider = StripeProvider(stripe_env.settings(secret_key=site.secret_key))
    provider.cancel_schedule(stripe_env.order_info(site, checkout["order_id"], session["id"]))
    subscription = fake_stripe.get(session["subscription"])
    stripe_env.deliver(site, fake_stripe.event("customer.subscription.deleted", subscription))
    plan = stripe_env.my_plan(student)
    assert (plan["status"], plan["close_reason"]) == ("canceled", "provider")
    assert enroll_state(api, student) == "available"


def test_installment_numbers_follow_the_calendar():
    anchor = int(datetime(2027, 1, 31, 9, tzinfo=UTC).timestamp())
    subscription = {
        "billing_cycle_anchor": anchor,
        "items": {"data": [{"price": {"recurring": {"interval": "month", "interval_count": 1}}}]},
    }
    starts = [int(datetime(2027, m, d, 9, tzinfo=UTC).timestamp()) for m, d in ((2, 28), (3, 31))]
    assert [installment_number(subscription, s) for s in (anchor, *starts)] == [1, 2, 3]
    schedule = Schedule(count=3, amount=1, currency="EUR")
    assert schedule_end(anchor, schedule) == int(datetime(2027, 4, 30, 9, tzinfo=UTC).timestamp())


@pytest.mark.redis
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_duplicated_and_out_of_order_webhooks_on_rq(rq_queue, stripe_env, fake_stripe, runtime):
    site = stripe_env.plan_site(grace_days=3)
    student, checkout, session = stripe_env.start_plan(site)
    [first] = fake_stripe.invoices(session["subscription"])
    completed = fake_stripe.event("checkout.session.completed", session)
    for event in (fake_stripe.event("invoice.paid", first), completed, completed):
        stripe_env.deliver(site, event)
    fake_stripe.decline_renewals = True
    [failed] = fake_stripe.advance(days=31)
    paid = fake_stripe.pay_invoice(failed["data"]["object"]["id"])
    fake_stripe.decline_renewals = False
    [third] = fake_stripe.advance(days=31)
    # Stripe's storm: the later payments first, each twice, then the stale failure.
    for event in (third, paid, third, paid, failed, failed):
        stripe_env.deliver(site, event)
    run_worker_burst(runtime)

    order = stripe_env.order(site, checkout["order_id"])
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    plan = stripe_env.my_plan(student)
    assert (plan["status"], plan["paid"], plan["balance"]) == ("completed", 30000, 0)
    assert [i["attempts"] for i in plan["installments"]] == [1, 0, 0]
    outcomes = sorted(
        e["outcome"] for e in stripe_env.events(site)["items"] if e["kind"].startswith("inst")
    )
    assert outcomes == ["installment_not_open", "installment_paid", "installment_paid"]
    assert len(fake_stripe.calls("POST", "/v1/subscriptions/")) == 1


def test_the_fake_answers_billing_as_stripe_does(fake_stripe):
    """What the provider relies on, through the SDK: Stripe's refusals and its answer to
    cancelling a canceled subscription."""
    client = stripe.StripeClient(
        "sk_test_billing", base_addresses={"api": fake_stripe.url}, max_network_retries=0
    )
    recurring_item = {
        "price_data": {
            "currency": "eur",
            "unit_amount": 500,
            "product_data": {"name": "Pro"},
            "recurring": {"interval": "week", "interval_count": 2},
        },
        "quantity": 1,
    }
    base = {"ui_mode": "embedded_page", "return_url": "https://shop.example/r"}
    with pytest.raises(stripe.InvalidRequestError, match="recurring price"):
        client.v1.checkout.sessions.create(
            {**base, "mode": "payment", "line_items": [recurring_item]}
        )
    with pytest.raises(stripe.InvalidRequestError, match="payment_intent_data"):
        client.v1.checkout.sessions.create(
            {
                **base,
                "mode": "subscription",
                "line_items": [recurring_item],
                "payment_intent_data": {"metadata": {"a": "b"}},
            }
        )
    session = client.v1.checkout.sessions.create(
        {**base, "mode": "subscription", "line_items": [recurring_item]}
    )
    completed = fake_stripe.complete(session.id)
    subscription = client.v1.subscriptions.retrieve(completed["subscription"])
    assert (subscription.status, subscription.items.data[0].price.recurring.interval_count) == (
        "active",
        2,
    )
    [renewal] = fake_stripe.advance(days=14)
    invoice = renewal["data"]["object"]
    assert (invoice["billing_reason"], invoice["amount_paid"]) == ("subscription_cycle", 500)
    assert invoice["parent"]["subscription_details"]["subscription"] == subscription.id
    assert client.v1.subscriptions.cancel(subscription.id).status == "canceled"
    with pytest.raises(stripe.InvalidRequestError) as missing:
        client.v1.subscriptions.cancel(subscription.id)
    assert missing.value.code == "resource_missing"
    with pytest.raises(stripe.InvalidRequestError, match="canceled subscription"):
        client.v1.subscriptions.update(subscription.id, {"cancel_at": fake_stripe.now() + 99})
    assert fake_stripe.advance(days=60) == []


def test_a_first_charge_below_the_price_is_refused_before_any_call():
    """A setup fee is a one-time line item on top of the period; a first charge below the
    period's price has no such item (Stripe takes no negative one): refused with a clear
    error, nothing reaches Stripe."""
    schedule = Schedule(count=None, amount=2000, currency="EUR", first_amount=1500)
    order = order_info("ord_1", "ten_1", "site", amount=1500, schedule=schedule)
    provider = StripeProvider(
        {
            "secret_key": "sk_test_x",
            "publishable_key": "pk_test_x",
            "return_url": "https://shop.example/r",
            "api_base": "http://127.0.0.1:9",
        }
    )
    with pytest.raises(PaymentError, match="below the plan's price") as refused:
        provider.create_recurring_checkout(order, schedule)
    assert not refused.value.retryable
