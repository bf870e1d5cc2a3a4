"""Retries on rq's scheduler: a failed attempt schedules the next one (5 s later first) as a
delayed job that the worker's scheduler runs; the sweep is the safety net for a retry that
is late or lost, and never sends an attempt twice; after the 3-day window the delivery
fails and nothing more is scheduled. Time passes by moving the delivery's
``next_attempt_at`` and the scheduled job's time, never by sleeping."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from tuition.plugin_api import Host, utcnow
from tuition.testing import outbox
from tuition.testing.chores import sweep
from tuition.testing.queues import (
    app_queue,
    make_scheduled_jobs_due,
    run_worker_burst,
    scheduled_jobs,
)
from tuition_outbound_webhooks.delivery import DELIVER_JOB
from tuition_outbound_webhooks.models import WebhookDelivery
from tuition_outbound_webhooks.testing import Answer

pytestmark = pytest.mark.redis

PLUGIN = "outbound_webhooks"


def retry_jobs(runtime: Host, delivery_id: str) -> list[outbox.OutboxJob]:
    return [
        job
        for job in outbox.jobs(runtime, name=DELIVER_JOB)
        if job.payload == {"delivery_id": delivery_id} and job.run_at is not None
    ]


def time_passes(runtime: Host, site: Any, delivery_id: str, **values: Any) -> None:
    """The retry is due now: the delivery's ``next_attempt_at`` and the scheduled jobs'
    time move to the present (``values`` change the delivery further)."""
    with runtime.session(site.id) as session:
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id)
            .values(next_attempt_at=utcnow(), **values)
        )
        session.commit()
    make_scheduled_jobs_due(runtime)


def failing_delivery(hooks: Any, receiver: Any, runtime: Any) -> dict[str, Any]:
    """An enrollment whose delivery failed once (500), its jobs run by a worker."""
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    receiver.answer(500)
    hooks.enroll("yoga")
    assert receiver.requests == []  # queued: the worker has not run
    run_worker_burst(runtime)
    assert len(receiver.requests) == 1
    return hooks.only_delivery(created["id"])


def test_a_failed_attempt_schedules_the_next_5_s_later_on_rq(
    rq_queue: Any, hooks: Any, receiver: Any, runtime: Any, site: Any
) -> None:
    assert app_queue(runtime).name == rq_queue.name
    failed = failing_delivery(hooks, receiver, runtime)
    assert failed["status"] == "pending" and failed["attempt_count"] == 1
    started = failed["attempts"][0]["started_at"]
    next_at = datetime.fromisoformat(failed["next_attempt_at"])
    assert timedelta(seconds=5) <= next_at - datetime.fromisoformat(started) < timedelta(seconds=6)
    # The retry is a delayed job in rq's scheduled registry, due at next_attempt_at.
    [job] = retry_jobs(runtime, failed["id"])
    assert (job.status, job.run_at) == ("enqueued", next_at)
    assert scheduled_jobs(runtime).get_job_ids() == [job.rq_id]
    at = scheduled_jobs(runtime).get_scheduled_time(job.rq_id)
    assert next_at <= at < next_at + timedelta(seconds=1)
    assert app_queue(runtime).count == 0

    run_worker_burst(runtime)  # not due yet: the worker's scheduler keeps it
    assert len(receiver.requests) == 1

    time_passes(runtime, site, failed["id"])
    run_worker_burst(runtime)  # the scheduler hands it to the queue: attempt 2
    assert len(receiver.requests) == 2
    assert receiver.requests[1].headers["tuition-delivery-attempt"] == "2"
    done = hooks.delivery(failed["id"])
    assert done["status"] == "succeeded" and done["attempt_count"] == 2
    assert [a["trigger"] for a in done["attempts"]] == ["automatic", "automatic"]
    assert scheduled_jobs(runtime).get_job_ids() == []
    assert sweep(runtime, utcnow() + timedelta(days=4))[PLUGIN]["attempted"] == 0
    assert len(receiver.requests) == 2


def test_the_sweep_takes_an_overdue_retry_once_and_the_late_job_sends_nothing(
    rq_queue: Any, hooks: Any, receiver: Any, runtime: Any, site: Any
) -> None:
    failed = failing_delivery(hooks, receiver, runtime)
    overdue = datetime.fromisoformat(failed["next_attempt_at"]) + timedelta(minutes=1)
    # The worker is away (or Redis lost the scheduled job): cron's sweep sends it.
    assert sweep(runtime, overdue)[PLUGIN] == {"attempted": 1, "succeeded": 1, "failed": 0}
    assert sweep(runtime, overdue)[PLUGIN]["attempted"] == 0
    assert len(receiver.requests) == 2

    # The scheduled job runs after all: the attempt was made, it sends nothing.
    time_passes(runtime, site, failed["id"])
    run_worker_burst(runtime)
    assert len(receiver.requests) == 2
    shown = hooks.delivery(failed["id"])
    assert shown["status"] == "succeeded" and shown["attempt_count"] == 2
    assert {j.status for j in retry_jobs(runtime, failed["id"])} == {"done"}


def test_a_retry_past_the_3_day_window_fails_the_delivery_and_schedules_nothing(
    rq_queue: Any, hooks: Any, receiver: Any, runtime: Any, site: Any
) -> None:
    receiver.default = Answer(503)
    failed = failing_delivery(hooks, receiver, runtime)
    # Three days later, the last retry fails too.
    time_passes(runtime, site, failed["id"], give_up_at=utcnow() + timedelta(seconds=2))
    run_worker_burst(runtime)
    assert len(receiver.requests) == 2
    shown = hooks.delivery(failed["id"])
    assert (shown["status"], shown["next_attempt_at"]) == ("failed", None)
    assert shown["last_error"] == "HTTP 503" and shown["attempt_count"] == 2
    assert scheduled_jobs(runtime).get_job_ids() == []
    assert len(retry_jobs(runtime, failed["id"])) == 1  # only the one that just ran
    assert sweep(runtime, utcnow() + timedelta(days=30))[PLUGIN]["attempted"] == 0
    assert len(receiver.requests) == 2
