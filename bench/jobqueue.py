"""Where the benchmarked Tuition sends its jobs: inline (no Redis) or a private rq queue.

With ``--jobs rq`` the servers get ``TUITION_REDIS_URL`` and a queue name of their own
(``tuition-bench-…``), ``tuition worker`` processes run the jobs, and the queue with its
jobs and registries is deleted at the end; other queues on the same Redis are not touched.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from tuition import rls
from tuition.models import Job


@dataclass
class JobQueue:
    """``mode`` is ``inline`` or ``rq``; for rq, ``redis_url`` and a fresh queue ``name``."""

    mode: str = "inline"
    redis_url: str = ""
    name: str = field(default_factory=lambda: f"tuition-bench-{uuid.uuid4().hex[:12]}")

    def env(self) -> dict[str, str]:
        """The ``TUITION_*`` variables the servers and workers need for this mode."""
        if self.mode != "rq":
            return {}
        return {"TUITION_REDIS_URL": self.redis_url, "TUITION_JOB_QUEUE": self.name}

    def describe(self) -> str:
        return (
            "jobs inline (no Redis): a webhook's payment is processed inside its request"
            if self.mode != "rq"
            else f"jobs through rq on {self.redis_url}, queue {self.name}"
        )

    def drop(self) -> None:
        """Delete the queue, its registries and its jobs (rq mode only)."""
        if self.mode != "rq":
            return
        from tuition.testing.queues import RqQueue, drop_queue

        drop_queue(RqQueue(self.redis_url, self.name))


def unfinished_jobs(database_url: str) -> int:
    """Jobs not yet done or failed, across tenants (the outbox)."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            rls.set_tenant(conn, rls.ALL_TENANTS)
            return int(
                conn.scalar(
                    select(func.count())
                    .select_from(Job)
                    .where(Job.status.in_(("pending", "enqueued", "running")))
                )
                or 0
            )
    finally:
        engine.dispose()


def drain(database_url: str, timeout: float = 120.0, poll: float = 0.5) -> tuple[int, float]:
    """Wait until the workers ran every job (or ``timeout``); answer (jobs left, seconds)."""
    started = time.monotonic()
    left = unfinished_jobs(database_url)
    while left and time.monotonic() - started < timeout:
        time.sleep(poll)
        left = unfinished_jobs(database_url)
    return left, time.monotonic() - started
