"""Stripe's recurring capabilities end to end through the REST API (the real ``stripe``
SDK against FakeStripe, both databases): a payment plan paid off early (an off-session
PaymentIntent on the subscription's card), the site owner's refund of one installment,
a membership with a free trial, and plan changes (an upgrade charged now, a downgrade
from the renewal)."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.plugin_api import PaymentError
from tuition.testing.queues import run_worker_burst
from tuition_stripe_provider import StripeProvider


def start_plan(stripe_env, site):
    """Enroll with the plan, pay the first installment, and let month 2 renew."""
    student, checkout, session = stripe_env.start_plan(site)
    stripe_env.deliver(site, stripe_env.fake.event("checkout.session.completed", session))
    [renewed] = stripe_env.fake.advance(days=31)
    stripe_env.deliver(site, renewed)
    return student, checkout, session


def pay_off(api, student, plan_id: str, expect: int = 200, **headers: str) -> dict[str, Any]:
    result: dict[str, Any] = api.call(
        "POST",
        f"/v1/me/payment-plans/{plan_id}/pay-off",
        headers={**student.headers, **headers},
        expect=expect,
    ).get_json()
    return result


def paid_at_stripe(fake, subscription_id: str) -> int:
    return sum(i["amount_paid"] for i in fake.invoices(subscription_id) if i["status"] == "paid")


def test_paying_off_a_plan_charges_the_card_on_file_once(stripe_env, fake_stripe):
    site = stripe_env.plan_site()
    api = stripe_env.api
    student, checkout, session = start_plan(stripe_env, site)
    plan = stripe_env.my_plan(student)
    assert (plan["paid"], plan["balance"]) == (20000, 10000)

    key = {"Idempotency-Key": "pay-off-1"}
    paid_off = pay_off(api, student, plan["id"], **key)
    assert (paid_off["status"], paid_off["paid"], paid_off["balance"]) == ("paid_off", 30000, 0)
    # One off-session PaymentIntent, confirmed at once on the subscription's customer and
    # card, with an idempotency key; its metadata does not name the order as its payment.
    subscription = fake_stripe.get(session["subscription"])
    [call] = fake_stripe.calls("POST", "/v1/payment_intents")
    params = call.params
    assert (params["amount"], params["currency"]) == ("10000", "eur")
    assert (params["confirm"], params["off_session"]) == ("true", "true")
    assert params["customer"] == subscription["customer"]
    assert params["payment_method"] == subscription["default_payment_method"]
    assert call.headers["Idempotency-Key"].startswith(f"tuition-charge-{checkout['order_id']}-")
    assert params["metadata"]["charge_of"] == checkout["order_id"]
    assert "order_id" not in params["metadata"]
    [intent] = [i for i in fake_stripe.all("payment_intent") if i.get("customer")]
    assert intent["status"] == "succeeded"
    assert [i["status"] for i in paid_off["installments"]] == ["paid"] * 3

    # The same request, or another one, takes nothing more.
    assert pay_off(api, student, plan["id"], **key) == paid_off
    assert pay_off(api, student, plan["id"])["status"] == "paid_off"
    assert len(fake_stripe.calls("POST", "/v1/payment_intents")) == 1
    # The schedule stopped at Stripe: the clock charges nothing more.
    assert fake_stripe.get(subscription["id"])["status"] == "canceled"
    for event in fake_stripe.advance(days=62):
        stripe_env.deliver(site, event)
    assert paid_at_stripe(fake_stripe, subscription["id"]) + intent["amount"] == 30000
    order = stripe_env.order(site, checkout["order_id"])
    assert (order["status"], order["refunded_amount"]) == ("paid", 0)


def test_a_declined_pay_off_takes_nothing_until_the_card_is_replaced(stripe_env, fake_stripe):
    """An overdue plan (its third installment declined, no grace): the pay-off on the
    same card is declined too, then paid with the card the student put in the customer
    portal, which restores access; the site owner can give the paid-off installment back."""
    site = stripe_env.plan_site(grace_days=0, final_deadline_days=30)
    api = stripe_env.api
    student, checkout, session = start_plan(stripe_env, site)
    plan = stripe_env.my_plan(student)
    fake_stripe.decline_renewals = True  # the card on file declines, off session too
    [failed] = fake_stripe.advance(days=31)
    stripe_env.deliver(site, failed)
    assert stripe_env.my_plan(student)["status"] == "overdue"

    assert pay_off(api, student, plan["id"], expect=409)["code"] == "pay_off_declined"
    assert stripe_env.my_plan(student)["status"] == "overdue"
    [declined] = [i for i in fake_stripe.all("payment_intent") if i.get("customer")]
    assert declined["status"] == "requires_payment_method"
    # The student replaces the card (the customer portal); the pay-off goes through.
    fake_stripe.decline_renewals = False
    customer = fake_stripe.get(session["subscription"])["customer"]
    card = fake_stripe.update_card(customer)
    paid_off = pay_off(api, student, plan["id"])
    assert (paid_off["status"], paid_off["paid"], paid_off["access"]) == (
        "paid_off",
        30000,
        "granted",
    )
    calls = fake_stripe.calls("POST", "/v1/payment_intents")
    assert [c.params["payment_method"] for c in calls][-1] == card["id"]
    assert [c.status for c in calls] == [402, 200]
    assert fake_stripe.get(session["subscription"])["status"] == "canceled"

    # The paid-off installment goes back through its PaymentIntent.
    path = f"/v1/admin/payment-plans/{plan['id']}/installments/3/refund"
    refunded = api.call("POST", path, headers=site.admin, expect=200).get_json()
    assert refunded["refunded"] == 10000
    [refund] = fake_stripe.calls("POST", "/v1/refunds")
    intent = fake_stripe.all("payment_intent", site.secret_key)[-1]
    assert (intent["status"], refund.params["payment_intent"]) == ("succeeded", intent["id"])
    assert [r["status"] for r in stripe_env.my_plan(student)["refunds"]] == ["succeeded"]
    assert stripe_env.order(site, checkout["order_id"])["refunded_amount"] == 0


def test_the_site_owner_refunds_one_installment_through_stripe(stripe_env, fake_stripe):
    site = stripe_env.plan_site()
    api = stripe_env.api
    student, checkout, session = start_plan(stripe_env, site)
    plan = stripe_env.my_plan(student)
    path = f"/v1/admin/payment-plans/{plan['id']}/installments"

    refunded = api.call(
        "POST", f"{path}/2/refund", headers={**site.admin, "Idempotency-Key": "r-2"}, expect=200
    ).get_json()
    assert (refunded["paid"], refunded["refunded"], refunded["balance"]) == (20000, 10000, 10000)
    # A Refund of the PaymentIntent that paid the second invoice, once.
    [_, second] = fake_stripe.invoices(session["subscription"])
    [call] = fake_stripe.calls("POST", "/v1/refunds")
    assert call.params["payment_intent"] == fake_stripe.payment_intent_of(second["id"])
    assert call.params["amount"] == "10000"
    assert call.params["metadata"]["charge_of"] == checkout["order_id"]
    assert "order_id" not in call.params["metadata"]
    assert call.headers["Idempotency-Key"] == (
        f"tuition-refund-charge-{checkout['order_id']}-{second['id']}-0-10000"
    )
    assert [r["status"] for r in stripe_env.my_plan(student)["refunds"]] == ["succeeded"]

    # Stripe's events about it, each delivered twice: stored once, no refund of the order.
    [refund] = fake_stripe.all("refund", site.secret_key)
    events = [
        fake_stripe.event("refund.created", refund),
        fake_stripe.event("charge.refunded", fake_stripe.get(refund["charge"])),
    ]
    outcomes = [stripe_env.deliver(site, e) for e in events + events]
    assert [o.get("duplicates", 0) for o in outcomes] == [0, 0, 1, 1]
    stored = [e for e in stripe_env.events(site)["items"] if e["raw_type"] in (
        "refund.created", "charge.refunded")]  # fmt: skip
    assert sorted(e["kind"] for e in stored) == ["ignored", "ignored"]
    assert stripe_env.order(site, checkout["order_id"])["refunded_amount"] == 0
    again = api.call("POST", f"{path}/2/refund", headers=site.admin, expect=200).get_json()
    assert (len(again["refunds"]), again["refunded"]) == (1, 10000)
    assert len(fake_stripe.calls("POST", "/v1/refunds")) == 1


def test_refund_charge_gives_back_part_of_a_charge_idempotently(stripe_env, fake_stripe):
    """The provider's ``refund_charge`` on its own: partial amounts of one invoice's
    payment, the same call twice refunds once, more than is left is refused."""
    site = stripe_env.plan_site()
    _, checkout, session = start_plan(stripe_env, site)
    [_, second] = fake_stripe.invoices(session["subscription"])
    provider = StripeProvider(stripe_env.settings(secret_key=site.secret_key))
    order = stripe_env.order_info(site, checkout["order_id"], checkout["session_id"])
    first = provider.refund_charge(order, second["id"], 2500)
    assert provider.refund_charge(order, second["id"], 2500) == first
    rest = provider.refund_charge(order, second["id"], 7500, refunded_before=2500)
    assert (first.status, first.amount, rest.amount) == ("succeeded", 2500, 7500)
    charge = fake_stripe.get(fake_stripe.get(fake_stripe.payment_intent_of(second["id"]))[
        "latest_charge"])  # fmt: skip
    assert (charge["amount_refunded"], charge["refunded"]) == (10000, True)
    with pytest.raises(PaymentError) as refused:
        provider.refund_charge(order, second["id"], 1, refunded_before=10000)
    assert not refused.value.retryable


# -- memberships ---------------------------------------------------------------------------


def test_a_trial_membership_then_its_first_period_at_the_trials_end(stripe_env, fake_stripe):
    site = stripe_env.club_site(plan={"interval": "month", "courses": ["python"], "trial_days": 14})
    api = stripe_env.api
    student, checkout, session = stripe_env.join(site)
    assert checkout["amount"] == 0
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call.params["subscription_data"]["trial_period_days"] == "14"
    assert call.params["line_items"][0]["price_data"]["unit_amount"] == "2000"
    assert session["payment_status"] == "no_payment_required"
    subscription = fake_stripe.get(session["subscription"])
    assert subscription["status"] == "trialing"
    order = stripe_env.order(site, checkout["order_id"])
    assert (order["status"], order["amount"]) == ("paid", 0)
    sub = stripe_env.membership(student)
    assert (sub["status"], sub["access"], sub["paid_periods"]) == ("trialing", "granted", 1)
    assert stripe_env.state(student, "python") == "included"
    api.enroll(site.tenant, student, "python", expect=201)
    # The trial's invoice of nothing changes nothing.
    [trial_invoice] = fake_stripe.invoices(subscription["id"])
    assert (trial_invoice["amount_paid"], trial_invoice["billing_reason"]) == (
        0,
        "subscription_create",
    )
    stripe_env.deliver(site, fake_stripe.event("invoice.paid", trial_invoice))

    assert fake_stripe.advance(days=13) == []  # still in the trial
    events = fake_stripe.advance(days=1)
    assert [e["type"] for e in events] == ["customer.subscription.updated", "invoice.paid"]
    assert events[0]["data"]["previous_attributes"] == {"status": "trialing"}
    assert events[1]["data"]["object"]["amount_paid"] == 2000
    for event in events + events:  # each delivered twice: applied once
        stripe_env.deliver(site, event)
    sub = stripe_env.membership(student)
    assert (sub["status"], sub["paid_periods"]) == ("active", 2)
    assert fake_stripe.get(subscription["id"])["status"] == "active"

    # A month on the renewal is declined: past due, as after any renewal.
    fake_stripe.decline_renewals = True
    [failed] = fake_stripe.advance(days=31)
    stripe_env.deliver(site, failed)
    assert stripe_env.membership(student)["status"] == "past_due"
    assert paid_at_stripe(fake_stripe, subscription["id"]) == 2000


def test_a_declined_first_charge_after_the_trial_is_past_due(stripe_env, fake_stripe):
    site = stripe_env.club_site(
        plan={"interval": "month", "courses": ["python"], "trial_days": 7}, grace_days=0
    )
    student, _, session = stripe_env.join(site)
    fake_stripe.decline_renewals = True
    events = fake_stripe.advance(days=7)
    assert [e["type"] for e in events] == [
        "customer.subscription.updated",
        "invoice.payment_failed",
    ]
    assert events[0]["data"]["object"]["status"] == "past_due"
    for event in events:
        stripe_env.deliver(site, event)
    sub = stripe_env.membership(student)
    assert (sub["status"], sub["paid_periods"]) == ("paused", 1)  # no grace
    assert fake_stripe.get(session["subscription"])["status"] == "past_due"
    assert stripe_env.state(student, "python") == "available"


def plans_site(stripe_env):
    """``club`` (2000 EUR: python), ``pro`` (3000: every course), ``lite`` (1000:
    python), monthly, through Stripe."""
    site = stripe_env.club_site(plan={"interval": "month", "courses": ["python"]})
    for slug, amount, courses in (("pro", 3000, "all"), ("lite", 1000, ["python"])):
        stripe_env.api.create_course(
            site.tenant,
            slug,
            pricing_model="subscription",
            price={"amount": amount, "currency": "EUR"},
            attributes={"memberships": {"interval": "month", "courses": courses}},
        )
    return site


def change(stripe_env, student, sub_id: str, plan: str, expect: int = 200) -> dict[str, Any]:
    result: dict[str, Any] = stripe_env.api.call(
        "POST",
        f"/v1/me/subscriptions/{sub_id}/change",
        json={"plan": plan},
        headers=student.headers,
        expect=expect,
    ).get_json()
    return result


def price_at_stripe(fake, subscription_id: str) -> int:
    return int(fake.get(subscription_id)["items"]["data"][0]["price"]["unit_amount"])


def test_upgrade_now_then_downgrade_at_the_renewal_on_stripe(stripe_env, fake_stripe):
    site = plans_site(stripe_env)
    student, _, session = stripe_env.join(site)
    subscription_id = session["subscription"]
    sub = stripe_env.membership(student)

    # An upgrade: the prorated difference charged now, the new price from the renewal.
    change(stripe_env, student, sub["id"], "pro")
    sub = stripe_env.membership(student)
    upgrade = sub["plan_change"]
    assert (upgrade["kind"], upgrade["status"]) == ("upgrade", "applied")
    assert 990 <= upgrade["proration"] <= 1000
    [charge] = fake_stripe.calls("POST", "/v1/payment_intents")
    assert charge.params["amount"] == str(upgrade["proration"])
    assert (charge.params["off_session"], charge.params["confirm"]) == ("true", "true")
    assert upgrade["payment_id"] == fake_stripe.all("payment_intent", site.secret_key)[-1]["id"]
    updates = fake_stripe.calls("POST", f"/v1/subscriptions/{subscription_id}")
    [modify] = [c for c in updates if "items" in c.params]
    assert modify.params["proration_behavior"] == "none"
    assert modify.params["items"][0]["price_data"]["unit_amount"] == "3000"
    assert price_at_stripe(fake_stripe, subscription_id) == 3000
    assert (sub["plan"], sub["amount"]) == ("pro", 3000)
    [renewed] = fake_stripe.advance(days=31)
    assert renewed["data"]["object"]["amount_paid"] == 3000
    stripe_env.deliver(site, renewed)

    # A downgrade: Stripe charges the lower price from the next renewal on; taken back,
    # the price is the plan's again.
    scheduled = change(stripe_env, student, sub["id"], "lite")["plan_change"]
    assert (scheduled["kind"], scheduled["status"]) == ("downgrade", "scheduled")
    assert price_at_stripe(fake_stripe, subscription_id) == 1000
    path = f"/v1/me/subscriptions/{sub['id']}/change"
    stripe_env.api.call("DELETE", path, headers=student.headers, expect=200)
    assert price_at_stripe(fake_stripe, subscription_id) == 3000
    change(stripe_env, student, sub["id"], "lite")
    assert price_at_stripe(fake_stripe, subscription_id) == 1000
    assert stripe_env.membership(student)["plan"] == "pro"  # until the renewal
    [renewed] = fake_stripe.advance(days=31)
    assert renewed["data"]["object"]["amount_paid"] == 1000
    stripe_env.deliver(site, renewed)
    stripe_env.deliver(site, renewed)
    sub = stripe_env.membership(student)
    assert (sub["plan"], sub["amount"], sub["paid_periods"]) == ("lite", 1000, 3)
    assert sub["plan_change"]["status"] == "applied"
    taken = paid_at_stripe(fake_stripe, subscription_id) + upgrade["proration"]
    assert taken == 2000 + upgrade["proration"] + 3000 + 1000


def test_a_declined_upgrade_keeps_the_plan_and_the_price_at_stripe(stripe_env, fake_stripe):
    site = plans_site(stripe_env)
    student, _, session = stripe_env.join(site)
    sub = stripe_env.membership(student)
    fake_stripe.decline_renewals = True
    change(stripe_env, student, sub["id"], "pro")
    sub = stripe_env.membership(student)
    assert (sub["plan"], sub["amount"], sub["plan_change"]["status"]) == ("club", 2000, "failed")
    assert price_at_stripe(fake_stripe, session["subscription"]) == 2000


@pytest.mark.redis
def test_an_upgrade_runs_on_rq_and_charges_once(rq_queue, stripe_env, fake_stripe, runtime):
    """The jobs that call Stripe (the upgrade's charge, the price) run on a real rq
    worker, once however often the worker runs."""
    site = plans_site(stripe_env)
    student, body = stripe_env.start(site, course="club")
    session = stripe_env.pay(site, body)
    run_worker_burst(runtime)
    sub = stripe_env.membership(student)
    assert sub["status"] == "active"

    change(stripe_env, student, sub["id"], "pro")
    assert stripe_env.membership(student)["plan_change"]["status"] == "pending"
    assert fake_stripe.calls("POST", "/v1/payment_intents") == []  # not before the worker
    run_worker_burst(runtime)
    run_worker_burst(runtime)
    sub = stripe_env.membership(student)
    assert (sub["plan"], sub["plan_change"]["status"]) == ("pro", "applied")
    assert len(fake_stripe.calls("POST", "/v1/payment_intents")) == 1
    assert price_at_stripe(fake_stripe, session["subscription"]) == 3000


@pytest.mark.redis
def test_an_installment_refund_runs_on_rq_once(rq_queue, stripe_env, fake_stripe, runtime):
    site = stripe_env.plan_site()
    student, _, _ = start_plan(stripe_env, site)
    run_worker_burst(runtime)
    plan = stripe_env.my_plan(student)
    assert plan["paid"] == 20000
    path = f"/v1/admin/payment-plans/{plan['id']}/installments/2/refund"
    answer = stripe_env.api.call("POST", path, headers=site.admin, expect=200).get_json()
    assert [r["status"] for r in answer["refunds"]] == ["pending"]
    run_worker_burst(runtime)
    run_worker_burst(runtime)
    assert [r["status"] for r in stripe_env.my_plan(student)["refunds"]] == ["succeeded"]
    assert len(fake_stripe.calls("POST", "/v1/refunds")) == 1
