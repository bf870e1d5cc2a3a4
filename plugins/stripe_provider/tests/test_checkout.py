"""Paid enrollment through Stripe end to end: the real ``stripe`` SDK talks to a local fake
of Stripe's API; webhooks are signed exactly as Stripe signs them."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from tuition.plugin_api import utcnow
from tuition.testing.chores import reconcile
from tuition.testing.payments import expire_checkouts
from tuition.testing.plugins import described
from tuition_stripe_provider import StripeProvider
from tuition_stripe_provider.client import STRIPE_API_VERSION
from tuition_stripe_provider.testing import signed_webhook


def test_found_through_its_entry_point(runtime):
    plugin = described(runtime, "stripe_provider")
    assert plugin["status"] == "loaded" and not plugin["builtin"]
    assert plugin["version"] == "0.1.0"
    assert plugin["payment_providers"] == [StripeProvider.name]
    caps = StripeProvider.capabilities
    assert caps.refunds and caps.partial_refunds and "EUR" in caps.currencies


def test_pay_then_enrolled(stripe_env, api, fake_stripe, recorder):
    site = stripe_env.site()
    student, body = stripe_env.start(site)
    checkout = body["checkout"]
    assert body["status"] == "pending"
    assert checkout["provider"] == "stripe"
    assert (checkout["amount"], checkout["currency"]) == (4900, "EUR")
    assert checkout["publishable_key"] == site.publishable_key
    assert checkout["client_secret"].startswith(checkout["session_id"] + "_secret_")
    order_id = checkout["order_id"]
    pending = stripe_env.order(site, order_id)
    assert (pending["status"], pending["enrollment_status"]) == ("pending", "pending")
    assert pending["provider_reference"] == checkout["session_id"]

    # What the SDK sent to "Stripe": the tenant's own key, the pinned API version, an
    # idempotency key derived from the order, and an embedded_page session in payment mode.
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call.account == site.secret_key
    assert call.headers["Stripe-Version"] == STRIPE_API_VERSION
    assert call.headers["Idempotency-Key"] == f"tuition-checkout-{order_id}"
    params = call.params
    assert (params["mode"], params["ui_mode"]) == ("payment", "embedded_page")
    assert "success_url" not in params and "cancel_url" not in params
    assert params["return_url"] == (
        f"https://shop.example/paid?session={{CHECKOUT_SESSION_ID}}&order={order_id}"
    )
    expected_meta = {
        "tenant_id": site.tenant.id,
        "order_id": order_id,
        "enrollment_id": body["id"],
        "course": "pro",
    }
    assert params["metadata"] == expected_meta
    assert params["payment_intent_data"]["metadata"] == expected_meta
    assert params["client_reference_id"] == order_id
    assert params["customer_email"] == student.email
    assert 1800 <= int(params["expires_at"]) - time.time() <= 1900
    assert params["line_items"] == [
        {
            "price_data": {
                "currency": "eur",
                "unit_amount": "4900",
                "product_data": {"name": "Pro Course", "metadata": {"tuition_course": "pro"}},
            },
            "quantity": "1",
        }
    ]

    mine = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers, expect=200).get_json()
    assert mine["checkout"]["client_secret"] == checkout["client_secret"]

    session = fake_stripe.complete(checkout["session_id"])
    ack = stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", session))
    assert ack == {"received": 1, "duplicates": 0, "ignored": 0}
    paid = stripe_env.order(site, order_id)
    assert (paid["status"], paid["enrollment_status"]) == ("paid", "active")
    assert paid["provider_payment_id"] == session["payment_intent"]
    assert [(t["from_status"], t["to_status"]) for t in paid["transitions"]] == [
        (None, "checkout_pending"),
        ("checkout_pending", "pending"),
        ("pending", "paid"),
    ]
    assert paid["transitions"][2]["cause"].startswith("webhook:stripe:evt_")
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert [(o["course"]["slug"], o["course"]["enroll_state"]) for o in board["owned"]] == [
        ("pro", "enrolled")
    ]
    assert recorder.activated == [("pro", "active")]
    [event] = stripe_env.events(site)["items"]
    assert (event["kind"], event["raw_type"], event["status"], event["outcome"]) == (
        "payment.succeeded",
        "checkout.session.completed",
        "processed",
        "fulfilled",
    )
    assert (event["amount"], event["currency"]) == (4900, "EUR")


@pytest.mark.parametrize(
    "tamper",
    [
        "bad_signature",
        "stale",
        "other_tenant_secret",
        "altered",
        "no_header",
        "garbage",
        "not_an_event",
    ],
)
def test_forged_webhooks_are_refused_and_store_nothing(stripe_env, fake_stripe, tamper):
    site = stripe_env.site()
    other = stripe_env.site()
    _, body = stripe_env.start(site)
    session = fake_stripe.complete(body["checkout"]["session_id"])
    event = fake_stripe.event("checkout.session.completed", session)
    raw, headers = signed_webhook(event, site.webhook_secret)
    if tamper == "bad_signature":
        headers["Stripe-Signature"] = f"t={int(time.time())},v1=" + "0" * 64
    elif tamper == "stale":
        raw, headers = signed_webhook(event, site.webhook_secret, timestamp=int(time.time()) - 301)
    elif tamper == "other_tenant_secret":
        raw, headers = signed_webhook(event, other.webhook_secret)
    elif tamper == "altered":
        raw = raw.replace(b'"amount_total": 4900', b'"amount_total": 1')
    elif tamper == "no_header":
        del headers["Stripe-Signature"]
    elif tamper == "garbage":
        raw, headers = signed_webhook(event, site.webhook_secret, body=b"\xff not json")
    elif tamper == "not_an_event":
        raw, headers = signed_webhook(event, site.webhook_secret, body=b'{"object": "list"}')
    problem = stripe_env.post_webhook(site, raw, headers, expect=400)
    assert problem["code"] == "invalid_webhook"
    assert stripe_env.events(site)["total"] == 0
    assert stripe_env.order(site, body["checkout"]["order_id"])["status"] == "pending"


def test_duplicate_deliveries_fulfil_once(stripe_env, api, fake_stripe, recorder):
    site = stripe_env.site()
    _, body = stripe_env.start(site)
    session = fake_stripe.complete(body["checkout"]["session_id"])
    event = fake_stripe.event("checkout.session.completed", session)
    acks = [stripe_env.deliver(site, event) for _ in range(3)]
    assert [a["received"] for a in acks] == [1, 0, 0]
    assert [a["duplicates"] for a in acks] == [0, 1, 1]
    # Stripe may also send the same news as another event (e.g. a retried delivery after
    # the account's endpoint changed): a second event id, still one fulfilment.
    again = fake_stripe.event("checkout.session.completed", session)
    assert stripe_env.deliver(site, again)["received"] == 1
    assert stripe_env.order(site, body["checkout"]["order_id"])["status"] == "paid"
    assert recorder.activated == [("pro", "active")]
    outcomes = sorted(e["outcome"] for e in stripe_env.events(site)["items"])
    assert outcomes == ["already_settled", "fulfilled"]
    first = next(e for e in stripe_env.events(site)["items"] if e["outcome"] == "fulfilled")
    api.call(
        "POST", f"/v1/admin/payment-events/{first['id']}/replay", headers=site.admin, expect=202
    )
    assert recorder.activated == [("pro", "active")]


def test_expired_after_completed_stays_paid(stripe_env, fake_stripe, recorder):
    site = stripe_env.site(capacity=1)
    _, body = stripe_env.start(site)
    session = fake_stripe.complete(body["checkout"]["session_id"])
    stale = dict(session, status="expired", payment_status="unpaid")
    stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", session))
    stripe_env.deliver(site, fake_stripe.event("checkout.session.expired", stale))
    paid = stripe_env.order(site, body["checkout"]["order_id"])
    assert (paid["status"], paid["enrollment_status"]) == ("paid", "active")
    assert stripe_env.seats_left(site) == 0
    assert recorder.activated == [("pro", "active")]


def test_async_payment_succeeded_before_completed_unpaid(stripe_env, fake_stripe, recorder):
    site = stripe_env.site()
    _, body = stripe_env.start(site)
    session_id = body["checkout"]["session_id"]
    completed = fake_stripe.complete(session_id, payment_status="unpaid")
    settled = fake_stripe.async_result(session_id, succeeded=True)
    # Delivered in the wrong order: the settlement first, then the older "completed".
    stripe_env.deliver(site, fake_stripe.event("checkout.session.async_payment_succeeded", settled))
    stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", completed))
    paid = stripe_env.order(site, body["checkout"]["order_id"])
    assert (paid["status"], paid["enrollment_status"]) == ("paid", "active")
    kinds = sorted(
        (e["raw_type"], e["kind"], e["outcome"]) for e in stripe_env.events(site)["items"]
    )
    assert kinds == [
        ("checkout.session.async_payment_succeeded", "payment.succeeded", "fulfilled"),
        ("checkout.session.completed", "payment.pending", "no_action"),
    ]
    assert recorder.activated == [("pro", "active")]


def test_async_payment_failure_releases_the_hold(stripe_env, fake_stripe, recorder):
    site = stripe_env.site(capacity=1)
    student, body = stripe_env.start(site)
    session_id = body["checkout"]["session_id"]
    completed = fake_stripe.complete(session_id, payment_status="unpaid")
    stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", completed))
    assert stripe_env.order(site, body["checkout"]["order_id"])["status"] == "pending"
    failed = fake_stripe.async_result(session_id, succeeded=False)
    stripe_env.deliver(site, fake_stripe.event("checkout.session.async_payment_failed", failed))
    order = stripe_env.order(site, body["checkout"]["order_id"])
    assert (order["status"], order["enrollment_status"]) == ("failed", "canceled")
    assert stripe_env.seats_left(site) == 1
    assert recorder.activated == []
    _, again = stripe_env.start(site, student)  # the student may try again
    assert again["checkout"]["session_id"] != session_id


def test_reconcile_sees_a_failed_async_payment(stripe_env, runtime, fake_stripe):
    site = stripe_env.site(capacity=1)
    _, body = stripe_env.start(site)
    fake_stripe.complete(body["checkout"]["session_id"], payment_status="unpaid")
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"unchanged": 1}
    fake_stripe.async_result(body["checkout"]["session_id"], succeeded=False)
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"failed": 1}
    order = stripe_env.order(site, body["checkout"]["order_id"])
    assert (order["status"], order["enrollment_status"]) == ("failed", "canceled")
    assert stripe_env.seats_left(site) == 1


def test_return_path_racing_the_webhook_activates_once(stripe_env, api, fake_stripe, recorder):
    site = stripe_env.site()
    student, body = stripe_env.start(site)
    order_id = body["checkout"]["order_id"]
    url = f"/v1/orders/{order_id}/refresh"
    early = api.call("POST", url, headers=student.headers, expect=200).get_json()
    assert early["status"] == "pending"  # the buyer came back before paying

    session = fake_stripe.complete(body["checkout"]["session_id"])
    back = api.call("POST", url, headers=student.headers, expect=200).get_json()
    assert (back["status"], back["enrollment_status"]) == ("paid", "active")
    ack = stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", session))
    assert ack["received"] == 1
    [event] = stripe_env.events(site)["items"]
    assert event["outcome"] == "already_settled"
    api.call("POST", url, headers=student.headers, expect=200)
    assert recorder.activated == [("pro", "active")]
    causes = [t["cause"] for t in stripe_env.order(site, order_id)["transitions"]]
    assert causes == ["enrollment", "checkout", "return"]
    retrieve = fake_stripe.calls("GET", f"/v1/checkout/sessions/{body['checkout']['session_id']}")
    assert retrieve and all(c.account == site.secret_key for c in retrieve)


def test_reconcile_fulfils_an_order_whose_webhook_never_came(
    stripe_env, runtime, fake_stripe, recorder
):
    site = stripe_env.site()
    _, paid = stripe_env.start(site)
    _, unpaid = stripe_env.start(site)
    fake_stripe.complete(paid["checkout"]["session_id"])  # …and the webhook is lost
    counts = reconcile(runtime, utcnow() + timedelta(seconds=1))
    assert counts == {"fulfilled": 1, "unchanged": 1}
    order = stripe_env.order(site, paid["checkout"]["order_id"])
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    assert order["transitions"][-1]["cause"] == "reconcile"
    assert order["provider_payment_id"].startswith("pi_")
    assert stripe_env.order(site, unpaid["checkout"]["order_id"])["status"] == "pending"
    assert recorder.activated == [("pro", "active")]


def test_expired_checkout_releases_the_seat(stripe_env, fake_stripe):
    site = stripe_env.site(capacity=1)
    _, body = stripe_env.start(site)
    assert stripe_env.seats_left(site) == 0
    expired = fake_stripe.expire(body["checkout"]["session_id"])
    stripe_env.deliver(site, fake_stripe.event("checkout.session.expired", expired))
    order = stripe_env.order(site, body["checkout"]["order_id"])
    assert (order["status"], order["enrollment_status"]) == ("expired", "expired")
    assert stripe_env.seats_left(site) == 1
    [event] = stripe_env.events(site)["items"]
    assert (event["kind"], event["outcome"]) == ("checkout.expired", "expired")


def test_reconcile_expires_what_stripe_expired(stripe_env, runtime, fake_stripe):
    site = stripe_env.site(capacity=1)
    _, body = stripe_env.start(site)
    fake_stripe.expire(body["checkout"]["session_id"])  # webhook lost
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"expired": 1}
    assert stripe_env.order(site, body["checkout"]["order_id"])["status"] == "expired"
    assert stripe_env.seats_left(site) == 1


def test_late_payment_after_local_expiry_is_fulfilled_while_a_seat_is_left(
    stripe_env, runtime, fake_stripe
):
    site = stripe_env.site(capacity=2)
    _, body = stripe_env.start(site)
    expire_checkouts(runtime)
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"expired": 1}
    stripe_env.pay(site, body)
    order = stripe_env.order(site, body["checkout"]["order_id"])
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")


def test_events_naming_another_tenant_are_ignored(stripe_env, fake_stripe):
    site = stripe_env.site()
    other = stripe_env.site()
    _, body = stripe_env.start(site)
    session = fake_stripe.complete(body["checkout"]["session_id"])
    forged = dict(session, metadata={**session["metadata"], "tenant_id": other.tenant.id})
    ack = stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", forged))
    assert ack == {"received": 0, "duplicates": 0, "ignored": 1}
    assert stripe_env.order(site, body["checkout"]["order_id"])["status"] == "pending"


def test_unrelated_events_are_stored_as_ignored(stripe_env, fake_stripe):
    site = stripe_env.site()
    _, body = stripe_env.start(site)
    foreign = {
        "id": "cs_test_foreign",
        "object": "checkout.session",
        "status": "complete",
        "payment_status": "paid",
        "amount_total": 100,
        "currency": "eur",
        "metadata": {},
        "client_reference_id": None,
    }
    stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", foreign))
    stripe_env.deliver(
        site, fake_stripe.event("customer.created", {"id": "cus_1", "object": "customer"})
    )
    kinds = {(e["raw_type"], e["kind"]) for e in stripe_env.events(site)["items"]}
    assert kinds == {("checkout.session.completed", "ignored"), ("customer.created", "ignored")}
    assert stripe_env.order(site, body["checkout"]["order_id"])["status"] == "pending"


def test_without_the_plugin_there_is_no_stripe_webhook(stripe_env, api):
    tenant = api.create_tenant({"free_enrollment": {}})
    api.call("POST", f"/v1/webhooks/stripe/{tenant.slug}", data=b"{}", expect=404)


def test_concurrent_return_and_webhooks_activate_once(stripe_env, app, fake_stripe, recorder):
    """Real threads: the buyer's return page and three webhook deliveries at once."""
    site = stripe_env.site()
    student, body = stripe_env.start(site)
    session = fake_stripe.complete(body["checkout"]["session_id"])
    raw, headers = signed_webhook(
        fake_stripe.event("checkout.session.completed", session), site.webhook_secret
    )
    statuses: list[int] = []
    barrier = threading.Barrier(4)

    def call(method: str, path: str, **kwargs) -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(client.open(path, method=method, **kwargs).status_code)

    threads = [
        threading.Thread(
            target=call,
            args=("POST", f"/v1/orders/{body['checkout']['order_id']}/refresh"),
            kwargs={"headers": student.headers},
        )
    ] + [
        threading.Thread(
            target=call,
            args=("POST", f"/v1/webhooks/stripe/{site.slug}"),
            kwargs={"data": raw, "headers": headers},
        )
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [200, 200, 200, 200]
    order = stripe_env.order(site, body["checkout"]["order_id"])
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    assert [t["to_status"] for t in order["transitions"]] == ["checkout_pending", "pending", "paid"]
    assert stripe_env.events(site)["total"] == 1
    assert recorder.activated == [("pro", "active")]
