"""Bundles: several courses sold together at one price.

A bundle is a core course (its own price, order, provider checkout, catalogue entry and
enroll state) whose ``attributes.bundles.courses`` names its member courses. Everything
else goes through core's hooks: an enrollment check, a seat pool (``tuition_capacities``:
the member courses' seats are held with the bundle's checkout and released with it),
``tuition_enrollment_changed`` (the paid bundle enrolls the student in every member course
in the same transaction; its refund or end ends them), ``tuition_price_offers`` and
``tuition_price_quote`` (member courses the student owns are left out and credited), the
catalogue's ``extensions.bundle`` and the admin blueprint ``/v1/admin/bundles``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    Capacity,
    CatalogContext,
    EnrollmentChange,
    EnrollmentContext,
    EnrollStateInfo,
    ErasureReport,
    PluginInfo,
    PriceOffer,
    Problem,
    QuoteContext,
    StudentRecord,
    hookimpl,
)

from . import models, personal_data  # noqa: F401  (tables for migrations)
from .admin_api import blp
from .grants import (
    PLUGIN,
    PROBLEM_CODES,
    BundleSeats,
    check,
    follow,
    is_bundle,
    member_slugs,
    members,
    offer,
)
from .schemas import BundlesAttributes

TUITION_PLUGIN = PluginInfo(
    title="Bundles",
    category="commerce",
    description="Several courses sold together at one price.",
    requires_core=">=0.1,<0.2",
)
__all__ = ["PLUGIN", "TUITION_PLUGIN"]

SEATS = BundleSeats()
#: Enroll state of a bundle whose every course the student owns already.
BUNDLE_OWNED = "bundle_owned"


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    return dict(PROBLEM_CODES)


@hookimpl
def tuition_course_attributes() -> type[Schema]:
    return BundlesAttributes


@hookimpl
def tuition_enroll_states() -> list[EnrollStateInfo]:
    return [
        EnrollStateInfo(
            BUNDLE_OWNED,
            "the student owns every course of this bundle already: nothing to buy",
        )
    ]


@hookimpl
def tuition_enrollment_checks(ctx: EnrollmentContext) -> list[Problem]:
    return check(ctx)


@hookimpl
def tuition_capacities() -> list[Capacity]:
    return [SEATS]


@hookimpl
def tuition_price_offers(ctx: EnrollmentContext) -> list[PriceOffer]:
    if not is_bundle(ctx.course):
        return []
    credit = offer(ctx.course, members(ctx.tuition, ctx.session, ctx.course, ctx.student))
    return [credit] if credit is not None else []


@hookimpl
def tuition_price_quote(ctx: QuoteContext) -> list[PriceOffer | Problem]:
    """The credit for owned courses, and the quote's ``extensions.bundle``: the bundle's
    ``courses`` (``slug``, ``title``, ``owned``), the ``owned`` slugs (left out) and the
    ``credit`` (minor units of the bundle's currency; 0 when nothing is owned)."""
    if not is_bundle(ctx.course):
        return []
    found = members(ctx.tuition, ctx.session, ctx.course, ctx.student)
    credit = offer(ctx.course, found)
    ctx.extensions.setdefault(
        "bundle",
        {
            "courses": [
                {"slug": c.slug, "title": c.title, "owned": c.id in found.owned}
                for c in found.courses
            ],
            "owned": [c.slug for c in found.courses if c.id in found.owned],
            "credit": (ctx.course.price_amount or 0) - credit.amount if credit else 0,
        },
    )
    return [credit] if credit is not None else []


@hookimpl
def tuition_enrollment_changed(change: EnrollmentChange) -> list[Problem]:
    """By the bundle's grants, not its attributes: a checkout opened before the course
    stopped being a bundle still gets its courses."""
    return follow(change)


def _bundle_info(ctx: CatalogContext) -> dict[str, dict[str, Any]]:
    memo: dict[str, dict[str, Any]] | None = ctx.memo.get(PLUGIN)
    if memo is not None:
        return memo
    memo = {}
    for course in ctx.courses:
        if not member_slugs(course):
            continue
        found = members(ctx.tuition, ctx.session, course, ctx.student)
        memo[course.id] = {
            "courses": [
                {"slug": c.slug, "title": c.title, "owned": c.id in found.owned}
                for c in found.courses
            ],
            "owned": sorted(c.slug for c in found.courses if c.id in found.owned),
            "complete": bool(found.courses) and not found.to_grant,
        }
    ctx.memo[PLUGIN] = memo
    return memo


@hookimpl
def tuition_course_extensions(ctx: CatalogContext) -> dict[str, dict[str, Any]]:
    """``extensions.bundle`` of a bundle: its courses (``slug``, ``title``, ``owned`` by
    the signed-in student) and the slugs owned (left out of the purchase and credited)."""
    info = _bundle_info(ctx)
    return {
        course_id: {"bundle": {"courses": data["courses"], "owned": data["owned"]}}
        for course_id, data in info.items()
    }


@hookimpl
def tuition_enroll_state(ctx: CatalogContext) -> dict[str, str]:
    """``bundle_owned`` instead of ``available`` when the student owns every course."""
    return {
        course_id: BUNDLE_OWNED
        for course_id, data in _bundle_info(ctx).items()
        if data["complete"] and ctx.states.get(course_id) == "available"
    }


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    return [blp]


@hookimpl
def tuition_student_data(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    return personal_data.export(session, student)


@hookimpl
def tuition_erase_student(session: Session, student: StudentRecord) -> ErasureReport:
    return personal_data.erase(session)
