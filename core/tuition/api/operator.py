"""Operator API: list, create, suspend and resume tenants, issue a tenant a new secret
key."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import func, or_

from tuition.api import present
from tuition.api.context import db, paginate, require_operator, tuition
from tuition.api.docs import OPERATOR, problems
from tuition.api.schemas import (
    KeyCreated,
    TenantCreate,
    TenantCreated,
    TenantOut,
    TenantQuery,
    TenantSummaryOut,
    page_of,
)
from tuition.db import across_tenants
from tuition.models import Tenant
from tuition.plugin_api import NotFound
from tuition.services import keys, tenants

blp = Blueprint(
    "operator", __name__, url_prefix="/v1/tenants", description="Platform operator: tenants."
)


@blp.before_request
def _authenticate() -> None:
    """Credentials first: a caller without the operator token learns nothing from
    validation."""
    require_operator()


def _summary(tenant: Tenant) -> dict[str, Any]:
    return {
        "id": tenant.id,
        "slug": tenant.slug,
        "name": tenant.name,
        "created_at": tenant.created_at,
        "suspended_at": tenant.suspended_at,
        "enabled_plugins": sorted(tenant.enabled_plugins()),
    }


def _tenant(slug: str) -> Tenant:
    tenant = tenants.enter_by_slug(db(), slug)
    if tenant is None:
        raise NotFound(f"No tenant {slug!r}.")
    return tenant


@blp.route("")
class Tenants(MethodView):
    @blp.doc(security=OPERATOR, operationId="listTenants", tags=["operator"])
    @blp.arguments(TenantQuery, location="query")
    @blp.response(200, page_of(TenantSummaryOut, "TenantPage"))
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Every site, newest first, searched by ``q`` (part of the slug or name) and
        filtered by ``suspended``."""
        stmt = tenants.list_tenants()
        if "q" in query:
            pattern = f"%{query['q'].lower()}%"
            stmt = stmt.where(or_(Tenant.slug.like(pattern), func.lower(Tenant.name).like(pattern)))
        if "suspended" in query:
            column = Tenant.suspended_at
            stmt = stmt.where(column.is_not(None) if query["suspended"] else column.is_(None))
        with across_tenants(db()):
            return paginate(
                stmt, query, Tenant.created_at.desc(), Tenant.id.desc(), present=_summary
            )

    @blp.doc(security=OPERATOR, operationId="createTenant", tags=["operator"])
    @blp.arguments(TenantCreate)
    @blp.response(201, TenantCreated)
    @problems(blp, 401, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create a tenant with its plugins; answers both keys (the secret key only now)."""
        require_operator()
        rt = tuition()
        tenant, issued = tenants.create_tenant(
            rt,
            db(),
            slug=data["slug"],
            name=data["name"],
            plugins=data["plugins"],
            identity_provider=data["identity_provider"],
            retention=data["retention"],
        )
        return {
            **present.tenant(rt, tenant),
            "publishable_key": issued.publishable,
            "secret_key": issued.secret,
        }


@blp.route("/<string:slug>/secret-keys")
class TenantSecretKeys(MethodView):
    @blp.doc(security=OPERATOR, operationId="issueTenantSecretKey", tags=["operator"])
    @blp.response(201, KeyCreated)
    @problems(blp, 401, 404)
    def post(self, slug: str) -> dict[str, Any]:
        """Issue a new secret key for a site (its owner lost theirs, or its keys were never
        printed); the key is in this answer only. Existing keys stay as they are."""
        require_operator()
        tenant = _tenant(slug)
        new = keys.create_key(db(), tenant, "secret")
        db().flush()  # read back below; the request commits
        return present.api_key(new.key, new.raw)


@blp.route("/<string:slug>/suspend")
class SuspendTenant(MethodView):
    @blp.doc(security=OPERATOR, operationId="suspendTenant", tags=["operator"])
    @blp.response(200, TenantOut)
    @problems(blp, 401, 404)
    def post(self, slug: str) -> dict[str, Any]:
        """Suspend a site: from the commit on, its keys and its staff's tokens answer 403
        ``tenant_suspended`` (provider webhooks and hosted payment pages keep working, so
        money in flight is settled). Suspending a suspended site changes nothing."""
        tenant = tenants.set_suspended(db(), _tenant(slug), True)
        return present.tenant(tuition(), tenant)


@blp.route("/<string:slug>/resume")
class ResumeTenant(MethodView):
    @blp.doc(security=OPERATOR, operationId="resumeTenant", tags=["operator"])
    @blp.response(200, TenantOut)
    @problems(blp, 401, 404)
    def post(self, slug: str) -> dict[str, Any]:
        """Lift a suspension: the site's keys and tokens work again. Resuming an active
        site changes nothing."""
        tenant = tenants.set_suspended(db(), _tenant(slug), False)
        return present.tenant(tuition(), tenant)
