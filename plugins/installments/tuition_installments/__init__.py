"""Payment plans: pricing model ``installments``. A course offers "N payments of X every
month" (``attributes.installments``) beside its one-time price; the student chooses with
the enrollment field ``payment_plan``; the first payment enrolls and the tenant's payment
provider charges the rest on its own schedule (``Capabilities.recurring``). Its events
(``installment.paid``/``failed``, ``schedule.canceled``) reach the plan through core's
payment inbox (``tuition_recurring_event``); unpaid installments follow the tenant's
dunning settings (grace days, then access paused with enroll state ``payment_overdue``,
ended after a final deadline), driven by ``tuition_sweep``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    CatalogContext,
    EnrollmentChange,
    EnrollStateInfo,
    ErasureReport,
    Host,
    JobHandler,
    PluginInfo,
    PricingModel,
    RecurringEvent,
    StudentRecord,
    hookimpl,
)

from . import models, personal_data, plans
from .api import admin, me
from .settings import MODEL, PLUGIN, InstallmentsAttributes, InstallmentsSettings

TUITION_PLUGIN = PluginInfo(
    title="Payment plans",
    category="commerce",
    description="Sell a course in installments charged by the payment provider.",
    requires_core=">=0.1,<0.2",
)
__all__ = ["PLUGIN", "TUITION_PLUGIN"]


@hookimpl
def tuition_pricing_models() -> list[PricingModel]:
    return [plans.InstallmentsPricing()]


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return InstallmentsSettings


@hookimpl
def tuition_course_attributes() -> type[Schema]:
    return InstallmentsAttributes


@hookimpl
def tuition_enrollment_fields() -> dict[str, fields.Field]:
    return {
        "payment_plan": fields.String(
            validate=validate.OneOf(["full", "installments"]),
            metadata={
                "description": "For a course sold in installments: pay in ``full`` (its "
                "price) or in ``installments`` (its plan). Default: full when offered."
            },
        )
    }


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    return plans.PROBLEM_CODES


@hookimpl
def tuition_event_types() -> dict[str, str]:
    return plans.EVENT_TYPES


@hookimpl
def tuition_enroll_states() -> list[EnrollStateInfo]:
    return [
        EnrollStateInfo(
            "payment_overdue",
            "an installment of the student's payment plan is unpaid past the grace days: "
            "access is paused until it is paid (``GET /v1/me/payment-plans``)",
        )
    ]


@hookimpl
def tuition_course_extensions(ctx: CatalogContext) -> dict[str, dict[str, Any]] | None:
    """``extensions.installments`` of a course sold in installments, for frontends to
    offer the plan: ``count`` payments of ``amount`` (``currency``) every
    ``interval_count`` ``interval``\\s, ``total``, and whether ``pay_in_full`` (the
    one-time price) is offered beside it."""
    offers = {}
    for course in ctx.courses:
        plan = plans.course_plan(course) if course.pricing_model == MODEL else None
        if plan is None or course.price_currency is None:
            continue
        count, amount = int(plan["count"]), int(plan["amount"])
        offers[course.id] = {
            PLUGIN: {
                "count": count,
                "amount": amount,
                "currency": course.price_currency,
                "interval": plan.get("interval", "month"),
                "interval_count": int(plan.get("interval_count", 1)),
                "total": count * amount,
                "pay_in_full": bool(plan.get("pay_in_full", True)),
            }
        }
    return offers or None


@hookimpl
def tuition_enroll_state(ctx: CatalogContext) -> dict[str, str] | None:
    if ctx.student is None:
        return None
    ids = [c.id for c in ctx.courses]
    overdue = ctx.session.scalars(
        select(models.PaymentPlan.course_id).where(
            models.PaymentPlan.student_id == ctx.student.id,
            models.PaymentPlan.status == "overdue",
            models.PaymentPlan.course_id.in_(ids),
        )
    ).all()
    return {course_id: "payment_overdue" for course_id in overdue} or None


@hookimpl
def tuition_recurring_event(event: RecurringEvent) -> str | None:
    return plans.apply_event(event)


@hookimpl
def tuition_enrollment_changed(change: EnrollmentChange) -> None:
    plans.follow(change)


@hookimpl
def tuition_sweep(tuition: Host, now: Any) -> dict[str, int]:
    return plans.sweep(tuition, now)


@hookimpl
def tuition_job_handlers() -> dict[str, JobHandler]:
    return {plans.CANCEL_JOB: plans.cancel_schedule_job, plans.REFUND_JOB: plans.refund_job}


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    return [me, admin]


@hookimpl
def tuition_student_data(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    return personal_data.export(session, student)


@hookimpl
def tuition_erase_student() -> ErasureReport:
    return personal_data.erase()
