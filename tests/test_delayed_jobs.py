"""Delayed jobs (``defer(..., run_at=…)``): rq's scheduler holds them until their time; with
inline jobs they wait in the outbox for ``tuition jobs sweep``; either way only after the
commit, and a scheduled job Redis lost is dispatched again. Plus the retry schedule that
plugins use for such retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from redis import Redis
from rq import Queue
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select, update

from tuition.db import utcnow
from tuition.jobs import job_handler, run_worker
from tuition.models import Job
from tuition.plugin_api import RETRY_SCHEDULE, RetrySchedule
from tuition.services.sweep import sweep
from tuition.testing.api import OPERATOR_TOKEN

CALLS: list[str] = []


@job_handler("delayed_probe")
def _delayed_probe(ctx: Any, payload: dict[str, Any]) -> None:
    CALLS.append(payload["n"])


@pytest.fixture(autouse=True)
def _calls() -> None:
    CALLS.clear()


def the_job(runtime: Any, job_id: str) -> Job:
    with runtime.session() as session:
        found = session.get(Job, job_id)
        assert found is not None
        return found


def defer(runtime: Any, n: str, **when: Any) -> str:
    with runtime.session() as session:
        job = runtime.jobs.defer(session, "delayed_probe", {"n": n}, **when)
        session.commit()
        return str(job.id)


# -- the schedule (pure) ------------------------------------------------------------------


def test_the_retry_schedule_starts_within_seconds_and_stops_after_three_days() -> None:
    s, m, h = (
        (lambda n: timedelta(seconds=n)),
        (lambda n: timedelta(minutes=n)),
        (lambda n: timedelta(hours=n)),
    )
    assert [RETRY_SCHEDULE.delay(n) for n in range(1, 9)] == [
        s(5),
        m(5),
        m(30),
        h(2),
        h(5),
        h(10),
        h(10),
        h(10),
    ]
    assert RETRY_SCHEDULE.delay(0) == s(5)  # no failure counted yet: the first delay
    first = datetime(2026, 1, 1, tzinfo=UTC)
    deadline = first + RETRY_SCHEDULE.window
    attempts, failures = [first], 0
    while True:
        failures += 1
        at = RETRY_SCHEDULE.next_attempt(failures, attempts[-1], deadline)
        if at is None:
            break
        attempts.append(at)
    gaps = [b - a for a, b in pairwise(attempts)]
    assert gaps == [s(5), m(5), m(30), h(2), h(5)] + [h(10)] * 6
    assert attempts[-1] <= deadline < attempts[-1] + h(10)
    assert RETRY_SCHEDULE.next_attempt(1, deadline - s(5), deadline) == deadline  # on time
    assert RETRY_SCHEDULE.next_attempt(1, deadline - s(4), deadline) is None
    assert RetrySchedule((m(1),), h(1)).next_attempt(7, first, first + h(1)) == first + m(1)


# -- inline: the sweep runs a delayed job once it is due ----------------------------------


def test_inline_a_delayed_job_waits_for_the_sweep_and_runs_once(runtime: Any) -> None:
    assert runtime.jobs.mode == "inline"
    run_at = utcnow() + timedelta(hours=1)
    job_id = defer(runtime, "later", run_at=run_at)
    assert CALLS == []  # committed, but not due
    job = the_job(runtime, job_id)
    assert (job.status, job.run_at) == ("pending", run_at)

    assert runtime.jobs.flush() == 0  # `tuition jobs flush` now: still not due
    outbox = "outbox_jobs_retried"
    assert sweep(runtime, run_at - timedelta(seconds=1))["core"][outbox] == 0  # type: ignore[index]
    assert CALLS == []
    assert sweep(runtime, run_at)["core"]["outbox_jobs_retried"] == 1  # type: ignore[index]
    assert CALLS == ["later"] and the_job(runtime, job_id).status == "done"
    assert sweep(runtime, run_at + timedelta(days=1))["core"][outbox] == 0  # type: ignore[index]
    assert CALLS == ["later"]


def test_inline_a_delay_already_past_runs_at_once(runtime: Any) -> None:
    defer(runtime, "now", run_at=utcnow() - timedelta(seconds=1))
    defer(runtime, "zero", delay=timedelta(0))
    assert CALLS == ["now", "zero"]


def test_delay_and_run_at_are_checked(runtime: Any) -> None:
    with runtime.session() as session:
        with pytest.raises(ValueError, match="not both"):
            runtime.jobs.defer(
                session, "delayed_probe", {"n": "x"}, run_at=utcnow(), delay=timedelta(seconds=5)
            )
        with pytest.raises(ValueError, match="aware"):
            runtime.jobs.defer(session, "delayed_probe", {"n": "x"}, run_at=datetime(2030, 1, 1))


def test_a_delayed_job_not_yet_due_is_not_in_the_queue_depth(api: Any, runtime: Any) -> None:
    defer(runtime, "later", delay=timedelta(hours=1))
    with runtime.session() as session:
        runtime.jobs.defer(session, "delayed_probe", {"n": "due"})
        session.info.clear()  # leave it pending, as if Redis had been down
        session.commit()
    text = api.client.get(
        "/metrics", headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"}
    ).get_data(as_text=True)
    assert "tuition_job_queue_depth 1.0" in text.splitlines()


# -- rq: the scheduler holds the job until its time ---------------------------------------


def scheduled(runtime: Any) -> ScheduledJobRegistry:
    return ScheduledJobRegistry(queue=runtime.jobs.queue())


def make_due(runtime: Any, rq_job_id: str) -> None:
    """Time passes: the scheduled job's time is now."""
    registry = scheduled(runtime)
    registry.connection.zadd(registry.key, {rq_job_id: 0})


@pytest.mark.redis
def test_rq_a_delayed_job_goes_to_the_scheduler_after_the_commit(
    rq_queue: Any, runtime: Any
) -> None:
    assert runtime.jobs.mode == "rq"
    run_at = utcnow() + timedelta(seconds=5, microseconds=1)
    with runtime.session() as session:
        job = runtime.jobs.defer(session, "delayed_probe", {"n": "later"}, run_at=run_at)
        assert scheduled(runtime).get_job_ids() == []  # nothing before the commit
        session.commit()
    rq_id = f"tuition-{job.id}"
    assert scheduled(runtime).get_job_ids() == [rq_id]
    at = scheduled(runtime).get_scheduled_time(rq_id)
    assert run_at <= at < run_at + timedelta(seconds=1)  # never before its time
    assert runtime.jobs.queue().count == 0 and the_job(runtime, job.id).status == "enqueued"

    run_worker(runtime, burst=True)  # not due: the worker's scheduler leaves it
    assert CALLS == [] and scheduled(runtime).get_job_ids() == [rq_id]
    assert runtime.jobs.flush() == 0  # nor does the outbox flush touch it

    make_due(runtime, rq_id)
    run_worker(runtime, burst=True)
    assert CALLS == ["later"] and the_job(runtime, job.id).status == "done"
    assert scheduled(runtime).get_job_ids() == []


@pytest.mark.redis
def test_rq_a_rolled_back_delayed_job_is_never_scheduled(rq_queue: Any, runtime: Any) -> None:
    with runtime.session() as session:
        runtime.jobs.defer(session, "delayed_probe", {"n": "gone"}, delay=timedelta(seconds=5))
        session.rollback()
    assert scheduled(runtime).get_job_ids() == []
    with runtime.session() as session:
        assert session.scalars(select(Job)).all() == []


@pytest.mark.redis
def test_rq_a_scheduled_job_redis_lost_is_dispatched_again(rq_queue: Any, runtime: Any) -> None:
    job_id = defer(runtime, "lost", delay=timedelta(seconds=5))
    connection = Redis.from_url(rq_queue.redis_url)
    try:
        Queue(rq_queue.name, connection=connection).empty()
        connection.delete(scheduled(runtime).key)  # Redis lost it
    finally:
        connection.close()
    assert runtime.jobs.flush() == 0  # not yet taken for lost
    long_ago = utcnow() - timedelta(minutes=20)
    with runtime.session() as session, session.begin():
        session.execute(
            update(Job).where(Job.id == job_id).values(run_at=long_ago, updated_at=long_ago)
        )
    assert runtime.jobs.flush() == 1
    run_worker(runtime, burst=True)
    assert CALLS == ["lost"] and the_job(runtime, job_id).status == "done"
