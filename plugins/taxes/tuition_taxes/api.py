"""The site owner's view of VAT IDs VIES could not check at the sale
(``GET /v1/admin/taxes/vat-rechecks``): those still waiting, and what VIES said later."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import fields, validate
from sqlalchemy import select

from tuition.plugin_api import (
    ADMIN,
    Out,
    PageQuery,
    PluginBlueprint,
    UTCDateTime,
    page_of,
    problems,
)
from tuition.plugin_api.web import admin_tenant, paginate

from . import recheck
from .models import RECHECK_STATUSES, VatRecheck

admin = PluginBlueprint(
    "taxes_admin",
    __name__,
    plugin="taxes",
    audience="admin",
    url_prefix="/v1/admin/taxes",
    description="VAT IDs VIES could not check at the sale, checked again later (taxes plugin).",
)


class VatRecheckOut(Out):
    id = fields.String()
    order_id = fields.String()
    vat_id = fields.String()
    status = fields.String(
        validate=validate.OneOf(RECHECK_STATUSES),
        metadata={
            "description": "unverified (VIES has not answered yet), valid, or invalid (VIES "
            "says it is not registered: the reverse charge of the sale needs your look)."
        },
    )
    attempts = fields.Integer()
    next_check_at = UTCDateTime(allow_none=True)
    checked_at = UTCDateTime(allow_none=True)
    request_identifier = fields.String(
        allow_none=True, metadata={"description": "VIES's consultation number."}
    )
    reason = fields.String(allow_none=True, metadata={"description": "Why VIES did not answer."})
    created_at = UTCDateTime()


VatRecheckPage = page_of(VatRecheckOut, "VatRecheckPage")


class VatRecheckQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(RECHECK_STATUSES))


@admin.route("/vat-rechecks")
class VatRechecks(MethodView):
    @admin.doc(security=ADMIN, operationId="listVatRechecks", tags=["admin"])
    @admin.arguments(VatRecheckQuery, location="query")
    @admin.response(200, VatRecheckPage)
    @problems(admin, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The sales whose buyer's VAT ID VIES could not check when they were made, newest
        first; ``status=invalid`` keeps those VIES later said are not registered."""
        admin_tenant()
        stmt = select(VatRecheck)
        if "status" in query:
            stmt = stmt.where(VatRecheck.status == query["status"])
        page = paginate(stmt, query, VatRecheck.created_at.desc(), VatRecheck.id.desc())
        return {**page, "items": [recheck.present(r) for r in page["items"]]}
