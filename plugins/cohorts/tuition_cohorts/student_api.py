"""Student API of the cohorts plugin: the steps of an enrollment and session bookings."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from tuition.plugin_api import STUDENT, PluginBlueprint, problems
from tuition.plugin_api.web import db, storefront_tenant, student
from tuition.plugin_api.web import host as tuition

from . import booking
from .models import SessionOption
from .schemas import BookingRequest, MyStepsOut
from .settings import PLUGIN

blp = PluginBlueprint(
    "cohorts_student",
    __name__,
    plugin=PLUGIN,
    audience="student",
    url_prefix="/v1",
    description="Steps and session bookings of cohort enrollments (cohorts plugin).",
)


def _session(option: SessionOption) -> dict[str, Any]:
    return {
        "id": option.id,
        "name": option.name,
        "weekday": option.weekday,
        "on_date": option.on_date,
        "start_time": option.start_time,
        "end_time": option.end_time,
        "timezone": option.timezone,
        "location": option.location,
    }


def present_steps(view: booking.StepsView) -> dict[str, Any]:
    cohort = view.seat.cohort
    return {
        "enrollment_id": view.enrollment.id,
        "enrollment_status": view.enrollment.status,
        "cohort": cohort.slug,
        "cohort_name": cohort.name,
        "steps": [
            {
                "step": state.step.label,
                "title": state.step.title,
                "position": state.step.position,
                "status": state.status,
                "booked_at": state.progress.booked_at if state.progress else None,
                "completed_at": state.progress.completed_at if state.progress else None,
                "option": _session(state.progress.option)
                if state.progress and state.progress.option
                else None,
                "options": [
                    {**_session(o), "seats_left": max(o.capacity - o.seats_taken, 0)}
                    for o in state.options
                ],
            }
            for state in view.steps
        ],
    }


@blp.route("/me/enrollments/<string:enrollment_id>/steps")
class MySteps(MethodView):
    @blp.doc(security=STUDENT, operationId="listMyEnrollmentSteps", tags=["student"])
    @blp.response(200, MyStepsOut)
    @problems(blp, 401, 404)
    def get(self, enrollment_id: str) -> dict[str, Any]:
        """The steps of a cohort enrollment in order: what is booked, and the sessions
        that can be booked with the seats they have left."""
        return present_steps(booking.steps_view(tuition(), db(), student(), enrollment_id))


@blp.route("/me/enrollments/<string:enrollment_id>/bookings")
class MyBookings(MethodView):
    @blp.doc(security=STUDENT, operationId="bookSessions", tags=["student"])
    @blp.arguments(BookingRequest)
    @blp.response(200, MyStepsOut)
    @problems(blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any], enrollment_id: str) -> dict[str, Any]:
        """Book one session per step for an active enrollment: all selections or none.

        Booking a booked step again moves the booking. ``session_full`` (409) names the
        full session (``option``, ``step``); ``step_completed`` (409), ``enrollment_not_active``
        (409) and ``invalid_selection`` (422, a session of another cohort or step) book
        nothing either. Answers the steps as ``GET …/steps`` does.
        """
        tenant, me = storefront_tenant(), student()
        view = booking.book(tuition(), db(), tenant, me, enrollment_id, data["selections"])
        return present_steps(view)
