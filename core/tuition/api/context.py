"""Request context: the runtime, the request's session, and who is calling."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app, g, request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tuition import logs
from tuition.db import across_tenants
from tuition.errors import NotFound, Unauthorized
from tuition.models import Student, Tenant
from tuition.runtime import Tuition
from tuition.services import audit, auth, keys


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


def paginate(stmt: Select[Any], query: Mapping[str, Any], *order_by: Any,
             present: Callable[[Any], Any] = lambda row: row) -> dict[str, Any]:
    """One page of ``stmt`` as ``{items, page, page_size, total}`` (query: page, page_size)."""
    page, size = query["page"], query["page_size"]
    total = db().scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db().scalars(stmt.order_by(*order_by).offset((page - 1) * size).limit(size))
    return {"items": [present(row) for row in rows], "page": page, "page_size": size,
            "total": total}


def close_db(_exc: BaseException | None = None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
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
    if not raw:
        raise Unauthorized("Send the site's publishable key in the X-Tenant-Key header.")
    with across_tenants(db()):
        tenant = keys.tenant_for_key(db(), raw, "publishable")
    if tenant is None:
        raise Unauthorized("The publishable key is not valid.")
    return _enter(tenant)


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
            raise Unauthorized("Sign in first: send the student token as a bearer token.",
                               code="login_required")
        return None
    return auth.authenticate(tuition(), db(), tenant, token)


def student() -> Student:
    found = current_student(required=True)
    assert found is not None
    audit.set_actor(db(), f"student:{found.id}")
    return found


def require_operator() -> None:
    expected = tuition().settings.operator_token
    token = _bearer()
    if not expected or not token or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Unauthorized("Send the operator token as a bearer token.")
    db().info["all_tenants"] = True  # the operator works across tenants
    audit.set_actor(db(), "operator")


def require_plugin(tenant: Tenant, name: str) -> None:
    """404 unless ``tenant`` enabled plugin ``name`` (a plugin's endpoints do not exist there)."""
    if name not in tuition().hooks(tenant).enabled:
        raise NotFound("Not found.")
