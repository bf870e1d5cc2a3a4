"""The Stripe paid flow with jobs on Redis and a real rq worker (both databases)."""

from __future__ import annotations

import pytest

from tuition.testing.queues import run_worker_burst


@pytest.mark.redis
def test_webhook_is_acknowledged_then_fulfilled_by_the_worker(
    rq_queue, stripe_env, runtime, recorder
):
    site = stripe_env.site()
    student, body = stripe_env.start(site)
    order_id = body["checkout"]["order_id"]
    session = stripe_env.fake.complete(body["checkout"]["session_id"])
    event = stripe_env.fake.event("checkout.session.completed", session)
    assert stripe_env.deliver(site, event)["received"] == 1
    assert stripe_env.deliver(site, event)["duplicates"] == 1
    assert stripe_env.order(site, order_id)["status"] == "pending"  # stored, not processed

    run_worker_burst(runtime)
    order = stripe_env.order(site, order_id)
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    assert recorder.activated == [("pro", "active")]
    board = stripe_env.api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert board["owned"][0]["course"]["enroll_state"] == "enrolled"
