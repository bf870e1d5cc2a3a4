"""Cohorts: sell a course per dated cohort with limited seats, hold seats during checkout,
book one session option per course step, and a waitlist that offers freed seats in turn.

Everything goes through core's hooks: the ``cohort`` enrollment field, enrollment checks,
the cohorts' seat pools (``tuition_capacities``: hold, confirm or veto a late payment when
the cohort filled up, release, lapse), ``enrollment_changed`` (free booked sessions), the
catalogue hooks, the post-enrollment hook (progress rows, auto-booking) and the plugin's
own blueprints.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    Capacity,
    CatalogContext,
    EnrollmentChange,
    EnrollmentContext,
    EnrollmentRecord,
    EnrollStateInfo,
    ErasureReport,
    Host,
    JobContext,
    PluginInfo,
    Problem,
    StudentRecord,
    TenantRecord,
    hookimpl,
)

from . import models, personal_data, seats
from .capacity import COHORT_SEATS, chosen_cohort
from .catalog import CatalogView
from .settings import PLUGIN, CohortSettings, waitlist_enabled

TUITION_PLUGIN = PluginInfo(
    title="Cohorts",
    category="feature",
    description="Dated cohorts with seat holds, session booking and a waitlist.",
    requires_core=">=0.1,<0.2",
)


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return CohortSettings


#: Problem codes of enrollment, seats and waitlist (admin and booking codes live there).
PROBLEM_CODES = {
    "cohort_required": "the course is sold per cohort: send 'cohort'",
    "unknown_cohort": "no such cohort of this course",
    "cohort_inactive": "the cohort is not open",
    "cohort_full": "no seat left in the cohort (see 'waitlist')",
    "seats_available": "the cohort has seats: enroll instead of joining the waitlist",
}


@hookimpl
def tuition_event_types() -> dict[str, str]:
    return {
        "cohort.session_booked": "a session of a cohort's step was booked or moved",
        "waitlist.offered": "a freed seat was offered to a student on the waitlist",
    }


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    from . import admin, booking

    return {**PROBLEM_CODES, **admin.PROBLEM_CODES, **booking.PROBLEM_CODES}


@hookimpl
def tuition_enrollment_fields() -> dict[str, fields.Field]:
    from tuition.plugin_api import slug_field

    return {
        "cohort": slug_field(
            metadata={
                "description": "The cohort to enroll in (``extensions.cohorts[].slug``); required "
                "for courses sold per cohort."
            }
        )
    }


def _has_cohorts(ctx: EnrollmentContext) -> bool:
    return (
        ctx.session.scalar(
            select(models.Cohort.id).where(models.Cohort.course_id == ctx.course.id).limit(1)
        )
        is not None
    )


@hookimpl
def tuition_enrollment_checks(ctx: EnrollmentContext) -> list[Problem]:
    """Cohort given and open: active, before its deadline, a seat left (or offered)."""
    slug = ctx.request.get("cohort")
    if not _has_cohorts(ctx):
        if slug is not None:
            return [
                Problem("unknown_cohort", f"Course {ctx.course.slug!r} has no cohorts.", status=422)
            ]
        return []
    if slug is None:
        return [
            Problem(
                "cohort_required",
                f"Choose a cohort of {ctx.course.slug!r} (field 'cohort').",
                status=422,
            )
        ]
    cohort = chosen_cohort(ctx)
    if cohort is None:
        return [
            Problem(
                "unknown_cohort", f"Course {ctx.course.slug!r} has no cohort {slug!r}.", status=422
            )
        ]
    if not cohort.active:
        return [Problem("cohort_inactive", f"Cohort {cohort.name!r} is not open.")]
    if ctx.manual is not None:  # the site owner: no deadline; full only when taking a seat
        return []
    if cohort.enrollment_deadline is not None and ctx.now > cohort.enrollment_deadline:
        return [
            Problem(
                "registration_closed",
                f"Registration for {cohort.name!r} closed on "
                f"{cohort.enrollment_deadline.isoformat()}.",
            )
        ]
    if (
        cohort.seats_taken >= cohort.capacity
        and not seats.has_open_offer(ctx.session, cohort, ctx.student.id, ctx.now)
        and not seats.has_overdue(ctx.session, cohort, ctx.now)
    ):
        settings = ctx.plugin_settings(PLUGIN)
        return [seats.full_problem(cohort, waitlist_enabled(settings))]
    return []


@hookimpl
def tuition_capacities() -> list[Capacity]:
    """Each cohort is a seat pool (and course seats set aside for waitlist offers)."""
    return [COHORT_SEATS]


@hookimpl
def tuition_enrollment_changed(change: EnrollmentChange) -> None:
    """An enrollment that ended frees its booked sessions (its seat freed already)."""
    if not change.releasing:
        return
    if change.session.get(models.CohortSeat, change.enrollment.id) is not None:
        from .booking import release_bookings

        release_bookings(change.session, change.enrollment.id)


@hookimpl
def tuition_enroll_states() -> list[EnrollStateInfo]:
    return [
        EnrollStateInfo(
            "choose_cohort",
            "pick one of ``extensions.cohorts``, then enroll with ``{course, cohort}``",
            actionable=True,
        )
    ]


@hookimpl
def tuition_enroll_state(ctx: CatalogContext) -> dict[str, str]:
    return CatalogView.of(ctx).states()


@hookimpl
def tuition_course_extensions(ctx: CatalogContext) -> dict[str, dict[str, Any]]:
    return CatalogView.of(ctx).extensions()


@hookimpl
def tuition_after_enrollment(enrollment: EnrollmentRecord, job: JobContext) -> None:
    """Progress rows for every step; steps with a single option are booked at once."""
    from .booking import start_progress

    seat = job.session.get(models.CohortSeat, enrollment.id)
    if seat is None or seat.status != "taken":
        return
    for row in start_progress(job.session, enrollment, seat.cohort):
        job.emit(
            "cohort.session_booked",
            {
                "enrollment_id": enrollment.id,
                "student_id": enrollment.student_id,
                "cohort": seat.cohort.slug,
                "step": row.step.label,
                "option_id": row.option_id,
                "previous_option_id": None,
                "automatic": True,
            },
        )


@hookimpl
def tuition_tenant_data(
    tuition: Host, session: Session, tenant: TenantRecord, data: dict[str, Any]
) -> list[str]:
    """Cohorts, steps and options declared in a tenant file (see ``tenant_data``)."""
    from .tenant_data import apply

    return apply(tuition, session, tenant, data)


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    from .admin_api import blp as admin_blp
    from .student_api import blp as student_blp
    from .waitlist_api import blp as waitlist_blp

    return [admin_blp, student_blp, waitlist_blp]


@hookimpl
def tuition_sweep(tuition: Host, now: datetime) -> dict[str, int]:
    """``tuition jobs sweep``: waitlist offers of courses without cohorts lapse, free
    seats are offered (core lapses the cohorts' holds through their seat pools)."""
    from .waitlist import sweep_course_waitlists

    return {"seats_freed": sweep_course_waitlists(tuition, now)}


@hookimpl
def tuition_cli_commands() -> list[click.Command]:
    from .cli import cohorts

    return [cohorts]


@hookimpl
def tuition_student_data(
    tuition: Host, session: Session, student: StudentRecord
) -> dict[str, Any] | None:
    return personal_data.export(tuition, session, student)


@hookimpl
def tuition_erase_student(
    tuition: Host, session: Session, tenant: TenantRecord, student: StudentRecord
) -> ErasureReport:
    return personal_data.erase(tuition, session, tenant, student)
