"""Request ids, structured JSON logs, Prometheus metrics, and no secret in any log line."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from tuition import logs
from tuition.models import Job
from tuition.testing.api import OPERATOR_TOKEN
from tuition_dummy_provider.provider import sign

PRICE = {"amount": 4900, "currency": "EUR"}
OPERATOR = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}


class LogCapture:
    """Tuition's JSON log output while a test runs."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text().splitlines() if line]


@pytest.fixture
def captured() -> Iterator[LogCapture]:
    stream = io.StringIO()
    handler = logs.configure("json", "DEBUG", stream=stream)
    try:
        yield LogCapture(stream)
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(logging.WARNING)


def paid_site(api: Any, **dummy: Any) -> Any:
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {"settings": dummy}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    return tenant


def test_every_answer_carries_a_request_id(client, tenant):
    fresh = client.get("/v1/courses", headers=tenant.storefront)
    assert re.fullmatch(r"[0-9a-f]{32}", fresh.headers["X-Request-Id"])
    again = client.get("/v1/courses", headers=tenant.storefront)
    assert again.headers["X-Request-Id"] != fresh.headers["X-Request-Id"]
    echoed = client.get("/v1/courses", headers={**tenant.storefront, "X-Request-Id": "lb-7f3a.1"})
    assert echoed.headers["X-Request-Id"] == "lb-7f3a.1"
    for junk in ("has spaces", "x" * 129, 'quote"s', "<script>"):
        replaced = client.get("/v1/courses", headers={**tenant.storefront, "X-Request-Id": junk})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-Id"])
    problem = client.get("/v1/courses")  # errors too
    assert problem.status_code == 401 and problem.headers["X-Request-Id"]


def test_log_lines_are_json_with_request_id_tenant_and_route(api, client, captured):
    tenant = api.create_tenant()
    answer = client.get("/v1/courses/nope", headers={**tenant.storefront, "X-Request-Id": "req-1"})
    assert answer.status_code == 404
    client.get("/v1/courses", headers={**tenant.storefront, "X-Request-Id": "req-2"})
    lines = captured.lines()
    access = [line for line in lines if line["logger"] == "tuition.access"]
    by_id = {line["request_id"]: line for line in access}
    assert by_id["req-1"] == {
        **by_id["req-1"],
        "event": "request",
        "status": 404,
        "route": "/v1/courses/<string:slug>",
        "method": "GET",
        "tenant": tenant.slug,
        "level": "info",
    }
    assert by_id["req-2"]["route"] == "/v1/courses" and by_id["req-2"]["status"] == 200
    assert all("timestamp" in line and "duration_ms" in line for line in access)


def test_jobs_carry_the_request_id_of_the_request_that_caused_them(api, runtime, captured):
    tenant = paid_site(api, withhold_webhooks=True)
    student = api.signup(tenant)
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )
    event = {
        "id": "evt-1",
        "type": "payment.succeeded",
        "tenant_id": tenant.id,
        "order_id": order_id,
        "amount": 4900,
        "currency": "EUR",
        "payment_id": f"dpay_{order_id}",
    }
    raw = json.dumps(event).encode()
    api.call(
        "POST",
        f"/v1/webhooks/dummy/{tenant.slug}",
        data=raw,
        expect=200,
        headers={
            "Dummy-Signature": sign("dummy-webhook-secret", raw),
            "Content-Type": "application/json",
            "X-Request-Id": "webhook-42",
        },
    )
    with runtime.session() as session:
        jobs = list(session.scalars(select(Job).where(Job.request_id == "webhook-42")))
    assert jobs and all(job.status == "done" for job in jobs)
    lines = captured.lines()
    job_lines = [line for line in lines if line.get("job_id") in {j.id for j in jobs}]
    assert job_lines and all(line["request_id"] == "webhook-42" for line in job_lines)
    # the request's own access line comes after its inline job and still names the request
    access = [
        line
        for line in lines
        if line["logger"] == "tuition.access" and line["request_id"] == "webhook-42"
    ]
    assert len(access) == 1
    assert access[0]["route"] == "/v1/webhooks/<string:provider>/<string:tenant>"


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in the exposition ``text`` (0 when absent)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        head, _, value = line.rpartition(" ")
        sample, _, label_text = head.partition("{")
        found = dict(re.findall(r'(\w+)="([^"]*)"', label_text))
        if sample == name and all(found.get(k) == v for k, v in labels.items()):
            return float(value)
    return 0.0


def test_metrics_need_the_operator_token(client):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_metrics_count_requests_and_read_the_state(api, client):
    before = client.get("/metrics", headers=OPERATOR).get_data(as_text=True)
    tenant = paid_site(api)
    student = api.signup(tenant)
    api.create_course(tenant, "intro")
    api.enroll(tenant, student, "intro", expect=201)
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    for _ in range(3):
        client.get("/v1/courses", headers=tenant.storefront)
    answer = client.get("/metrics", headers=OPERATOR)
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    after = answer.get_data(as_text=True)
    key = {"route": "/v1/courses", "method": "GET", "status": "200"}
    assert (
        metric(after, "tuition_http_requests_total", **key)
        - metric(before, "tuition_http_requests_total", **key)
        == 3
    )
    assert (
        metric(
            after,
            "tuition_http_request_duration_seconds_count",
            route="/v1/enrollments",
            method="POST",
        )
        >= 2
    )
    assert metric(after, "tuition_enrollments", status="active") == 1
    assert metric(after, "tuition_enrollments", status="pending") == 1
    assert metric(after, "tuition_orders", status="pending") == 1
    assert "tuition_job_queue_depth" in after and "tuition_webhook_backlog_age_seconds" in after
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )
    paid = client.get("/metrics", headers=OPERATOR).get_data(as_text=True)
    assert metric(paid, "tuition_orders", status="paid") == 1
    assert metric(paid, "tuition_enrollments", status="active") == 2
    assert metric(paid, "tuition_webhook_processing_lag_seconds_count", provider="dummy") >= 1


def test_no_secret_appears_in_the_logs_of_a_paid_flow(api, client, runtime, captured):
    """Every log line of a whole paid flow at DEBUG level, searched for every secret."""
    tenant = paid_site(api, webhook_secret="whsec-dummy-very-secret")
    password = "correct horse battery staple 9"
    student = api.signup(tenant, "ada@example.com", password=password)
    login = api.call(
        "POST",
        "/v1/auth/login",
        headers=tenant.storefront,
        expect=200,
        json={"email": "ada@example.com", "password": password},
    ).get_json()
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )
    api.call("GET", f"/v1/orders/{order_id}", headers=student.headers, expect=200)
    refund = api.call(
        "POST", f"/v1/admin/orders/{order_id}/refund", headers=tenant.admin, json={"amount": 900}
    )
    assert refund.status_code < 300, refund.get_data(as_text=True)
    api.call("GET", "/v1/admin/audit", headers=tenant.admin, expect=200)
    client.get("/v1/me", headers={**tenant.storefront, "Authorization": "Bearer forged.jwt.x"})
    text = captured.text()
    assert text.count('"logger": "tuition.access"') >= 8  # the flow was logged
    for secret in (
        tenant.secret_key,
        password,
        student.token,
        login["token"],
        "whsec-dummy-very-secret",
        OPERATOR_TOKEN,
        runtime.settings.secret_key,
        "forged.jwt.x",
    ):
        assert secret not in text
