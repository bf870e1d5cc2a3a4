"""Request context: the runtime, the request's session, and who is calling."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app, g, request
from flask_smorest.spec.plugins import FlaskPlugin
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tuition import logs
from tuition.api import transaction
from tuition.db import across_tenants
from tuition.models import StaffMember, Student, Tenant
from tuition.plugin_api.errors import Forbidden, NotFound, Unauthorized
from tuition.plugin_api.web import EXTENSION_KEY, STAFF_ROLE_ATTRIBUTE, StaffRole
from tuition.runtime import Tuition
from tuition.services import audit, auth, keys, staff, tenants


def tuition() -> Tuition:
    rt: Tuition = current_app.extensions["tuition"]
    return rt


def db() -> Session:
    """The request's session (tenant-scoped as soon as the tenant is known)."""
    if "db" not in g:
        g.db = tuition().session()
        # Until the caller's tenant is known, row-level security (PostgreSQL) shows nothing.
        g.db.info["all_tenants"] = False
    session: Session = g.db
    return session


def paginate(
    stmt: Select[Any],
    query: Mapping[str, Any],
    *order_by: Any,
    present: Callable[[Any], Any] = lambda row: row,
) -> dict[str, Any]:
    """One page of ``stmt`` as ``{items, page, page_size, total}`` (query: page, page_size)."""
    page, size = query["page"], query["page_size"]
    total = db().scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db().scalars(stmt.order_by(*order_by).offset((page - 1) * size).limit(size))
    return {
        "items": [present(row) for row in rows],
        "page": page,
        "page_size": size,
        "total": total,
    }


def close_db(_exc: BaseException | None = None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


#: The query parameters that stand for ``X-Tenant-Key`` and the bearer token on the
#: operations whose view class sets ``query_credentials`` (the live streams: a browser's
#: EventSource cannot send headers). Anywhere else they are ignored.
QUERY_KEY, QUERY_TOKEN = "tenant_key", "access_token"


def query_credentials() -> bool:
    """Whether the request's operation takes its credentials from the query string too."""
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(getattr(view, "view_class", None), "query_credentials", False))


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if not header and query_credentials():
        return request.args.get(QUERY_TOKEN, "").strip() or None
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _enter(tenant: Tenant) -> Tenant:
    db().info["tenant_id"] = tenant.id
    g.tenant = tenant
    logs.bind(tenant=tenant.slug)
    return tenant


def _active(tenant: Tenant) -> Tenant:
    """``tenant`` unless the operator suspended it (403 ``tenant_suspended``)."""
    if tenant.suspended_at is not None:
        raise Forbidden(
            "This site is suspended by the platform's operator.", code="tenant_suspended"
        )
    return tenant


def storefront_tenant() -> Tenant:
    """The tenant named by the publishable key in ``X-Tenant-Key``; 401 without one."""
    if "tenant" in g:
        return g.tenant
    raw = request.headers.get("X-Tenant-Key", "").strip()
    if not raw and query_credentials():
        raw = request.args.get(QUERY_KEY, "").strip()
    if not raw:
        raise Unauthorized("Send the site's publishable key in the X-Tenant-Key header.")
    with across_tenants(db()):
        found = tuition().tenants.find(db(), raw, "publishable")
    if found is None:
        raise Unauthorized("The publishable key is not valid.")
    return _enter(_active(found[0]))


#: Paths the admin guard covers: every operation under them needs a secret key or a staff
#: token whose role allows it (:func:`guard_admin_operations`).
ADMIN_PREFIX = "/v1/admin/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def required_role(view: Any, method: str) -> StaffRole:
    """The least staff role that may call ``method`` of ``view`` (a view function of the
    URL map): the view's :func:`~tuition.plugin_api.staff_role` mark (the method's, else its
    ``MethodView`` class's, else the function's), else ``support`` to read and ``manager``
    to write."""
    view_class = getattr(view, "view_class", None)
    handler = getattr(view_class, method.lower(), None) if view_class is not None else None
    if handler is None and method == "HEAD" and view_class is not None:
        handler = getattr(view_class, "get", None)
    for marked in (handler, view_class, view):
        role = getattr(marked, STAFF_ROLE_ATTRIBUTE, None)
        if role is not None:
            found: StaffRole = role
            return found
    return "support" if method in SAFE_METHODS else "manager"


def admin_tenant() -> Tenant:
    """The tenant whose secret key (every right) or staff token (as far as the member's
    role allows this request) is the bearer token; 401 otherwise, 403
    ``insufficient_role`` for a staff member whose role does not allow the request."""
    raw = _bearer()
    # Checked once per operation (the guard, the blueprint and the view all ask).
    asked = (raw, request.endpoint, request.method)
    cached = g.get("admin_auth")
    if cached is not None and raw is not None and cached[0] == asked:
        tenant: Tenant = cached[1]
        return _enter(tenant)
    if raw and raw.startswith(staff.TOKEN_PREFIX):
        return _staff_admin(raw)
    if raw and not raw.startswith(("sk_", "pk_")):
        return _identity_provider_admin(raw)
    if not raw or not raw.startswith("sk_"):
        raise _no_admin_credential()
    with across_tenants(db()):
        found = keys.find_key(db(), raw, "secret")
    if found is None:
        raise Unauthorized("The secret key is not valid.")
    tenant, g.api_key_id = found
    _active(tenant)
    audit.set_actor(db(), "admin")
    g.admin_auth = (asked, tenant)
    return _enter(tenant)


def _no_admin_credential() -> Unauthorized:
    return Unauthorized(
        "Send the site's secret key ('Authorization: Bearer sk_…') or a staff token."
    )


def _check_role(role: str) -> None:
    need = required_role(current_app.view_functions.get(request.endpoint or ""), request.method)
    if not staff.allows(role, need):
        raise Forbidden(f"This needs the {need} role; you are {role}.", code="insufficient_role")


def _staff_admin(raw: str) -> Tenant:
    member, tenant = _staff_session(raw)
    _check_role(member.role)
    g.admin_auth = ((raw, request.endpoint, request.method), tenant)
    return tenant


def _identity_provider_admin(raw: str) -> Tenant:
    """A token of the identity provider of the site named by ``X-Tenant-Key``: of a member
    who accepted their invitation with that identity, admitted with the member's role and
    audited as them (``staff:<id>``); else one whose groups map to a staff role
    (``identity_provider.staff_groups``), admitted as far as that role allows, audited as
    ``idp:<sub>``. A site with neither refuses it as any other bearer token (before
    verifying it); a token of nobody on the staff and none of whose groups is mapped too."""
    if not request.headers.get("X-Tenant-Key", "").strip():
        raise _no_admin_credential()
    try:
        tenant = storefront_tenant()
    except Unauthorized:
        raise _no_admin_credential() from None
    idp = tenant.identity_provider or {}
    if not idp or not (idp.get("staff_groups") or staff.has_identity_members(db())):
        raise _no_admin_credential()
    claims = auth.identity_provider_claims(tuition(), tenant, raw)
    member = staff.member_of_identity(db(), claims)
    if member is not None:
        role: str | None = member.role
        audit.set_actor(db(), staff.actor(member))
    else:
        role = staff.role_from_claims(idp, claims)
        audit.set_actor(db(), staff.identity_actor(claims))
    if role is None:
        raise _no_admin_credential()
    _check_role(role)
    g.admin_auth = ((raw, request.endpoint, request.method), tenant)
    return tenant


def _staff_session(raw: str) -> tuple[StaffMember, Tenant]:
    with across_tenants(db()):
        found = staff.authenticate(db(), raw)
    if found is None:
        raise Unauthorized(
            "The staff token is unknown, expired or revoked; sign in again.",
            code="invalid_token",
        )
    session_row, member, tenant = found
    _active(tenant)
    g.staff_member, g.staff_session_id = member, session_row.id
    audit.set_actor(db(), staff.actor(member))
    _enter(tenant)
    return member, tenant


def current_staff() -> StaffMember:
    """The staff member whose token is the bearer token (any role); 401 otherwise."""
    if "staff_member" in g:
        member: StaffMember = g.staff_member
        return member
    raw = _bearer()
    if not raw or not raw.startswith(staff.TOKEN_PREFIX):
        raise Unauthorized("Send your staff token as 'Authorization: Bearer st_…'.")
    return _staff_session(raw)[0]


def current_staff_session_id() -> str:
    current_staff()
    found: str = g.staff_session_id
    return found


def guard_admin_operations(app: Flask) -> None:
    """Check the caller of every operation under ``/v1/admin/`` (core's and the plugins')
    before anything else of it runs: no admin view can be left unguarded, whatever its
    blueprint checks. Call after every blueprint is registered."""

    def guard() -> None:
        rule = request.url_rule
        if rule is not None and rule.rule.startswith(ADMIN_PREFIX):
            admin_tenant()

    app.before_request(guard)


def admin_key_id() -> str | None:
    """The id of the secret key the admin request is made with (None for a staff token)."""
    if "admin_auth" not in g:
        admin_tenant()
    key_id: str | None = g.get("api_key_id")
    return key_id


#: The header a frontend sends on a student's first call with an identity provider's token:
#: the course they came for, recorded on the student as signup records ``intended_course``.
INTENDED_COURSE = "X-Intended-Course"


def current_student(*, required: bool) -> Student | None:
    """The signed-in student of the storefront tenant; 401 if required and missing/invalid."""
    tenant = storefront_tenant()
    token = _bearer()
    if token is None or token.startswith(("sk_", "pk_")):
        if required:
            raise Unauthorized(
                "Sign in first: send the student token as a bearer token.", code="login_required"
            )
        return None
    # Verified once per request (the before-request check and the view both ask); keyed by
    # tenant and token, as a request made inside a request shares ``g``.
    cached = g.get("student_auth")
    if cached is not None and cached[:2] == (tenant.id, token):
        found: Student = cached[2]
        return found
    found = auth.authenticate(
        tuition(), db(), tenant, token, intended_course=request.headers.get(INTENDED_COURSE)
    )
    g.student_auth = (tenant.id, token, found)
    return found


def student() -> Student:
    found = current_student(required=True)
    assert found is not None
    audit.set_actor(db(), f"student:{found.id}")
    return found


def current_token_family() -> str | None:
    """The refresh token family of the request's student token (its sign-in), once
    :func:`student` verified it; None for tokens of an identity provider."""
    token = _bearer()
    return auth.token_family(token) if token else None


def requires_student_token(security: list[dict[str, list[str]]] | None) -> bool:
    """Whether an operation's OpenAPI ``security`` asks for a student token in every
    alternative (``docs.STUDENT``), not only optionally (``docs.STOREFRONT``)."""
    return bool(security) and all("StudentToken" in req for req in security or [])


def authenticate_student_operations(app: Flask, paths: Mapping[str, Any]) -> None:
    """Sign the student in before anything else of every operation the OpenAPI document
    (``paths``) declares as a student operation, core's and the plugins' alike.

    Without a student token such a request answers 401 (``login_required``, or
    ``invalid_token``/``unauthorized``) before validation and before a blueprint's own
    ``before_request`` runs: ``require_plugin`` there answers 404 to signed-in students
    only. Call after every blueprint is registered (app-level hooks run before blueprints').
    """
    operations = frozenset(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
        if requires_student_token(
            paths.get(FlaskPlugin.flaskpath2openapi(rule.rule), {})
            .get("get" if method == "HEAD" else method.lower(), {})
            .get("security")
        )
    )

    def sign_in() -> None:
        rule = request.url_rule
        if rule is not None and (rule.rule, request.method) in operations:
            student()

    app.before_request(sign_in)


def require_operator() -> None:
    expected = tuition().settings.operator_token
    token = _bearer()
    if not expected or not token or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Unauthorized("Send the operator token as a bearer token.")
    db().info["all_tenants"] = True  # the operator works across tenants
    audit.set_actor(db(), "operator")


def require_plugin(tenant: Tenant, name: str) -> None:
    """404 unless ``tenant`` enabled plugin ``name`` (a plugin's endpoints do not exist there).

    Student operations (``security=STUDENT``) are signed in before any ``before_request`` of
    a blueprint runs (:func:`authenticate_student_operations`), so calling this there still
    answers 401 to a caller without a student token, at every tenant.
    """
    if name not in tuition().hooks(tenant).enabled:
        raise NotFound("Not found.")


def tenant_by_slug(slug: str) -> Tenant:
    """The tenant ``slug`` for callers a URL names it to (provider pages, webhooks); 404
    when there is none. The request's session is scoped to it from then on."""
    tenant = tenants.enter_by_slug(db(), slug)
    if tenant is None:
        raise NotFound("Not found.")
    return _enter(tenant)


class RequestAccess:
    """Core's answers to :mod:`tuition.plugin_api.web` for the request being served."""

    host = staticmethod(tuition)
    db = staticmethod(db)
    storefront_tenant = staticmethod(storefront_tenant)
    admin_tenant = staticmethod(admin_tenant)
    current_student = staticmethod(current_student)
    student = staticmethod(student)
    tenant_by_slug = staticmethod(tenant_by_slug)
    require_plugin = staticmethod(require_plugin)
    paginate = staticmethod(paginate)

    commit_now = staticmethod(transaction.end_before_network_call)


def install_request_access(app: Flask) -> None:
    """Let plugins' views ask who is calling (:mod:`tuition.plugin_api.web`)."""
    app.extensions[EXTENSION_KEY] = RequestAccess()
