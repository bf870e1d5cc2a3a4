"""Admin API of the cohorts plugin (secret key): cohorts, course steps, session options and
the roster. Every path answers 404 for tenants that did not enable the plugin."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from tuition.plugin_api import ADMIN, CourseRecord, NotFound, PageQuery, PluginBlueprint, problems
from tuition.plugin_api.web import admin_tenant, db, paginate
from tuition.plugin_api.web import host as tuition

from . import admin
from .models import Cohort, CourseStep, SessionOption
from .schemas import (
    CohortOut,
    CohortPage,
    CohortUpdate,
    CohortWrite,
    OptionList,
    OptionOut,
    OptionUpdate,
    OptionWrite,
    RosterOut,
    RosterQuery,
    StepList,
    StepOut,
    StepUpdate,
    StepWrite,
)
from .settings import PLUGIN

blp = PluginBlueprint(
    "cohorts_admin",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin",
    description="Cohorts, course steps and session options (cohorts plugin).",
)


def _doc(operation_id: str) -> dict[str, Any]:
    return {"security": ADMIN, "operationId": operation_id, "tags": ["admin"]}


def get_course(slug: str) -> CourseRecord:
    """The admin's course ``slug`` (any status), or NotFound."""
    course = tuition().services.course(db(), slug=slug)
    if course is None:
        raise NotFound(f"No course with slug {slug!r}.")
    return course


def _course_slug(course_id: str) -> str:
    course = tuition().services.course(db(), id=course_id)
    return course.slug if course is not None else ""


def present_cohort(cohort: Cohort, course_slug: str | None = None) -> dict[str, Any]:
    return {
        "id": cohort.id,
        "course": course_slug or _course_slug(cohort.course_id),
        "slug": cohort.slug,
        "name": cohort.name,
        "capacity": cohort.capacity,
        "seats_taken": cohort.seats_taken,
        "seats_left": max(cohort.capacity - cohort.seats_taken, 0),
        "enrollment_deadline": cohort.enrollment_deadline,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "active": cohort.active,
        "created_at": cohort.created_at,
    }


def present_step(step: CourseStep, course_slug: str | None = None) -> dict[str, Any]:
    return {
        "id": step.id,
        "course": course_slug or _course_slug(step.course_id),
        "label": step.label,
        "title": step.title,
        "position": step.position,
    }


def present_option(option: SessionOption) -> dict[str, Any]:
    return {
        "id": option.id,
        "cohort_id": option.cohort_id,
        "step": option.step.label,
        "step_id": option.step_id,
        "name": option.name,
        "weekday": option.weekday,
        "on_date": option.on_date,
        "start_time": option.start_time,
        "end_time": option.end_time,
        "timezone": option.timezone,
        "location": option.location,
        "capacity": option.capacity,
        "seats_taken": option.seats_taken,
        "seats_left": max(option.capacity - option.seats_taken, 0),
    }


# -- cohorts ------------------------------------------------------------------------------


@blp.route("/courses/<string:slug>/cohorts")
class Cohorts(MethodView):
    @blp.doc(**_doc("listCohorts"))
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, CohortPage)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any], slug: str) -> dict[str, Any]:
        """The course's cohorts (inactive ones included), by start date."""
        course = get_course(slug)
        return paginate(
            admin.cohorts_of(course),
            query,
            Cohort.starts_on,
            Cohort.created_at,
            Cohort.id,
            present=lambda c: present_cohort(c, course.slug),
        )

    @blp.doc(**_doc("createCohort"))
    @blp.arguments(CohortWrite)
    @blp.response(201, CohortOut)
    @problems(blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any], slug: str) -> dict[str, Any]:
        """Create a cohort of the course; students then enroll with ``{course, cohort}``.

        ``cohort_exists`` (409): the course has a cohort with this slug.
        """
        tenant = admin_tenant()
        course = get_course(slug)
        return present_cohort(admin.create_cohort(db(), tenant, course, data), course.slug)


@blp.route("/cohorts/<string:cohort_id>")
class CohortResource(MethodView):
    @blp.doc(**_doc("getCohort"))
    @blp.response(200, CohortOut)
    @problems(blp, 401, 404)
    def get(self, cohort_id: str) -> dict[str, Any]:
        """One cohort with its seat counts."""
        return present_cohort(admin.get_cohort(db(), cohort_id))

    @blp.doc(**_doc("updateCohort"))
    @blp.arguments(CohortUpdate, required=False)
    @blp.response(200, CohortOut)
    @problems(blp, 401, 404, 409, 422)
    def patch(self, data: dict[str, Any], cohort_id: str) -> dict[str, Any]:
        """Change a cohort's name, dates, ``active`` or capacity.

        ``capacity_below_seats_taken`` (409): seats taken or held exceed the new capacity.
        Seats added are offered to the waitlist first.
        """
        tenant = admin_tenant()
        return present_cohort(admin.update_cohort(tuition(), db(), tenant, cohort_id, data))

    @blp.doc(**_doc("deleteCohort"))
    @blp.response(204)
    @problems(blp, 401, 404, 409)
    def delete(self, cohort_id: str) -> None:
        """Delete a cohort nobody enrolled in, with its session options and waitlist.

        ``cohort_in_use`` (409): seats are taken or held, or were (deactivate it instead).
        """
        admin.delete_cohort(db(), cohort_id)


@blp.route("/cohorts/<string:cohort_id>/roster")
class Roster(MethodView):
    @blp.doc(**_doc("getCohortRoster"))
    @blp.arguments(RosterQuery, location="query")
    @blp.response(200, RosterOut)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any], cohort_id: str) -> dict[str, Any]:
        """Students holding or having a seat, oldest first, with their progress per step
        and the booked session; ``counts`` sums up seats and the waitlist."""
        cohort = admin.get_cohort(db(), cohort_id)
        found = admin.roster(
            tuition(), db(), cohort, page=query["page"], page_size=query["page_size"]
        )
        return {
            "cohort": present_cohort(cohort),
            "counts": {
                "capacity": cohort.capacity,
                "seats_taken": cohort.seats_taken,
                "held": found.held,
                "taken": found.taken,
                "seats_left": max(cohort.capacity - cohort.seats_taken, 0),
                "waiting": found.waiting,
            },
            "items": [_roster_entry(entry, found.steps) for entry in found.entries],
            "page": query["page"],
            "page_size": query["page_size"],
            "total": found.total,
        }


def _roster_entry(entry: admin.RosterEntry, steps: list[CourseStep]) -> dict[str, Any]:
    progress = {row.step_id: row for row in entry.progress}
    return {
        "enrollment_id": entry.enrollment.id,
        "enrollment_status": entry.enrollment.status,
        "student_id": entry.student.id,
        "student_email": entry.student.email,
        "seat_status": entry.seat.status,
        "hold_until": entry.seat.hold_until,
        "steps": [_roster_step(step, progress.get(step.id)) for step in steps],
    }


def _roster_step(step: CourseStep, row: Any) -> dict[str, Any]:
    option = row.option if row is not None else None
    return {
        "step": step.label,
        "status": row.status if row is not None else "unbooked",
        "option_id": option.id if option else None,
        "option_name": option.name if option else None,
        "booked_at": row.booked_at if row is not None else None,
        "completed_at": row.completed_at if row is not None else None,
    }


# -- steps --------------------------------------------------------------------------------


@blp.route("/courses/<string:slug>/steps")
class Steps(MethodView):
    @blp.doc(**_doc("listCourseSteps"))
    @blp.response(200, StepList)
    @problems(blp, 401, 404)
    def get(self, slug: str) -> dict[str, Any]:
        """The course's steps in order; each enrollment of a cohort books one session per
        step."""
        course = get_course(slug)
        return {"items": [present_step(s, course.slug) for s in admin.steps_of(db(), course)]}

    @blp.doc(**_doc("createCourseStep"))
    @blp.arguments(StepWrite)
    @blp.response(201, StepOut)
    @problems(blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any], slug: str) -> dict[str, Any]:
        """Add a step to the course (at the end unless ``position`` says otherwise).

        ``step_exists`` (409): the course has a step with this label.
        """
        tenant = admin_tenant()
        course = get_course(slug)
        return present_step(admin.create_step(db(), tenant, course, data), course.slug)


@blp.route("/steps/<string:step_id>")
class StepResource(MethodView):
    @blp.doc(**_doc("updateCourseStep"))
    @blp.arguments(StepUpdate, required=False)
    @blp.response(200, StepOut)
    @problems(blp, 401, 404, 409, 422)
    def patch(self, data: dict[str, Any], step_id: str) -> dict[str, Any]:
        """Change a step's label, title or position (``step_exists``: label taken)."""
        return present_step(admin.update_step(tuition(), db(), step_id, data))

    @blp.doc(**_doc("deleteCourseStep"))
    @blp.response(204)
    @problems(blp, 401, 404, 409)
    def delete(self, step_id: str) -> None:
        """Delete a step with its session options.

        ``step_in_use`` (409): a student booked or completed the step.
        """
        admin.delete_step(db(), step_id)


# -- session options ----------------------------------------------------------------------


@blp.route("/cohorts/<string:cohort_id>/options")
class Options(MethodView):
    @blp.doc(**_doc("listSessionOptions"))
    @blp.response(200, OptionList)
    @problems(blp, 401, 404)
    def get(self, cohort_id: str) -> dict[str, Any]:
        """The cohort's session options, by step and time, with seats left."""
        cohort = admin.get_cohort(db(), cohort_id)
        return {"items": [present_option(o) for o in admin.options_of(db(), cohort)]}

    @blp.doc(**_doc("createSessionOption"))
    @blp.arguments(OptionWrite)
    @blp.response(201, OptionOut)
    @problems(blp, 401, 404, 422)
    def post(self, data: dict[str, Any], cohort_id: str) -> dict[str, Any]:
        """Add a session students of the cohort may book for one step: weekly
        (``weekday``) or once (``date``), from ``start_time`` to ``end_time`` in
        ``timezone``, for up to ``capacity`` students."""
        tenant = admin_tenant()
        cohort = admin.get_cohort(db(), cohort_id)
        return present_option(admin.create_option(db(), tenant, cohort, data))


@blp.route("/options/<string:option_id>")
class OptionResource(MethodView):
    @blp.doc(**_doc("updateSessionOption"))
    @blp.arguments(OptionUpdate, required=False)
    @blp.response(200, OptionOut)
    @problems(blp, 401, 404, 409, 422)
    def patch(self, data: dict[str, Any], option_id: str) -> dict[str, Any]:
        """Change a session option; bookings stay.

        ``capacity_below_seats_taken`` (409): more students booked it than the new capacity.
        """
        return present_option(admin.update_option(db(), option_id, data))

    @blp.doc(**_doc("deleteSessionOption"))
    @blp.response(204)
    @problems(blp, 401, 404, 409)
    def delete(self, option_id: str) -> None:
        """Delete a session option nobody booked (``option_in_use``, 409, otherwise)."""
        admin.delete_option(db(), option_id)
