"""The PayPal paid flow on PostgreSQL with jobs on Redis and a real rq worker: the webhook
request only verifies and stores the approval (it asks PayPal for nothing but the signing
certificate); the worker's job captures, once, even with duplicate approvals and the
buyer's return page asking while that capture runs."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tuition.testing.queues import run_worker_burst


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_paid_flow_through_rq_on_postgresql(
    db_url, backend, rq_queue, app, paypal, fake, api, runtime, recorder
):
    assert backend == "postgresql"
    site = paypal.site()
    student, checkout = paypal.start(site)
    order_id = checkout["order_id"]
    fake.approve(checkout["paypal_order_id"])
    [approved] = fake.take_events("CHECKOUT.ORDER.APPROVED")
    again = {**approved, "id": approved["id"] + "-AGAIN"}  # the same approval, resent
    before = len(fake.requests)
    assert paypal.deliver(site, approved)["received"] == 1
    assert paypal.deliver(site, approved)["duplicates"] == 1  # PayPal retried
    assert paypal.deliver(site, again)["received"] == 1

    # The webhook requests called no PayPal API: no capture, not even a look-up.
    assert fake.requests[before:] == [("GET", fake.cert_path, None)]
    assert fake.capture_count == 0
    # Stored and acknowledged, but not applied: that is the worker's job.
    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert order["status"] == "pending"
    assert {(e["kind"], e["status"]) for e in paypal.events(site)} == {
        ("payment.approved", "received")
    }

    # The worker's job captures; the buyer's return page asks while that capture runs.
    fake.capture_delay = 0.5

    def captures() -> list[str | None]:
        return [
            rid
            for method, path, rid in list(fake.requests)
            if method == "POST" and path.endswith("/capture")
        ]

    def return_page_during_the_capture() -> int:
        deadline = time.monotonic() + 10
        while not captures() and time.monotonic() < deadline:
            time.sleep(0.01)
        return (
            app.test_client()
            .post(f"/v1/orders/{order_id}/refresh", headers=student.headers)
            .status_code
        )

    with ThreadPoolExecutor(1) as pool:
        page = pool.submit(return_page_during_the_capture)
        run_worker_burst(runtime)
        assert page.result() == 200
    run_worker_burst(runtime)  # anything the return page's commit enqueued

    assert fake.capture_count == 1
    assert fake.in_progress_answers >= 1  # the return page met the job's capture running
    assert set(captures()) == {f"tuition-capture-{order_id}"}  # then got its result
    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    assert recorder.activated == [("pro", "active")]
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert board["owned"][0]["course"]["enroll_state"] == "enrolled"
    paid = paypal.order(site, order_id)
    assert [(t["to_status"], t["cause"]) for t in paid["transitions"]] == [
        ("checkout_pending", "enrollment"),
        ("pending", "checkout"),
        ("paid", f"webhook:paypal:{approved['id']}"),
    ]
    outcomes = {e["event_id"]: (e["status"], e["outcome"]) for e in paypal.events(site)}
    assert outcomes == {
        approved["id"]: ("processed", "fulfilled"),
        again["id"]: ("processed", "already_settled"),
    }

    # PayPal's own capture event follows: stored, changes nothing.
    paypal.deliver_outbox(site, "PAYMENT.CAPTURE.COMPLETED")
    run_worker_burst(runtime)
    assert recorder.activated == [("pro", "active")]

    # A refund goes through the same queue.
    api.call(
        "POST",
        f"/v1/admin/orders/{order_id}/refund",
        json={"amount": 900},
        headers=site.admin,
        expect=200,
    )
    paypal.deliver_outbox(site, "PAYMENT.CAPTURE.REFUNDED")
    run_worker_burst(runtime)
    assert paypal.order(site, order_id)["refunded_amount"] == 900
    assert fake.capture_count == 1


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_renewals_through_rq_on_postgresql_with_duplicates(
    db_url, backend, rq_queue, paypal, fake, api, runtime
):
    """A payment plan through PayPal: the subscription's webhooks, each delivered twice by
    PayPal and once more under another event id, out of order, applied by the worker:
    every installment paid once."""
    assert backend == "postgresql"
    site = paypal.plan_site()
    fake.duplicate_webhooks = 1
    student, order_id, subscription_id = paypal.subscribe(site)
    paypal.deliver_outbox(site)
    assert paypal.order(site, order_id)["status"] == "pending"  # stored, not applied
    run_worker_burst(runtime)
    assert paypal.order(site, order_id)["status"] == "paid"

    fake.advance(31)
    fake.advance(31)
    events = fake.take_events()
    resent = [{**e, "id": e["id"] + "-AGAIN"} for e in events]
    for event in [*reversed(events), *resent]:  # out of order, twice, under other ids
        paypal.deliver(site, event)
    run_worker_burst(runtime)
    plan = paypal.my_plan(student)
    assert (plan["status"], plan["paid"], plan["balance"]) == ("completed", 30000, 0)
    assert plan["paid"] == fake.collected(subscription_id)
    assert paypal.enroll_state(student) == "enrolled"


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_membership_through_rq_on_postgresql(
    db_url, backend, rq_queue, paypal, fake, api, runtime
):
    """A membership with a setup fee through PayPal: renewals delivered twice, out of
    order and under other event ids, applied by the worker once each; the admin's cancel
    with a prorated refund: the worker cancels the subscription and refunds the sale once."""
    assert backend == "postgresql"
    site = paypal.club_site()
    fake.duplicate_webhooks = 1
    student, checkout, subscription_id = paypal.join(site)
    paypal.deliver_outbox(site)
    run_worker_burst(runtime)
    assert paypal.order(site, checkout["order_id"])["status"] == "paid"

    fake.advance(31)
    fake.advance(31)
    events = fake.take_events()
    resent = [{**e, "id": e["id"] + "-AGAIN"} for e in events]
    for event in [*reversed(events), *resent]:
        paypal.deliver(site, event)
    run_worker_burst(runtime)
    sub = paypal.membership(student)
    assert (sub["status"], sub["paid_periods"]) == ("active", 3)
    assert fake.collected(subscription_id) == 2500 + 2 * 2000

    keyed = {**site.admin, "Idempotency-Key": "cancel-club"}
    for _ in range(2):
        done = api.call(
            "POST",
            f"/v1/admin/subscriptions/{sub['id']}/cancel",
            json={"refund": "prorated"},
            headers=keyed,
            expect=200,
        ).get_json()
    assert (done["status"], done["refunded_amount"]) == ("canceled", 2000)
    run_worker_burst(runtime)
    run_worker_burst(runtime)
    assert fake.subscriptions[subscription_id]["status"] == "CANCELLED"
    [refund] = fake.sale_refunds.values()
    assert refund["amount"] == {"total": "20.00", "currency": "EUR"}
    assert fake.refunded(subscription_id) == 2000
    assert paypal.state(student, "python") == "available"
