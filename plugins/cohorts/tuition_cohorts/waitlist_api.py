"""``/v1/courses/<slug>/waitlist``: join, look at and leave a cohort's waitlist."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields

from tuition.plugin_api import STUDENT, Out, PluginBlueprint, problems, slug_field
from tuition.plugin_api.web import db, storefront_tenant, student
from tuition.plugin_api.web import host as tuition

from . import waitlist
from .models import WaitlistEntry
from .settings import PLUGIN

blp = PluginBlueprint(
    "cohort_waitlist",
    __name__,
    plugin=PLUGIN,
    audience="student",
    url_prefix="/v1",
    description="Waitlists of full cohorts (cohorts plugin).",
)


class WaitlistJoin(Schema):
    cohort = slug_field(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "The full cohort to wait for; may be left out if the course has one."
        },
    )


class WaitlistQuery(Schema):
    cohort = slug_field(load_default=None)


class WaitlistOut(Out):
    id = fields.String()
    course = fields.String()
    cohort = fields.String(
        allow_none=True,
        metadata={"description": "None for a capacity-limited course sold without cohorts."},
    )
    status = fields.String(metadata={"enum": ["waiting", "offered", "accepted", "expired", "left"]})
    position = fields.Integer(
        allow_none=True,
        metadata={"description": "1 = the next to get an offer (only while waiting)."},
    )
    offer_expires_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "While offered: enroll in the cohort before this time."},
    )
    created_at = fields.DateTime()


class WaitlistList(Out):
    items = fields.List(fields.Nested(WaitlistOut))


def _present(entry: WaitlistEntry, course_slug: str) -> dict[str, Any]:
    return {
        "id": entry.id,
        "course": course_slug,
        "cohort": entry.cohort.slug if entry.cohort else None,
        "status": entry.status,
        "position": waitlist.position(db(), entry),
        "offer_expires_at": entry.offer_expires_at if entry.status == "offered" else None,
        "created_at": entry.created_at,
    }


@blp.route("/courses/<string:slug>/waitlist")
class Waitlist(MethodView):
    @blp.doc(security=STUDENT, operationId="joinWaitlist", tags=["student"])
    @blp.arguments(WaitlistJoin)
    @blp.response(201, WaitlistOut, description="Joined.")
    @blp.alt_response(200, schema=WaitlistOut, description="Already on the waitlist.")
    @problems(blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any], slug: str) -> Any:
        """Wait for a seat in a full cohort; a freed seat is offered in turn, for a while.

        Joining twice answers the same entry (200). ``seats_available`` (409) means the
        cohort has seats: enroll instead.
        """
        tenant, me = storefront_tenant(), student()
        course = waitlist.published_course(tuition(), db(), slug)
        joined = waitlist.join(tuition(), db(), tenant, me, course, data["cohort"])
        return _present(joined.entry, course.slug), 201 if joined.created else 200

    @blp.doc(security=STUDENT, operationId="listMyWaitlistEntries", tags=["student"])
    @blp.response(200, WaitlistList)
    @problems(blp, 401, 404)
    def get(self, slug: str) -> dict[str, Any]:
        """The signed-in student's waitlist entries for this course, newest first."""
        me = student()
        course = waitlist.published_course(tuition(), db(), slug)
        return {"items": [_present(e, course.slug) for e in waitlist.entries_of(db(), me, course)]}

    @blp.doc(security=STUDENT, operationId="leaveWaitlist", tags=["student"])
    @blp.arguments(WaitlistQuery, location="query")
    @blp.response(204)
    @problems(blp, 401, 404, 422)
    def delete(self, query: dict[str, Any], slug: str) -> None:
        """Leave the waitlist; an open offer passes to the next student."""
        tenant, me = storefront_tenant(), student()
        course = waitlist.published_course(tuition(), db(), slug)
        waitlist.leave(tuition(), db(), tenant, me, course, query["cohort"])
