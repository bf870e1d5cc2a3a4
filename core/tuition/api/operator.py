"""Operator API: create tenants."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tuition.api import present
from tuition.api.context import db, require_operator, tuition
from tuition.api.docs import OPERATOR, problems
from tuition.api.schemas import TenantCreate, TenantCreated
from tuition.services import tenants

blp = Blueprint("operator", __name__, url_prefix="/v1/tenants",
                description="Platform operator: tenants.")


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
            rt, db(), slug=data["slug"], name=data["name"], plugins=data["plugins"],
            identity_provider=data["identity_provider"],
        )
        return {**present.tenant(rt, tenant), "publishable_key": issued.publishable,
                "secret_key": issued.secret}
