"""Payments: provider webhooks, the student's orders, and order administration."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from tuition.api import transaction
from tuition.api.context import admin_tenant, db, paginate, storefront_tenant, student, tuition
from tuition.api.docs import ADMIN, STUDENT, WEBHOOK, problems
from tuition.api.schemas import PROVIDER_CHECKOUT_DOC, Out, PageQuery, page_of
from tuition.models import (
    ENROLLMENT_STATUSES,
    ORDER_STATUSES,
    Order,
    OrderStatus,
    OrderTransition,
    PaymentEvent,
)
from tuition.plugin_api import NotFound, raw_body
from tuition.services import orders, payment_events

blp = Blueprint(
    "payments", __name__, url_prefix="/v1", description="Orders, refunds and provider webhooks."
)


@blp.before_request
def _authenticate() -> None:
    """Credentials before validation; webhooks authenticate by signature in the view."""
    if request.path.startswith("/v1/admin/"):
        admin_tenant()
    elif request.path.startswith("/v1/orders/"):
        storefront_tenant()


class TransitionOut(Out):
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    cause = fields.String()
    at = fields.DateTime()


class OrderOut(Out):
    id = fields.String()
    status = fields.String(
        metadata={
            "enum": list(ORDER_STATUSES),
            "description": "checkout_pending: the provider's checkout is being made (the order "
            "becomes pending with its checkout, or failed); pending: waiting "
            "for the payment.",
        }
    )
    course = fields.String()
    enrollment_id = fields.String()
    enrollment_status = fields.String(metadata={"enum": list(ENROLLMENT_STATUSES)})
    provider = fields.String()
    amount = fields.Integer(
        metadata={
            "description": "What is charged (the gross): list_amount less discount_amount, "
            "or with a tax plugin the gross it computed from that (tax_amount included)."
        }
    )
    tax_amount = fields.Integer(
        metadata={"description": "The tax included in amount (0 without a tax plugin)."}
    )
    tax = fields.Dict(
        allow_none=True,
        metadata={
            "description": "The tax breakdown a tax plugin recorded: net, rate, name, "
            "country, reverse_charge, note, …"
        },
    )
    billing = fields.Dict(
        allow_none=True,
        metadata={
            "description": "The buyer's billing details the tax was computed for: country, "
            "region, vat_id, company_name."
        },
    )
    currency = fields.String()
    list_amount = fields.Integer(
        allow_none=True,
        metadata={
            "description": "The course's price when the order was made (minor units), "
            "times the seats it sells when a plugin sells several (team seats)."
        },
    )
    discount_amount = fields.Integer(
        metadata={"description": "What a price offer (a discount code, …) took off list_amount."}
    )
    discount_code = fields.String(
        allow_none=True, metadata={"description": "The discount code applied, if any."}
    )
    refunded_amount = fields.Integer()
    tax_refunded_amount = fields.Integer(
        metadata={"description": "The part of tax_amount refunds gave back (proportional)."}
    )
    paid_amount = fields.Integer(
        allow_none=True,
        metadata={
            "description": "What the provider reported as paid, in minor units of paid_currency "
            "(null until paid). It differs from amount/currency only for a "
            "mismatched payment, which is refunded in full."
        },
    )
    paid_currency = fields.String(allow_none=True)
    checkout = fields.Dict(allow_none=True, metadata=PROVIDER_CHECKOUT_DOC)
    expires_at = fields.DateTime(allow_none=True)
    paid_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class OrderStudentOut(Out):
    id = fields.String()
    email = fields.String(
        allow_none=True, metadata={"description": "A pseudonym once the student was erased."}
    )
    name = fields.String(allow_none=True)


class AdminOrderListOut(OrderOut):
    student_id = fields.String()
    customer_email = fields.String(allow_none=True)
    student = fields.Nested(
        OrderStudentOut, metadata={"description": "The buyer (loaded with the order)."}
    )


class AdminOrderOut(OrderOut):
    student_id = fields.String()
    customer_email = fields.String(allow_none=True)
    provider_reference = fields.String(allow_none=True)
    provider_payment_id = fields.String(allow_none=True)
    transitions = fields.List(fields.Nested(TransitionOut))


class AdminOrderQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(ORDER_STATUSES))
    student = fields.String(
        validate=validate.Length(min=1, max=64), metadata={"description": "A student's id."}
    )


class RefundIn(Schema):
    amount = fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=validate.Range(min=1, max=100_000_000),
        metadata={"description": "Minor units; omit for a full refund."},
    )


class RefundOut(Out):
    outcome = fields.String()
    order = fields.Nested(AdminOrderOut)


class PaymentEventOut(Out):
    id = fields.String()
    provider = fields.String()
    event_id = fields.String()
    kind = fields.String()
    raw_type = fields.String()
    order_id = fields.String(allow_none=True)
    amount = fields.Integer(allow_none=True)
    currency = fields.String(allow_none=True)
    status = fields.String()
    outcome = fields.String(allow_none=True)
    received_at = fields.DateTime()
    processed_at = fields.DateTime(allow_none=True)


class WebhookAck(Out):
    received = fields.Integer()
    duplicates = fields.Integer()
    ignored = fields.Integer()


class EventQuery(PageQuery):
    order_id = fields.String(validate=validate.Length(max=32))


def _order(order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "status": order.status,
        "course": order.course.slug,
        "enrollment_id": order.enrollment_id,
        "enrollment_status": order.enrollment.status,
        "provider": order.provider,
        "amount": order.amount,
        "currency": order.currency,
        "list_amount": order.list_amount,
        "discount_amount": order.discount_amount,
        "discount_code": order.discount_code,
        "tax_amount": order.tax_amount,
        "tax": order.tax,
        "billing": order.billing,
        "refunded_amount": order.refunded_amount,
        "tax_refunded_amount": order.tax_refunded_amount,
        "paid_amount": order.paid_amount,
        "paid_currency": order.paid_currency,
        "checkout": order.checkout if order.status == OrderStatus.PENDING else None,
        "expires_at": order.expires_at,
        "paid_at": order.paid_at,
        "created_at": order.created_at,
    }


def _listed_order(order: Order) -> dict[str, Any]:
    buyer = order.student  # joined with the order: no query per row
    return {
        **_order(order),
        "student_id": order.student_id,
        "customer_email": order.customer_email,
        "student": {"id": buyer.id, "email": buyer.email, "name": buyer.name},
    }


def _admin_order(order: Order) -> dict[str, Any]:
    transitions = db().scalars(
        select(OrderTransition)
        .where(OrderTransition.order_id == order.id)
        .order_by(OrderTransition.id)
    )
    return {
        **_order(order),
        "student_id": order.student_id,
        "customer_email": order.customer_email,
        "provider_reference": order.provider_reference,
        "provider_payment_id": order.provider_payment_id,
        "transitions": [
            {"from_status": t.from_status, "to_status": t.to_status, "cause": t.cause, "at": t.at}
            for t in transitions
        ],
    }


def _own_order(order_id: str) -> Order:
    me = student()
    order = orders.get_order(db(), order_id)
    if order.student_id != me.id:
        raise NotFound(f"No order {order_id!r}.")
    return order


@blp.route("/webhooks/<string:provider>/<string:tenant>")
class Webhook(MethodView):
    @raw_body
    @blp.doc(security=WEBHOOK, operationId="receiveWebhook", tags=["webhooks"])
    @blp.response(200, WebhookAck)
    @problems(blp, 400, 404, 503)
    def post(self, provider: str, tenant: str) -> dict[str, Any]:
        """Receive a provider's signed webhook; stored once, processed in a job."""
        intake = payment_events.receive(
            tuition(),
            db(),
            provider,
            tenant,
            request.get_data(cache=True),
            {key: value for key, value in request.headers.items()},
        )
        return {
            "received": intake.received,
            "duplicates": intake.duplicates,
            "ignored": intake.ignored,
        }


@blp.route("/orders/<string:order_id>")
class StudentOrder(MethodView):
    @blp.doc(security=STUDENT, operationId="getOrder", tags=["student"])
    @blp.response(200, OrderOut)
    @problems(blp, 401, 404)
    def get(self, order_id: str) -> dict[str, Any]:
        """The signed-in student's order (the return page polls it)."""
        storefront_tenant()
        return _order(_own_order(order_id))


@blp.route("/orders/<string:order_id>/refresh")
class RefreshOrder(MethodView):
    @blp.doc(security=STUDENT, operationId="refreshOrder", tags=["student"])
    @blp.response(200, OrderOut)
    @problems(blp, 401, 404, 502, 503)
    def post(self, order_id: str) -> dict[str, Any]:
        """Ask the provider about a pending order now (the return path); safe to race the
        webhook: both go through the same transition."""
        tenant, me = storefront_tenant(), student()
        order = _own_order(order_id)
        if order.status == OrderStatus.PENDING:
            # The provider is asked with no transaction open, and the answer applied in a
            # transaction of its own; this request has written nothing to hold back.
            transaction.end_before_network_call()
            orders.settle_with_provider_in_own_transactions(
                tuition(), tenant.id, order.id, "return", actor=f"student:{me.id}"
            )
            db().expire_all()
        return _order(order)


@blp.route("/admin/orders")
class AdminOrders(MethodView):
    @blp.doc(security=ADMIN, operationId="listOrders", tags=["admin"])
    @blp.arguments(AdminOrderQuery, location="query")
    @blp.response(200, page_of(AdminOrderListOut, "AdminOrderPage"))
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Orders, newest first, filtered by ``status`` and ``student`` (id), each with its
        buyer (id, email, name; loaded in the same query); abandoned ones keep the
        student's email."""
        admin_tenant()
        stmt = select(Order)
        if "status" in query:
            stmt = stmt.where(Order.status == query["status"])
        if "student" in query:
            stmt = stmt.where(Order.student_id == query["student"])
        return paginate(stmt, query, Order.created_at.desc(), Order.id, present=_listed_order)


@blp.route("/admin/orders/<string:order_id>")
class AdminOrder(MethodView):
    @blp.doc(security=ADMIN, operationId="getAdminOrder", tags=["admin"])
    @blp.response(200, AdminOrderOut)
    @problems(blp, 401, 404)
    def get(self, order_id: str) -> dict[str, Any]:
        """One order with every status transition."""
        admin_tenant()
        return _admin_order(orders.get_order(db(), order_id))


@blp.route("/admin/orders/<string:order_id>/refund")
class AdminRefund(MethodView):
    @blp.doc(security=ADMIN, operationId="refundOrder", tags=["admin"])
    @blp.arguments(RefundIn)
    @blp.response(200, RefundOut)
    @problems(blp, 401, 404, 409, 422, 502, 503)
    def post(self, data: dict[str, Any], order_id: str) -> dict[str, Any]:
        """Refund all or part of a paid order through its provider."""
        tenant = admin_tenant()
        order = orders.get_order(db(), order_id)
        outcome = orders.refund(tuition(), db(), tenant, order, data["amount"], "admin")
        return {"outcome": outcome, "order": _admin_order(order)}


@blp.route("/admin/payment-events")
class AdminPaymentEvents(MethodView):
    @blp.doc(security=ADMIN, operationId="listPaymentEvents", tags=["admin"])
    @blp.arguments(EventQuery, location="query")
    @blp.response(200, page_of(PaymentEventOut, "PaymentEventPage"))
    @problems(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Stored provider events, newest first."""
        admin_tenant()
        stmt = select(PaymentEvent)
        if "order_id" in query:
            stmt = stmt.where(PaymentEvent.order_id == query["order_id"])
        return paginate(stmt, query, PaymentEvent.received_at.desc(), PaymentEvent.id)


@blp.route("/admin/payment-events/<string:event_id>/replay")
class ReplayPaymentEvent(MethodView):
    @blp.doc(security=ADMIN, operationId="replayPaymentEvent", tags=["admin"])
    @blp.response(202, PaymentEventOut)
    @problems(blp, 401, 404)
    def post(self, event_id: str) -> PaymentEvent:
        """Process a stored event again; transitions are idempotent."""
        tenant = admin_tenant()
        return payment_events.replay(tuition(), db(), tenant, event_id)
