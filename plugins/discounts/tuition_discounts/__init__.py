"""Discounts: discount codes (percent or fixed amount off per currency, for every course or
a list, within dates, with total and per-student limits and a minimum price), generated in
batches or chosen by hand, and access codes for courses that take enrollments with a code
only.

Everything goes through core's hooks: the ``code`` enrollment field, an enrollment check
(the code's problem), ``tuition_price_offers`` (the discounted price, with the code, which
the order records), ``tuition_enrollment_created`` (the redemption, race-safe),
``tuition_enrollment_changed`` (used when paid, given back when the checkout ends unpaid),
``tuition_price_quote`` (``GET /v1/courses/<slug>/quote``), the enroll state
``code_required`` and the admin blueprint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    CatalogContext,
    EnrollmentChange,
    EnrollmentContext,
    EnrollStateInfo,
    ErasureReport,
    Outcome,
    PluginInfo,
    PriceOffer,
    Problem,
    QuoteContext,
    StudentRecord,
    TenantRecord,
    hookimpl,
)

from . import admin, models, personal_data, tenant_data  # noqa: F401  (tables for migrations)
from .admin_api import blp
from .codes import PLUGIN, PROBLEM_CODES, code_required, evaluate, follow, redeem
from .schemas import DiscountsAttributes, code_field

TUITION_PLUGIN = PluginInfo(
    title="Discounts",
    category="commerce",
    description="Discount codes and access codes for courses.",
    requires_core=">=0.1,<0.2",
)
__all__ = ["PLUGIN", "TUITION_PLUGIN"]


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    return {**PROBLEM_CODES, **admin.PROBLEM_CODES}


@hookimpl
def tuition_course_attributes() -> type[Schema]:
    return DiscountsAttributes


@hookimpl
def tuition_enrollment_fields() -> dict[str, fields.Field]:
    return {"code": code_field()}


@hookimpl
def tuition_enroll_states() -> list[EnrollStateInfo]:
    return [
        EnrollStateInfo(
            "code_required",
            "the course takes enrollments with an access code only: ask for it, check it with "
            "``GET /v1/courses/<slug>/quote?code=``, then enroll with ``{course, code}``",
            actionable=True,
        )
    ]


def _student_id(ctx: EnrollmentContext | QuoteContext) -> str | None:
    return ctx.student.id if ctx.student is not None else None


@hookimpl
def tuition_enrollment_checks(ctx: EnrollmentContext) -> list[Problem]:
    """A code sent must be valid for this course and student; a course that needs an
    access code refuses enrollments without one."""
    verdict = evaluate(ctx.session, ctx.course, ctx.student.id, ctx.request.get("code"), ctx.now)
    return [verdict.problem] if verdict.problem is not None else []


@hookimpl
def tuition_price_offers(ctx: EnrollmentContext) -> list[PriceOffer]:
    verdict = evaluate(ctx.session, ctx.course, ctx.student.id, ctx.request.get("code"), ctx.now)
    return [verdict.offer] if verdict.offer is not None else []


@hookimpl
def tuition_price_quote(ctx: QuoteContext) -> list[PriceOffer | Problem]:
    verdict = evaluate(ctx.session, ctx.course, _student_id(ctx), ctx.request.get("code"), ctx.now)
    if verdict.problem is not None:
        return [verdict.problem]
    return [verdict.offer] if verdict.offer is not None else []


@hookimpl
def tuition_enrollment_created(ctx: EnrollmentContext, outcome: Outcome) -> None:
    """Count the code against its limits (or refuse the enrollment if a concurrent buyer
    took its last use)."""
    redeem(ctx, outcome)


@hookimpl
def tuition_enrollment_changed(change: EnrollmentChange) -> list[Problem]:
    return follow(change)


@hookimpl
def tuition_enroll_state(ctx: CatalogContext) -> dict[str, str]:
    """``code_required`` instead of ``available`` for courses that need an access code."""
    return {
        c.id: "code_required"
        for c in ctx.courses
        if ctx.states.get(c.id) == "available" and code_required(c)
    }


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    return [blp]


@hookimpl
def tuition_tenant_data(session: Session, tenant: TenantRecord, data: dict[str, Any]) -> list[str]:
    """Codes declared in a tenant file (``[[plugin_data.discounts.codes]]``)."""
    return tenant_data.apply(session, tenant, data)


@hookimpl
def tuition_student_data(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    return personal_data.export(session, student)


@hookimpl
def tuition_erase_student(session: Session, student: StudentRecord) -> ErasureReport:
    return personal_data.erase(session, student)
