"""The memberships API: the member's (``/v1/me/subscriptions``) and the site owner's
(``/v1/admin/subscriptions``). Every path answers 404 at tenants without the plugin."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from tuition.plugin_api import (
    ADMIN,
    STUDENT,
    Out,
    PageQuery,
    PluginBlueprint,
    UTCDateTime,
    final_deadline,
    grace_period,
    page_of,
    problems,
)
from tuition.plugin_api.web import admin_tenant, db, paginate, storefront_tenant, student
from tuition.plugin_api.web import host as tuition

from . import subscriptions
from .models import (
    CHANGE_KINDS,
    CHANGE_STATUSES,
    GRANT_STATUSES,
    STATUSES,
    Grant,
    PlanChange,
    Subscription,
)
from .settings import PLUGIN


class PlanChangeOut(Out):
    id = fields.String()
    kind = fields.String(metadata={"enum": list(CHANGE_KINDS)})
    status = fields.String(metadata={"enum": list(CHANGE_STATUSES)})
    from_plan = fields.String(allow_none=True)
    plan = fields.String(allow_none=True, metadata={"description": "The new plan's slug."})
    from_amount = fields.Integer()
    amount = fields.Integer(metadata={"description": "The new plan's price."})
    proration = fields.Integer(
        metadata={"description": "The prorated difference charged now (an upgrade)."}
    )
    period = fields.Integer(
        metadata={
            "description": "The period it was asked in (an upgrade) or applies from "
            "(a downgrade: the next renewal)."
        }
    )
    payment_id = fields.String(allow_none=True)


class PlanChangeIn(Schema):
    plan = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "The slug of the plan to change to."},
    )


class GrantOut(Out):
    enrollment_id = fields.String()
    course = fields.String(metadata={"description": "The course's slug."})
    status = fields.String(metadata={"enum": list(GRANT_STATUSES)})


class SubscriptionOut(Out):
    id = fields.String()
    plan = fields.String(metadata={"description": "The plan course's slug."})
    enrollment_id = fields.String(metadata={"description": "The plan's enrollment."})
    order_id = fields.String(metadata={"description": "The order of the first payment."})
    student_id = fields.String()
    provider = fields.String()
    status = fields.String(metadata={"enum": list(STATUSES)})
    access = fields.String(
        metadata={
            "enum": ["pending", "granted", "paused", "ended"],
            "description": "paused: a renewal is unpaid past the grace days "
            "(enroll state membership_paused).",
        }
    )
    amount = fields.Integer(
        metadata={"description": "Charged every period, minor units (gross when taxed)."}
    )
    tax_amount = fields.Integer(
        metadata={"description": "The tax in amount (0 untaxed); net = amount - tax_amount."}
    )
    currency = fields.String()
    interval = fields.String()
    interval_count = fields.Integer()
    trial_days = fields.Integer(metadata={"description": "The free trial's days (0: none)."})
    trial_ends_at = UTCDateTime(
        allow_none=True,
        metadata={"description": "When the trial ends and the first period is charged."},
    )
    paid_periods = fields.Integer(
        metadata={
            "description": "Charges paid, the checkout's included (with a trial, it "
            "counts as the first, for 0)."
        }
    )
    current_period_start = UTCDateTime(allow_none=True)
    current_period_end = UTCDateTime(allow_none=True)
    cancel_at_period_end = fields.Boolean()
    failed_at = UTCDateTime(allow_none=True)
    grace_ends_at = UTCDateTime(allow_none=True)
    final_deadline_at = UTCDateTime(allow_none=True)
    started_at = UTCDateTime(allow_none=True)
    canceled_at = UTCDateTime(allow_none=True)
    close_reason = fields.String(allow_none=True)
    refunded_amount = fields.Integer()
    tax_refunded_amount = fields.Integer(
        metadata={"description": "The tax in refunded_amount (in proportion)."}
    )
    created_at = UTCDateTime()
    grants = fields.List(fields.Nested(GrantOut))
    plan_change = fields.Nested(
        PlanChangeOut,
        allow_none=True,
        metadata={
            "description": "The latest plan change (pending: an upgrade waiting for "
            "its prorated charge; scheduled: a downgrade at the next renewal)."
        },
    )


SubscriptionPage = page_of(SubscriptionOut, "SubscriptionPage")


class SubscriptionList(Out):
    items = fields.List(fields.Nested(SubscriptionOut))


class SubscriptionQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(STATUSES))
    student = fields.String(metadata={"description": "A student id."})


class AdminCancel(Schema):
    refund = fields.String(
        load_default="none",
        validate=validate.OneOf(["none", "prorated"]),
        metadata={"description": "prorated: give back the unused part of the period paid."},
    )


def present(sub: Subscription) -> dict[str, Any]:
    services = tuition().services
    tenant = services.tenant(db(), sub.tenant_id)
    settings = (tenant.plugin_settings() if tenant else {}).get(PLUGIN, {})
    plan = services.course(db(), id=sub.course_id)
    grants = (
        db()
        .scalars(select(Grant).where(Grant.subscription_id == sub.id).order_by(Grant.created_at))
        .all()
    )
    slugs = {c.id: c.slug for c in services.courses(db(), [g.course_id for g in grants])}
    return {
        "id": sub.id,
        "plan": plan.slug if plan else None,
        "enrollment_id": sub.enrollment_id,
        "order_id": sub.order_id,
        "student_id": sub.student_id,
        "provider": sub.provider,
        "status": sub.status,
        "access": subscriptions.access(sub),
        "amount": sub.amount,
        "tax_amount": sub.tax_amount,
        "currency": sub.currency,
        "interval": sub.interval,
        "interval_count": sub.interval_count,
        "trial_days": sub.trial_days,
        "trial_ends_at": subscriptions.trial_end(sub),
        "paid_periods": sub.paid_periods,
        "current_period_start": subscriptions.period_start(sub),
        "current_period_end": subscriptions.period_end(sub),
        "cancel_at_period_end": sub.cancel_at_period_end,
        "failed_at": sub.failed_at,
        "grace_ends_at": sub.failed_at + grace_period(settings) if sub.failed_at else None,
        "final_deadline_at": sub.failed_at + final_deadline(settings) if sub.failed_at else None,
        "started_at": sub.started_at,
        "canceled_at": sub.canceled_at,
        "close_reason": sub.close_reason,
        "refunded_amount": sub.refunded_amount,
        "tax_refunded_amount": sub.tax_refunded_amount,
        "created_at": sub.created_at,
        "grants": [
            {"enrollment_id": g.enrollment_id, "course": slugs.get(g.course_id), "status": g.status}
            for g in grants
        ],
        "plan_change": _latest_change(sub),
    }


def _latest_change(sub: Subscription) -> dict[str, Any] | None:
    change = (
        db()
        .scalars(
            select(PlanChange)
            .where(PlanChange.subscription_id == sub.id)
            .order_by(PlanChange.created_at.desc(), PlanChange.id)
        )
        .first()
    )
    if change is None:
        return None
    return subscriptions.change_data(tuition().services, db(), change)


# -- the member's ----------------------------------------------------------------------------

me = PluginBlueprint(
    "memberships_student",
    __name__,
    plugin=PLUGIN,
    audience="student",
    url_prefix="/v1/me/subscriptions",
    description="The student's memberships (memberships plugin).",
)


@me.route("")
class MySubscriptions(MethodView):
    @me.doc(security=STUDENT, operationId="listMySubscriptions", tags=["student"])
    @me.response(200, SubscriptionList)
    @problems(me, 401, 404)
    def get(self) -> dict[str, Any]:
        """The student's memberships, newest first: period, status and what they grant."""
        storefront_tenant()
        found = db().scalars(
            select(Subscription)
            .where(Subscription.student_id == student().id, Subscription.status != "void")
            .order_by(Subscription.created_at.desc(), Subscription.id)
        )
        return {"items": [present(s) for s in found]}


@me.route("/<string:subscription_id>")
class MySubscription(MethodView):
    @me.doc(security=STUDENT, operationId="getMySubscription", tags=["student"])
    @me.response(200, SubscriptionOut)
    @problems(me, 401, 404)
    def get(self, subscription_id: str) -> dict[str, Any]:
        """One of the student's memberships."""
        storefront_tenant()
        return present(subscriptions.get(db(), subscription_id, student().id))


@me.route("/<string:subscription_id>/cancel")
class MySubscriptionCancel(MethodView):
    @me.doc(security=STUDENT, operationId="cancelMySubscription", tags=["student"])
    @me.response(200, SubscriptionOut)
    @problems(me, 401, 404, 409)
    def post(self, subscription_id: str) -> dict[str, Any]:
        """Cancel at the period's end: access lasts until the period paid ends, nothing
        more is charged. 409 ``subscription_closed`` when it is over."""
        return _member_sets_cancel(subscription_id, True)


@me.route("/<string:subscription_id>/resume")
class MySubscriptionResume(MethodView):
    @me.doc(security=STUDENT, operationId="resumeMySubscription", tags=["student"])
    @me.response(200, SubscriptionOut)
    @problems(me, 401, 404, 409)
    def post(self, subscription_id: str) -> dict[str, Any]:
        """Take back a cancel at the period's end, before the end. 409
        ``subscription_not_canceling`` when none was asked, ``subscription_closed`` after."""
        return _member_sets_cancel(subscription_id, False)


@me.route("/<string:subscription_id>/change")
class MySubscriptionChange(MethodView):
    @me.doc(security=STUDENT, operationId="changeMySubscriptionPlan", tags=["student"])
    @me.arguments(PlanChangeIn)
    @me.response(200, SubscriptionOut)
    @problems(me, 401, 404, 409, 422)
    def post(self, body: dict[str, Any], subscription_id: str) -> dict[str, Any]:
        """Change plans: a dearer plan now (its prorated difference for the rest of the
        period is charged first: ``plan_change.status`` ``pending`` until then), a cheaper
        one from the next renewal (``scheduled``, cancellable). 409
        ``plan_change_invalid``, ``plan_change_pending``, ``plan_change_unsupported``,
        ``subscription_not_in_good_standing``, ``subscription_closed``."""
        tenant = storefront_tenant()
        sub = subscriptions.change_plan(
            tuition(), db(), tenant, subscription_id, student().id, body["plan"]
        )
        return present(sub)

    @me.doc(security=STUDENT, operationId="cancelMySubscriptionPlanChange", tags=["student"])
    @me.response(200, SubscriptionOut)
    @problems(me, 401, 404, 409)
    def delete(self, subscription_id: str) -> dict[str, Any]:
        """Take back a scheduled downgrade (409 ``no_plan_change``)."""
        tenant = storefront_tenant()
        sub = subscriptions.cancel_change(tuition(), db(), tenant, subscription_id, student().id)
        return present(sub)


def _member_sets_cancel(subscription_id: str, cancel: bool) -> dict[str, Any]:
    tenant = storefront_tenant()
    sub = subscriptions.set_cancel_at_period_end(
        tuition(), db(), tenant, subscription_id, student().id, cancel
    )
    return present(sub)


# -- the site owner's -----------------------------------------------------------------------------

admin = PluginBlueprint(
    "memberships_admin",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin/subscriptions",
    description="Memberships (memberships plugin).",
)


def _doc(operation_id: str) -> dict[str, Any]:
    return {"security": ADMIN, "operationId": operation_id, "tags": ["admin"]}


@admin.route("")
class Subscriptions(MethodView):
    @admin.doc(**_doc("listSubscriptions"))
    @admin.arguments(SubscriptionQuery, location="query")
    @admin.response(200, SubscriptionPage)
    @problems(admin, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The site's memberships, newest first (``status``, ``student`` filters)."""
        admin_tenant()
        stmt = select(Subscription)
        if query.get("status"):
            stmt = stmt.where(Subscription.status == query["status"])
        if query.get("student"):
            stmt = stmt.where(Subscription.student_id == query["student"])
        return paginate(
            stmt, query, Subscription.created_at.desc(), Subscription.id, present=present
        )


@admin.route("/<string:subscription_id>")
class SubscriptionView(MethodView):
    @admin.doc(**_doc("getSubscription"))
    @admin.response(200, SubscriptionOut)
    @problems(admin, 401, 404)
    def get(self, subscription_id: str) -> dict[str, Any]:
        """One membership."""
        admin_tenant()
        return present(subscriptions.get(db(), subscription_id))


@admin.route("/<string:subscription_id>/cancel")
class SubscriptionCancel(MethodView):
    @admin.doc(**_doc("cancelSubscription"))
    @admin.arguments(AdminCancel)
    @admin.response(200, SubscriptionOut)
    @problems(admin, 401, 404, 409, 422)
    def post(self, body: dict[str, Any], subscription_id: str) -> dict[str, Any]:
        """Cancel now: the enrollments it granted end and nothing more is charged;
        ``refund`` ``prorated`` gives back the unused part of the period paid."""
        sub = subscriptions.admin_cancel(
            tuition(), db(), admin_tenant(), subscription_id, body["refund"]
        )
        return present(sub)


@admin.route("/<string:subscription_id>/change")
class SubscriptionChange(MethodView):
    @admin.doc(**_doc("changeSubscriptionPlan"))
    @admin.arguments(PlanChangeIn)
    @admin.response(200, SubscriptionOut)
    @problems(admin, 401, 404, 409, 422)
    def post(self, body: dict[str, Any], subscription_id: str) -> dict[str, Any]:
        """Change a member's plan, as the member would
        (``POST /v1/me/subscriptions/<id>/change``)."""
        sub = subscriptions.change_plan(
            tuition(), db(), admin_tenant(), subscription_id, None, body["plan"]
        )
        return present(sub)
