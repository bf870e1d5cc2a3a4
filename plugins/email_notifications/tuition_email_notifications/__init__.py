"""Email notifications: per-tenant SMTP and templates for the mail that follows enrollments
and payments (confirmation, receipt, failed payment, refund notice, waitlist offer) and
marketing mail (abandoned-checkout reminder, next-course offer) that students can opt out of.

Domain events arrive through ``tuition_event`` as one job each, after the commit; every mail
is claimed in ``email_sent_mails`` before it is sent, so it goes at most once per event and
template. A failed send is recorded and raised (rq retries the job) and ``tuition_sweep``
retries it later with backoff; it never touches the enrollment or the order.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask_smorest import Blueprint
from marshmallow import Schema

from tuition import hookimpl
from tuition.extension import DomainEvent, JobContext, PluginInfo
from tuition.runtime import Tuition

from . import models  # noqa: F401 - registers the tables
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
def tuition_api_blueprints() -> list[Blueprint]:
    from .api import blp

    return [blp]


@hookimpl
def tuition_event(event: DomainEvent, job: JobContext) -> None:
    """Send the mail ``event`` asks for (once); a failed send raises after recording it."""
    from .delivery import handle_event

    handle_event(event, job)


@hookimpl
def tuition_sweep(tuition: Tuition, now: datetime) -> dict[str, int]:
    """``tuition jobs sweep``: retry failed mails whose backoff has passed."""
    from .delivery import sweep

    return sweep(tuition, now)
