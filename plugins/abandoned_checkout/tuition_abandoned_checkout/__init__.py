"""Abandoned checkouts: an order left unpaid for ``after_minutes`` gets one reminder
(``checkout.abandoned``; the mail plugin sends it, honouring marketing opt-outs); a student
who then pays for the course counts as recovered. Driven by ``tuition jobs sweep``."""

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
    PluginInfo,
    StudentRecord,
    hookimpl,
    utcnow,
)

from . import models, personal_data  # noqa: F401  (tables for migrations)
from .reminders import PLUGIN, mark_recovered, sweep
from .settings import AbandonedCheckoutSettings

TUITION_PLUGIN = PluginInfo(
    title="Abandoned checkouts",
    category="funnel",
    description="One reminder for a checkout left unpaid; recovered orders counted.",
    requires_core=">=0.1,<0.2",
)


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return AbandonedCheckoutSettings


@hookimpl
def tuition_event_types() -> dict[str, str]:
    return {"checkout.abandoned": "a checkout stayed unpaid; its student is reminded once"}


@hookimpl
def tuition_sweep(tuition: Host, now: datetime) -> dict[str, int]:
    return sweep(tuition, now)


@hookimpl
def tuition_event(event: DomainEvent, job: JobContext) -> None:
    if event.type == "order.paid":
        mark_recovered(
            job.tuition,
            job.session,
            str(event.data.get("student_id")),
            str(event.data.get("course")),
            str(event.data.get("order_id")),
            utcnow(),
        )


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    from .api import blp

    return [blp]


__all__ = ["PLUGIN"]


@hookimpl
def tuition_student_data(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    return personal_data.export(session, student)


@hookimpl
def tuition_erase_student(session: Session, student: StudentRecord) -> ErasureReport:
    return personal_data.erase(session, student)
