"""Storefront API (publishable key, optional student token): catalogue and student auth."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from tuition.api import present
from tuition.api.context import current_student, db, storefront_tenant, student, tuition
from tuition.api.docs import STOREFRONT, STUDENT, problems
from tuition.api.schemas import CourseOut, Login, PageQuery, Signup, StudentOut, TokenOut, page_of
from tuition.plugin_api import NotFound
from tuition.services import auth, catalog, reports

blp = Blueprint(
    "storefront",
    __name__,
    url_prefix="/v1",
    description="Catalogue and student accounts (publishable key).",
)
CoursePage = page_of(CourseOut, "CoursePage")


@blp.before_request
def _authenticate() -> None:
    """The publishable key first: validation errors are for callers of this site only."""
    storefront_tenant()


@blp.route("/courses")
class Courses(MethodView):
    @blp.doc(security=STOREFRONT, operationId="listCourses", tags=["storefront"])
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, CoursePage)
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> Response:
        """Published courses, each with ``enroll_state`` for the caller."""
        tenant = storefront_tenant()
        page = catalog.list_courses(
            tuition(),
            db(),
            tenant,
            current_student(required=False),
            page=query["page"],
            page_size=query["page_size"],
        )
        # Already in CoursePage's dumped shape (tests/test_catalogue_documents.py).
        return jsonify(
            {
                "items": [present.course_document(v) for v in page.items],
                "page": page.page,
                "page_size": page.page_size,
                "total": page.total,
            }
        )


@blp.route("/courses/<string:slug>")
class CourseResource(MethodView):
    @blp.doc(security=STOREFRONT, operationId="getCourse", tags=["storefront"])
    @blp.response(200, CourseOut)
    @problems(blp, 401, 404)
    def get(self, slug: str) -> dict[str, Any]:
        """One published course with ``enroll_state`` for the caller."""
        tenant = storefront_tenant()
        view = catalog.published_course(
            tuition(), db(), tenant, current_student(required=False), slug
        )
        return present.course(view)


@blp.route("/courses/<string:slug>/views")
class CourseViews(MethodView):
    @blp.doc(security=STOREFRONT, operationId="reportCourseView", tags=["storefront"])
    @blp.response(202, description="Counted in the funnel report.")
    @problems(blp, 401, 404)
    def post(self, slug: str) -> tuple[str, int]:
        """Report that the course page was shown (for the funnel report); send the student
        token too when someone is signed in."""
        tenant = storefront_tenant()
        viewer = current_student(required=False)
        if not reports.count(db(), tenant.id, slug, "view", viewer.id if viewer else None):
            raise NotFound(f"No course with slug {slug!r}.")
        return "", 202


def _token(tenant: Any, s: Any) -> dict[str, Any]:
    token, ttl = auth.issue_token(tuition(), tenant, s)
    return {
        "token": token,
        "token_type": "Bearer",
        "expires_in": ttl,
        "student": present.student(s),
    }


@blp.route("/auth/signup")
class SignupResource(MethodView):
    @blp.doc(security=[{"TenantKey": []}], operationId="signup", tags=["storefront"])
    @blp.arguments(Signup)
    @blp.response(201, TokenOut)
    @problems(blp, 401, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create a student account; records the signup method and the course they came for."""
        tenant = storefront_tenant()
        s = auth.signup(tuition(), db(), tenant, **data)
        return _token(tenant, s)


@blp.route("/auth/login")
class LoginResource(MethodView):
    @blp.doc(security=[{"TenantKey": []}], operationId="login", tags=["storefront"])
    @blp.arguments(Login)
    @blp.response(200, TokenOut)
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Exchange email and password for a student token."""
        tenant = storefront_tenant()
        return _token(tenant, auth.login(tuition(), db(), **data))


@blp.route("/me")
class Me(MethodView):
    @blp.doc(security=STUDENT, operationId="getMe", tags=["student"])
    @blp.response(200, StudentOut)
    @problems(blp, 401)
    def get(self) -> dict[str, Any]:
        """The signed-in student."""
        return present.student(student())
