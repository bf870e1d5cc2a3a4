"""Throw-away rq queues for tests: one per test on the test Redis, removed afterwards.

The Redis server is ``TUITION_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``). A
queue's name is unique per test, so tests running in parallel (``pytest -n``) or next to a
real worker on the same Redis never see each other's jobs; :func:`drop_queue` deletes the
queue, its registries and every job it held, results included.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass

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
    deferred, canceled) with their results, its registries and its entry in rq's list of
    queues. Nothing of other queues is touched."""
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
    finally:
        connection.close()
