"""Memberships (the ``memberships`` plugin) charged through PayPal's Subscriptions API, end
to end through the REST API with the official SDK against the fake PayPal and its clock:
the plan's setup fee taking the whole first charge, renewals paid and declined, cancel at the
period's end and resume, an admin's cancel with a prorated refund and the site owner's
refund of a plan order (both refunds of a v1 sale, ``/v1/payments/sale/<id>/refund``)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tuition.plugin_api import utcnow
from tuition.testing.chores import sweep

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def taken(fake, subscription_id: str) -> int:
    """What PayPal kept of the subscription's sales."""
    return fake.collected(subscription_id) - fake.refunded(subscription_id)


def test_a_membership_with_a_setup_fee_renewed_failed_canceled_and_resumed(
    paypal, fake, api, runtime, recorder
):
    site = paypal.club_site(grace_days=3, final_deadline_days=20)
    student, checkout, subscription_id = paypal.join(site)
    paypal.deliver_outbox(site)
    assert checkout["amount"] == 2500  # the first period and the setup fee

    # The billing plan: the first charge is the setup fee (PayPal takes it at approval in
    # a sale of its own), the first month a free TRIAL cycle it paid, then REGULAR.
    [plan] = fake.plan_requests
    trial, regular = plan["billing_cycles"]
    assert (trial["tenure_type"], trial["total_cycles"], "pricing_scheme" in trial) == (
        "TRIAL",
        1,
        False,
    )
    assert (regular["tenure_type"], regular["total_cycles"]) == ("REGULAR", 0)
    assert regular["pricing_scheme"]["fixed_price"]["value"] == "20.00"
    assert plan["payment_preferences"]["setup_fee"] == {"value": "25.00", "currency_code": "EUR"}
    assert plan["payment_preferences"]["setup_fee_failure_action"] == "CANCEL"
    [first] = [s for s in fake.sales.values() if s["_subscription"] == subscription_id]
    assert first["amount"]["total"] == "25.00"  # one sale pays the order
    order = paypal.order(site, checkout["order_id"])
    assert (order["status"], order["amount"]) == ("paid", 2500)
    assert taken(fake, subscription_id) == 2500
    sub = paypal.membership(student)
    assert (sub["status"], sub["paid_periods"], sub["amount"]) == ("active", 1, 2000)
    assert paypal.state(student, "python") == "included"
    api.enroll(site.tenant, student, "python", expect=201)

    fake.duplicate_webhooks = 1  # every event comes twice from now on
    fake.advance(31)
    paypal.deliver_outbox(site)
    sub = paypal.membership(student)
    assert (sub["status"], sub["paid_periods"]) == ("active", 2)
    assert taken(fake, subscription_id) == 4500

    fake.decline_renewals = True
    fake.advance(31)
    paypal.deliver_outbox(site)
    sub = paypal.membership(student)
    assert (sub["status"], sub["access"], sub["paid_periods"]) == ("past_due", "granted", 2)
    sweep(runtime, utcnow() + timedelta(days=4))
    assert paypal.membership(student)["status"] == "paused"
    assert paypal.state(student, "python") == "membership_paused"
    fake.decline_renewals = False  # the member fixed their PayPal funding
    fake.retry_payment(subscription_id)
    paypal.deliver_outbox(site)
    sub = paypal.membership(student)
    assert (sub["status"], sub["access"], sub["paid_periods"]) == ("active", "granted", 3)
    assert paypal.state(student, "python") == "enrolled"
    assert taken(fake, subscription_id) == 6500

    path = f"/v1/me/subscriptions/{sub['id']}"
    api.call("POST", f"{path}/cancel", headers=student.headers, expect=200)
    api.call("POST", f"{path}/resume", headers=student.headers, expect=200)
    api.call("POST", f"{path}/cancel", headers=student.headers, expect=200)
    assert fake.subscriptions[subscription_id]["status"] == "ACTIVE"  # until the end
    assert sweep(runtime, utcnow() + timedelta(days=4 * 31))["memberships"]["canceled"] == 1
    sub = paypal.membership(student)
    assert (sub["status"], sub["close_reason"]) == ("canceled", "period_end")
    assert paypal.state(student, "python") == "available"
    assert fake.subscriptions[subscription_id]["status"] == "CANCELLED"
    paypal.deliver_outbox(site)  # PayPal's CANCELLED finds it closed
    fake.advance(62)
    assert fake.take_events() == []
    assert taken(fake, subscription_id) == 6500
    assert [t for t, _ in recorder.called("event")].count("subscription.canceled") == 1


def test_admin_cancel_refunds_the_unused_share_of_a_sale(paypal, fake, api, recorder):
    site = paypal.club_site()
    student, checkout, subscription_id = paypal.join(site)
    paypal.deliver_outbox(site)
    fake.advance(31)
    paypal.deliver_outbox(site)
    sub = paypal.membership(student)
    assert sub["paid_periods"] == 2
    done = api.call(
        "POST",
        f"/v1/admin/subscriptions/{sub['id']}/cancel",
        json={"refund": "prorated"},
        headers=site.admin,
        expect=200,
    ).get_json()
    # Tuition's clock is still in the first period: the second comes back whole.
    assert (done["status"], done["refunded_amount"]) == ("canceled", 2000)
    # Taken from the last period's sale (the renewal's), not the order's first sale.
    [refund] = fake.sale_refunds.values()
    first = paypal.order(site, checkout["order_id"])["provider_payment_id"]
    [renewal] = [
        s for s in fake.sales.values() if s["_subscription"] == subscription_id and s["id"] != first
    ]
    assert (refund["sale_id"], refund["amount"]) == (
        renewal["id"],
        {"total": "20.00", "currency": "EUR"},
    )
    assert ("POST", f"/v1/payments/sale/{renewal['id']}/refund") in [r[:2] for r in fake.requests]
    assert taken(fake, subscription_id) == 2500
    assert fake.subscriptions[subscription_id]["status"] == "CANCELLED"
    assert [
        (e["refund"], e["refund_status"]) for e in recorder.events("subscription.refunded")
    ] == [(2000, "succeeded")]
    # PayPal's refund event is no news: the refund was recorded from its answer.
    paypal.deliver_outbox(site)


def test_the_site_owner_refunds_a_plan_order_through_its_sale(paypal, fake, api):
    """The admin refund of a membership's order refunds the subscription's first sale
    (part, then the rest); more than was paid is refused by Tuition."""
    site = paypal.club_site()
    student, checkout, subscription_id = paypal.join(site)
    paypal.deliver_outbox(site)
    order_id = checkout["order_id"]
    part = api.call(
        "POST",
        f"/v1/admin/orders/{order_id}/refund",
        json={"amount": 500},
        headers=site.admin,
        expect=200,
    ).get_json()
    assert part["order"]["refunded_amount"] == 500
    assert taken(fake, subscription_id) == 2000
    [sale] = [s for s in fake.sales.values() if s["_subscription"] == subscription_id]
    assert sale["state"] == "partially_refunded"
    too_much = api.call(
        "POST",
        f"/v1/admin/orders/{order_id}/refund",
        json={"amount": 2001},
        headers=site.admin,
        expect=422,
    ).get_json()
    assert too_much["code"] == "invalid_refund_amount"
    rest = api.call(
        "POST", f"/v1/admin/orders/{order_id}/refund", json={}, headers=site.admin, expect=200
    ).get_json()
    assert rest["order"]["refunded_amount"] == 2500
    assert sale["state"] == "refunded"
    assert taken(fake, subscription_id) == 0
    assert paypal.membership(student)["status"] == "canceled"
    assert fake.subscriptions[subscription_id]["status"] == "CANCELLED"


def test_sale_refunds_reported_by_paypal(paypal, fake, api):
    """``PAYMENT.SALE.REFUNDED``: a refund of the order's sale made in PayPal's dashboard
    reaches the order with the sale's cumulative total; the report of Tuition's own
    refund changes nothing; a renewal's sale is not the order's money (ignored)."""
    site = paypal.club_site()
    student, checkout, subscription_id = paypal.join(site)
    paypal.deliver_outbox(site)
    order_id = checkout["order_id"]
    first = paypal.order(site, order_id)["provider_payment_id"]
    api.call(
        "POST",
        f"/v1/admin/orders/{order_id}/refund",
        json={"amount": 300},
        headers=site.admin,
        expect=200,
    )
    paypal.deliver_outbox(site)  # Tuition's own refund, reported back
    assert paypal.order(site, order_id)["refunded_amount"] == 300
    fake.refund_sale_in_dashboard(first, 200)
    paypal.deliver_outbox(site)
    assert paypal.order(site, order_id)["refunded_amount"] == 500
    fake.advance(31)
    paypal.deliver_outbox(site)
    [renewal] = [
        s for s in fake.sales.values() if s["_subscription"] == subscription_id and s["id"] != first
    ]
    fake.refund_sale_in_dashboard(renewal["id"])
    paypal.deliver_outbox(site)
    assert paypal.order(site, order_id)["refunded_amount"] == 500
    refunds = [e for e in paypal.events(site) if e["raw_type"] == "PAYMENT.SALE.REFUNDED"]
    assert sorted(e["kind"] for e in refunds) == ["ignored", "refund.succeeded", "refund.succeeded"]
    assert paypal.membership(student)["status"] == "active"
