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
from tuition.models import Student, Tenant
from tuition.plugin_api.errors import NotFound, Unauthorized
from tuition.plugin_api.web import EXTENSION_KEY
from tuition.runtime import Tuition
from tuition.services import audit, auth, keys, tenants


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
    return _enter(found[0])


def admin_tenant() -> Tenant:
    """The tenant whose secret key is the bearer token; 401 otherwise."""
    raw = _bearer()
    if not raw or not raw.startswith("sk_"):
        raise Unauthorized("Send the site's secret key as 'Authorization: Bearer sk_…'.")
    with across_tenants(db()):
        found = keys.find_key(db(), raw, "secret")
    if found is None:
        raise Unauthorized("The secret key is not valid.")
    tenant, g.api_key_id = found
    audit.set_actor(db(), "admin")
    return _enter(tenant)


def admin_key_id() -> str:
    """The id of the secret key the admin request is made with."""
    if "api_key_id" not in g:
        admin_tenant()
    key_id: str = g.api_key_id
    return key_id


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
    found = auth.authenticate(tuition(), db(), tenant, token)
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
