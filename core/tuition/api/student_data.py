"""The student's data: export and erasure, by the student and by the site's admin."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from tuition.api.context import admin_tenant, db, storefront_tenant, student, tuition
from tuition.api.docs import ADMIN, STUDENT, problems
from tuition.api.schemas import ErasureOut, ExportDownloadQuery, ExportJobOut, StudentExportOut
from tuition.db import across_tenants
from tuition.models import Student, StudentExport, Tenant
from tuition.services import student_data

blp = Blueprint(
    "student_data",
    __name__,
    url_prefix="/v1",
    description="The student's data: export and erasure.",
)
admin_blp = Blueprint(
    "student_data_admin",
    __name__,
    url_prefix="/v1/admin",
    description="The student's data, by the site's admin.",
)


@admin_blp.before_request
def _authenticate() -> None:
    """Credentials first: a caller without the secret key learns nothing from validation."""
    admin_tenant()


_EXPORT_DOC = (
    "Everything Tuition holds about the student as JSON (profile, enrollments, orders, "
    "payment events, funnel events, audit entries, live events and each plugin's data). "
    "Up to ``TUITION_EXPORT_INLINE_MAX_ROWS`` of core's rows it answers at once (200); a "
    "larger one answers 202 with an export built by a job, whose ``download_url`` (signed, "
    "until ``expires_at``) appears once it is ready. Asking again while one is building "
    "or downloadable answers that one."
)


def _link(export_id: str, query: dict[str, Any]) -> str:
    return url_for("student_data.ExportDownload", export_id=export_id, _external=True, **query)


def _job(job: StudentExport, status: int = 200) -> Response:
    body = ExportJobOut().dump(student_data.describe_export(tuition(), job, _link))
    answer = jsonify(body)
    answer.status_code = status
    return answer


def _export(tenant: Tenant, who: Student, requested_by: str) -> Any:
    rt, session = tuition(), db()
    if student_data.core_rows(session, who) > rt.settings.export_inline_max_rows:
        return _job(
            student_data.request_export(rt, session, tenant, who, requested_by=requested_by), 202
        )
    return student_data.export(rt, session, tenant, who)


@blp.route("/me/export")
class MyExport(MethodView):
    @blp.doc(security=STUDENT, operationId="exportMyData", tags=["student"])
    @blp.response(200, StudentExportOut)
    @blp.alt_response(202, schema=ExportJobOut, description="Large: built by a job.")
    @problems(blp, 401)
    def get(self) -> Any:
        """Export the signed-in student's data."""
        return _export(storefront_tenant(), student(), "student")


@blp.route("/me/exports/<string:export_id>")
class MyExportJob(MethodView):
    @blp.doc(security=STUDENT, operationId="getMyExport", tags=["student"])
    @blp.response(200, ExportJobOut)
    @problems(blp, 401, 404)
    def get(self, export_id: str) -> Any:
        """The signed-in student's large export: its status, and its link once ready."""
        return _job(student_data.export_job(db(), export_id, student().id))


@blp.route("/me/erasure")
class MyErasure(MethodView):
    @blp.doc(security=STUDENT, operationId="eraseMyData", tags=["student"])
    @blp.response(200, ErasureOut)
    @problems(blp, 401)
    def post(self) -> dict[str, Any]:
        """Erase the signed-in student's personal data everywhere (core and every plugin)
        and close the account: the email becomes a pseudonym, password and tokens are
        gone, so this token and every other stops working. What the law requires (orders'
        amounts) is kept; the answer says what was erased and what was kept."""
        return student_data.erase(tuition(), db(), storefront_tenant(), student())


@admin_blp.route("/students/<string:student_id>/export")
class AdminExport(MethodView):
    @admin_blp.doc(security=ADMIN, operationId="exportStudentData", tags=["admin"])
    @admin_blp.response(200, StudentExportOut)
    @admin_blp.alt_response(202, schema=ExportJobOut, description="Large: built by a job.")
    @problems(admin_blp, 401, 404)
    def get(self, student_id: str) -> Any:
        """Export a student's data (a request the student made to the site)."""
        tenant = admin_tenant()
        return _export(tenant, student_data.student_of(db(), student_id), "admin")


@admin_blp.route("/exports/<string:export_id>")
class AdminExportJob(MethodView):
    @admin_blp.doc(security=ADMIN, operationId="getStudentExport", tags=["admin"])
    @admin_blp.response(200, ExportJobOut)
    @problems(admin_blp, 401, 404)
    def get(self, export_id: str) -> Any:
        """A large export of a student's data: its status, and its link once ready."""
        admin_tenant()
        return _job(student_data.export_job(db(), export_id))


@admin_blp.route("/students/<string:student_id>/erasure")
class AdminErasure(MethodView):
    @admin_blp.doc(security=ADMIN, operationId="eraseStudentData", tags=["admin"])
    @admin_blp.response(200, ErasureOut)
    @problems(admin_blp, 401, 404)
    def post(self, student_id: str) -> dict[str, Any]:
        """Erase a student's personal data everywhere (core and every plugin); the student
        can no longer sign in. Erasing again answers ``already_erased`` and changes
        nothing."""
        tenant = admin_tenant()
        return student_data.erase(
            tuition(), db(), tenant, student_data.student_of(db(), student_id)
        )


@blp.route("/exports/<string:export_id>/download")
class ExportDownload(MethodView):
    @blp.doc(security=[{"ExportLink": []}], operationId="downloadExport", tags=["student"])
    @blp.arguments(ExportDownloadQuery, location="query")
    @blp.response(200, description="The export, gzipped JSON.", content_type="application/gzip")
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any], export_id: str) -> Response:
        """Download a large export through its signed link (``download_url``): no key or
        token, the signature is the credential; 401 when it is wrong or expired."""
        with across_tenants(db()):
            content = student_data.downloadable(
                tuition(), db(), export_id, query["expires"], query["signature"]
            )
        return Response(
            content,
            mimetype="application/gzip",
            headers={
                "Content-Disposition": f'attachment; filename="{export_id}.json.gz"',
                "Cache-Control": "no-store",
            },
        )
