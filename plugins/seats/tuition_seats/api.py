"""The seats plugin's API: a student redeems a seat, a buyer follows their purchases, the
site owner lists purchases and redemptions and revokes unused codes. Every path answers 404
at tenants that did not enable the plugin."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask.views import MethodView
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    ADMIN,
    STUDENT,
    NotFound,
    PluginBlueprint,
    TenantRecord,
    problems,
    utcnow,
)
from tuition.plugin_api.web import admin_tenant, db, paginate, storefront_tenant, student
from tuition.plugin_api.web import host as tuition

from . import purchases
from .models import SeatCode, SeatPurchase
from .purchases import PLUGIN
from .schemas import (
    PurchasePage,
    RedemptionPage,
    SeatCodeOut,
    SeatPurchaseDetailOut,
    SeatPurchaseQuery,
    SeatRedeemIn,
    SeatRedemptionOut,
)

student_blp = PluginBlueprint(
    "seats_student",
    __name__,
    plugin=PLUGIN,
    audience="student",
    url_prefix="/v1",
    description="Team seats: redeem a seat, follow the seats you bought (seats plugin).",
)
admin_blp = PluginBlueprint(
    "seats_admin",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin/seats",
    description="Team seats: purchases, redemptions, revoking codes (seats plugin).",
)


def _admin(operation_id: str) -> dict[str, Any]:
    return {"security": ADMIN, "operationId": operation_id, "tags": ["admin"]}


def _student(operation_id: str) -> dict[str, Any]:
    return {"security": STUDENT, "operationId": operation_id, "tags": ["student"]}


# -- presenting ------------------------------------------------------------------------------


def _course_slugs(session: Session, ids: Sequence[str]) -> dict[str, str]:
    return {c.id: c.slug for c in tuition().services.courses(session, set(ids))}


def _link(tenant: TenantRecord, code: str | None) -> str | None:
    """The redemption link: the ``redeem_url`` setting with the link's code in it."""
    template = tenant.plugin_settings().get(PLUGIN, {}).get("redeem_url")
    if code is None or not template:
        return None
    return str(template).replace("{code}", code)


def present_purchase(
    tenant: TenantRecord, purchase: SeatPurchase, slugs: Mapping[str, str]
) -> dict[str, Any]:
    remaining = purchase.seats - 1 - purchase.redeemed if purchase.status == "active" else 0
    return {
        "id": purchase.id,
        "course": slugs.get(purchase.course_id, purchase.course_id),
        "buyer_id": purchase.buyer_id,
        "order_id": purchase.order_id,
        "status": purchase.status,
        "seats": purchase.seats,
        "redeemed": purchase.redeemed,
        "remaining": remaining,
        "link_code": purchase.link_code if purchase.status == "active" else None,
        "link": _link(tenant, purchase.link_code) if purchase.status == "active" else None,
        "created_at": purchase.created_at,
        "activated_at": purchase.activated_at,
        "ended_at": purchase.ended_at,
    }


def present_codes(session: Session, codes: Sequence[SeatCode]) -> list[dict[str, Any]]:
    """The codes with who redeemed them (one query for every redeeming student)."""
    enrolled = {
        e.id: e
        for e in tuition().services.enrollments(
            session, ids=[c.enrollment_id for c in codes if c.enrollment_id]
        )
    }
    shown = []
    for code in codes:
        found = enrolled.get(code.enrollment_id or "")
        shown.append(
            {
                "id": code.id,
                "code": code.code,
                "status": code.status,
                "student_id": code.student_id,
                "student_email": found.student.email if found is not None else None,
                "student_name": found.student.name if found is not None else None,
                "enrollment_id": code.enrollment_id,
                "redeemed_with": code.redeemed_with,
                "redeemed_at": code.redeemed_at,
                "revoked_at": code.revoked_at,
                "replaced_by": code.replaced_by,
                "purchase_id": code.purchase_id,
            }
        )
    return shown


def _codes_of(session: Session, purchase_id: str) -> list[SeatCode]:
    return list(
        session.scalars(
            select(SeatCode)
            .where(SeatCode.purchase_id == purchase_id)
            .order_by(SeatCode.created_at, SeatCode.id)
        )
    )


def present_detail(
    tenant: TenantRecord, session: Session, purchase: SeatPurchase
) -> dict[str, Any]:
    slugs = _course_slugs(session, [purchase.course_id])
    return {
        **present_purchase(tenant, purchase, slugs),
        "codes": present_codes(session, _codes_of(session, purchase.id)),
    }


def _page_of_purchases(
    tenant: TenantRecord, stmt: Select[Any], query: Mapping[str, Any]
) -> dict[str, Any]:
    session = db()
    if query.get("course"):
        course = tuition().services.course(session, slug=query["course"])
        stmt = stmt.where(SeatPurchase.course_id == (course.id if course else ""))
    if query.get("status"):
        stmt = stmt.where(SeatPurchase.status == query["status"])
    page = paginate(stmt, query, SeatPurchase.created_at.desc(), SeatPurchase.id)
    slugs = _course_slugs(session, [p.course_id for p in page["items"]])
    return {**page, "items": [present_purchase(tenant, p, slugs) for p in page["items"]]}


# -- student ---------------------------------------------------------------------------------


@student_blp.route("/seats/redeem")
class Redeem(MethodView):
    @student_blp.doc(**_student("redeemSeat"))
    @student_blp.arguments(SeatRedeemIn)
    @student_blp.response(200, SeatRedemptionOut)
    @problems(student_blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Redeem a seat with a seat code or a purchase's link code: the signed-in student
        is enrolled in the purchase's course at once. ``seat_code_invalid`` (422),
        ``seat_code_void``, ``seat_already_redeemed``, ``seats_exhausted`` and
        ``already_enrolled`` (409) use nothing. Send an ``Idempotency-Key`` to retry
        safely."""
        me, session, tenant = student(), db(), storefront_tenant()
        purchase, code = purchases.redeem(tuition(), session, tenant, me, data["code"], utcnow())
        enrollment = tuition().services.enrollment(session, code.enrollment_id or "")
        assert enrollment is not None
        return {
            "code_id": code.id,
            "purchase_id": purchase.id,
            "course": enrollment.course.slug,
            "enrollment_id": enrollment.id,
            "enrollment_status": enrollment.status,
        }


@student_blp.route("/me/seat-purchases")
class MyPurchases(MethodView):
    @student_blp.doc(**_student("listMySeatPurchases"))
    @student_blp.arguments(SeatPurchaseQuery, location="query")
    @student_blp.response(200, PurchasePage)
    @problems(student_blp, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The seat purchases the signed-in student bought, newest first: seats, how many
        are redeemed and remain, and the redemption link."""
        mine = select(SeatPurchase).where(SeatPurchase.buyer_id == student().id)
        return _page_of_purchases(storefront_tenant(), mine, query)


@student_blp.route("/me/seat-purchases/<string:purchase_id>")
class MyPurchase(MethodView):
    @student_blp.doc(**_student("getMySeatPurchase"))
    @student_blp.response(200, SeatPurchaseDetailOut)
    @problems(student_blp, 401, 404)
    def get(self, purchase_id: str) -> dict[str, Any]:
        """One of the student's seat purchases with its codes: who redeemed each and when."""
        session = db()
        purchase = session.get(SeatPurchase, purchase_id)
        if purchase is None or purchase.buyer_id != student().id:
            raise NotFound(f"No seat purchase {purchase_id!r}.")
        return present_detail(storefront_tenant(), session, purchase)


# -- admin -----------------------------------------------------------------------------------


@admin_blp.route("/purchases")
class Purchases(MethodView):
    @admin_blp.doc(**_admin("listSeatPurchases"))
    @admin_blp.arguments(SeatPurchaseQuery, location="query")
    @admin_blp.response(200, PurchasePage)
    @problems(admin_blp, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Every seat purchase, newest first (filter by ``course`` slug and ``status``)."""
        return _page_of_purchases(admin_tenant(), select(SeatPurchase), query)


@admin_blp.route("/purchases/<string:purchase_id>")
class Purchase(MethodView):
    @admin_blp.doc(**_admin("getSeatPurchase"))
    @admin_blp.response(200, SeatPurchaseDetailOut)
    @problems(admin_blp, 401, 404)
    def get(self, purchase_id: str) -> dict[str, Any]:
        """One seat purchase with its codes and who redeemed them."""
        purchase = db().get(SeatPurchase, purchase_id)
        if purchase is None:
            raise NotFound(f"No seat purchase {purchase_id!r}.")
        return present_detail(admin_tenant(), db(), purchase)


@admin_blp.route("/redemptions")
class Redemptions(MethodView):
    @admin_blp.doc(**_admin("listSeatRedemptions"))
    @admin_blp.arguments(SeatPurchaseQuery, location="query")
    @admin_blp.response(200, RedemptionPage)
    @problems(admin_blp, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Every redeemed seat, newest first (filter by ``course`` slug)."""
        session = db()
        stmt = select(SeatCode).where(SeatCode.status == "redeemed")
        if query.get("course"):
            course = tuition().services.course(session, slug=query["course"])
            stmt = stmt.join(SeatPurchase, SeatPurchase.id == SeatCode.purchase_id).where(
                SeatPurchase.course_id == (course.id if course else "")
            )
        page = paginate(stmt, query, SeatCode.redeemed_at.desc(), SeatCode.id)
        codes: list[SeatCode] = page["items"]
        owners = {
            p.id: p.course_id
            for p in session.scalars(
                select(SeatPurchase).where(SeatPurchase.id.in_({c.purchase_id for c in codes}))
            )
        }
        slugs = _course_slugs(session, list(owners.values()))
        items = [
            {**shown, "course": slugs.get(owners.get(shown["purchase_id"], ""), "")}
            for shown in present_codes(session, codes)
        ]
        return {**page, "items": items}


@admin_blp.route("/codes/<string:code_id>/revoke")
class Revoke(MethodView):
    @admin_blp.doc(**_admin("revokeSeatCode"))
    @admin_blp.response(200, SeatCodeOut)
    @problems(admin_blp, 401, 404, 409)
    def post(self, code_id: str) -> dict[str, Any]:
        """Revoke an unused seat code (leaked, sent to the wrong person): it works no more
        and a new code replaces it (returned), so the buyer keeps the seat.
        ``seat_already_redeemed`` or ``seat_code_void`` (409) when it is not unused."""
        session = db()
        replacement = purchases.revoke(session, admin_tenant(), code_id, utcnow())
        return present_codes(session, [replacement])[0]
