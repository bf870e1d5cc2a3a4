"""Plugins' API views: the Blueprint base, who is calling, the request's session, and the
documentation of security and problems.

Core answers these calls for the request being served; outside a request they raise
``RuntimeError``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from flask import current_app
from flask_smorest import Blueprint

from tuition.plugin_api.problems import ProblemSchema

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.orm import Session

    from tuition.plugin_api.host import Host
    from tuition.plugin_api.records import StudentRecord, TenantRecord

#: ``app.extensions`` key of core's :class:`RequestAccess`.
EXTENSION_KEY = "tuition.plugin_api.web"

STOREFRONT: list[dict[str, list[str]]] = [{"TenantKey": []}, {"TenantKey": [], "StudentToken": []}]
STUDENT: list[dict[str, list[str]]] = [{"TenantKey": [], "StudentToken": []}]
ADMIN: list[dict[str, list[str]]] = [{"SecretKey": []}, {"StaffToken": []}]
OPERATOR: list[dict[str, list[str]]] = [{"OperatorToken": []}]
WEBHOOK: list[dict[str, list[str]]] = [{"ProviderSignature": []}]

Audience = Literal["storefront", "student", "admin", "public"]

#: A staff member's role at a tenant, least to most: ``support`` reads (and does what a
#: view marks for it), ``manager`` changes the catalogue, enrollments and orders, ``owner``
#: does everything (keys, plugins, tenant settings, staff).
StaffRole = Literal["support", "manager", "owner"]
STAFF_ROLES: tuple[StaffRole, ...] = ("support", "manager", "owner")
#: The attribute :func:`staff_role` sets on a view.
STAFF_ROLE_ATTRIBUTE = "tuition_staff_role"
_View = TypeVar("_View")


def staff_role(role: StaffRole) -> Callable[[_View], _View]:
    """Mark an admin view with the least staff role that may call it: a ``MethodView``
    class (every method) or one of its methods (that method; it wins over the class).

    Unmarked admin views need ``support`` to read (GET, HEAD, OPTIONS) and ``manager`` to
    write. Mark ``owner`` what belongs to the site's owner (credentials, integrations,
    settings) and ``support`` the few writes support staff may make (resend a mail, enroll
    a student by hand). Core checks the role before any view of ``/v1/admin/…`` runs and
    answers 403 ``insufficient_role``; a secret key may call everything.
    """
    if role not in STAFF_ROLES:
        raise ValueError(f"role must be one of {', '.join(STAFF_ROLES)}")

    def mark(view: _View) -> _View:
        setattr(view, STAFF_ROLE_ATTRIBUTE, role)
        return view

    return mark


class RequestAccess(Protocol):
    """What core tells a view about the request it serves (registered by core)."""

    def host(self) -> Host: ...
    def db(self) -> Session: ...
    def storefront_tenant(self) -> TenantRecord: ...
    def admin_tenant(self) -> TenantRecord: ...
    def current_student(self, *, required: bool) -> StudentRecord | None: ...
    def student(self) -> StudentRecord: ...
    def tenant_by_slug(self, slug: str) -> TenantRecord: ...
    def require_plugin(self, tenant: TenantRecord, name: str) -> None: ...
    def commit_now(self) -> None: ...
    def paginate(
        self,
        stmt: Select[Any],
        query: Mapping[str, Any],
        *order_by: Any,
        present: Callable[[Any], Any],
    ) -> dict[str, Any]: ...


def _access() -> RequestAccess:
    access: RequestAccess = current_app.extensions[EXTENSION_KEY]
    return access


def host() -> Host:
    """The running installation (``services``, ``jobs``, ``secret``, …)."""
    return _access().host()


def db() -> Session:
    """The request's session; tenant-scoped once the tenant is known. Core commits it
    when the view answers successfully and rolls it back otherwise: never commit it."""
    return _access().db()


def storefront_tenant() -> TenantRecord:
    """The tenant of the publishable key in ``X-Tenant-Key``; 401 without a valid one."""
    return _access().storefront_tenant()


def admin_tenant() -> TenantRecord:
    """The tenant whose secret key or staff token is the bearer token; 401 otherwise (a
    staff member's role was checked before the view: see :func:`staff_role`)."""
    return _access().admin_tenant()


def current_student(*, required: bool = False) -> StudentRecord | None:
    """The signed-in student of the storefront tenant, or None (401 when ``required``)."""
    return _access().current_student(required=required)


def student() -> StudentRecord:
    """The signed-in student of the storefront tenant; 401 without a valid token."""
    return _access().student()


def tenant_by_slug(slug: str) -> TenantRecord:
    """The tenant ``slug`` (for provider pages and webhooks, which carry no key); 404 if
    there is none. The request's session is scoped to it from then on."""
    return _access().tenant_by_slug(slug)


def require_plugin(tenant: TenantRecord, name: str) -> None:
    """404 unless ``tenant`` enabled plugin ``name``: its endpoints do not exist there."""
    _access().require_plugin(tenant, name)


def paginate(
    stmt: Select[Any],
    query: Mapping[str, Any],
    *order_by: Any,
    present: Callable[[Any], Any] = lambda row: row,
) -> dict[str, Any]:
    """One page of ``stmt`` as ``{items, page, page_size, total}`` (query: ``page``,
    ``page_size`` from :class:`~tuition.plugin_api.PageQuery`), ordered by ``order_by``."""
    return _access().paginate(stmt, query, *order_by, present=present)


def commit_now() -> None:
    """Commit the request's work now, before the view answers: e.g. so that a job it
    deferred runs (inline) or reaches a worker and the answer can show its outcome, or
    before a network call. A failed commit answers a problem; whatever the view writes
    afterwards is committed by the request as usual."""
    _access().commit_now()


def problems(blp: Blueprint, *statuses: int) -> Callable[[Any], Any]:
    """Document problem+json answers for ``statuses`` on a view."""

    def decorate(func: Any) -> Any:
        for status in statuses:
            func = blp.alt_response(
                status,
                schema=ProblemSchema,
                content_type="application/problem+json",
                description="Problem (see `code`).",
            )(func)
        return func

    return decorate


def raw_body(view: Any) -> Any:
    """Mark a view (or MethodView class) that takes a non-JSON body, such as a webhook."""
    view.tuition_raw_body = True
    return view


class PluginBlueprint(Blueprint):
    """A plugin's flask-smorest Blueprint whose paths exist only at tenants that enabled
    ``plugin``.

    ``audience`` says who calls it, checked before every view (credentials first, then the
    plugin, so a caller without credentials gets 401 and one at another tenant 404):
    ``storefront`` (publishable key), ``student`` (publishable key and a student token),
    ``admin`` (secret key), or ``public`` (provider pages and webhooks: the view finds its
    tenant with :func:`tenant_by_slug` and calls :func:`require_plugin` itself).
    """

    def __init__(
        self, name: str, import_name: str, *, plugin: str, audience: Audience, **kwargs: Any
    ) -> None:
        super().__init__(name, import_name, **kwargs)
        self.plugin = plugin
        self.audience = audience
        if audience != "public":
            self.before_request(self._check_caller)

    def _check_caller(self) -> None:
        if self.audience == "admin":
            tenant = admin_tenant()
        else:
            tenant = storefront_tenant()
            if self.audience == "student":
                student()
        require_plugin(tenant, self.plugin)
