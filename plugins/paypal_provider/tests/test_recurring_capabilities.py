"""What PayPal's Subscriptions API adds to a schedule beyond charging it, end to end
through the REST API with the official SDK against the fake PayPal, on SQLite and
PostgreSQL: the site owner refunding one installment (a refund of its v1 sale) and a
membership starting with a free trial (a ``TRIAL`` billing cycle)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tuition.plugin_api import PaymentError, Schedule, utcnow
from tuition.testing.chores import sweep
from tuition_paypal_provider.provider import PayPalProvider


def test_the_site_owner_refunds_one_installment_through_its_sale(paypal, fake, api):
    site = paypal.plan_site()
    student, order_id, subscription_id = paypal.subscribe(site)
    paypal.deliver_outbox(site)
    fake.advance(31)
    paypal.deliver_outbox(site)
    plan = paypal.my_plan(student)
    assert [i["status"] for i in plan["installments"]] == ["paid", "paid", "scheduled"]
    first = paypal.order(site, order_id)["provider_payment_id"]
    [second] = [s for s in fake.sales.values() if s["id"] != first]
    path = f"/v1/admin/payment-plans/{plan['id']}/installments"

    refunded = api.call(
        "POST", f"{path}/2/refund", headers={**site.admin, "Idempotency-Key": "r-2"}, expect=200
    ).get_json()
    assert (refunded["paid"], refunded["refunded"], refunded["balance"]) == (20000, 10000, 10000)
    # The second installment's sale went back whole, the order's own sale is untouched.
    [refund] = fake.sale_refunds.values()
    assert (refund["sale_id"], refund["amount"]) == (
        second["id"],
        {"total": "100.00", "currency": "EUR"},
    )
    assert (second["state"], fake.sales[first]["state"]) == ("refunded", "completed")
    assert [r["status"] for r in paypal.my_plan(student)["refunds"]] == ["succeeded"]
    # The same request, or another one, gives nothing more back.
    api.call("POST", f"{path}/2/refund", headers={**site.admin, "Idempotency-Key": "r-2"})
    again = api.call("POST", f"{path}/2/refund", headers=site.admin, expect=200).get_json()
    assert len(again["refunds"]) == 1 and len(fake.sale_refunds) == 1

    # PayPal's report of the refund, delivered twice, is stored once and changes nothing.
    [reported] = fake.take_events("PAYMENT.SALE.REFUNDED")
    paypal.deliver(site, reported)
    assert paypal.deliver(site, reported)["duplicates"] == 1
    assert paypal.outcomes(site)["PAYMENT.SALE.REFUNDED"] == ["no_action"]
    assert paypal.order(site, order_id)["refunded_amount"] == 0
    plan = paypal.my_plan(student)
    assert (plan["paid"], plan["refunded"]) == (20000, 10000)
    assert fake.collected(subscription_id) - fake.refunded(subscription_id) == 10000

    # The plan goes on: the last installment is charged, nothing is owed again.
    fake.advance(31)
    paypal.deliver_outbox(site)
    plan = paypal.my_plan(student)
    assert (plan["status"], plan["paid"], plan["refunded"]) == ("completed", 30000, 10000)


def test_a_sale_of_another_subscription_is_never_refunded(paypal, fake):
    site = paypal.plan_site()
    _, order_id, subscription_id = paypal.subscribe(site)
    _, _, other_id = paypal.subscribe(site)
    [other_sale] = [s for s in fake.sales.values() if s["_subscription"] == other_id]
    info = paypal.plan_order(site, order_id, subscription_id)
    provider = PayPalProvider(site.settings)
    for sale_id in (other_sale["id"], "NOSUCHSALE000000"):
        with pytest.raises(PaymentError) as refused:
            provider.refund_charge(info, sale_id, 1000)
        assert not refused.value.retryable
    assert fake.sale_refunds == {}


#: A monthly membership with a 14-day free trial, including the course ``python``.
TRIAL = {"interval": "month", "courses": ["python"], "trial_days": 14}


def test_a_trial_membership_then_its_first_period_paid_then_declined(paypal, fake, api):
    site = paypal.club_site(TRIAL, grace_days=3)
    student, checkout, subscription_id = paypal.join(site)
    assert checkout["amount"] == 0
    # The billing plan: a free TRIAL cycle (no pricing scheme) of 14 days, then REGULAR.
    [plan] = fake.plan_requests
    trial, regular = plan["billing_cycles"]
    assert trial == {
        "frequency": {"interval_unit": "DAY", "interval_count": 14},
        "tenure_type": "TRIAL",
        "sequence": 1,
        "total_cycles": 1,
    }
    assert (regular["tenure_type"], regular["sequence"], regular["total_cycles"]) == (
        "REGULAR",
        2,
        0,
    )
    assert "setup_fee" not in plan["payment_preferences"]
    # Approved: ACTIVATED only, nothing charged; the order is paid with 0 and access starts.
    assert [e["event_type"] for e in fake.outbox] == ["BILLING.SUBSCRIPTION.ACTIVATED"]
    paypal.deliver_outbox(site)
    order = paypal.order(site, checkout["order_id"])
    assert (order["status"], order["amount"]) == ("paid", 0)
    sub = paypal.membership(student)
    assert (sub["status"], sub["access"], sub["paid_periods"], sub["trial_days"]) == (
        "trialing",
        "granted",
        1,
        14,
    )
    assert paypal.state(student, "python") == "included"
    api.enroll(site.tenant, student, "python", expect=201)

    fake.advance(13)
    assert fake.take_events() == []  # still in the trial
    fake.advance(1.5)
    [sale] = fake.outbox
    assert (sale["event_type"], sale["resource"]["amount"]["total"]) == (
        "PAYMENT.SALE.COMPLETED",
        "20.00",
    )
    fake.duplicate_webhooks = 1
    paypal.deliver(site, sale)
    paypal.deliver_outbox(site)
    sub = paypal.membership(student)
    assert (sub["status"], sub["paid_periods"]) == ("active", 2)
    assert paypal.outcomes(site)["PAYMENT.SALE.COMPLETED"] == ["renewal_paid"]
    assert paypal.order(site, checkout["order_id"])["amount"] == 0  # not the order's money

    # A month later the renewal is declined: charge 3 fails, past_due.
    fake.decline_renewals = True
    fake.advance(31)
    paypal.deliver_outbox(site)
    sub = paypal.membership(student)
    assert (sub["status"], sub["access"], sub["paid_periods"]) == ("past_due", "granted", 2)
    assert fake.collected(subscription_id) == 2000


def test_a_trial_canceled_before_its_end_charges_nothing(paypal, fake, api, runtime):
    site = paypal.club_site(TRIAL)
    student, _, subscription_id = paypal.join(site)
    paypal.deliver_outbox(site)
    sub = paypal.membership(student)
    path = f"/v1/me/subscriptions/{sub['id']}"
    api.call("POST", f"{path}/cancel", headers=student.headers, expect=200)
    assert fake.subscriptions[subscription_id]["status"] == "ACTIVE"  # the trial lasts
    sweep(runtime, utcnow() + timedelta(days=15))
    sub = paypal.membership(student)
    assert (sub["status"], sub["close_reason"], sub["refunded_amount"]) == (
        "canceled",
        "period_end",
        0,
    )
    assert fake.subscriptions[subscription_id]["status"] == "CANCELLED"
    paypal.deliver_outbox(site)
    fake.advance(45)
    assert fake.take_events() == [] and fake.collected(subscription_id) == 0


def test_a_trial_paypal_cannot_bill_is_refused_before_any_call(paypal, fake):
    site = paypal.plan_site()
    info = paypal.plan_order(site, "ord_1", None, amount=0, schedule=None)
    schedule = Schedule(count=None, amount=2000, currency="EUR", trial_days=400)
    before = len(fake.requests)
    with pytest.raises(PaymentError, match="trial of 400 days"):
        PayPalProvider(site.settings).create_recurring_checkout(info, schedule)
    assert len(fake.requests) == before


def test_the_student_pays_off_the_balance_through_the_subscription(paypal, fake, api, recorder):
    site = paypal.plan_site()
    student, _, subscription_id = paypal.subscribe(site)
    paypal.deliver_outbox(site)
    plan = paypal.my_plan(student)
    assert plan["balance"] == 20000

    key = {"Idempotency-Key": "pay-off-1"}
    paid_off = paypal.pay_off(student, plan["id"], **key)
    assert {k: paid_off[k] for k in ("status", "access", "balance", "paid")} == {
        "status": "paid_off",
        "access": "granted",
        "balance": 0,
        "paid": 30000,
    }
    # PayPal was asked to raise the outstanding balance to the pay-off, then capture it.
    [(patched, operations)] = fake.patches
    assert (patched, operations) == (
        subscription_id,
        [
            {
                "op": "replace",
                "path": "/billing_info/outstanding_balance",
                "value": {"currency_code": "EUR", "value": "200.00"},
            }
        ],
    )
    [capture_id] = fake.subscription_captures
    assert fake.sales[capture_id]["amount"]["total"] == "200.00"
    assert fake.subscriptions[subscription_id]["billing_info"]["outstanding_balance"] == {
        "currency_code": "EUR",
        "value": "0.00",
    }
    # The schedule stopped at PayPal; the same request, or another one, takes nothing more.
    assert fake.subscriptions[subscription_id]["status"] == "CANCELLED"
    assert paypal.pay_off(student, plan["id"], **key) == paid_off
    assert paypal.pay_off(student, plan["id"])["status"] == "paid_off"
    assert len(fake.subscription_captures) == 1
    assert fake.collected(subscription_id) == 30000

    # PayPal's report of the capture's sale, twice, finds its installments paid by it.
    fake.duplicate_webhooks = 1
    paypal.deliver_outbox(site)
    outcomes = paypal.outcomes(site)
    assert outcomes["PAYMENT.SALE.COMPLETED"][-1] == "installment_already_paid"
    assert outcomes["BILLING.SUBSCRIPTION.CANCELLED"] == ["plan_not_running"]
    plan = paypal.my_plan(student)
    assert (plan["status"], plan["paid"], plan["refunded"]) == ("paid_off", 30000, 0)
    fake.advance(62)
    assert fake.take_events() == []
    [event] = recorder.events("payment_plan.paid_off")
    assert (event["installments"], event["amount"]) == ([2, 3], 20000)


def test_a_declined_pay_off_takes_nothing_and_leaves_the_balance(paypal, fake, api):
    site = paypal.plan_site({"grace_days": 3, "final_deadline_days": 20})
    student, _, subscription_id = paypal.subscribe(site)
    paypal.deliver_outbox(site)
    fake.decline_renewals = True
    fake.advance(31)
    paypal.deliver_outbox(site)
    plan = paypal.my_plan(student)
    assert plan["status"] == "past_due"
    owed = {"currency_code": "EUR", "value": "100.00"}  # the declined installment
    billing = fake.subscriptions[subscription_id]["billing_info"]
    assert billing["outstanding_balance"] == owed

    declined = paypal.pay_off(student, plan["id"], expect=409)
    assert declined["code"] == "pay_off_declined"
    assert billing["outstanding_balance"] == owed  # PayPal's balance as it was
    assert fake.subscription_captures == []
    plan = paypal.my_plan(student)
    assert (plan["status"], plan["balance"]) == ("past_due", 20000)

    fake.decline_renewals = False  # the student fixed their PayPal funding
    paid_off = paypal.pay_off(student, plan["id"])
    assert (paid_off["status"], paid_off["paid"], paid_off["balance"]) == ("paid_off", 30000, 0)
    assert billing["outstanding_balance"] == {"currency_code": "EUR", "value": "0.00"}
    assert fake.collected(subscription_id) == 30000


def test_a_repeated_charge_or_refund_moves_no_more_money(paypal, fake):
    """The provider called again with the same key (a job retried after a crash): the
    same capture and the same refund are answered, and PayPal's outstanding balance is
    put back after the replayed capture (nothing left for PayPal to bill later)."""
    site = paypal.plan_site()
    _, order_id, subscription_id = paypal.subscribe(site)
    info = paypal.plan_order(site, order_id, subscription_id)
    provider = PayPalProvider(site.settings)
    first = provider.charge_now(info, 20000, "pay-off:plan:2,3")
    again = provider.charge_now(info, 20000, "pay-off:plan:2,3")
    assert first == again and first.status == "succeeded" and first.amount == 20000
    assert fake.subscription_captures == [first.payment_id]
    assert fake.subscriptions[subscription_id]["billing_info"]["outstanding_balance"] == {
        "currency_code": "EUR",
        "value": "0.00",
    }
    refunds = [provider.refund_charge(info, first.payment_id, 5000) for _ in range(2)]
    assert refunds[0] == refunds[1] and refunds[0].status == "succeeded"
    assert len(fake.sale_refunds) == 1
    assert fake.collected(subscription_id) - fake.refunded(subscription_id) == 25000
