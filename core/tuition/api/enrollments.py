"""Student API: enroll, my enrollments, dashboard."""

from __future__ import annotations

from typing import Any, cast

from flask import Response, jsonify
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import ValidationError

from tuition.api import present
from tuition.api.context import db, storefront_tenant, student, tuition
from tuition.api.docs import STUDENT, problems
from tuition.api.schemas import (
    DashboardOut,
    EnrollmentOut,
    EnrollmentRequest,
    PageQuery,
    RecommendationList,
    RecommendationQuery,
    page_of,
)
from tuition.models import Enrollment
from tuition.services import checkout, dashboard, enrollment, orders

blp = Blueprint(
    "enrollments", __name__, url_prefix="/v1", description="Enrollments and the student dashboard."
)
EnrollmentPage = page_of(EnrollmentOut, "EnrollmentPage")


@blp.before_request
def _authenticate() -> None:
    """The publishable key first: validation errors are for callers of this site only."""
    storefront_tenant()


@blp.route("/enrollments")
class Enrollments(MethodView):
    @blp.doc(security=STUDENT, operationId="enroll", tags=["student"])
    @blp.arguments(EnrollmentRequest)
    @blp.response(201, EnrollmentOut, description="Enrolled (free course).")
    @blp.alt_response(
        202, schema=EnrollmentOut, description="Pending: pay through ``checkout`` to activate."
    )
    @problems(blp, 401, 404, 409, 422, 502, 503)
    def post(self, data: dict[str, Any]) -> Any:
        """Enroll the signed-in student in a course.

        A paid course's checkout is made by the tenant's payment provider: if it fails, the
        seat held for it is released and the answer is 502 ``payment_provider_error`` or
        503 ``payment_provider_unavailable`` (with ``Retry-After``); enrolling again may
        succeed."""
        tenant = storefront_tenant()
        me = student()
        data = _with_plugin_fields(tenant, data)
        return _enroll(tenant, me, data)


def _with_plugin_fields(tenant: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Validate the keys besides ``course`` with the fields of the tenant's plugins."""
    rt = tuition()
    schema = rt.plugins.enrollment_extras_schema(rt.hooks(tenant).enabled)
    extra = {key: value for key, value in data.items() if key != "course"}
    if not extra and not schema.fields:
        return data
    try:
        loaded = schema.load(extra)
    except ValidationError as err:
        abort(422, messages={"json": err.messages})
    return {"course": data["course"], **loaded}


def _enroll(tenant: Any, me: Any, data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    # The view hands its session to the three steps, which commit it: the hold, the
    # provider's checkout with no transaction open, the checkout stored. Refused attempts
    # count as clicks too (in a transaction of their own).
    outcome = checkout.enroll_in_three_transactions(
        tuition(), db(), tenant, me, data["course"], data
    )
    return (
        present.enrollment(cast(Enrollment, outcome.enrollment), outcome.checkout),
        201 if outcome.is_active else 202,
    )


@blp.route("/me/enrollments")
class MyEnrollments(MethodView):
    @blp.doc(security=STUDENT, operationId="listMyEnrollments", tags=["student"])
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, EnrollmentPage)
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The signed-in student's enrollments, newest first."""
        rows, total = enrollment.student_enrollments(
            db(), student(), page=query["page"], page_size=query["page_size"]
        )
        waiting = orders.open_order_ids(db(), rows)
        return {
            "items": [present.enrollment(e, order_id=waiting.get(e.id)) for e in rows],
            "page": query["page"],
            "page_size": query["page_size"],
            "total": total,
        }


@blp.route("/me/enrollments/<string:enrollment_id>/complete")
class CompleteEnrollment(MethodView):
    @blp.doc(security=STUDENT, operationId="completeMyEnrollment", tags=["student"])
    @blp.response(200, EnrollmentOut)
    @problems(blp, 401, 404, 409)
    def post(self, enrollment_id: str) -> dict[str, Any]:
        """Mark the signed-in student's active enrollment completed (idempotent).

        Emits ``enrollment.completed`` once, which next-course plugins answer with an offer.
        ``enrollment_not_active`` (409) for a pending or ended enrollment.
        """
        tenant, me = storefront_tenant(), student()
        found = enrollment.own_enrollment(db(), me, enrollment_id)
        enrollment.complete(tuition(), db(), tenant, found, "student")
        return present.enrollment(found)


@blp.route("/me/recommendations")
class Recommendations(MethodView):
    @blp.doc(security=STUDENT, operationId="listMyRecommendations", tags=["student"])
    @blp.arguments(RecommendationQuery, location="query")
    @blp.response(200, RecommendationList)
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Courses suggested by every enabled recommendation plugin: merged, ranked,
        de-duplicated, never a course the student owns or has a pending order for."""
        tenant, me = storefront_tenant(), student()
        found = dashboard.recommendations_for(tuition(), db(), tenant, me, query["limit"])
        return {
            "items": [
                {"course": present.course(v), "reason": r.reason, "score": r.score}
                for v, r in found
            ]
        }


@blp.route("/me/dashboard")
class Dashboard(MethodView):
    @blp.doc(security=STUDENT, operationId="getDashboard", tags=["student"])
    @blp.response(200, DashboardOut)
    @problems(blp, 401)
    def get(self) -> Response:
        """Owned courses, courses available to enroll in, and recommendations."""
        tenant, me = storefront_tenant(), student()
        board = dashboard.build(tuition(), db(), tenant, me)
        # Already in DashboardOut's dumped shape (tests/test_catalogue_documents.py).
        return jsonify(present.dashboard_document(board))
