"""The job outbox as tests see it: which jobs a scenario wrote and how they ended."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tuition.models import Job


def jobs(runtime: Any, tenant_id: str | None = None) -> list[Job]:
    """The outbox's jobs, oldest first (``name``, ``status``, ``payload``, ``run_at``,
    ``attempts``, …): every job, or those of tenant ``tenant_id``."""
    with runtime.session() as session:
        stmt = select(Job).order_by(Job.created_at, Job.id)
        if tenant_id is not None:
            stmt = stmt.where(Job.tenant_id == tenant_id)
        return list(session.scalars(stmt))
