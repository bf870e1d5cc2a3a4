"""The same mail with jobs on Redis and a real rq worker: nothing is sent before the worker
runs, each mail once; a transient failure is retried 5 s later by a delayed job that the
worker's scheduler runs, a permanent one is not. Time passes by moving the retry's time,
never by sleeping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tuition.plugin_api import utcnow
from tuition.testing import outbox
from tuition.testing.api import Api
from tuition.testing.queues import (
    app_queue,
    make_scheduled_jobs_due,
    run_worker_burst,
    scheduled_jobs,
)
from tuition_email_notifications.delivery import RETRY_JOB
from tuition_email_notifications.models import SentMail
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


def test_paid_flow_through_rq_sends_each_mail_once(
    rq_queue, api: Api, runtime, smtp: SmtpServer
) -> None:
    assert app_queue(runtime).name == rq_queue.name
    tenant = mail_site(
        api, smtp.port, extra_plugins={"dummy_provider": {"settings": {"duplicate_webhooks": 2}}}
    )
    student = api.signup(tenant, "rq@example.com")
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    pay(api, tenant, order_id)
    assert smtp.received == []  # stored and queued: the worker has not run
    run_worker_burst(runtime)
    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")
    assert smtp.kinds == ["enrollment_confirmation", "payment_receipt"]
    assert "Amount:  49.00 EUR" in smtp.of("payment_receipt")[0].part("plain")
    run_worker_burst(runtime)
    assert len(smtp.received) == 2
    assert {j.status for j in mail_jobs(runtime, tenant)} == {"done"}


def test_rq_retries_a_failed_send_5_s_later_through_the_scheduler(
    rq_queue, api: Api, runtime
) -> None:
    port = free_port()  # the SMTP server is down
    tenant = mail_site(api, port)
    enrollment = api.enroll(tenant, api.signup(tenant), "intro", expect=201).get_json()
    run_worker_burst(runtime)
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.next_attempt_at is not None
    assert [j.status for j in mail_jobs(runtime, tenant)] == ["done"]  # the event's job
    assert enrollment["status"] == "active"
    [retry] = outbox.jobs(runtime, name=RETRY_JOB)
    assert (retry.status, retry.run_at, retry.payload) == (
        "enqueued",
        row.next_attempt_at,
        {"mail_id": row.id},
    )
    assert scheduled_jobs(runtime).get_job_ids() == [retry.rq_id]
    at = scheduled_jobs(runtime).get_scheduled_time(retry.rq_id)
    assert row.next_attempt_at <= at < row.next_attempt_at + timedelta(seconds=1)
    assert at - row.updated_at <= timedelta(seconds=6)

    server = SmtpServer(port).start()
    try:
        run_worker_burst(runtime)  # not due yet: the scheduler keeps it
        assert server.received == []
        with runtime.session(tenant.id) as session:  # 5 s pass
            session.execute(update(SentMail).values(next_attempt_at=utcnow()))
            session.commit()
        assert make_scheduled_jobs_due(runtime) == 1
        run_worker_burst(runtime)
        assert server.kinds == ["enrollment_confirmation"]
    finally:
        server.stop()
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts) == ("sent", 2)
    assert scheduled_jobs(runtime).get_job_ids() == []


def test_rq_a_permanent_refusal_schedules_no_retry(
    rq_queue, api: Api, runtime, smtp: SmtpServer
) -> None:
    tenant = mail_site(api, smtp.port)
    smtp.refuse("554 5.7.1 Message rejected")
    api.enroll(tenant, api.signup(tenant), "intro", expect=201)
    run_worker_burst(runtime)
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 1, None)
    assert "554" in row.last_error
    assert scheduled_jobs(runtime).get_job_ids() == [] and app_queue(runtime).count == 0
    assert smtp.received == [] and len(smtp.refused) == 1


def test_turned_off_before_the_worker_ran_sends_nothing(
    rq_queue, api: Api, runtime, smtp: SmtpServer
) -> None:
    tenant = mail_site(api, smtp.port)
    api.enroll(tenant, api.signup(tenant), "intro", expect=201)  # the job is queued
    api.call(
        "PUT",
        f"/v1/admin/plugins/{PLUGIN}",
        headers=tenant.admin,
        expect=200,
        json={"enabled": False, "settings": mail_settings(smtp.port)},
    )
    run_worker_burst(runtime)
    assert smtp.received == []
    assert [j.status for j in mail_jobs(runtime, tenant)] == ["done"]
