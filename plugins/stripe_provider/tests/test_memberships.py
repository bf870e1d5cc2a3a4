"""Memberships (the ``memberships`` plugin) charged by Stripe Billing, end to end through
the REST API with the real ``stripe`` SDK against FakeStripe and its test clock: a setup
fee on the first invoice only, renewals paid and failed, cancel at the period's end and
resume, an admin's cancel with a prorated refund, and the site owner's refund of a plan
order."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tuition.plugin_api import utcnow
from tuition.testing.chores import sweep

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def taken(fake, subscription_id: str) -> int:
    """What Stripe took for the subscription: its paid invoices less the refunds."""
    paid = sum(i["amount_paid"] for i in fake.invoices(subscription_id) if i["status"] == "paid")
    refunds = fake.calls("POST", "/v1/refunds")
    return paid - sum(int(c.params["amount"]) for c in refunds)


def test_a_membership_with_a_setup_fee_renewed_failed_canceled_and_resumed(
    stripe_env, fake_stripe, runtime, recorder
):
    site = stripe_env.club_site(grace_days=3, final_deadline_days=20)
    api = stripe_env.api
    student, checkout, session = stripe_env.join(site)
    assert checkout["amount"] == 2500  # the first period and the setup fee

    # The checkout: a monthly recurring price and the fee as a one-time item.
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    recurring_item, fee_item = call.params["line_items"]
    assert recurring_item["price_data"]["unit_amount"] == "2000"
    assert recurring_item["price_data"]["recurring"] == {"interval": "month", "interval_count": "1"}
    assert fee_item["price_data"]["unit_amount"] == "500"
    assert "recurring" not in fee_item["price_data"]
    # Open-ended: no cancel_at; the first invoice charged both lines, once.
    subscription = fake_stripe.get(session["subscription"])
    assert subscription["cancel_at"] is None
    [first] = fake_stripe.invoices(subscription["id"])
    assert (first["amount_paid"], len(first["lines"]["data"])) == (2500, 2)
    order = stripe_env.order(site, checkout["order_id"])
    assert (order["status"], order["amount"]) == ("paid", 2500)
    assert order["provider_payment_id"] == fake_stripe.payment_intent_of(first["id"])
    sub = stripe_env.membership(student)
    assert (sub["status"], sub["paid_periods"], sub["amount"]) == ("active", 1, 2000)
    assert stripe_env.state(student, "python") == "included"
    api.enroll(site.tenant, student, "python", expect=201)

    # A renewal: the price only.
    [renewed] = fake_stripe.advance(days=31)
    assert renewed["data"]["object"]["amount_paid"] == 2000
    stripe_env.deliver(site, renewed)
    stripe_env.deliver(site, renewed)  # Stripe delivers it twice: applied once
    sub = stripe_env.membership(student)
    assert (sub["status"], sub["paid_periods"]) == ("active", 2)
    assert taken(fake_stripe, subscription["id"]) == 4500

    # A declined renewal: past due (access kept), paused after the grace days …
    fake_stripe.decline_renewals = True
    [failed] = fake_stripe.advance(days=31)
    assert failed["type"] == "invoice.payment_failed"
    stripe_env.deliver(site, failed)
    sub = stripe_env.membership(student)
    assert (sub["status"], sub["access"], sub["paid_periods"]) == ("past_due", "granted", 2)
    assert stripe_env.state(student, "python") == "enrolled"
    sweep(runtime, utcnow() + timedelta(days=4))
    assert stripe_env.membership(student)["status"] == "paused"
    assert stripe_env.state(student, "python") == "membership_paused"
    # … and restored when Stripe's retry is paid with the updated card.
    fake_stripe.decline_renewals = False
    stripe_env.deliver(site, fake_stripe.pay_invoice(failed["data"]["object"]["id"]))
    stripe_env.deliver(site, failed)  # the stale failure again: nothing changes
    sub = stripe_env.membership(student)
    assert (sub["status"], sub["access"], sub["paid_periods"]) == ("active", "granted", 3)
    assert stripe_env.state(student, "python") == "enrolled"
    assert taken(fake_stripe, subscription["id"]) == 6500

    # Cancel at the period's end, resume, cancel again: the period's end closes it and
    # the Stripe subscription is canceled; the clock charges nothing more.
    path = f"/v1/me/subscriptions/{sub['id']}"
    api.call("POST", f"{path}/cancel", headers=student.headers, expect=200)
    resumed = api.call("POST", f"{path}/resume", headers=student.headers, expect=200).get_json()
    assert resumed["cancel_at_period_end"] is False
    canceling = api.call("POST", f"{path}/cancel", headers=student.headers, expect=200)
    assert canceling.get_json()["cancel_at_period_end"] is True
    assert fake_stripe.get(subscription["id"])["status"] == "active"  # until the end
    end = utcnow() + timedelta(days=4 * 31)
    assert sweep(runtime, end)["memberships"]["canceled"] == 1
    sub = stripe_env.membership(student)
    assert (sub["status"], sub["close_reason"], sub["refunded_amount"]) == (
        "canceled",
        "period_end",
        0,
    )
    assert stripe_env.state(student, "python") == "available"
    assert fake_stripe.get(subscription["id"])["status"] == "canceled"
    deleted = fake_stripe.event(
        "customer.subscription.deleted", fake_stripe.get(subscription["id"])
    )
    stripe_env.deliver(site, deleted)
    assert fake_stripe.advance(days=62) == []
    assert taken(fake_stripe, subscription["id"]) == 6500
    types = [t for t, _ in recorder.called("event")]
    assert types.count("subscription.canceled") == 1
    assert {"subscription.paused", "subscription.restored", "subscription.resumed"} <= set(types)


def test_admin_cancel_refunds_the_unused_share_through_stripe(stripe_env, fake_stripe, recorder):
    site = stripe_env.club_site()
    api = stripe_env.api
    student, checkout, session = stripe_env.join(site)
    stripe_env.deliver(site, fake_stripe.advance(days=31)[0])
    sub = stripe_env.membership(student)
    assert sub["paid_periods"] == 2
    done = api.call(
        "POST",
        f"/v1/admin/subscriptions/{sub['id']}/cancel",
        json={"refund": "prorated"},
        headers=site.admin,
        expect=200,
    ).get_json()
    assert (done["status"], done["close_reason"]) == ("canceled", "admin")
    # Tuition's clock is still in the first period: the second, paid ahead, comes back
    # whole (never the setup fee).
    assert done["refunded_amount"] == 2000
    # Taken from the last period's payment (the renewal's invoice), not the first.
    [refund] = fake_stripe.calls("POST", "/v1/refunds")
    assert refund.params["amount"] == "2000"
    [_, renewal] = fake_stripe.invoices(session["subscription"])
    assert refund.params["payment_intent"] == fake_stripe.payment_intent_of(renewal["id"])
    assert refund.headers["Idempotency-Key"] == f"tuition-refund-{checkout['order_id']}-0-2000"
    # Stripe's reports of it are not refunds of the order (recorded on the membership).
    refunded = fake_stripe.all("refund", site.secret_key)[0]
    stripe_env.deliver(site, fake_stripe.event("refund.updated", refunded))
    stripe_env.deliver(
        site, fake_stripe.event("charge.refunded", fake_stripe.get(refunded["charge"]))
    )
    assert stripe_env.order(site, checkout["order_id"])["refunded_amount"] == 0
    assert fake_stripe.get(session["subscription"])["status"] == "canceled"
    assert taken(fake_stripe, session["subscription"]) == 2500
    assert [
        (e["refund"], e["refund_status"]) for e in recorder.events("subscription.refunded")
    ] == [(2000, "succeeded")]
    assert stripe_env.state(student, "python") == "available"


def test_the_site_owner_refunds_a_membership_order(stripe_env, fake_stripe):
    """``POST /v1/admin/orders/<id>/refund`` on the plan's order: the first invoice's
    payment goes back through Stripe; the membership ends with its enrollment."""
    site = stripe_env.club_site()
    student, checkout, session = stripe_env.join(site)
    refunded = stripe_env.refund(site, checkout["order_id"], amount=2500)
    assert refunded["order"]["refunded_amount"] == 2500
    [refund] = fake_stripe.calls("POST", "/v1/refunds")
    assert refund.params["amount"] == "2500"
    assert stripe_env.membership(student)["status"] == "canceled"
    assert fake_stripe.get(session["subscription"])["status"] == "canceled"
