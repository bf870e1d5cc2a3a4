"""Storefront API (publishable key, optional student token): catalogue and student auth."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from tuition.api import present
from tuition.api.context import (
    current_student,
    current_token_family,
    db,
    storefront_tenant,
    student,
    tuition,
)
from tuition.api.docs import STOREFRONT, STUDENT, problems
from tuition.api.schemas import (
    CourseOut,
    LinkTokenIn,
    Login,
    LogoutIn,
    PageQuery,
    PasswordResetConfirmIn,
    PasswordResetIn,
    ProfileIn,
    QuoteOut,
    QuoteQuery,
    RefreshIn,
    Signup,
    StudentOut,
    TokenOut,
    page_of,
)
from tuition.plugin_api import NotFound
from tuition.services import auth, auth_tokens, catalog, profiles, quotes, reports

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


@blp.route("/courses/<string:slug>/quote")
class CourseQuote(MethodView):
    @blp.doc(security=STOREFRONT, operationId="quoteCourse", tags=["storefront"])
    @blp.arguments(QuoteQuery, location="query")
    @blp.response(200, QuoteOut)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any], slug: str) -> dict[str, Any]:
        """What enrolling in a published course costs the caller now, with a code
        (``?code=``): list price, discount, total and, when the code would be refused,
        its ``problem``. Writes nothing; the catalogue keeps showing list prices."""
        tenant = storefront_tenant()
        found = quotes.quote(tuition(), db(), tenant, current_student(required=False), slug, query)
        return present.quote(found)


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
    return {**auth_tokens.sign_in(tuition(), db(), tenant, s), "student": present.student(s)}


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
        auth_tokens.request_verification(tuition(), db(), tenant, s)
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


@blp.route("/auth/refresh")
class RefreshResource(MethodView):
    @blp.doc(security=[{"TenantKey": []}], operationId="refreshToken", tags=["storefront"])
    @blp.arguments(RefreshIn)
    @blp.response(200, TokenOut)
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Exchange a refresh token for a new student token and a new refresh token (the one
        sent is spent). A spent one sent again signs that session out everywhere it is used:
        401 ``invalid_refresh_token``."""
        tenant = storefront_tenant()
        s, tokens = auth_tokens.refresh(tuition(), db(), tenant, data["refresh_token"])
        return {**tokens, "student": present.student(s)}


@blp.route("/auth/logout")
class LogoutResource(MethodView):
    @blp.doc(security=STUDENT, operationId="logout", tags=["student"])
    @blp.arguments(LogoutIn, required=False)
    @blp.response(204)
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> tuple[str, int]:
        """Sign out: revoke this sign-in's refresh tokens, or with ``everywhere`` every
        refresh token of the student and every student token issued so far. A token of
        this sign-in keeps working until it expires unless ``everywhere`` is sent."""
        auth_tokens.logout(
            db(), student(), family=current_token_family(), everywhere=data["everywhere"]
        )
        return "", 204


@blp.route("/auth/verify-email")
class VerifyEmail(MethodView):
    @blp.doc(security=[{"TenantKey": []}], operationId="verifyEmail", tags=["storefront"])
    @blp.arguments(LinkTokenIn)
    @blp.response(200, StudentOut)
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Confirm the student's email with the token of the link mailed to them (one use);
        401 ``invalid_verification_token`` when it is wrong, used or expired."""
        tenant = storefront_tenant()
        return present.student(auth_tokens.verify_email(tuition(), db(), tenant, data["token"]))


@blp.route("/auth/verify-email:resend")
class VerifyEmailResend(MethodView):
    @blp.doc(security=STUDENT, operationId="resendVerificationEmail", tags=["student"])
    @blp.response(202, description="A new verification mail is on its way.")
    @problems(blp, 401, 409)
    def post(self) -> tuple[str, int]:
        """Mail the signed-in student a new verification link (409
        ``email_already_verified`` when there is nothing to verify)."""
        auth_tokens.request_verification(tuition(), db(), storefront_tenant(), student())
        return "", 202


@blp.route("/auth/password-reset")
class PasswordReset(MethodView):
    @blp.doc(security=[{"TenantKey": []}], operationId="requestPasswordReset", tags=["storefront"])
    @blp.arguments(PasswordResetIn)
    @blp.response(202, description="If an account has this email, a reset link is mailed.")
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> tuple[str, int]:
        """Ask for a password reset link by mail. The answer is the same whether or not an
        account has this email."""
        auth_tokens.request_password_reset(tuition(), db(), storefront_tenant(), data["email"])
        return "", 202


@blp.route("/auth/password-reset:confirm")
class PasswordResetConfirm(MethodView):
    @blp.doc(security=[{"TenantKey": []}], operationId="confirmPasswordReset", tags=["storefront"])
    @blp.arguments(PasswordResetConfirmIn)
    @blp.response(204)
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> tuple[str, int]:
        """Set a new password with the token of the reset link (one use; 401
        ``invalid_reset_token`` when wrong, used or expired). Signs the student out
        everywhere: every refresh token and student token issued before stops working."""
        auth_tokens.reset_password(
            tuition(), db(), storefront_tenant(), data["token"], data["password"]
        )
        return "", 204


@blp.route("/auth/invitation:accept")
class InvitationAccept(MethodView):
    @blp.doc(security=[{"TenantKey": []}], operationId="acceptInvitation", tags=["storefront"])
    @blp.arguments(PasswordResetConfirmIn)
    @blp.response(200, TokenOut)
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """A student the site owner enrolled by email (``student.invited``) chooses a
        password with the token of the invitation link (one use; 401
        ``invalid_invitation_token`` when wrong, used or expired) and is signed in; the
        email counts as verified."""
        tenant = storefront_tenant()
        s = auth_tokens.accept_invitation(tuition(), db(), tenant, data["token"], data["password"])
        return _token(tenant, s)


@blp.route("/me")
class Me(MethodView):
    @blp.doc(security=STUDENT, operationId="getMe", tags=["student"])
    @blp.response(200, StudentOut)
    @problems(blp, 401)
    def get(self) -> dict[str, Any]:
        """The signed-in student."""
        return present.student(student())

    @blp.doc(security=STUDENT, operationId="updateMe", tags=["student"])
    @blp.arguments(ProfileIn)
    @blp.response(200, StudentOut)
    @problems(blp, 401, 422)
    def patch(self, data: dict[str, Any]) -> dict[str, Any]:
        """Change the signed-in student's profile: ``locale``, their language (a BCP 47
        tag such as ``de`` or ``fr-FR``; null: none). Fields left out stay as they are."""
        return present.student(profiles.update(db(), student(), data))
