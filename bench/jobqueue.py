"""Where the benchmarked Tuition sends its jobs: inline (no Redis) or a private rq queue.

With ``--jobs rq`` the servers get ``TUITION_REDIS_URL`` and a queue name of their own
(``tuition-bench-…``), ``tuition worker`` processes run the jobs, and the queue with its
jobs and registries is deleted at the end; other queues on the same Redis are not touched.
"""

from __future__ import annotations

import math
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime

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


@dataclass(frozen=True)
class ApplyRate:
    """How fast the workers applied the webhook events one timed run accepted.

    ``accepted_seconds`` spans the first to the last event stored (the ``created_at`` of
    their jobs, written in the request's transaction); ``applied_seconds`` the first to
    the last of those jobs finished (``updated_at`` of the ``done`` rows, written when the
    worker finishes each one). Both rates count the same events, so their ratio is the
    ratio of the two spans: ~1.0 when the workers keep up (both spans are the run's
    duration, shifted by one job's latency), below 1.0 when a backlog outlives the run
    (the applied span then includes the drain). ``complete`` is False when some jobs were
    not done (failed, or still queued when the drain gave up): the ratio is then an upper
    bound, counted until the last job that did finish.
    """

    events: int
    applied: int
    accepted_seconds: float
    applied_seconds: float

    @property
    def complete(self) -> bool:
        return self.applied == self.events

    @property
    def accepted_per_second(self) -> float:
        return (self.events - 1) / self.accepted_seconds if self.accepted_seconds else math.nan

    @property
    def applied_per_second(self) -> float:
        return (self.applied - 1) / self.applied_seconds if self.applied_seconds else math.nan

    @property
    def ratio(self) -> float:
        return self.applied_per_second / self.accepted_per_second

    def describe(self) -> str:
        bound = "" if self.complete else f" ({self.events - self.applied} not done: at most)"
        return (
            f"workers applied {self.applied} of {self.events} events at "
            f"{self.applied_per_second:.1f}/s vs {self.accepted_per_second:.1f}/s accepted: "
            f"{self.ratio:.2f}{bound}"
        )


def latest_job(database_url: str, name: str) -> datetime | None:
    """When the newest job called ``name`` was created (None: there is none)."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            return conn.scalar(select(func.max(Job.created_at)).where(Job.name == name))
    finally:
        engine.dispose()


def apply_rate(database_url: str, name: str, after: datetime | None) -> ApplyRate | None:
    """The :class:`ApplyRate` of the jobs called ``name`` created after ``after`` (call it
    once they are drained); None when fewer than two were created."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            query = select(Job.created_at, Job.updated_at, Job.status).where(Job.name == name)
            if after is not None:
                query = query.where(Job.created_at > after)
            rows = list(conn.execute(query))
    finally:
        engine.dispose()
    if len(rows) < 2:
        return None
    created = [r.created_at for r in rows]
    finished = [r.updated_at for r in rows if r.status == "done"]
    return ApplyRate(
        events=len(rows),
        applied=len(finished),
        accepted_seconds=(max(created) - min(created)).total_seconds(),
        applied_seconds=(max(finished) - min(finished)).total_seconds() if finished else 0.0,
    )


def drain(database_url: str, timeout: float = 120.0, poll: float = 0.5) -> tuple[int, float]:
    """Wait until the workers ran every job (or ``timeout``); answer (jobs left, seconds)."""
    started = time.monotonic()
    left = unfinished_jobs(database_url)
    while left and time.monotonic() - started < timeout:
        time.sleep(poll)
        left = unfinished_jobs(database_url)
    return left, time.monotonic() - started
