"""Paid enrollment through PayPal end to end: order → approval → capture → enrollment,
the return path racing the webhook's job, duplicates, out-of-order events, denial, and
PayPal failing while the order is created or captured.

The approval webhook is stored as ``payment.approved`` without calling PayPal; the capture
happens in the event's job (``fetch_status``). Jobs run inline here, right after the
webhook's transaction commits; ``test_paypal_on_rq`` runs them on a real rq worker.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
import requests

from tuition.plugin_api import CredentialsRefused, OrderInfo, PaymentError, utcnow
from tuition.testing.chores import reconcile
from tuition_paypal_provider import provider as paypal_provider
from tuition_paypal_provider.client import forget_tokens
from tuition_paypal_provider.provider import PayPalProvider


def captures_requested(fake: Any) -> list[str | None]:
    return [
        rid for method, path, rid in fake.requests if method == "POST" and path.endswith("/capture")
    ]


def in_progress() -> dict[str, Any]:
    """PayPal's answer to a capture while another one with its request id is running."""
    return {
        "name": "UNPROCESSABLE_ENTITY",
        "debug_id": "busy1",
        "message": "The requested action could not be performed.",
        "details": [{"issue": "PREVIOUS_REQUEST_IN_PROGRESS"}],
    }


def test_paid_flow_end_to_end(paypal, fake, api, recorder):
    site = paypal.site()
    student, checkout = paypal.start(site)
    order_id = checkout["order_id"]
    # The 202 gives the frontend PayPal's order id and the approve link.
    assert checkout["provider"] == "paypal" and checkout["amount"] == 4900
    paypal_id = checkout["paypal_order_id"]
    assert checkout["approve_url"] == f"{fake.url}/checkoutnow?token={paypal_id}"
    sent = fake.order_requests[-1]
    assert sent["intent"] == "CAPTURE"
    unit = sent["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "EUR", "value": "49.00"}
    assert unit["custom_id"] == f"{site.tenant.id}:{order_id}"
    assert unit["invoice_id"] == order_id
    assert ("POST", "/v2/checkout/orders", f"tuition-create-{order_id}") in fake.requests
    pending = paypal.order(site, order_id)
    assert (pending["status"], pending["enrollment_status"]) == ("pending", "pending")
    assert pending["provider_reference"] == paypal_id
    mine = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers, expect=200).get_json()
    assert mine["checkout"]["approve_url"] == checkout["approve_url"]

    # The buyer approves on PayPal's page; PayPal sends CHECKOUT.ORDER.APPROVED.
    page = requests.get(checkout["approve_url"], timeout=5)
    assert "Pay 49.00 EUR" in page.text
    assert requests.post(checkout["approve_url"], timeout=5).json()["status"] == "APPROVED"
    [approved] = fake.take_events("CHECKOUT.ORDER.APPROVED")
    ack = paypal.deliver(site, approved)
    assert ack == {"received": 1, "duplicates": 0, "ignored": 0}

    # The event's job captured: paid, enrollment active, one capture at PayPal.
    assert fake.capture_count == 1
    assert captures_requested(fake) == [f"tuition-capture-{order_id}"]
    [capture_id] = fake.captures
    paid = paypal.order(site, order_id)
    assert (paid["status"], paid["enrollment_status"]) == ("paid", "active")
    assert paid["provider_payment_id"] == capture_id
    assert [(t["from_status"], t["to_status"]) for t in paid["transitions"]] == [
        (None, "checkout_pending"),
        ("checkout_pending", "pending"),
        ("pending", "paid"),
    ]
    assert paid["transitions"][2]["cause"] == f"webhook:paypal:{approved['id']}"
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert [(o["course"]["slug"], o["course"]["enroll_state"]) for o in board["owned"]] == [
        ("pro", "enrolled")
    ]
    assert recorder.activated == [("pro", "active")]

    # PayPal's own PAYMENT.CAPTURE.COMPLETED follows: stored, changes nothing.
    assert paypal.deliver_outbox(site, "PAYMENT.CAPTURE.COMPLETED") == [
        {"received": 1, "duplicates": 0, "ignored": 0}
    ]
    assert recorder.activated == [("pro", "active")]
    outcomes = {e["raw_type"]: (e["kind"], e["outcome"]) for e in paypal.events(site)}
    assert outcomes == {
        "CHECKOUT.ORDER.APPROVED": ("payment.approved", "fulfilled"),
        "PAYMENT.CAPTURE.COMPLETED": ("payment.succeeded", "already_settled"),
    }
    assert fake.capture_count == 1


@pytest.mark.parametrize("first", ["race", "return_path", "webhook"])
def test_return_path_and_webhook_capture_once(app, paypal, fake, recorder, first):
    site = paypal.site()
    student, checkout = paypal.start(site)
    order_id = checkout["order_id"]
    fake.approve(checkout["paypal_order_id"])
    [approved] = fake.take_events("CHECKOUT.ORDER.APPROVED")
    body, headers = fake.signed(approved, site.webhook_id)

    def via_webhook() -> int:
        return (
            app.test_client()
            .post(f"/v1/webhooks/paypal/{site.slug}", data=body, headers=headers)
            .status_code
        )

    def via_return_path() -> int:
        return (
            app.test_client()
            .post(f"/v1/orders/{order_id}/refresh", headers=student.headers)
            .status_code
        )

    if first == "race":
        fake.capture_delay = 0.5  # the second capture arrives while the first runs
        barrier = threading.Barrier(2)

        def run(call: Any) -> int:
            barrier.wait()
            return int(call())

        with ThreadPoolExecutor(2) as pool:
            assert list(pool.map(run, [via_webhook, via_return_path])) == [200, 200]
    elif first == "return_path":
        assert (via_return_path(), via_webhook()) == (200, 200)
    else:
        assert (via_webhook(), via_return_path()) == (200, 200)

    assert fake.capture_count == 1
    requested = captures_requested(fake)
    assert set(requested) == {f"tuition-capture-{order_id}"}  # one key for every attempt
    if first == "race":  # the second capture met the first in progress, then its result
        assert fake.in_progress_answers >= 1 and len(requested) >= 3
    else:  # the order was paid: the second path (job or return page) asked nobody
        assert len(requested) == 1
    paid = paypal.order(site, order_id)
    assert (paid["status"], paid["enrollment_status"]) == ("paid", "active")
    assert [t["to_status"] for t in paid["transitions"]] == ["checkout_pending", "pending", "paid"]
    assert recorder.activated == [("pro", "active")]
    [event] = paypal.events(site)
    assert event["kind"] == "payment.approved"
    if first == "return_path":
        assert event["outcome"] == "already_settled"
    elif first == "webhook":
        assert event["outcome"] == "fulfilled"


def test_duplicate_approvals_and_the_return_page_race_to_one_capture(app, paypal, fake, recorder):
    """PayPal delivers the approval twice (same event id), sends a second approval event
    (another id, e.g. resent from its dashboard) and the buyer lands on the return page,
    all at once, while each capture takes a while: PayPal captures once."""
    site = paypal.site()
    student, checkout = paypal.start(site)
    order_id = checkout["order_id"]
    fake.approve(checkout["paypal_order_id"])
    [approved] = fake.take_events("CHECKOUT.ORDER.APPROVED")
    again = {**approved, "id": approved["id"] + "-AGAIN"}
    deliveries = [fake.signed(e, site.webhook_id) for e in (approved, approved, again)]
    fake.capture_delay = 0.5
    barrier = threading.Barrier(len(deliveries) + 1)

    def webhook(delivery: tuple[bytes, dict[str, str]]) -> int:
        barrier.wait()
        return (
            app.test_client()
            .post(f"/v1/webhooks/paypal/{site.slug}", data=delivery[0], headers=delivery[1])
            .status_code
        )

    def return_page() -> int:
        barrier.wait()
        return (
            app.test_client()
            .post(f"/v1/orders/{order_id}/refresh", headers=student.headers)
            .status_code
        )

    with ThreadPoolExecutor(len(deliveries) + 1) as pool:
        answers = [pool.submit(webhook, d) for d in deliveries] + [pool.submit(return_page)]
        assert [a.result() for a in answers] == [200, 200, 200, 200]

    assert fake.capture_count == 1
    assert set(captures_requested(fake)) == {f"tuition-capture-{order_id}"}
    paid = paypal.order(site, order_id)
    assert (paid["status"], paid["enrollment_status"]) == ("paid", "active")
    assert [t["to_status"] for t in paid["transitions"]] == ["checkout_pending", "pending", "paid"]
    assert recorder.activated == [("pro", "active")]
    events = paypal.events(site)  # the duplicate was stored once
    assert sorted(e["event_id"] for e in events) == sorted([approved["id"], again["id"]])
    assert {(e["kind"], e["status"]) for e in events} == {("payment.approved", "processed")}
    winners = [e for e in events if e["outcome"] == "fulfilled"]
    assert all(e["outcome"] in ("fulfilled", "already_settled") for e in events)
    # Exactly one caller moved the order to paid: one of the jobs, or the return page.
    assert len(winners) == (0 if paid["transitions"][2]["cause"] == "return" else 1)


def test_duplicate_and_out_of_order_events_converge(paypal, fake, recorder):
    site = paypal.site()
    _, checkout = paypal.start(site)
    order_id = checkout["order_id"]
    fake.capture_status = "PENDING"  # e.g. an eCheck: the capture completes later
    fake.approve(checkout["paypal_order_id"])
    [approved] = fake.take_events("CHECKOUT.ORDER.APPROVED")
    paypal.deliver(site, approved)
    assert paypal.order(site, order_id)["status"] == "pending"
    [capture_pending] = fake.take_events("PAYMENT.CAPTURE.PENDING")
    fake.settle_capture(next(iter(fake.captures)), "COMPLETED")
    [completed] = fake.take_events("PAYMENT.CAPTURE.COMPLETED")

    # Completed first, then its duplicate, the stale pending, the approval again (same
    # event id: a duplicate) and a late denial of an already completed capture.
    paypal.deliver(site, completed)
    assert paypal.deliver(site, completed)["duplicates"] == 1
    paypal.deliver(site, capture_pending)
    assert paypal.deliver(site, approved)["duplicates"] == 1
    late_denial = fake.event(
        "PAYMENT.CAPTURE.DENIED", "capture", {**completed["resource"], "status": "DECLINED"}
    )
    paypal.deliver(site, late_denial)

    final = paypal.order(site, order_id)
    assert (final["status"], final["enrollment_status"]) == ("paid", "active")
    assert [t["to_status"] for t in final["transitions"]] == ["checkout_pending", "pending", "paid"]
    assert recorder.activated == [("pro", "active")]
    assert fake.capture_count == 1
    by_type = {e["raw_type"]: e["outcome"] for e in paypal.events(site)}
    assert by_type["PAYMENT.CAPTURE.COMPLETED"] == "fulfilled"
    assert by_type["PAYMENT.CAPTURE.DENIED"] == "already_settled"


def test_denied_capture_fails_the_order_and_releases_the_seat(paypal, fake, api, recorder):
    site = paypal.site(capacity=1)
    student, checkout = paypal.start(site)
    fake.capture_status = "PENDING"
    fake.approve(checkout["paypal_order_id"])
    paypal.deliver_outbox(site, "CHECKOUT.ORDER.APPROVED")
    assert paypal.seats_left(site) == 0  # still held while PayPal reviews
    fake.settle_capture(next(iter(fake.captures)), "DECLINED")
    paypal.deliver_outbox(site, "PAYMENT.CAPTURE.DENIED")

    failed = paypal.order(site, checkout["order_id"])
    assert (failed["status"], failed["enrollment_status"]) == ("failed", "canceled")
    assert paypal.seats_left(site) == 1
    assert recorder.activated == []
    _, again = paypal.start(site, student)  # the student may try again
    assert again["order_id"] != checkout["order_id"]


def test_declined_instrument_on_the_return_path(paypal, fake):
    site = paypal.site(capacity=1)
    student, checkout = paypal.start(site)
    fake.capture_decline = True  # 422 INSTRUMENT_DECLINED
    fake.approve(checkout["paypal_order_id"])
    refreshed = paypal.refresh(student, checkout["order_id"])
    assert (refreshed["status"], refreshed["enrollment_status"]) == ("failed", "canceled")
    assert paypal.seats_left(site) == 1
    assert fake.capture_count == 0


def test_payment_approval_reversed_fails_the_order_and_tells_plugins(paypal, fake, recorder):
    site = paypal.site(capacity=1)
    student, checkout = paypal.start(site)
    order_id = checkout["order_id"]
    fake.approve(checkout["paypal_order_id"])
    fake.take_events()
    resource = fake._public(fake.orders[checkout["paypal_order_id"]])
    reversed_ = fake.event("CHECKOUT.PAYMENT-APPROVAL.REVERSED", "checkout-order", resource)
    assert paypal.deliver(site, reversed_)["received"] == 1
    assert paypal.deliver(site, reversed_)["duplicates"] == 1
    failed = paypal.order(site, order_id)
    assert (failed["status"], failed["enrollment_status"]) == ("failed", "canceled")
    assert fake.capture_count == 0
    assert paypal.seats_left(site) == 1
    [event] = paypal.events(site)
    assert (event["kind"], event["outcome"]) == ("payment.failed", "failed")
    # Core emitted ``order.failed`` once: what a mail plugin tells the student with.
    assert recorder.events("order.failed") == [
        {
            "order_id": order_id,
            "enrollment_id": failed["enrollment_id"],
            "course": "pro",
            "student_id": student.id,
            "amount": 4900,
            "currency": "EUR",
            "list_amount": 4900,
            "discount_amount": 0,
            "discount_code": None,
            "tax_amount": 0,
            "tax": None,
            "billing": None,
            "provider": "paypal",
            "customer_email": student.email,
        }
    ]
    # The approval cannot be captured any more: a late APPROVED changes nothing.
    late = fake.event("CHECKOUT.ORDER.APPROVED", "checkout-order", resource)
    paypal.deliver(site, late)
    assert paypal.order(site, order_id)["status"] == "failed"
    assert fake.capture_count == 0


def test_voided_order_expires_and_reconcile_expires_unapproved_ones(paypal, fake, runtime):
    site = paypal.site(capacity=2)
    _, voided = paypal.start(site)
    _, vanished = paypal.start(site)
    fake.void(voided["paypal_order_id"])
    paypal.deliver_outbox(site, "CHECKOUT.ORDER.VOIDED")
    assert paypal.order(site, voided["order_id"])["status"] == "expired"
    # PayPal forgets orders nobody approved: GET answers 404 RESOURCE_NOT_FOUND.
    del fake.orders[vanished["paypal_order_id"]]
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"expired": 1}
    assert paypal.order(site, vanished["order_id"])["enrollment_status"] == "expired"
    assert paypal.seats_left(site) == 2


def test_reconcile_captures_an_approved_order_whose_webhook_never_came(
    paypal, fake, runtime, recorder
):
    site = paypal.site()
    _, checkout = paypal.start(site)
    fake.approve(checkout["paypal_order_id"])
    fake.take_events()
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"fulfilled": 1}
    assert paypal.order(site, checkout["order_id"])["status"] == "paid"
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {}
    assert fake.capture_count == 1 and recorder.activated == [("pro", "active")]


@pytest.mark.parametrize(
    "failure, status, code",
    [
        ("server_error", 503, "payment_provider_unavailable"),
        ("internal_error", 503, "payment_provider_unavailable"),
        ("unprocessable", 502, "payment_provider_error"),
        ("bad_credentials", 502, "payment_provider_error"),
        ("token_server_error", 503, "payment_provider_unavailable"),
        ("unreachable", 503, "payment_provider_unavailable"),
    ],
)
def test_paypal_failing_on_order_creation_releases_the_hold(
    paypal, fake, api, failure, status, code
):
    overrides: dict[str, Any] = {}
    if failure == "bad_credentials":
        overrides["client_secret"] = "wrong-secret"
    if failure == "unreachable":
        overrides["api_base"] = "http://127.0.0.1:9"  # the discard port: nothing listens
    site = paypal.site(capacity=3, **overrides)
    if failure == "server_error":
        fake.fail_next("create_order", 503)
    elif failure == "internal_error":
        fake.fail_next("create_order", 500)
    elif failure == "unprocessable":
        fake.fail_next(
            "create_order",
            422,
            {
                "name": "UNPROCESSABLE_ENTITY",
                "details": [{"issue": "PAYEE_ACCOUNT_RESTRICTED"}],
                "debug_id": "abc123",
            },
        )
    elif failure == "token_server_error":
        fake.fail_next("token", 500)
    student = api.signup(site.tenant)
    problem = api.enroll(site.tenant, student, "pro", expect=status).get_json()
    assert problem["code"] == code
    assert "PayPal" in problem["detail"]
    if failure == "unprocessable":
        assert "PAYEE_ACCOUNT_RESTRICTED" in problem["detail"]
        assert problem["provider_debug_id"] == "abc123"
    orders = api.call("GET", "/v1/admin/orders", headers=site.admin).get_json()["items"]
    assert [o["status"] for o in orders] == ["failed"]
    enrollments = api.call(
        "GET", "/v1/admin/enrollments?course=pro", headers=site.admin
    ).get_json()["items"]
    assert [e["status"] for e in enrollments] == ["canceled"]
    course = api.call("GET", "/v1/admin/courses/pro", headers=site.admin).get_json()
    assert course["seats_taken"] == 0
    # PayPal recovers: the same student buys normally.
    if failure not in ("bad_credentials", "unreachable"):
        _, checkout = paypal.start(site, student)
        assert checkout["paypal_order_id"]


def test_paypal_refusing_the_credentials_says_so_to_core(paypal, fake):
    """A wrong client secret is PayPal's ``invalid_client``: ``CredentialsRefused``, on
    which core fetches secret-store references anew once; other failures are not."""
    order = OrderInfo(
        id="ord_1",
        tenant_id="ten_1",
        tenant_slug="site",
        enrollment_id="enr_1",
        course_slug="pro",
        course_title="Pro",
        amount=4900,
        currency="EUR",
        customer_email=None,
        provider_reference="PAYPAL-ORDER-1",
    )
    refused = paypal.site(client_secret="wrong-secret")
    with pytest.raises(CredentialsRefused):
        PayPalProvider(refused.settings).fetch_status(order)
    forget_tokens()
    fake.fail_next("token", 500)
    with pytest.raises(PaymentError) as other:
        PayPalProvider(paypal.site().settings).fetch_status(order)
    assert not isinstance(other.value, CredentialsRefused)


def test_paypal_down_on_the_return_path_is_a_503_and_changes_nothing(paypal, fake):
    site = paypal.site()
    student, checkout = paypal.start(site)
    fake.approve(checkout["paypal_order_id"])
    fake.fail_next("get_order", 503)
    problem = paypal.refresh(student, checkout["order_id"], expect=503)
    assert problem["code"] == "payment_provider_unavailable"
    assert paypal.order(site, checkout["order_id"])["status"] == "pending"
    assert paypal.refresh(student, checkout["order_id"])["status"] == "paid"
    assert fake.capture_count == 1


def test_capture_failing_in_the_job_leaves_the_event_for_a_replay(paypal, fake, runtime):
    site = paypal.site()
    _, checkout = paypal.start(site)
    order_id = checkout["order_id"]
    fake.approve(checkout["paypal_order_id"])
    [approved] = fake.take_events("CHECKOUT.ORDER.APPROVED")
    fake.fail_next("capture", 500)
    # The webhook only verifies and stores: PayPal failing later does not make it a 503.
    assert paypal.deliver(site, approved)["received"] == 1
    assert paypal.order(site, order_id)["status"] == "pending"
    [event] = paypal.events(site)
    assert (event["kind"], event["status"], event["outcome"]) == (
        "payment.approved",
        "received",
        None,
    )  # the job failed: not processed
    assert paypal.deliver(site, approved)["duplicates"] == 1  # stored once
    assert fake.capture_count == 0

    paypal.api.call(
        "POST", f"/v1/admin/payment-events/{event['id']}/replay", headers=site.admin, expect=202
    )
    assert paypal.order(site, order_id)["status"] == "paid"
    [event] = paypal.events(site)
    assert (event["status"], event["outcome"]) == ("processed", "fulfilled")
    assert fake.capture_count == 1


def test_a_capture_still_in_progress_is_retryable_not_pending(paypal, fake, monkeypatch):
    """Another caller's capture outlasting the backoff is reported as a retryable error:
    the job fails (rq retries it; inline it waits for a replay), the return page answers
    503. "Pending" would mark the event processed although nobody knows the outcome yet."""
    monkeypatch.setattr(paypal_provider, "_IN_PROGRESS_BACKOFF", (0.0, 0.0))
    site = paypal.site()
    student, checkout = paypal.start(site)
    order_id = checkout["order_id"]
    fake.approve(checkout["paypal_order_id"])
    [approved] = fake.take_events("CHECKOUT.ORDER.APPROVED")
    fake.fail_next("capture", 422, in_progress(), times=3)
    assert paypal.deliver(site, approved)["received"] == 1
    [event] = paypal.events(site)
    assert (event["status"], event["outcome"]) == ("received", None)
    fake.fail_next("capture", 422, in_progress(), times=3)
    problem = paypal.refresh(student, order_id, expect=503)
    assert problem["code"] == "payment_provider_unavailable"
    assert "still completing" in problem["detail"]
    assert paypal.order(site, order_id)["status"] == "pending"
    assert fake.capture_count == 0

    # PayPal is done: the replayed event captures (once) and pays the order.
    paypal.api.call(
        "POST", f"/v1/admin/payment-events/{event['id']}/replay", headers=site.admin, expect=202
    )
    assert paypal.order(site, order_id)["status"] == "paid"
    assert fake.capture_count == 1


def test_jpy_is_sent_without_decimals_and_paid(paypal, fake):
    site = paypal.site(price={"amount": 4900, "currency": "JPY"})
    student, checkout = paypal.start(site)
    assert fake.order_requests[-1]["purchase_units"][0]["amount"] == {
        "currency_code": "JPY",
        "value": "4900",
    }
    fake.approve(checkout["paypal_order_id"])
    paid = paypal.refresh(student, checkout["order_id"])
    assert (paid["status"], paid["amount"], paid["currency"]) == ("paid", 4900, "JPY")


def test_return_url_uses_the_paypal_wallet_experience(paypal, fake):
    site = paypal.site(
        return_url="https://shop.example/paid?order={ORDER_ID}",
        cancel_url="https://shop.example/cancelled",
        brand_name="Shop",
    )
    student, checkout = paypal.start(site)
    context = fake.order_requests[-1]["payment_source"]["paypal"]["experience_context"]
    assert context["return_url"] == f"https://shop.example/paid?order={checkout['order_id']}"
    assert context["cancel_url"] == "https://shop.example/cancelled"
    assert (context["shipping_preference"], context["user_action"]) == ("NO_SHIPPING", "PAY_NOW")
    # PayPal answers PAYER_ACTION_REQUIRED and a "payer-action" link in that case.
    assert checkout["approve_url"].startswith(f"{fake.url}/checkoutnow?token=")
    assert paypal.refresh(student, checkout["order_id"])["status"] == "pending"
    fake.approve(checkout["paypal_order_id"])
    assert paypal.refresh(student, checkout["order_id"])["status"] == "paid"


def test_one_oauth_token_serves_many_calls(paypal, fake):
    site = paypal.site()
    for _ in range(3):
        student, checkout = paypal.start(site)
        fake.approve(checkout["paypal_order_id"])
        paypal.refresh(student, checkout["order_id"])
    assert fake.token_count == 1
    fake.tokens.clear()  # PayPal revokes the token early: one new token, no error
    student, checkout = paypal.start(site)
    assert checkout["paypal_order_id"] and fake.token_count == 2


def test_currencies_the_tenant_does_not_sell_in_are_not_available(paypal, api, fake):
    site = paypal.site(currencies=["USD"], status="draft")  # PayPal takes EUR; this tenant
    api.publish_unchecked(site.tenant, "pro")  # does not, so the admin API refuses to publish
    student = api.signup(site.tenant)
    detail = api.call("GET", "/v1/courses/pro", headers=student.headers).get_json()
    assert detail["enroll_state"] == "not_available"
    assert api.enroll(site.tenant, student, "pro", expect=409).get_json()["code"] == (
        "not_available"
    )
    assert fake.order_requests == []


def test_a_capture_for_another_amount_is_refunded(paypal, fake, recorder):
    site = paypal.site()
    _, checkout = paypal.start(site)
    # Someone changed the PayPal order's amount (PATCH) before the buyer approved it.
    fake.orders[checkout["paypal_order_id"]]["purchase_units"][0]["amount"]["value"] = "1.00"
    fake.approve(checkout["paypal_order_id"])
    paypal.deliver_outbox(site, "CHECKOUT.ORDER.APPROVED")
    [event] = paypal.events(site)
    assert (event["kind"], event["outcome"]) == ("payment.approved", "amount_mismatch")
    ended = paypal.order(site, checkout["order_id"])
    assert (
        ended["status"],
        ended["enrollment_status"],
        ended["paid_amount"],
        ended["refunded_amount"],
    ) == ("refunded", "canceled", 100, 100)
    [refund] = fake.refunds.values()
    assert refund["amount"] == {"currency_code": "EUR", "value": "1.00"}
    assert recorder.activated == []
    # PayPal's capture event carries the captured amount: nothing more happens.
    paypal.deliver_outbox(site, "PAYMENT.CAPTURE.COMPLETED")
    completed = [e for e in paypal.events(site) if e["raw_type"] == "PAYMENT.CAPTURE.COMPLETED"]
    assert [(e["amount"], e["outcome"]) for e in completed] == [(100, "already_settled")]
    assert paypal.order(site, checkout["order_id"]) == ended
    assert len(fake.refunds) == 1


def test_the_return_path_never_captures_a_paypal_order_of_another_order(paypal, fake):
    site = paypal.site()
    student, checkout = paypal.start(site)
    unit = fake.orders[checkout["paypal_order_id"]]["purchase_units"][0]
    unit["custom_id"] = f"{site.tenant.id}:ord_someone_else"
    fake.approve(checkout["paypal_order_id"])
    assert paypal.refresh(student, checkout["order_id"])["status"] == "pending"
    assert fake.capture_count == 0
