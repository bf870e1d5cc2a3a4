"""The paid flow with jobs on Redis + a real rq worker: nothing happens until it runs."""

from __future__ import annotations

import uuid

import pytest
from redis import Redis

from tuition.jobs import run_worker
from tuition.testing.recorders import Recorder

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def tuition_plugins(recorder):
    return [("recorder", recorder)]


@pytest.fixture
def tuition_settings(tuition_settings):
    tuition_settings.redis_url = REDIS_URL
    tuition_settings.job_queue = f"tuition-test-{uuid.uuid4().hex[:8]}"
    yield tuition_settings
    redis = Redis.from_url(REDIS_URL)
    for key in redis.scan_iter(f"rq:*{tuition_settings.job_queue}*"):
        redis.delete(key)


@pytest.mark.redis
def test_paid_flow_through_rq(api, runtime, recorder):
    tenant = api.create_tenant({"recorder": {}, "dummy_provider": {
        "settings": {"duplicate_webhooks": 2}}})
    api.create_course(tenant, "pro", pricing_model="one_time",
                      price={"amount": 4900, "currency": "EUR"}, capacity=2)
    student = api.signup(tenant)
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    api.call("POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"},
             expect=200)
    # Stored once, acknowledged, but not processed: that is the worker's job.
    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert order["status"] == "pending"
    run_worker(runtime, burst=True)
    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    assert recorder.called("after_enrollment") == [("pro", "active")]
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert board["owned"][0]["course"]["enroll_state"] == "enrolled"
