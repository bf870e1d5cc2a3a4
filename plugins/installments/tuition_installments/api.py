"""The payment plans API: the student's (``/v1/me/payment-plans``) and the site owner's
(``/v1/admin/payment-plans``). Every path answers 404 at tenants without the plugin."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from tuition.plugin_api import (
    ADMIN,
    STUDENT,
    NotFound,
    Out,
    PageQuery,
    PluginBlueprint,
    UTCDateTime,
    final_deadline,
    grace_period,
    problems,
)
from tuition.plugin_api.web import admin_tenant, db, paginate, storefront_tenant, student
from tuition.plugin_api.web import host as tuition

from . import plans
from .models import (
    INSTALLMENT_STATUSES,
    PLAN_STATUSES,
    REFUND_REASONS,
    REFUND_STATUSES,
    PaymentPlan,
)
from .settings import PLUGIN


class PaymentPlanInstallmentOut(Out):
    seq = fields.Integer(metadata={"description": "1 = the first payment, made at checkout."})
    amount = fields.Integer(metadata={"description": "What it charges (gross)."})
    tax_amount = fields.Integer(
        metadata={"description": "The tax in amount (0 untaxed); net = amount - tax_amount."}
    )
    due_at = UTCDateTime()
    status = fields.String(metadata={"enum": list(INSTALLMENT_STATUSES)})
    attempts = fields.Integer()
    paid_amount = fields.Integer(allow_none=True)
    paid_at = UTCDateTime(allow_none=True)
    failed_at = UTCDateTime(allow_none=True)
    refunded_amount = fields.Integer(
        metadata={"description": "What the site owner gave back of it (it stays paid)."}
    )


class PaymentPlanRefundOut(Out):
    installment = fields.Integer(allow_none=True, attribute="seq")
    amount = fields.Integer()
    tax_amount = fields.Integer(metadata={"description": "Its tax, in the order's proportion."})
    reason = fields.String(metadata={"enum": list(REFUND_REASONS)})
    status = fields.String(metadata={"enum": list(REFUND_STATUSES)})
    payment_id = fields.String(allow_none=True)
    created_at = UTCDateTime()


class PaymentPlanOut(Out):
    id = fields.String()
    course = fields.String(metadata={"description": "The course's slug."})
    enrollment_id = fields.String()
    order_id = fields.String(metadata={"description": "The order of the first payment."})
    student_id = fields.String()
    provider = fields.String()
    status = fields.String(metadata={"enum": list(PLAN_STATUSES)})
    access = fields.String(
        metadata={
            "enum": ["pending", "granted", "paused", "ended"],
            "description": "paused: an installment is overdue (enroll state payment_overdue).",
        }
    )
    count = fields.Integer()
    amount = fields.Integer(metadata={"description": "Each installment, in minor units."})
    currency = fields.String()
    interval = fields.String()
    interval_count = fields.Integer()
    total = fields.Integer(metadata={"description": "count times amount."})
    paid = fields.Integer(metadata={"description": "What was paid so far."})
    refunded = fields.Integer(
        metadata={"description": "What the site owner gave back of the paid installments."}
    )
    balance = fields.Integer(metadata={"description": "What is left to pay."})
    next_due_at = UTCDateTime(allow_none=True)
    failed_at = UTCDateTime(allow_none=True)
    grace_ends_at = UTCDateTime(allow_none=True)
    final_deadline_at = UTCDateTime(allow_none=True)
    started_at = UTCDateTime(allow_none=True)
    closed_at = UTCDateTime(allow_none=True)
    close_reason = fields.String(allow_none=True)
    created_at = UTCDateTime()
    installments = fields.List(fields.Nested(PaymentPlanInstallmentOut))
    refunds = fields.List(
        fields.Nested(PaymentPlanRefundOut),
        metadata={
            "description": "Money given back: one installment (reason admin), or a charge "
            "not owed (after_close, duplicate, pay_off_excess), never counted as paid."
        },
    )


class PaymentPlanPage(Out):
    items = fields.List(fields.Nested(PaymentPlanOut))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


class PaymentPlanList(Out):
    items = fields.List(fields.Nested(PaymentPlanOut))


class PaymentPlanQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(PLAN_STATUSES))
    student = fields.String(metadata={"description": "A student id."})


def present(plan: PaymentPlan) -> dict[str, Any]:
    settings = tuition().services.tenant(db(), plan.tenant_id)
    tenant_settings = (settings.plugin_settings() if settings else {}).get(PLUGIN, {})
    course = tuition().services.course(db(), id=plan.course_id)
    open_ = [i for i in plan.installments if i.status in ("scheduled", "failed")]
    given = plans.refunds(db(), plan)
    back = {r.seq: r.amount for r in given if r.reason == "admin"}
    return {
        "id": plan.id,
        "course": course.slug if course else None,
        "enrollment_id": plan.enrollment_id,
        "order_id": plan.order_id,
        "student_id": plan.student_id,
        "provider": plan.provider,
        "status": plan.status,
        "access": plans.access(plan),
        "count": plan.count,
        "amount": plan.amount,
        "currency": plan.currency,
        "interval": plan.interval,
        "interval_count": plan.interval_count,
        "total": plan.count * plan.amount,
        "paid": plans.paid_total(plan),
        "refunded": sum(back.values()),
        "balance": plans.balance(plan),
        "next_due_at": open_[0].due_at if open_ and plan.status in plans.RUNNING else None,
        "failed_at": plan.failed_at,
        "grace_ends_at": plan.failed_at + grace_period(tenant_settings) if plan.failed_at else None,
        "final_deadline_at": plan.failed_at + final_deadline(tenant_settings)
        if plan.failed_at
        else None,
        "started_at": plan.started_at,
        "closed_at": plan.closed_at,
        "close_reason": plan.close_reason,
        "created_at": plan.created_at,
        "installments": [
            {**_columns(i), "refunded_amount": back.get(i.seq, 0)} for i in plan.installments
        ],
        "refunds": given,
    }


def _columns(installment: Any) -> dict[str, Any]:
    shown = PaymentPlanInstallmentOut().fields
    return {c: getattr(installment, c) for c in shown if c != "refunded_amount"}


# -- the student's -------------------------------------------------------------------------

me = PluginBlueprint(
    "installments_student",
    __name__,
    plugin=PLUGIN,
    audience="student",
    url_prefix="/v1/me/payment-plans",
    description="The student's payment plans (installments plugin).",
)


@me.route("")
class MyPlans(MethodView):
    @me.doc(security=STUDENT, operationId="listMyPaymentPlans", tags=["student"])
    @me.response(200, PaymentPlanList)
    @problems(me, 401, 404)
    def get(self) -> dict[str, Any]:
        """The student's payment plans, newest first: schedule, paid and balance."""
        storefront_tenant()
        found = db().scalars(
            select(PaymentPlan)
            .where(PaymentPlan.student_id == student().id, PaymentPlan.status != "void")
            .order_by(PaymentPlan.created_at.desc(), PaymentPlan.id)
        )
        return {"items": [present(p) for p in found]}


@me.route("/<string:plan_id>")
class MyPlan(MethodView):
    @me.doc(security=STUDENT, operationId="getMyPaymentPlan", tags=["student"])
    @me.response(200, PaymentPlanOut)
    @problems(me, 401, 404)
    def get(self, plan_id: str) -> dict[str, Any]:
        """One of the student's payment plans."""
        storefront_tenant()
        return present(plans.plan_of_student(db(), student().id, plan_id))


@me.route("/<string:plan_id>/cancel")
class MyPlanCancel(MethodView):
    @me.doc(security=STUDENT, operationId="cancelMyPaymentPlan", tags=["student"])
    @me.response(200, PaymentPlanOut)
    @problems(me, 401, 404, 409)
    def post(self, plan_id: str) -> dict[str, Any]:
        """Cancel the rest of the plan: nothing more is charged and the enrollment ends
        (what was paid stays paid). 409 ``payment_plan_closed`` when it is over."""
        tenant = storefront_tenant()
        plan = plans.plan_of_student(db(), student().id, plan_id)
        plans.cancel(tuition(), db(), tenant, plan.id, "student")
        return present(plans.get_plan(db(), plan.id))


@me.route("/<string:plan_id>/pay-off")
class MyPlanPayOff(MethodView):
    @me.doc(security=STUDENT, operationId="payOffMyPaymentPlan", tags=["student"])
    @me.response(200, PaymentPlanOut)
    @problems(me, 401, 404, 409, 502, 503)
    def post(self, plan_id: str) -> dict[str, Any]:
        """Pay what is left at once: the provider charges the balance to the payment
        method the plan charges, the plan is ``paid_off`` (access kept) and nothing more
        is charged. 409 ``pay_off_declined`` (nothing taken), ``pay_off_unavailable``
        (the provider cannot), ``payment_plan_closed``."""
        tenant = storefront_tenant()
        plan = plans.plan_of_student(db(), student().id, plan_id)
        plans.pay_off(tuition(), db(), tenant, plan, "student")
        return present(plans.get_plan(db(), plan.id))


class PaymentMethodIn(Schema):
    return_url = fields.Url(
        load_default=None,
        schemes={"https", "http"},
        metadata={"description": "Where the provider's page sends the student back."},
    )


class PaymentMethodOut(Out):
    url = fields.String(
        metadata={"description": "The provider's page; short-lived, open it right away."}
    )


@me.route("/<string:plan_id>/payment-method")
class MyPlanPaymentMethod(MethodView):
    @me.doc(security=STUDENT, operationId="updateMyPaymentPlanPaymentMethod", tags=["student"])
    @me.arguments(PaymentMethodIn, required=False)
    @me.response(200, PaymentMethodOut)
    @problems(me, 401, 404, 409, 422, 502, 503)
    def post(self, body: dict[str, Any], plan_id: str) -> dict[str, Any]:
        """The provider's hosted page where the student changes the payment method the
        plan charges (Stripe: a Billing customer portal session). 409
        ``payment_method_update_unavailable`` when the plan's provider has none,
        ``payment_plan_closed`` when the plan is over."""
        tenant = storefront_tenant()
        plan = plans.plan_of_student(db(), student().id, plan_id)
        url = plans.payment_method_url(
            tuition(), db(), tenant, plan, (body or {}).get("return_url")
        )
        return {"url": url}


# -- the site owner's ------------------------------------------------------------------------

admin = PluginBlueprint(
    "installments_admin",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin/payment-plans",
    description="Payment plans (installments plugin).",
)


def _doc(operation_id: str) -> dict[str, Any]:
    return {"security": ADMIN, "operationId": operation_id, "tags": ["admin"]}


@admin.route("")
class Plans(MethodView):
    @admin.doc(**_doc("listPaymentPlans"))
    @admin.arguments(PaymentPlanQuery, location="query")
    @admin.response(200, PaymentPlanPage)
    @problems(admin, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The site's payment plans, newest first (``status``, ``student`` filters)."""
        admin_tenant()
        stmt = select(PaymentPlan)
        if query.get("status"):
            stmt = stmt.where(PaymentPlan.status == query["status"])
        if query.get("student"):
            stmt = stmt.where(PaymentPlan.student_id == query["student"])
        return paginate(stmt, query, PaymentPlan.created_at.desc(), PaymentPlan.id, present=present)


@admin.route("/<string:plan_id>")
class PlanView(MethodView):
    @admin.doc(**_doc("getPaymentPlan"))
    @admin.response(200, PaymentPlanOut)
    @problems(admin, 401, 404)
    def get(self, plan_id: str) -> dict[str, Any]:
        """One payment plan with its schedule."""
        admin_tenant()
        return present(plans.get_plan(db(), plan_id))


@admin.route("/<string:plan_id>/cancel")
class PlanCancel(MethodView):
    @admin.doc(**_doc("cancelPaymentPlan"))
    @admin.response(200, PaymentPlanOut)
    @problems(admin, 401, 404, 409)
    def post(self, plan_id: str) -> dict[str, Any]:
        """Cancel the rest of the plan: nothing more is charged, the enrollment ends."""
        plans.cancel(tuition(), db(), admin_tenant(), plan_id, "admin")
        return present(plans.get_plan(db(), plan_id))


@admin.route("/<string:plan_id>/waive")
class PlanWaive(MethodView):
    @admin.doc(**_doc("waivePaymentPlan"))
    @admin.response(200, PaymentPlanOut)
    @problems(admin, 401, 404, 409)
    def post(self, plan_id: str) -> dict[str, Any]:
        """Waive what is left to pay: the plan completes, access is kept (restored if
        paused) and nothing more is charged."""
        plans.waive(tuition(), db(), admin_tenant(), plan_id)
        return present(plans.get_plan(db(), plan_id))


@admin.route("/<string:plan_id>/pay-off")
class PlanPayOff(MethodView):
    @admin.doc(**_doc("payOffPaymentPlan"))
    @admin.response(200, PaymentPlanOut)
    @problems(admin, 401, 404, 409, 502, 503)
    def post(self, plan_id: str) -> dict[str, Any]:
        """Charge what is left at once to the payment method the plan charges (as the
        student's pay-off does): the plan is ``paid_off`` and nothing more is charged."""
        plan = plans.get_plan(db(), plan_id)
        plans.pay_off(tuition(), db(), admin_tenant(), plan, "admin")
        return present(plans.get_plan(db(), plan_id))


@admin.route("/<string:plan_id>/installments/<string:seq>/refund")
class PlanInstallmentRefund(MethodView):
    @admin.doc(**_doc("refundPaymentPlanInstallment"))
    @admin.response(200, PaymentPlanOut)
    @problems(admin, 401, 404, 409)
    def post(self, plan_id: str, seq: str) -> dict[str, Any]:
        """Give installment ``seq`` (its number, from 1) back through the provider, with
        its share of the order's tax (once: a repeat changes nothing); it stays paid,
        nothing is owed again. 409 ``installment_not_refundable`` (not paid, or the first:
        refund the order), ``installment_refund_unavailable`` (the provider cannot)."""
        tenant = admin_tenant()  # credentials first, then the path
        if not seq.isdigit() or len(seq) > 4:
            raise NotFound(f"No installment {seq!r} of payment plan {plan_id!r}.")
        plans.refund_installment(tuition(), db(), tenant, plan_id, int(seq))
        return present(plans.get_plan(db(), plan_id))
