"""The paid flow with jobs on Redis + a real rq worker: nothing happens until it runs."""

from __future__ import annotations

import pytest

from tuition.testing.queues import app_queue, run_worker_burst


@pytest.mark.redis
def test_paid_flow_through_rq(rq_queue, api, runtime, recorder):
    assert app_queue(runtime).name == rq_queue.name
    tenant = api.create_tenant(
        {"recorder": {}, "dummy_provider": {"settings": {"duplicate_webhooks": 2}}}
    )
    api.create_course(
        tenant,
        "pro",
        pricing_model="one_time",
        price={"amount": 4900, "currency": "EUR"},
        capacity=2,
    )
    student = api.signup(tenant)
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )
    # Stored once, acknowledged, but not processed: that is the worker's job.
    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert order["status"] == "pending"
    run_worker_burst(runtime)
    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    assert recorder.called("after_enrollment") == [("pro", "active")]
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert board["owned"][0]["course"]["enroll_state"] == "enrolled"
