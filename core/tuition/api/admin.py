"""Admin API (secret key or staff token): the tenant, its keys, plugins, courses and
enrollments. Staff roles (:func:`tuition.plugin_api.staff_role`): keys, plugin changes and
tenant settings are the owner's; reads need support, other writes manager."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import func, or_, select
from sqlalchemy.orm import defer, selectinload
from werkzeug.routing import BaseConverter

from tuition.api import present
from tuition.api.context import admin_key_id, admin_tenant, db, paginate, tuition
from tuition.api.docs import ADMIN, problems
from tuition.api.schemas import (
    IMPORT_BODY_DOC,
    AdminCourseOut,
    AdminCourseQuery,
    AdminEnrollmentCreate,
    AdminEnrollmentCreated,
    AdminEnrollmentOut,
    AdminEnrollmentQuery,
    AdminStudentQuery,
    AuditEntryOut,
    AuditQuery,
    CourseUpdate,
    CourseWrite,
    EndEnrollment,
    EnrollmentImportOut,
    EnrollmentImportSummaryOut,
    FunnelQuery,
    FunnelReport,
    KeyCreate,
    KeyCreated,
    KeyOut,
    KeyRotate,
    PageQuery,
    PlanOut,
    PlanQuery,
    PluginOut,
    PluginPatch,
    PluginUpdate,
    StudentOut,
    TenantOut,
    TenantUpdate,
    TimeseriesQuery,
    TimeseriesReport,
    page_of,
)
from tuition.db import utcnow
from tuition.models import ApiKey, AuditEntry, Course, Enrollment, EnrollmentImport, Student
from tuition.plugin_api import NotFound, TuitionError, ValidationFailed, raw_body, staff_role
from tuition.services import (
    audit,
    courses,
    enrollment,
    enrollment_imports,
    keys,
    manual_enrollment,
    orders,
    plans,
    reports,
    tenants,
    timeseries,
)


class PluginNameConverter(BaseConverter):
    """A plugin name in a path: any segment but ``plan`` (``/plugins/plan`` is the preview),
    so that route's ``Allow`` header does not advertise ``PUT`` of a plugin resource."""

    regex = r"(?!plan(?:/|$))[^/]+"


def plugin_name_schema(converter: BaseConverter) -> dict[str, Any]:
    """The OpenAPI schema of a ``plugin_name`` path parameter."""
    return {"type": "string", "pattern": "^[^/]+$"}


blp = Blueprint(
    "admin",
    __name__,
    url_prefix="/v1/admin",
    description="Site administration with the secret key.",
)
CoursePage = page_of(AdminCourseOut, "AdminCoursePage")


@blp.before_request
def _authenticate() -> None:
    """Credentials first: a caller without the secret key learns nothing from validation."""
    admin_tenant()


EnrollmentPage = page_of(AdminEnrollmentOut, "AdminEnrollmentPage")
ImportPage = page_of(EnrollmentImportSummaryOut, "EnrollmentImportPage")


def _doc(operation_id: str) -> dict[str, Any]:
    return {"security": ADMIN, "operationId": operation_id, "tags": ["admin"]}


@blp.route("/tenant")
class TenantResource(MethodView):
    @blp.doc(**_doc("getTenant"))
    @blp.response(200, TenantOut)
    @problems(blp, 401)
    def get(self) -> dict[str, Any]:
        """The calling tenant with its plugins."""
        return present.tenant(tuition(), admin_tenant())

    @staff_role("owner")
    @blp.doc(**_doc("updateTenant"))
    @blp.arguments(TenantUpdate, required=False)
    @blp.response(200, TenantOut)
    @problems(blp, 401, 409, 422)
    def patch(self, data: dict[str, Any]) -> dict[str, Any]:
        """Rename the tenant or set its identity provider (JWKS URL, issuer, audience, which
        tokens: ID and/or access tokens of the listed clients) or default payment provider;
        refused (409 ``plugin_plan_rejected``) if that would leave a published course
        unsellable."""
        tenant = admin_tenant()
        tenants.update_tenant(tuition(), db(), tenant, data)
        db().flush()  # read back below; the request commits
        return present.tenant(tuition(), tenant)


@blp.route("/plugins")
class Plugins(MethodView):
    @blp.doc(**_doc("listPlugins"))
    @blp.response(200, PluginOut(many=True))
    @problems(blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """Every installed plugin with whether this tenant enabled it and its settings."""
        return present.plugins(tuition(), admin_tenant())


@blp.route("/plugins/plan")
class PluginPlan(MethodView):
    @blp.doc(**_doc("previewPluginPlan"))
    @blp.arguments(PlanQuery, location="query")
    @blp.response(200, PlanOut)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Preview switching one plugin on or off: courses whose availability would change,
        and whether the change would be accepted. Nothing is applied."""
        rt, tenant = tuition(), admin_tenant()
        tenants.get_plugin_row(rt, tenant, query["plugin"])
        current = rt.hooks(tenant).enabled
        wanted = current | {query["plugin"]} if query["enabled"] else (current - {query["plugin"]})
        plan = plans.preview(rt, db(), tenant, wanted)
        return {
            "enabled": sorted(plan.enabled),
            "changes": [
                {"course": i.course, "before": i.before, "after": i.after, "reason": i.reason}
                for i in plan.impacts
            ],
            "missing_requirements": plan.missing_requirements,
            "allowed": not plan.breaks and not plan.missing_requirements,
        }


@blp.route("/plugins/<plugin_name:name>")
class PluginResource(MethodView):
    @blp.doc(**_doc("getPlugin"))
    @blp.response(200, PluginOut)
    @problems(blp, 401, 404)
    def get(self, name: str) -> dict[str, Any]:
        """One plugin's state for this tenant."""
        tenant = admin_tenant()
        tenants.get_plugin_row(tuition(), tenant, name)
        return next(p for p in present.plugins(tuition(), tenant) if p["name"] == name)

    @staff_role("owner")
    @blp.doc(**_doc("configurePlugin"))
    @blp.arguments(PluginUpdate)
    @blp.response(200, PluginOut)
    @problems(blp, 401, 404, 409, 422)
    def put(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        """Enable or disable a plugin for this tenant, with settings its schema validates.
        Without ``settings`` the stored ones stay (turning a plugin off needs none); a
        secret sent back as shown (``[redacted]``) keeps the stored secret."""
        rt, tenant = tuition(), admin_tenant()
        tenants.get_plugin_row(rt, tenant, name)
        tenants.configure_plugin(
            rt,
            db(),
            tenant,
            name,
            enabled=data["enabled"],
            settings=data.get("settings"),
            check_plan=True,
        )
        db().flush()  # read back below; the request commits
        return next(p for p in present.plugins(rt, tenant) if p["name"] == name)

    @staff_role("owner")
    @blp.doc(**_doc("patchPlugin"))
    @blp.arguments(PluginPatch, required=False)
    @blp.response(200, PluginOut)
    @problems(blp, 401, 404, 409, 422)
    def patch(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        """Change some of a plugin's state: ``enabled`` if given, and ``settings`` merged
        into the stored ones (JSON merge patch: ``null`` removes a key)."""
        rt, tenant = tuition(), admin_tenant()
        tenants.get_plugin_row(rt, tenant, name)
        tenants.patch_plugin(
            rt, db(), tenant, name, enabled=data.get("enabled"), settings=data.get("settings")
        )
        db().flush()  # read back below; the request commits
        return next(p for p in present.plugins(rt, tenant) if p["name"] == name)


def _contains(text: str, *columns: Any) -> Any:
    """Rows where one of ``columns`` contains ``text``, any case, literally (``%`` and ``_``
    are no wildcards: escaped with a backslash)."""
    literal = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(func.lower(c).like(f"%{literal}%", escape="\\") for c in columns))


@blp.route("/courses")
class Courses(MethodView):
    @blp.doc(**_doc("listAdminCourses"))
    @blp.arguments(AdminCourseQuery, location="query")
    @blp.response(200, CoursePage)
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """All courses of the tenant, drafts and archived ones included; ``q`` keeps those
        whose title or slug contains it (any case)."""
        admin_tenant()
        stmt = select(Course).options(
            selectinload(Course.prerequisite_links), selectinload(Course.next_links)
        )
        if "q" in query:
            stmt = stmt.where(_contains(query["q"], Course.title, Course.slug))
        return paginate(
            stmt,
            query,
            Course.created_at.desc(),
            Course.id,
            present=present.admin_course,
        )

    @blp.doc(**_doc("createCourse"))
    @blp.arguments(CourseWrite)
    @blp.response(201, AdminCourseOut)
    @problems(blp, 401, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create a course (draft unless ``status`` says otherwise); a published course
        that could not be sold is refused (409 ``plugin_plan_rejected``)."""
        tenant = admin_tenant()
        return present.admin_course(
            courses.create_course(tuition(), db(), tenant, data, check_plan=True)
        )


@blp.route("/courses/<string:slug>")
class CourseResource(MethodView):
    @blp.doc(**_doc("getAdminCourse"))
    @blp.response(200, AdminCourseOut)
    @problems(blp, 401, 404)
    def get(self, slug: str) -> dict[str, Any]:
        """One course with its attributes and seat count."""
        admin_tenant()
        return present.admin_course(courses.get_course(db(), slug))

    @blp.doc(**_doc("updateCourse"))
    @blp.arguments(CourseUpdate(partial=True), required=False)
    @blp.response(200, AdminCourseOut)
    @problems(blp, 401, 404, 409, 422)
    def patch(self, data: dict[str, Any], slug: str) -> dict[str, Any]:
        """Change some fields of a course; refused (409 ``plugin_plan_rejected``) if the
        course would be published but could not be sold."""
        tenant = admin_tenant()
        return present.admin_course(
            courses.update_course(tuition(), db(), tenant, slug, data, check_plan=True)
        )

    @blp.doc(**_doc("deleteCourse"))
    @blp.response(204)
    @problems(blp, 401, 404, 409)
    def delete(self, slug: str) -> None:
        """Delete a course that has no enrollments (archive it otherwise)."""
        admin_tenant()
        courses.delete_course(db(), slug)


StudentPage = page_of(StudentOut, "StudentPage")


@blp.route("/students")
class Students(MethodView):
    @blp.doc(**_doc("listStudents"))
    @blp.arguments(AdminStudentQuery, location="query")
    @blp.response(200, StudentPage)
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The site's students, newest first; ``q`` keeps those whose email or name contains
        it (any case). Their enrollments and orders: ``/v1/admin/enrollments?student=<id>``,
        ``/v1/admin/orders?student=<id>``."""
        admin_tenant()
        stmt = select(Student).options(selectinload(Student.intended_course))
        if "q" in query:
            stmt = stmt.where(_contains(query["q"], Student.email, Student.name))
        return paginate(stmt, query, Student.created_at.desc(), Student.id, present=present.student)


@blp.route("/enrollments")
class Enrollments(MethodView):
    @blp.doc(**_doc("listAdminEnrollments"))
    @blp.arguments(AdminEnrollmentQuery, location="query")
    @blp.response(200, EnrollmentPage)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Enrollments of the tenant, newest first, filtered by course, status and student
        (id)."""
        admin_tenant()
        stmt = select(Enrollment)
        if "student" in query:
            stmt = stmt.where(Enrollment.student_id == query["student"])
        if "course" in query:
            course_id = db().scalar(select(Course.id).where(Course.slug == query["course"]))
            if course_id is None:
                raise NotFound(f"No course with slug {query['course']!r}.")
            stmt = stmt.where(Enrollment.course_id == course_id)
        if "status" in query:
            stmt = stmt.where(Enrollment.status == query["status"])
        page = paginate(stmt, query, Enrollment.created_at.desc(), Enrollment.id)
        waiting = orders.open_order_ids(db(), page["items"])
        page["items"] = [present.admin_enrollment(e, waiting.get(e.id)) for e in page["items"]]
        return page

    @staff_role("support")
    @blp.doc(**_doc("createAdminEnrollment"))
    @blp.arguments(AdminEnrollmentCreate)
    @blp.response(201, AdminEnrollmentCreated)
    @problems(blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Enroll a student by hand, active at once: an existing one (``student`` id or
        ``email``) or someone invited by ``email`` (a student without a password is made
        and ``student.invited`` mails a link to choose one), in a course or one of its
        cohorts (the plugins' enrollment fields), ``complimentary`` or paid outside Tuition
        (``external_reference``), taking a seat or, with ``take_seat: false``, beyond
        capacity. 404 for an unknown course or student; 409 ``already_enrolled``,
        ``course_full`` (or the plugins' problems, e.g. ``cohort_full``)."""
        tenant = admin_tenant()
        known = AdminEnrollmentCreate().fields.keys()
        made = manual_enrollment.enroll(
            tuition(),
            db(),
            tenant,
            course=data["course"],
            student_id=data.get("student"),
            email=data.get("email"),
            name=data.get("name"),
            fields=manual_enrollment.plugin_fields(
                tuition(), tenant, {k: v for k, v in data.items() if k not in known}
            ),
            take_seat=data["take_seat"],
            external_reference=data.get("external_reference"),
        )
        db().flush()  # read back below; the request commits
        return {**present.admin_enrollment(made.enrollment), "invited": made.invited}


@blp.route("/enrollments:import")
class EnrollmentImports(MethodView):
    @blp.doc(**_doc("listEnrollmentImports"))
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, ImportPage)
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The tenant's imports, newest first, with their progress (the lines' errors are
        on each import's own resource)."""
        admin_tenant()
        return paginate(
            select(EnrollmentImport).options(
                defer(EnrollmentImport.rows), defer(EnrollmentImport.errors)
            ),
            query,
            EnrollmentImport.created_at.desc(),
            EnrollmentImport.id,
            present=present.enrollment_import_summary,
        )

    @staff_role("support")
    @raw_body
    @blp.doc(**_doc("importEnrollments"), requestBody=IMPORT_BODY_DOC)
    @blp.response(202, EnrollmentImportOut)
    @problems(blp, 401, 413, 415, 422)
    def post(self) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Enroll the students of a CSV file (columns ``email``, ``course``, optionally
        ``name``, ``cohort``, ``external_reference``; complimentary unless a line has an
        external reference), as a job: 202 with the import to follow
        (``Location``). Each line is enrolled in a transaction of its own, never half;
        people without an account are invited by mail; a line enrolled already is
        ``skipped``, so importing the same file again enrolls nobody twice. 422
        ``validation_error`` (field ``file``) for a file that cannot be read."""
        tenant = admin_tenant()
        content, filename = _uploaded_csv()
        found = enrollment_imports.create(db(), tenant, content, filename=filename)
        enrollment_imports.queue(tuition(), db(), found)
        db().flush()  # read back below; the request commits
        location = url_for("admin.EnrollmentImportResource", import_id=found.id)
        return present.enrollment_import(found), 202, {"Location": location}


def _uploaded_csv() -> tuple[bytes, str | None]:
    """The file of an import request: a form's part ``file``, or the body as ``text/csv``."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise ValidationFailed({"file": ["Send the CSV file as the form's part 'file'."]})
        return upload.read(), upload.filename
    if request.mimetype not in ("text/csv", "text/plain", "application/csv"):
        raise TuitionError(
            "Send the CSV file as the body ('Content-Type: text/csv') or as the part 'file' "
            "of a multipart/form-data form.",
            code="unsupported_media_type",
            status=415,
        )
    return request.get_data(cache=True), None


@blp.route("/enrollments:import/<string:import_id>")
class EnrollmentImportResource(MethodView):
    @blp.doc(**_doc("getEnrollmentImport"))
    @blp.response(200, EnrollmentImportOut)
    @problems(blp, 401, 404)
    def get(self, import_id: str) -> dict[str, Any]:
        """An import's progress: ``status`` (``queued``, ``running``, ``done``), ``done`` of
        ``total`` lines, how many were enrolled (``invited`` of them), ``skipped`` (enrolled
        already) and ``failed``, with ``errors`` per line (line number, email, course,
        problem ``code`` and ``detail``)."""
        admin_tenant()
        return present.enrollment_import(enrollment_imports.get(db(), import_id))


@blp.route("/enrollments/<string:enrollment_id>/complete")
class CompleteEnrollment(MethodView):
    @blp.doc(**_doc("completeEnrollment"))
    @blp.response(200, AdminEnrollmentOut)
    @problems(blp, 401, 404, 409)
    def post(self, enrollment_id: str) -> dict[str, Any]:
        """Mark a student's active enrollment completed (an LMS reporting progress);
        idempotent, emits ``enrollment.completed`` once."""
        tenant = admin_tenant()
        found = _enrollment(enrollment_id)
        enrollment.complete(tuition(), db(), tenant, found, "admin")
        return present.admin_enrollment(found)


def _enrollment(enrollment_id: str) -> Enrollment:
    found = db().get(Enrollment, enrollment_id)
    if found is None:
        raise NotFound(f"No enrollment {enrollment_id!r}.")
    return found


@blp.route("/enrollments/<string:enrollment_id>/end")
class EndEnrollmentResource(MethodView):
    @blp.doc(**_doc("endEnrollment"))
    @blp.arguments(EndEnrollment, required=False)
    @blp.response(200, AdminEnrollmentOut)
    @problems(blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any], enrollment_id: str) -> dict[str, Any]:
        """End an active or completed enrollment: it becomes ``canceled``, its seats are
        released (the course's, the cohort's) and ``enrollment.ended`` is emitted; a paid
        order is not refunded (refund the order for that). Idempotent; 409
        ``enrollment_not_active`` for a pending enrollment (its checkout is open)."""
        tenant = admin_tenant()
        found = _enrollment(enrollment_id)
        enrollment.end(tuition(), db(), tenant, found, reason=(data or {}).get("reason"))
        return present.admin_enrollment(found)


KeyPage = page_of(KeyOut, "KeyPage")


@blp.route("/keys")
@staff_role("owner")
class Keys(MethodView):
    @blp.doc(**_doc("listKeys"))
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, KeyPage)
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The site's publishable and secret keys, newest first, revoked and expired ones
        included; a secret key shows only its prefix and last four characters."""
        admin_tenant()
        return paginate(
            keys.list_keys(), query, ApiKey.created_at.desc(), ApiKey.id, present=present.api_key
        )

    @blp.doc(**_doc("createKey"))
    @blp.arguments(KeyCreate)
    @blp.response(201, KeyCreated)
    @problems(blp, 401, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Make a new publishable or secret key; its value is in this answer only."""
        new = keys.create_key(db(), admin_tenant(), data["kind"], using_key_id=admin_key_id())
        db().flush()  # read back below; the request commits
        return present.api_key(new.key, new.raw)


@blp.route("/keys/<string:key_id>")
@staff_role("owner")
class KeyResource(MethodView):
    @blp.doc(**_doc("revokeKey"))
    @blp.response(204)
    @problems(blp, 401, 404, 409)
    def delete(self, key_id: str) -> None:
        """Revoke a key at once (idempotent). The secret key this request uses cannot be
        revoked while it is the site's last one without an expiry: 409 ``last_secret_key``."""
        keys.revoke_key(db(), admin_tenant(), key_id, using_key_id=admin_key_id())


@blp.route("/keys/<string:key_id>/rotate")
@staff_role("owner")
class RotateKey(MethodView):
    @blp.doc(**_doc("rotateKey"))
    @blp.arguments(KeyRotate, required=False)
    @blp.response(201, KeyCreated)
    @problems(blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any], key_id: str) -> dict[str, Any]:
        """Replace a key with a new one of its kind (value in this answer only); the old
        key keeps working for ``grace_seconds`` (default 0: it stops now)."""
        new = keys.rotate_key(
            db(),
            admin_tenant(),
            key_id,
            grace=timedelta(seconds=data.get("grace_seconds", 0)),
            using_key_id=admin_key_id(),
        )
        db().flush()  # read back below; the request commits
        return present.api_key(new.key, new.raw)


AuditPage = page_of(AuditEntryOut, "AuditPage")


@blp.route("/audit")
class AuditLog(MethodView):
    @blp.doc(**_doc("listAuditEntries"))
    @blp.arguments(AuditQuery, location="query")
    @blp.response(200, AuditPage)
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Every state change of the tenant, newest first: who (actor), what (object),
        before → after, when; filter by object, actor and time (``from``, ``to``)."""
        admin_tenant()
        stmt = audit.query(
            object_type=query.get("object_type"),
            object_id=query.get("object_id"),
            actor=query.get("actor"),
            since=query.get("since"),
            until=query.get("until"),
        )
        return paginate(
            stmt, query, AuditEntry.at.desc(), AuditEntry.id, present=present.audit_entry
        )


@blp.route("/reports/funnel")
class Funnel(MethodView):
    @blp.doc(**_doc("getFunnelReport"))
    @blp.arguments(FunnelQuery, location="query")
    @blp.response(200, FunnelReport)
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Per course: views, enroll clicks, checkouts started, paid, abandoned, recovered,
        enrollments, conversion rates and the median time to enroll, between ``from`` and ``to``
        (default: the last 30 days)."""
        tenant = admin_tenant()
        until = query.get("until") or utcnow()
        since = query.get("since") or until - timedelta(days=30)
        if since >= until:
            raise ValidationFailed({"from": ["Must be before 'to'."]})
        return {
            "since": since,
            "until": until,
            "courses": reports.funnel(db(), tenant.id, since, until),
        }


@blp.route("/reports/timeseries")
class Timeseries(MethodView):
    @blp.doc(**_doc("getTimeseriesReport"))
    @blp.arguments(TimeseriesQuery, location="query")
    @blp.response(200, TimeseriesReport)
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Per day (``interval=day``) or ISO week (``week``) between ``from`` and ``to``
        (default: the last 30 days): sign-ups, checkouts started, paid orders, revenue per
        currency, enrollments activated and conversion; every bucket is listed, empty ones
        with zeros. ``attention`` counts what needs a look now: stuck orders, unfinished
        refunds, failed payment events."""
        tenant = admin_tenant()
        now = utcnow()
        until = query.get("until") or now
        try:
            since = query.get("since") or until - timedelta(days=30)
        except OverflowError:
            raise ValidationFailed({"to": ["Too early."]}) from None
        if since >= until:
            raise ValidationFailed({"from": ["Must be before 'to'."]})
        interval = query["interval"]
        if until - since > timeseries.longest(interval):
            raise ValidationFailed(
                {"from": [f"At most {timeseries.MAX_BUCKETS} buckets; widen the interval."]}
            )
        return {
            "since": since,
            "until": until,
            "interval": interval,
            "buckets": timeseries.timeseries(db(), tenant.id, since, until, interval),
            "attention": timeseries.attention(db(), tenant.id, now),
        }
