"""The job outbox as tests see it: which jobs a scenario wrote, how they ended, and running
one again.

Core writes each job (a ``tuition_event`` delivery, a plugin's ``host.jobs.defer(...)``) to
its outbox table in the transaction that causes it and runs it after the commit: inline, or
on rq when the test asks for ``rq_queue``. A job with a ``run_at`` waits: for rq's
scheduler, or, inline, for ``tuition jobs sweep`` (:func:`tuition.testing.chores.sweep`) or
:func:`flush` once due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from tuition.jobs import rq_job_id
from tuition.models import Job
from tuition.plugin_api import Host
from tuition.testing._runtime import runtime_of


@dataclass(frozen=True)
class OutboxJob:
    """One job of the outbox, as read (a copy: it does not change when the job does)."""

    id: str
    #: The handler: ``hook`` for a plugin hook (``payload["hook"]``, ``payload["plugin"]``)
    #: or a name registered through ``tuition_job_handlers``.
    name: str
    tenant_id: str | None
    payload: dict[str, Any]
    #: ``pending``, ``enqueued``, ``running``, ``done`` or ``failed``.
    status: str
    attempts: int
    last_error: str | None
    #: Not before this time (a retry on a schedule); None: at once.
    run_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @property
    def rq_id(self) -> str:
        """The id rq knows the job by (:func:`tuition.testing.queues.scheduled_jobs`)."""
        return rq_job_id(self.id)


def jobs(host: Host, tenant_id: str | None = None, *, name: str | None = None) -> list[OutboxJob]:
    """The outbox's jobs, oldest first: every job, or those of tenant ``tenant_id``, and
    only those of handler ``name`` when given."""
    with runtime_of(host).session() as session:
        stmt = select(Job).order_by(Job.created_at, Job.id)
        if tenant_id is not None:
            stmt = stmt.where(Job.tenant_id == tenant_id)
        if name is not None:
            stmt = stmt.where(Job.name == name)
        return [
            OutboxJob(
                id=job.id,
                name=job.name,
                tenant_id=job.tenant_id,
                payload=dict(job.payload),
                status=job.status,
                attempts=job.attempts,
                last_error=job.last_error,
                run_at=job.run_at,
                created_at=job.created_at,
                updated_at=job.updated_at,
            )
            for job in session.scalars(stmt)
        ]


def reschedule(host: Host, job_id: str, run_at: datetime) -> None:
    """Let time pass for one job: its ``run_at`` becomes ``run_at`` (e.g. a moment ago, so
    that it is due). Only the outbox row changes; a job rq's scheduler holds keeps its
    time there (:func:`tuition.testing.queues.make_scheduled_jobs_due`)."""
    with runtime_of(host).session() as session, session.begin():
        session.execute(update(Job).where(Job.id == job_id).values(run_at=run_at))


def flush(host: Host, now: datetime | None = None) -> int:
    """Run ``tuition jobs flush`` as of ``now`` (default: the current time): hand over the
    jobs left pending that are due (run them, when jobs run inline) and those stuck
    running or queued; returns how many were handed over."""
    return runtime_of(host).jobs.flush(now=now)


def rerun(host: Host, job_id: str) -> bool:
    """Run job ``job_id`` once more, as a retry would, whatever its status: it becomes
    ``pending`` and runs now, in this thread. True when it ran (its handler raising is an
    attempt that failed, raised to the caller when rq would retry it)."""
    runtime = runtime_of(host)
    with runtime.session() as session, session.begin():
        session.execute(update(Job).where(Job.id == job_id).values(status="pending"))
    return runtime.jobs.run(job_id)
