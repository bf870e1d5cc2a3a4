"""Email notifications: per-tenant SMTP and templates for the mail that follows enrollments
and payments (confirmation, receipt, failed payment, refund notice, waitlist offer) and
marketing mail (abandoned-checkout reminder, next-course offer) that students can opt out of.

Domain events arrive through ``tuition_event`` as one job each, after the commit; every mail
is claimed in ``email_sent_mails`` before it is sent, so it goes at most once per event and
template. A failed send is recorded; a transient one (4xx, connection errors) is retried on
core's schedule (5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h) through a delayed job that
rq's scheduler runs (``tuition_sweep`` without Redis, and as the safety net), a permanent
one (5xx) is given up; it never touches the enrollment or the order.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema
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
from .settings import PLUGIN, EmailSettings

__all__ = ["PLUGIN", "TUITION_PLUGIN"]

TUITION_PLUGIN = PluginInfo(
    title="Email notifications",
    category="feature",
    description="Enrollment, payment, waitlist and marketing mail over the tenant's SMTP "
    "server, with per-tenant templates.",
    requires_core=">=0.1,<0.2",
)


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return EmailSettings


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    return dict(delivery.PROBLEM_CODES)


@hookimpl
def tuition_job_handlers() -> dict[str, JobHandler]:
    """The retry of a failed mail, at its ``next_attempt_at``."""
    return {delivery.RETRY_JOB: delivery.retry_job}


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    from .api import admin, blp

    return [blp, admin]


@hookimpl
def tuition_event(event: DomainEvent, job: JobContext) -> None:
    """Send the mail ``event`` asks for (once); a failed send is recorded (and retried
    through its own delayed job), not raised."""
    delivery.handle_event(event, job)


@hookimpl
def tuition_sweep(tuition: Host, now: datetime) -> dict[str, int]:
    """``tuition jobs sweep``: retry failed mails whose retry is overdue."""
    return delivery.sweep(tuition, now)


@hookimpl
def tuition_student_data(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    return personal_data.export(session, student)


@hookimpl
def tuition_erase_student(
    session: Session, student: StudentRecord, pseudonym: str
) -> ErasureReport:
    return personal_data.erase(session, student, pseudonym)
