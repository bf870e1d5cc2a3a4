"""Admin API of the discounts plugin (secret key): codes, batches, redemptions and totals.
Every path answers 404 for tenants that did not enable the plugin."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from sqlalchemy import select

from tuition.plugin_api import ADMIN, PageQuery, PluginBlueprint, problems
from tuition.plugin_api.web import admin_tenant, db, paginate
from tuition.plugin_api.web import host as tuition

from . import admin
from .codes import PLUGIN, totals
from .models import DiscountCode, Redemption
from .schemas import (
    CodeList,
    CodeOut,
    CodePage,
    CodeQuery,
    CodeTemplate,
    CodeWrite,
    GenerateIn,
    RedemptionPage,
)

blp = PluginBlueprint(
    "discounts_admin",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin/discounts",
    description="Discount and access codes (discounts plugin).",
)


def _doc(operation_id: str) -> dict[str, Any]:
    return {"security": ADMIN, "operationId": operation_id, "tags": ["admin"]}


def present_code(code: DiscountCode, sums: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": code.id,
        "code": code.code,
        "description": code.description,
        "percent_off": code.percent_off,
        "amounts_off": code.amounts_off,
        "courses": code.courses,
        "valid_from": code.valid_from,
        "valid_until": code.valid_until,
        "max_redemptions": code.max_redemptions,
        "per_student_limit": code.per_student_limit,
        "min_price": code.min_price,
        "active": code.active,
        "redeemed": code.redeemed,
        "totals": sums if sums is not None else totals(db(), [code.id])[code.id],
        "created_at": code.created_at,
    }


def _present_all(found: list[DiscountCode]) -> list[dict[str, Any]]:
    sums = totals(db(), [c.id for c in found])
    return [present_code(c, sums[c.id]) for c in found]


@blp.route("/codes")
class Codes(MethodView):
    @blp.doc(**_doc("listDiscountCodes"))
    @blp.arguments(CodeQuery, location="query")
    @blp.response(200, CodePage)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The site's codes, newest first, with their totals; ``search`` finds codes
        containing a text."""
        page = paginate(
            admin.codes(query.get("search")),
            query,
            DiscountCode.created_at.desc(),
            DiscountCode.id,
        )
        return {**page, "items": _present_all(page["items"])}

    @blp.doc(**_doc("createDiscountCode"))
    @blp.arguments(CodeWrite)
    @blp.response(201, CodeOut)
    @problems(blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create a code: ``percent_off`` or ``amounts_off`` (per currency), for every
        course or ``courses``, with dates and limits. ``code_exists`` (409)."""
        code = admin.create(db(), admin_tenant(), data)
        db().flush()
        return present_code(code)


@blp.route("/codes:generate")
class GenerateCodes(MethodView):
    @blp.doc(**_doc("generateDiscountCodes"))
    @blp.arguments(GenerateIn)
    @blp.response(201, CodeList)
    @problems(blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create ``count`` unique random codes ``<prefix><length random characters>``,
        each with the template's fields (usually ``per_student_limit`` and
        ``max_redemptions`` 1: one code per person)."""
        count, prefix, length = data.pop("count"), data.pop("prefix"), data.pop("length")
        made = admin.generate(db(), admin_tenant(), count, prefix, length, data)
        db().flush()
        return {"items": _present_all(made)}


@blp.route("/codes/<string:code_id>")
class CodeResource(MethodView):
    @blp.doc(**_doc("getDiscountCode"))
    @blp.response(200, CodeOut)
    @problems(blp, 401, 404)
    def get(self, code_id: str) -> dict[str, Any]:
        """One code with its totals: redemptions, revenue and discount given."""
        return present_code(admin.get_code(db(), code_id))

    @blp.doc(**_doc("updateDiscountCode"))
    @blp.arguments(CodeTemplate)
    @blp.response(200, CodeOut)
    @problems(blp, 401, 404, 409, 422)
    def patch(self, data: dict[str, Any], code_id: str) -> dict[str, Any]:
        """Change a code (its text stays); ``active: false`` stops it at once."""
        return present_code(admin.change(db(), code_id, data))

    @blp.doc(**_doc("deleteDiscountCode"))
    @blp.response(204)
    @problems(blp, 401, 404, 409)
    def delete(self, code_id: str) -> None:
        """Delete a code nobody redeemed; ``code_in_use`` (409) otherwise: deactivate it."""
        admin.remove(db(), code_id)


@blp.route("/codes/<string:code_id>/redemptions")
class Redemptions(MethodView):
    @blp.doc(**_doc("listDiscountRedemptions"))
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, RedemptionPage)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any], code_id: str) -> dict[str, Any]:
        """Who used the code, newest first: held (checkout open), used, or released (the
        checkout ended unpaid and the use went back to the code)."""
        code = admin.get_code(db(), code_id)
        slugs: dict[str, str] = {}

        def present(r: Redemption) -> dict[str, Any]:
            if r.course_id not in slugs:
                course = tuition().services.course(db(), id=r.course_id)
                slugs[r.course_id] = course.slug if course is not None else ""
            return {
                "id": r.id,
                "code": code.code,
                "student_id": r.student_id,
                "enrollment_id": r.enrollment_id,
                "course": slugs[r.course_id],
                "order_id": r.order_id,
                "status": r.status,
                "currency": r.currency,
                "list_amount": r.list_amount,
                "discount_amount": r.discount_amount,
                "amount": r.amount,
                "created_at": r.created_at,
                "released_at": r.released_at,
            }

        return paginate(
            select(Redemption).where(Redemption.code_id == code.id),
            query,
            Redemption.created_at.desc(),
            Redemption.id,
            present=present,
        )
