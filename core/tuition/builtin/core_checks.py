"""Core's own enrollment checks: published, pricing model, deadline, duplicate,
prerequisites. A built-in plugin, so plugins' checks run through the very same hook. A
full course is refused when its seat pool holds the seat (``services/capacity.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from sqlalchemy import select

from tuition.builtin.student_data_jobs import tuition_job_handlers  # noqa: F401
from tuition.models import (
    OWNED_ENROLLMENT_STATUSES,
    Course,
    Enrollment,
)
from tuition.plugin_api import EnrollmentContext, PluginInfo, Problem, hookimpl
from tuition.services.enrollment import already_enrolled, live_enrollment

if TYPE_CHECKING:
    from tuition.runtime import Tuition

TUITION_PLUGIN = PluginInfo(title="Core enrollment checks", category="core")


@hookimpl(tryfirst=True)
def tuition_enrollment_checks(ctx: EnrollmentContext) -> list[Problem]:
    """Refuse enrollments the catalogue itself forbids, in a fixed order. The site owner
    enrolling by hand (``ctx.manual``) is refused only an archived course and a second
    live enrollment."""
    course, student = ctx.course, ctx.student
    if ctx.manual is not None:
        return manual_checks(ctx)
    if course.status != "published":
        return [Problem("not_published", f"Course {course.slug!r} is not open for enrollment.")]
    enabled = ctx.tuition.hooks(ctx.tenant).enabled
    model = cast("Tuition", ctx.tuition).plugins.pricing_model(course.pricing_model, enabled)
    if model is None or model.why_not_sellable(ctx.tuition, ctx.tenant, course, enabled):
        return [Problem("not_available", f"Course {course.slug!r} cannot be acquired here.")]

    existing = live_enrollment(ctx.session, student.id, course.id)
    if existing is not None:
        return [already_enrolled(existing, ctx.session)]
    if course.registration_deadline is not None and ctx.now > course.registration_deadline:
        return [
            Problem(
                "registration_closed",
                f"Registration for {course.slug!r} closed on "
                f"{course.registration_deadline.isoformat()}.",
            )
        ]
    missing = missing_prerequisites(ctx)
    if missing:
        return [
            Problem(
                "prerequisite_missing",
                "Complete the prerequisite courses first: " + ", ".join(missing) + ".",
                extra={"missing": missing},
            )
        ]
    return []


def missing_prerequisites(ctx: EnrollmentContext) -> list[str]:
    """Slugs of the course's prerequisites the student does not own."""
    links = cast(Course, ctx.course).prerequisite_links
    if not links:
        return []
    owned = set(
        ctx.session.scalars(
            select(Enrollment.course_id).where(
                Enrollment.student_id == ctx.student.id,
                Enrollment.course_id.in_([link.required_course_id for link in links]),
                Enrollment.status.in_(OWNED_ENROLLMENT_STATUSES),
            )
        )
    )
    return sorted(
        link.required_course.slug for link in links if link.required_course_id not in owned
    )


def manual_checks(ctx: EnrollmentContext) -> list[Problem]:
    """What forbids even the site owner: an archived course, a live enrollment already.
    Drafts are allowed (a beta group), deadlines, prerequisites and the pricing model are
    the owner's call."""
    if ctx.course.status == "archived":
        return [Problem("not_published", f"Course {ctx.course.slug!r} is archived.")]
    existing = live_enrollment(ctx.session, ctx.student.id, ctx.course.id)
    if existing is not None:
        return [already_enrolled(existing, ctx.session)]
    return []
