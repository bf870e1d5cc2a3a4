"""The PayPal paid flow on PostgreSQL with jobs on Redis and a real rq worker: webhooks are
verified, captured and stored at once; nothing is applied until the worker runs."""

from __future__ import annotations

import uuid

import pytest
from redis import Redis

from tuition.jobs import run_worker

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def tuition_settings(tuition_settings):
    tuition_settings.redis_url = REDIS_URL
    tuition_settings.job_queue = f"tuition-test-{uuid.uuid4().hex[:8]}"
    yield tuition_settings
    redis = Redis.from_url(REDIS_URL)
    for key in redis.scan_iter(f"rq:*{tuition_settings.job_queue}*"):
        redis.delete(key)


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_paid_flow_through_rq_on_postgresql(db_url, backend, paypal, fake, api, runtime,
                                            activations):
    assert backend == "postgresql"
    site = paypal.site()
    student, checkout = paypal.start(site)
    order_id = checkout["order_id"]
    fake.approve(checkout["paypal_order_id"])
    approved = fake.take_events("CHECKOUT.ORDER.APPROVED")[0]
    assert paypal.deliver(site, approved)["received"] == 1
    assert paypal.deliver(site, approved)["duplicates"] == 1  # PayPal retried
    assert fake.capture_count == 1  # captured while verifying the approval

    # Stored and acknowledged, but not applied: that is the worker's job.
    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert order["status"] == "pending"
    paypal.deliver_outbox(site, "PAYMENT.CAPTURE.COMPLETED")
    run_worker(runtime, burst=True)

    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    assert activations.seen == [("pro", "active")]
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert board["owned"][0]["course"]["enroll_state"] == "enrolled"
    outcomes = sorted(e["outcome"] for e in paypal.events(site))
    assert outcomes == ["already_settled", "fulfilled"]

    # A refund goes through the same queue.
    api.call("POST", f"/v1/admin/orders/{order_id}/refund", json={"amount": 900},
             headers=site.admin, expect=200)
    paypal.deliver_outbox(site, "PAYMENT.CAPTURE.REFUNDED")
    run_worker(runtime, burst=True)
    assert paypal.order(site, order_id)["refunded_amount"] == 900
