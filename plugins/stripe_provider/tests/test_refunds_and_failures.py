"""Refunds through Stripe (admin and dashboard-made) and Stripe failing or refusing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import stripe

from tuition.plugin_api import OrderInfo, utcnow
from tuition.testing.chores import reconcile
from tuition_stripe_provider import StripeProvider
from tuition_stripe_provider.testing import running


def _paid(stripe_env, **site_options):
    site = stripe_env.site(**site_options)
    student, body = stripe_env.start(site)
    session = stripe_env.pay(site, body)
    return site, student, body["checkout"]["order_id"], session


def test_partial_then_full_refund(stripe_env, fake_stripe):
    site, _, order_id, session = _paid(stripe_env)
    part = stripe_env.refund(site, order_id, amount=900)
    assert part["outcome"] == "partially_refunded"
    assert (
        part["order"]["status"],
        part["order"]["refunded_amount"],
        part["order"]["enrollment_status"],
    ) == ("partially_refunded", 900, "active")
    [call] = fake_stripe.calls("POST", "/v1/refunds")
    assert call.account == site.secret_key
    assert call.headers["Idempotency-Key"] == f"tuition-refund-{order_id}-0-900"
    assert call.params["payment_intent"] == session["payment_intent"]
    assert call.params["amount"] == "900"
    assert call.params["metadata"]["order_id"] == order_id

    # Stripe then reports it twice (charge.refunded, refund.updated): nothing changes.
    refund = fake_stripe.all("refund", site.secret_key)[0]
    charge = fake_stripe.get(refund["charge"])
    stripe_env.deliver(site, fake_stripe.event("charge.refunded", charge))
    stripe_env.deliver(site, fake_stripe.event("refund.updated", refund))
    assert stripe_env.order(site, order_id)["refunded_amount"] == 900

    too_much = stripe_env.refund(site, order_id, amount=5000, expect=422)
    assert too_much["code"] == "invalid_refund_amount"
    rest = stripe_env.refund(site, order_id)
    assert rest["outcome"] == "refunded"
    assert (
        rest["order"]["status"],
        rest["order"]["refunded_amount"],
        rest["order"]["enrollment_status"],
    ) == ("refunded", 4900, "refunded")
    second = fake_stripe.calls("POST", "/v1/refunds")[1]
    assert second.headers["Idempotency-Key"] == f"tuition-refund-{order_id}-900-4000"
    assert fake_stripe.get(refund["charge"])["amount_refunded"] == 4900
    assert stripe_env.seats_left(site) == 5
    again = stripe_env.refund(site, order_id, expect=409)
    assert again["code"] == "order_not_refundable"


def test_refunds_made_in_the_stripe_dashboard_are_reflected(stripe_env, fake_stripe):
    site, _, order_id, session = _paid(stripe_env)
    dashboard = stripe.StripeClient(site.secret_key, base_addresses={"api": fake_stripe.url})
    first = dashboard.v1.refunds.create(
        {"payment_intent": session["payment_intent"], "amount": 1000}
    ).to_dict()
    charge = fake_stripe.get(first["charge"])
    ack = stripe_env.deliver(site, fake_stripe.event("charge.refunded", charge))
    assert ack["received"] == 1
    order = stripe_env.order(site, order_id)
    assert (order["status"], order["refunded_amount"]) == ("partially_refunded", 1000)

    # refund.updated carries no order metadata (made outside Tuition) and only this
    # refund's amount: the plugin fetches the charge for the cumulative total.
    second = dashboard.v1.refunds.create({"payment_intent": session["payment_intent"]}).to_dict()
    assert not second["metadata"]
    stripe_env.deliver(site, fake_stripe.event("refund.updated", second))
    assert fake_stripe.calls("GET", f"/v1/charges/{second['charge']}")
    order = stripe_env.order(site, order_id)
    assert (order["status"], order["refunded_amount"], order["enrollment_status"]) == (
        "refunded",
        4900,
        "refunded",
    )
    events = {e["raw_type"]: e for e in stripe_env.events(site)["items"]}
    assert events["refund.updated"]["amount"] == 4900  # cumulative, not 3900


@pytest.mark.parametrize("told_by", ["webhook", "reconcile"])
def test_a_payment_of_another_amount_is_refunded_in_full(
    stripe_env, fake_stripe, runtime, recorder, told_by
):
    """Stripe took 59.00 for a 49.00 order (the session's amount changed under us): all
    59.00 goes back through one idempotent refund, the order ends, the seat is free."""
    site = stripe_env.site(capacity=1)
    _, body = stripe_env.start(site)
    order_id = body["checkout"]["order_id"]
    fake_stripe.get(body["checkout"]["session_id"])["amount_total"] = 5900
    session = fake_stripe.complete(body["checkout"]["session_id"])
    completed = fake_stripe.event("checkout.session.completed", session)
    if told_by == "webhook":
        stripe_env.deliver(site, completed)
    else:
        assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"amount_mismatch": 1}

    ended = stripe_env.order(site, order_id)
    assert (
        ended["status"],
        ended["enrollment_status"],
        ended["paid_amount"],
        ended["refunded_amount"],
    ) == ("refunded", "canceled", 5900, 5900)
    [call] = fake_stripe.calls("POST", "/v1/refunds")
    assert call.headers["Idempotency-Key"] == f"tuition-refund-{order_id}-0-5900"
    assert (call.params["payment_intent"], call.params["amount"]) == (
        session["payment_intent"],
        "5900",
    )
    charge = fake_stripe.get(fake_stripe.get(session["payment_intent"])["latest_charge"])
    assert (charge["amount_refunded"], charge["refunded"]) == (5900, True)
    assert [d["reason"] for d in recorder.events("order.refund_scheduled")] == ["amount_mismatch"]
    assert stripe_env.seats_left(site) == 1

    # The completion again (a redelivery, or after reconcile) and Stripe's refund webhook.
    stripe_env.deliver(site, completed)
    stripe_env.deliver(site, fake_stripe.event("charge.refunded", charge))
    assert stripe_env.order(site, order_id) == ended
    assert len(fake_stripe.calls("POST", "/v1/refunds")) == 1
    assert len(recorder.events("order.refund_scheduled")) == 1


def test_pending_and_failed_refund_events(stripe_env, fake_stripe):
    site, _, order_id, _ = _paid(stripe_env)
    fake_stripe.refund_status = "pending"
    pending = stripe_env.refund(site, order_id, amount=500)
    assert pending["outcome"] == "refund_pending"
    assert pending["order"]["refunded_amount"] == 0
    refund = fake_stripe.all("refund", site.secret_key)[0]
    stripe_env.deliver(site, fake_stripe.event("refund.created", refund))
    failed = dict(refund, status="failed", failure_reason="expired_or_canceled_card")
    stripe_env.deliver(site, fake_stripe.event("refund.failed", failed))
    kinds = sorted((e["raw_type"], e["kind"]) for e in stripe_env.events(site)["items"])
    assert ("refund.created", "ignored") in kinds and ("refund.failed", "refund.failed") in kinds
    assert stripe_env.order(site, order_id)["status"] == "paid"


def test_refund_failures_change_nothing(stripe_env, fake_stripe):
    site, _, order_id, session = _paid(stripe_env)
    fake_stripe.fail("POST", "/v1/refunds", 500)
    down = stripe_env.refund(site, order_id, expect=503)
    assert down["code"] == "payment_provider_unavailable"
    # Refunded in full in the dashboard, webhook not yet here: Stripe refuses (400).
    stripe.StripeClient(site.secret_key, base_addresses={"api": fake_stripe.url}).v1.refunds.create(
        {"payment_intent": session["payment_intent"]}
    )
    refused = stripe_env.refund(site, order_id, expect=502)
    assert refused["code"] == "payment_provider_error"
    assert refused["provider_code"] == "charge_already_refunded"
    order = stripe_env.order(site, order_id)
    assert (order["status"], order["refunded_amount"]) == ("paid", 0)


@pytest.mark.parametrize("failure", ["server_error", "timeout", "unknown_price", "bad_credentials"])
def test_checkout_failure_releases_the_hold(stripe_env, fake_stripe, failure):
    attributes = (
        {"stripe_provider": {"stripe_price_id": "price_missing"}}
        if failure == "unknown_price"
        else None
    )
    overrides = {"timeout_seconds": 0.5} if failure == "timeout" else {}
    if failure == "bad_credentials":
        overrides["secret_key"] = "sk_live_notthisone"
    site = stripe_env.site(capacity=1, attributes=attributes, **overrides)
    if failure == "server_error":
        fake_stripe.fail("POST", "/v1/checkout/sessions", 500)
    elif failure == "timeout":
        fake_stripe.fail("POST", "/v1/checkout/sessions", "timeout", delay=1.5)
    student = stripe_env.api.signup(site.tenant)
    status, code = {
        "server_error": (503, "payment_provider_unavailable"),
        "timeout": (503, "payment_provider_unavailable"),
        "unknown_price": (502, "payment_provider_error"),
        "bad_credentials": (502, "payment_provider_error"),
    }[failure]
    problem = stripe_env.api.enroll(site.tenant, student, "pro", expect=status).get_json()
    assert problem["code"] == code
    assert [o["status"] for o in stripe_env.orders(site)["items"]] == ["failed"]
    assert [e["status"] for e in stripe_env.enrollments(site)["items"]] == ["canceled"]
    assert stripe_env.seats_left(site) == 1
    if failure in ("server_error", "timeout"):  # Stripe is back: buying works
        _, body = stripe_env.start(site, student)
        assert body["checkout"]["client_secret"]


def test_sdk_retries_a_transient_error_with_the_same_idempotency_key(stripe_env, fake_stripe):
    site = stripe_env.site(max_network_retries=1)
    fake_stripe.fail("POST", "/v1/checkout/sessions", 500)
    _, body = stripe_env.start(site)
    calls = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert [c.status for c in calls] == [500, 200]
    assert {c.headers["Idempotency-Key"] for c in calls} == {
        f"tuition-checkout-{body['checkout']['order_id']}"
    }
    assert len(fake_stripe.all("checkout.session")) == 1


def test_currency_the_tenant_does_not_sell_in(stripe_env):
    site = stripe_env.site(
        currencies=["EUR"], price={"amount": 1000, "currency": "USD"}, status="draft"
    )
    stripe_env.api.publish_unchecked(site.tenant, "pro")  # the admin API refuses to
    student = stripe_env.api.signup(site.tenant)
    # Refused before anything is written or Stripe is called: the course is not for sale.
    detail = stripe_env.api.call("GET", "/v1/courses/pro", headers=student.headers).get_json()
    assert detail["enroll_state"] == "not_available"
    problem = stripe_env.api.enroll(site.tenant, student, "pro", expect=409).get_json()
    assert problem["code"] == "not_available"
    assert stripe_env.orders(site)["total"] == 0
    assert stripe_env.fake.calls("POST", "/v1/checkout/sessions") == []


def test_create_checkout_is_idempotent_per_order():
    """Provider level, no database: the same order twice → one Stripe session."""
    for fake in running():
        provider = StripeProvider(
            {
                "secret_key": "sk_test_unit",
                "publishable_key": "pk_test_unit",
                "webhook_secret": "whsec_unit",
                "api_base": fake.url,
                "max_network_retries": 0,
                "return_url": "https://x.example/r?s={CHECKOUT_SESSION_ID}",
            }
        )
        order = OrderInfo(
            id="ord_1",
            tenant_id="ten_1",
            tenant_slug="t",
            enrollment_id="enr_1",
            course_slug="pro",
            course_title="Pro",
            amount=4900,
            currency="EUR",
            customer_email=None,
        )
        first = provider.create_checkout(order)
        second = provider.create_checkout(order)
        assert first.reference == second.reference
        assert first.frontend == second.frontend
        assert len(fake.all("checkout.session")) == 1
        assert "customer_email" not in fake.calls("POST")[0].params


def test_secrets_never_reach_the_logs(stripe_env, fake_stripe, caplog):
    caplog.set_level("DEBUG")
    site, _, order_id, _ = _paid(stripe_env)
    stripe_env.refund(site, order_id, amount=100)
    fake_stripe.fail("POST", "/v1/refunds", 500)
    stripe_env.refund(site, order_id, amount=100, expect=503)
    stripe_env.deliver(
        site, fake_stripe.event("charge.refunded", {}), secret="whsec_wrong", expect=400
    )
    bad = stripe_env.site(secret_key="sk_live_0123456789abcdef")
    stripe_env.api.enroll(bad.tenant, stripe_env.api.signup(bad.tenant), "pro", expect=502)
    text = caplog.text
    assert "stripe" in text.lower()  # the plugin and the SDK did log
    for secret in (site.secret_key, site.webhook_secret, "sk_live_0123456789abcdef"):
        assert secret not in text
