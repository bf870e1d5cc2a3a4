"""Operator API: create tenants, issue a tenant a new secret key."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tuition.api import present
from tuition.api.context import db, require_operator, tuition
from tuition.api.docs import OPERATOR, problems
from tuition.api.schemas import KeyCreated, TenantCreate, TenantCreated
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


@blp.route("")
class Tenants(MethodView):
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
        tenant = tenants.enter_by_slug(db(), slug)
        if tenant is None:
            raise NotFound(f"No tenant {slug!r}.")
        new = keys.create_key(db(), tenant, "secret")
        db().flush()  # read back below; the request commits
        return present.api_key(new.key, new.raw)
