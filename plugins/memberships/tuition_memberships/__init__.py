"""Memberships: pricing model ``subscription``. A plan is a course whose price is charged
every period until canceled (``attributes.memberships``: ``interval``, ``interval_count``,
``courses``, ``trial_days``); while the subscription is in good standing (``trialing``,
``active``, ``past_due``) the courses it includes show the
enroll state ``included`` and enroll at price 0 (a price offer: seats as usual), recorded
as the subscription's grants. Renewals (``installment.paid``/``failed``,
``schedule.canceled``) reach it through core's payment inbox (``tuition_recurring_event``);
dunning (grace days, paused, canceled after a final deadline) and period ends run in
``tuition_sweep``. Plan changes: an upgrade now with a prorated charge, a downgrade at the
renewal. See README.md for the lifecycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    CatalogContext,
    EnrollmentChange,
    EnrollmentContext,
    EnrollStateInfo,
    ErasureReport,
    Host,
    JobHandler,
    Outcome,
    PluginInfo,
    PriceOffer,
    PricingModel,
    Problem,
    QuoteContext,
    RecurringEvent,
    StudentRecord,
    hookimpl,
)

from . import personal_data, subscriptions
from .api import admin, me
from .settings import PLUGIN, MembershipsAttributes, MembershipsSettings

TUITION_PLUGIN = PluginInfo(
    title="Memberships",
    category="commerce",
    description="Sell memberships charged every period that include a set of courses.",
    requires_core=">=0.1,<0.2",
)
__all__ = ["PLUGIN", "TUITION_PLUGIN"]


@hookimpl
def tuition_pricing_models() -> list[PricingModel]:
    return [subscriptions.SubscriptionPricing()]


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return MembershipsSettings


@hookimpl
def tuition_course_attributes() -> type[Schema]:
    return MembershipsAttributes


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    return subscriptions.PROBLEM_CODES


@hookimpl
def tuition_event_types() -> dict[str, str]:
    return subscriptions.EVENT_TYPES


@hookimpl
def tuition_enroll_states() -> list[EnrollStateInfo]:
    return [
        EnrollStateInfo(
            "included",
            "the student's membership includes the course: enrolling costs nothing",
            actionable=True,
        ),
        EnrollStateInfo(
            "membership_paused",
            "a renewal of the student's membership is unpaid past the grace days: access "
            "is paused until it is paid (``GET /v1/me/subscriptions``)",
        ),
    ]


@hookimpl
def tuition_enroll_state(ctx: CatalogContext) -> dict[str, str] | None:
    if ctx.student is None:
        return None
    states = subscriptions.enroll_states(ctx.tuition, ctx.session, ctx.student, ctx.courses)
    # "included" only where the student could otherwise buy the course.
    return {
        course_id: state
        for course_id, state in states.items()
        if state != "included" or ctx.states.get(course_id) == "available"
    } or None


@hookimpl
def tuition_price_offers(ctx: EnrollmentContext) -> list[PriceOffer] | None:
    return subscriptions.offers(ctx)


@hookimpl
def tuition_price_quote(ctx: QuoteContext) -> list[PriceOffer | Problem] | None:
    found = subscriptions.offers(ctx)
    return list(found) if found else None


@hookimpl
def tuition_enrollment_created(ctx: EnrollmentContext, outcome: Outcome) -> None:
    subscriptions.record_grant(ctx, outcome)


@hookimpl
def tuition_recurring_event(event: RecurringEvent) -> str | None:
    return subscriptions.apply_event(event)


@hookimpl
def tuition_enrollment_changed(change: EnrollmentChange) -> None:
    subscriptions.follow(change)


@hookimpl
def tuition_sweep(tuition: Host, now: Any) -> dict[str, int]:
    return subscriptions.sweep(tuition, now)


@hookimpl
def tuition_job_handlers() -> dict[str, JobHandler]:
    return {
        subscriptions.CANCEL_JOB: subscriptions.cancel_schedule_job,
        subscriptions.REFUND_JOB: subscriptions.refund_job,
        subscriptions.UPGRADE_JOB: subscriptions.upgrade_job,
        subscriptions.SYNC_JOB: subscriptions.sync_amount_job,
    }


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    return [me, admin]


@hookimpl
def tuition_student_data(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    return personal_data.export(session, student)


@hookimpl
def tuition_erase_student() -> ErasureReport:
    return personal_data.erase()
