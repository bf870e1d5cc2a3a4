"""Throw-away rq queues for tests: one per test on the test Redis, removed afterwards.

The Redis server is ``TUITION_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``). A
queue's name is unique per test, so tests running in parallel (``pytest -n``) or next to a
real worker on the same Redis never see each other's jobs; :func:`drop_queue` deletes the
queue, its registries and every job it held, results included.

A test that asks for the ``rq_queue`` fixture runs the app's jobs with
:func:`run_worker_burst`, looks at them with :func:`app_queue` and :func:`scheduled_jobs`,
and lets time pass for delayed jobs with :func:`make_scheduled_jobs_due`.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tuition.plugin_api import Host
from tuition.testing._runtime import runtime_of

if TYPE_CHECKING:
    from rq import Queue
    from rq.registry import ScheduledJobRegistry

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_url() -> str:
    return os.environ.get("TUITION_TEST_REDIS_URL", DEFAULT_REDIS_URL)


@dataclass(frozen=True)
class RqQueue:
    """Where a test's jobs go: ``redis_url`` and the queue ``name``."""

    redis_url: str
    name: str


def new_queue() -> RqQueue:
    return RqQueue(redis_url(), f"tuition-test-{uuid.uuid4().hex[:12]}")


def drop_queue(queue: RqQueue) -> None:
    """Delete ``queue`` from Redis: its jobs (queued, running, finished, failed, scheduled,
    deferred, canceled) with their results, its registries, its entry in rq's list of
    queues and the tenant cache's counter of apps using it. Nothing of other queues is
    touched."""
    from redis import Redis
    from rq import Queue
    from rq.exceptions import InvalidJobOperation, NoSuchJobError
    from rq.job import Job
    from rq.registry import (
        CanceledJobRegistry,
        DeferredJobRegistry,
        FailedJobRegistry,
        FinishedJobRegistry,
        ScheduledJobRegistry,
        StartedJobRegistry,
    )

    connection = Redis.from_url(queue.redis_url)
    try:
        rq_queue = Queue(queue.name, connection=connection)
        job_ids = set(rq_queue.get_job_ids())
        for registry in (
            StartedJobRegistry,
            FinishedJobRegistry,
            FailedJobRegistry,
            ScheduledJobRegistry,
            DeferredJobRegistry,
            CanceledJobRegistry,
        ):
            job_ids.update(registry(queue=rq_queue).get_job_ids())
        for job in Job.fetch_many(sorted(job_ids), connection=connection):
            if job is not None:
                # A finished job's hash may expire between the fetch and the delete; its
                # keys go with the scan below anyway.
                with contextlib.suppress(InvalidJobOperation, NoSuchJobError):
                    job.delete()
        rq_queue.delete(delete_jobs=True)
        for key in connection.scan_iter(f"rq:*{queue.name}*"):
            connection.delete(key)
        connection.delete(f"{queue.name}:tenants-epoch")  # the apps' tenant cache counter
    finally:
        connection.close()


def run_worker_burst(host: Host) -> None:
    """Do what ``tuition worker --burst`` does for the app behind ``host``: an rq worker
    with rq's scheduler runs every job on the app's queue (those the jobs it runs queue
    too, and the delayed jobs due by now, which the scheduler moves to the queue), then
    returns. Needs the ``rq_queue`` fixture (jobs run inline otherwise)."""
    from tuition.jobs import run_worker

    run_worker(runtime_of(host), burst=True)


def app_queue(host: Host) -> Queue:
    """The rq queue the app behind ``host`` sends its jobs to: the ``rq_queue`` fixture's
    (``count``, ``get_job_ids()``, ``connection``). RuntimeError when jobs run inline."""
    jobs = runtime_of(host).jobs
    if jobs.mode != "rq":
        raise RuntimeError("the app runs its jobs inline: ask for the rq_queue fixture")
    queue: Queue = jobs.queue()
    return queue


def scheduled_jobs(host: Host) -> ScheduledJobRegistry:
    """rq's registry of the app's delayed jobs (``get_job_ids()``,
    ``get_scheduled_time(rq_id)``): a job deferred with a future ``run_at`` waits there
    until the worker's scheduler moves it to the queue. Outbox job ``job`` is rq job
    ``job.rq_id`` (:class:`tuition.testing.outbox.OutboxJob`)."""
    from rq.registry import ScheduledJobRegistry

    return ScheduledJobRegistry(queue=app_queue(host))


def make_scheduled_jobs_due(host: Host) -> int:
    """Let time pass for rq: every delayed job of the app's queue becomes due now, so the
    next :func:`run_worker_burst` runs it (a job checks its own time, e.g. a retry's
    ``next_attempt_at``, and may find it is not due yet). Returns how many there were."""
    registry = scheduled_jobs(host)
    ids = registry.get_job_ids()
    for rq_id in ids:
        registry.connection.zadd(registry.key, {rq_id: 0})
    return len(ids)
