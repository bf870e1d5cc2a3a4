"""Outbound webhooks: tenants register endpoints for domain events (``order.paid``,
``enrollment.activated``, …); each delivery is signed (``Tuition-Signature``), retried on a
schedule (5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h) for 3 days through delayed jobs,
an endpoint answering 410 is disabled, and every attempt is logged and can be redelivered
from the admin API.

Hooks: ``tuition_event`` (one delivery per subscribed endpoint, attempted in a job of its
own), ``tuition_sweep`` (overdue retries: the safety net), the admin blueprint, migrations
and problem codes.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    DomainEvent,
    ErasureReport,
    Host,
    JobContext,
    JobHandler,
    PluginInfo,
    StudentRecord,
    hookimpl,
)

from . import delivery, models, personal_data  # noqa: F401 - registers the tables
from .settings import PLUGIN

__version__ = "0.1.0"
__all__ = ["PLUGIN", "TUITION_PLUGIN", "__version__"]

TUITION_PLUGIN = PluginInfo(
    title="Outbound webhooks",
    category="feature",
    description="Signed webhooks of domain events to endpoints the tenant registers, "
    "retried for 3 days, every attempt logged and re-deliverable.",
    requires_core=">=0.1,<0.2",
)


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    from .endpoints import PROBLEM_CODES

    return dict(PROBLEM_CODES)


@hookimpl
def tuition_job_handlers() -> dict[str, JobHandler]:
    """The attempt of one delivery (after its event, a redelivery, a ping or a retry)."""
    return {delivery.DELIVER_JOB: delivery.deliver_job}


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    from .admin_api import blp

    return [blp]


@hookimpl
def tuition_event(event: DomainEvent, job: JobContext) -> None:
    """One delivery per enabled endpoint subscribed to the event (never twice for one
    event), each attempted in its own job after this one commits."""
    delivery.on_event(event, job)


@hookimpl
def tuition_sweep(tuition: Host, now: datetime) -> dict[str, int]:
    """``tuition jobs sweep``: attempt the deliveries whose retry is overdue."""
    return delivery.sweep(tuition, now)


@hookimpl
def tuition_student_data(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    return personal_data.export(session, student)


@hookimpl
def tuition_erase_student(
    session: Session, student: StudentRecord, pseudonym: str
) -> ErasureReport:
    return personal_data.erase(session, student, pseudonym)
