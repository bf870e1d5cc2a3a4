"""The same mail with jobs on Redis and a real rq worker: nothing is sent before the worker
runs, each mail once; a failed send is retried by rq with its backoff."""

from __future__ import annotations

import time

import pytest

from tuition.jobs import run_worker
from tuition.testing.api import Api
from tuition_email_notifications.testing import (
    PLUGIN,
    SmtpServer,
    free_port,
    mail_jobs,
    mail_settings,
    mail_site,
    pay,
    the_mail,
)

pytestmark = pytest.mark.redis


def test_paid_flow_through_rq_sends_each_mail_once(rq_queue, api: Api, runtime,
                                                   smtp: SmtpServer) -> None:
    assert runtime.jobs.mode == "rq"
    tenant = mail_site(api, smtp.port, extra_plugins={
        "dummy_provider": {"settings": {"duplicate_webhooks": 2}}})
    student = api.signup(tenant, "rq@example.com")
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    pay(api, tenant, order_id)
    assert smtp.received == []  # stored and queued: the worker has not run
    run_worker(runtime, burst=True)
    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    assert smtp.kinds == ["enrollment_confirmation", "payment_receipt"]
    assert "Amount:  49.00 EUR" in smtp.of("payment_receipt")[0].part("plain")
    run_worker(runtime, burst=True)
    assert len(smtp.received) == 2
    assert {j.status for j in mail_jobs(runtime, tenant)} == {"done"}


def test_rq_retries_a_failed_send_with_its_backoff(rq_queue, api: Api, runtime) -> None:
    port = free_port()  # the SMTP server is down
    tenant = mail_site(api, port)
    enrollment = api.enroll(tenant, api.signup(tenant), "intro", expect=201).get_json()
    run_worker(runtime, burst=True)
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts) == ("failed", 1)
    assert [j.status for j in mail_jobs(runtime, tenant)] == ["pending"]  # rq will retry
    assert enrollment["status"] == "active"

    server = SmtpServer(port).start()
    try:
        deadline = time.monotonic() + 30  # rq's first retry comes after 5 s
        while not server.received and time.monotonic() < deadline:
            time.sleep(1)
            run_worker(runtime, burst=True)
        assert server.kinds == ["enrollment_confirmation"]
    finally:
        server.stop()
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts) == ("sent", 2)
    assert [j.status for j in mail_jobs(runtime, tenant)] == ["done"]


def test_turned_off_before_the_worker_ran_sends_nothing(rq_queue, api: Api, runtime,
                                                       smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    api.enroll(tenant, api.signup(tenant), "intro", expect=201)  # the job is queued
    api.call("PUT", f"/v1/admin/plugins/{PLUGIN}", headers=tenant.admin, expect=200,
             json={"enabled": False, "settings": mail_settings(smtp.port)})
    run_worker(runtime, burst=True)
    assert smtp.received == []
    assert [j.status for j in mail_jobs(runtime, tenant)] == ["done"]
