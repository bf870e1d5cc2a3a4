"""Memberships: the pricing model, the provider's renewal events, dunning, the courses a
membership grants and the changes a student or the site owner asks for. Nothing here
commits or calls the network: the provider is called in jobs after the commit
(:data:`CANCEL_JOB`, :data:`REFUND_JOB`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    LIVE_ENROLLMENT_STATUSES,
    Conflict,
    CourseRecord,
    EnrollmentChange,
    EnrollmentContext,
    EnrollmentRefused,
    Host,
    JobContext,
    NotFound,
    OrderTax,
    Outcome,
    PaymentError,
    PriceOffer,
    PricingModel,
    Problem,
    RecurringEvent,
    Schedule,
    StudentRecord,
    TenantRecord,
    add_interval,
    final_deadline,
    grace_period,
    rowcount,
    utcnow,
    why_not_recurring,
)

from .models import Grant, PlanChange, Subscription, SubscriptionCharge
from .settings import MODEL, PLUGIN

#: Jobs that stop a subscription's schedule, and refund part of it, at its provider.
CANCEL_JOB = "memberships.cancel_schedule"
REFUND_JOB = "memberships.refund"
#: Jobs that charge an upgrade's prorated difference (then apply it), and tell the
#: provider the amount the next renewals take.
UPGRADE_JOB = "memberships.upgrade"
SYNC_JOB = "memberships.sync_amount"
#: Subscriptions the provider still charges.
RUNNING = ("trialing", "active", "past_due", "paused")
#: Subscriptions that grant access.
GOOD_STANDING = ("trialing", "active", "past_due")
#: The offer's reason on the order of a course the membership includes.
OFFER_REASON = "membership"

PROBLEM_CODES = {
    "membership_unavailable": "The plan has no membership (attributes.memberships), or the "
    "site's payment provider cannot charge on a schedule in its currency.",
    "subscription_closed": "The subscription is over (canceled): nothing is left to change.",
    "subscription_not_canceling": "The subscription is not set to cancel at its period end: "
    "there is nothing to resume.",
    "plan_change_invalid": "The plan asked for is not another membership plan of the same "
    "currency and billing period.",
    "plan_change_pending": "A plan change is already on its way: cancel a scheduled "
    "downgrade first, or wait for the upgrade's charge.",
    "plan_change_unsupported": "The subscription's payment provider cannot change a schedule.",
    "subscription_not_in_good_standing": "A renewal is unpaid: pay it before changing plans.",
    "no_plan_change": "No plan change is scheduled: there is nothing to cancel.",
    "already_subscribed": "The student's subscription already runs on this plan.",
}
EVENT_TYPES = {
    "subscription.activated": "a membership's first payment was made (or its free trial "
    "started: status trialing): it grants its courses",
    "subscription.granted": "a course the membership includes was enrolled in at price 0",
    "subscription.renewed": "a membership's renewal was paid: a new period",
    "subscription.renewal_failed": "a membership's renewal was declined: past_due (grace)",
    "subscription.paused": "a failed renewal is past the grace days: access paused",
    "subscription.restored": "a paused or past-due membership was paid: access restored",
    "subscription.cancel_scheduled": "the member asked to cancel at the period's end",
    "subscription.resumed": "the member took back a cancel at the period's end",
    "subscription.canceled": "a membership ended: the enrollments it granted ended",
    "subscription.refunded": "part of a canceled membership's last period was refunded",
    "subscription.plan_change_scheduled": "a downgrade was asked: it applies at the renewal",
    "subscription.plan_change_canceled": "a scheduled downgrade was taken back",
    "subscription.plan_changed": "a membership's plan changed (an upgrade with its prorated "
    "charge, or a downgrade at the renewal): it grants the new plan's courses",
    "subscription.plan_change_failed": "an upgrade's prorated charge was declined: the plan stays",
}


# -- plans -------------------------------------------------------------------------------


def plan_of(course: CourseRecord) -> Mapping[str, Any] | None:
    """A plan course's ``attributes.memberships``, or None."""
    plan = (course.attributes or {}).get(PLUGIN)
    return plan if isinstance(plan, Mapping) and plan.get("courses") else None


def schedule_of(course: CourseRecord) -> Schedule | None:
    plan = plan_of(course)
    if plan is None or course.price_amount is None or course.price_currency is None:
        return None
    fee = int(plan.get("setup_fee", 0))
    trial = int(plan.get("trial_days", 0))
    return Schedule(
        count=None,
        amount=int(course.price_amount),
        currency=course.price_currency,
        interval=plan.get("interval", "month"),
        interval_count=int(plan.get("interval_count", 1)),
        first_amount=int(course.price_amount) + fee if fee and not trial else None,
        trial_days=trial,
    )


def covers(plan: Mapping[str, Any], course: CourseRecord) -> bool:
    """Whether the plan includes ``course``: courses sold once, by slug or all of them."""
    if course.pricing_model != "one_time":
        return False
    courses = plan.get("courses")
    return courses == "all" or (isinstance(courses, list) and course.slug in courses)


class SubscriptionPricing(PricingModel):
    """A membership plan: its price charged every period until canceled."""

    name = MODEL
    requires_price = True

    def why_not_sellable(
        self, tuition: Host, tenant: TenantRecord, course: CourseRecord, enabled: frozenset[str]
    ) -> str | None:
        missing: str | None = "it has no membership plan (attributes.memberships)"
        plan = plan_of(course)
        if plan is not None:
            missing = None
        trial = bool(plan and plan.get("trial_days"))
        return why_not_recurring(
            tuition,
            tenant,
            course,
            enabled,
            charges="a subscription with a free trial" if trial else "a subscription",
            missing=missing,
            trials=trial,
        )

    def enroll(self, ctx: EnrollmentContext) -> Outcome:
        schedule = schedule_of(ctx.course)
        services = ctx.tuition.services
        provider = (
            services.choose_payment_provider(
                ctx.tenant, schedule.currency, recurring=True, trials=schedule.trial_days > 0
            )
            if schedule is not None
            else None
        )
        if schedule is None or provider is None:
            raise EnrollmentRefused(
                Problem(
                    "membership_unavailable",
                    f"The membership {ctx.course.slug!r} cannot be bought here.",
                )
            )
        if ctx.session.scalar(
            select(Subscription.id).where(
                Subscription.student_id == ctx.student.id,
                Subscription.course_id == ctx.course.id,
                Subscription.status.in_(RUNNING),
            )
        ):  # changed to this plan from another: the plan's enrollment is the other's
            raise EnrollmentRefused(
                Problem("already_subscribed", "Your membership runs on this plan already.")
            )
        schedule, first_tax, period_tax = taxed(ctx, schedule)
        enrollment = ctx.add_enrollment(status="pending", source=MODEL)
        order = services.add_order(
            ctx,
            enrollment,
            provider=provider,
            amount=schedule.first_charge,
            currency=schedule.currency,
            schedule=schedule,
            tax=first_tax,
        )
        ctx.session.add(
            Subscription(
                tenant_id=enrollment.tenant_id,
                student_id=enrollment.student_id,
                course_id=enrollment.course_id,
                enrollment_id=enrollment.id,
                order_id=order.id,
                provider=provider,
                amount=schedule.amount,
                tax_amount=period_tax,
                currency=schedule.currency,
                interval=schedule.interval,
                interval_count=schedule.interval_count,
                trial_days=schedule.trial_days,
                status="pending",
                paid_periods=0,
                cancel_at_period_end=False,
                refunded_amount=0,
                tax_refunded_amount=0,
                created_at=ctx.now,
                updated_at=ctx.now,
            )
        )
        ctx.session.flush()
        return Outcome(
            enrollment=enrollment,
            hold_until=order.expires_at,
            order=order,
            checkout=None if first_tax is None else first_tax.checkout_keys(),
        )


def taxed(ctx: EnrollmentContext, schedule: Schedule) -> tuple[Schedule, OrderTax | None, int]:
    """``schedule`` with the tenant's tax (``tuition_order_tax``) on each charge: the
    period's price and, with a setup fee, the first charge, each taxed as a one-time
    order's line and charged gross. Also the first charge's tax (the order records it)
    and the tax in every renewal."""
    services = ctx.tuition.services
    period = services.order_tax(ctx, schedule.amount, schedule.currency)
    if period is None:
        return schedule, None, 0
    first = period
    if schedule.first_amount is not None:
        first = services.order_tax(ctx, schedule.first_amount, schedule.currency) or period
    gross_first = first.gross if schedule.first_amount is not None else None
    return (
        dataclasses.replace(schedule, amount=period.gross, first_amount=gross_first),
        first,
        period.tax,
    )


def tax_in(sub: Subscription, amount: int) -> int:
    """The tax in a charge (or refund) of ``amount`` of ``sub``: its period's tax, in
    proportion when the amount is another (rounded half up)."""
    if amount == sub.amount:
        return sub.tax_amount
    return (2 * sub.tax_amount * amount + sub.amount) // (2 * sub.amount)


# -- reading -------------------------------------------------------------------------------


def locked(session: Session, **where: str) -> Subscription | None:
    """The subscription matching ``where``, its row locked for the transaction
    (PostgreSQL; SQLite serialises writers anyway), read anew."""
    stmt = select(Subscription).filter_by(**where).with_for_update()
    return session.scalars(stmt.execution_options(populate_existing=True)).first()


def get(session: Session, subscription_id: str, student_id: str | None = None) -> Subscription:
    found = session.get(Subscription, subscription_id)
    if found is None or (student_id is not None and found.student_id != student_id):
        raise NotFound(f"No subscription {subscription_id!r}.")
    return found


def period_start(sub: Subscription) -> datetime | None:
    if sub.started_at is None or sub.paid_periods < 1:
        return None
    return _due(sub, sub.paid_periods)


def period_end(sub: Subscription) -> datetime | None:
    """When the last period paid ends (the next renewal is due)."""
    if sub.started_at is None or sub.paid_periods < 1:
        return None
    return _due(sub, sub.paid_periods + 1)


def trial_end(sub: Subscription) -> datetime | None:
    """When the free trial ends (the first period is charged), if there is one."""
    if not sub.trial_days or sub.started_at is None:
        return None
    return sub.started_at + timedelta(days=sub.trial_days)


def _due(sub: Subscription, number: int) -> datetime:
    """When charge ``number`` falls due (with a trial, charge 2 when it ends)."""
    assert sub.started_at is not None
    start = sub.started_at
    if sub.trial_days and number > 1:
        start, number = start + timedelta(days=sub.trial_days), number - 1
    return add_interval(start, sub.interval, sub.interval_count * (number - 1))


def access(sub: Subscription) -> str:
    if sub.status in GOOD_STANDING:
        return "granted"
    return {"paused": "paused", "pending": "pending"}.get(sub.status, "ended")


def good_standing(session: Session, student_id: str) -> list[Subscription]:
    return list(
        session.scalars(
            select(Subscription)
            .where(
                Subscription.student_id == student_id,
                Subscription.status.in_(GOOD_STANDING),
            )
            .order_by(Subscription.created_at, Subscription.id)
        )
    )


def covering(
    tuition: Host, session: Session, student: StudentRecord | None, course: CourseRecord
) -> Subscription | None:
    """The student's subscription in good standing whose plan includes ``course``."""
    if student is None or course.pricing_model != "one_time":
        return None
    for sub in good_standing(session, student.id):
        plan_course = tuition.services.course(session, id=sub.course_id)
        plan = plan_of(plan_course) if plan_course is not None else None
        if plan is not None and covers(plan, course):
            return sub
    return None


# -- included courses ---------------------------------------------------------------------------


def offers(ctx: Any) -> list[PriceOffer] | None:
    """Price 0 for a course the student's membership includes (``tuition_price_offers`` and
    ``tuition_price_quote``)."""
    course = ctx.course
    sub = covering(ctx.tuition, ctx.session, ctx.student, course)
    if sub is None or course.price_currency is None:
        return None
    return [PriceOffer(amount=0, currency=course.price_currency, reason=OFFER_REASON)]


def record_grant(ctx: EnrollmentContext, outcome: Outcome) -> None:
    """An enrollment the membership paid for (price 0, no code) is its grant."""
    order, enrollment = outcome.order, outcome.enrollment
    if (
        order is None
        or order.amount != 0
        or order.discount_code
        or enrollment.status != "active"
        or enrollment.source != "one_time"
    ):
        return
    sub = covering(ctx.tuition, ctx.session, ctx.student, ctx.course)
    if sub is None:
        return
    ctx.session.add(
        Grant(
            tenant_id=enrollment.tenant_id,
            subscription_id=sub.id,
            enrollment_id=enrollment.id,
            student_id=enrollment.student_id,
            course_id=enrollment.course_id,
            status="active",
            created_at=ctx.now,
        )
    )
    ctx.session.flush()
    _emit(ctx, "subscription.granted", sub, enrollment_granted=enrollment.id)


def enroll_states(tuition: Host, session: Session, student: Any, courses: Any) -> dict[str, str]:
    """``included`` for the courses a membership in good standing includes and the student
    does not hold; ``membership_paused`` for the plan and granted courses of a paused one."""
    states: dict[str, str] = {}
    ids = [c.id for c in courses]
    paused_ids = set(
        session.scalars(
            select(Grant.course_id).where(
                Grant.student_id == student.id, Grant.status == "paused", Grant.course_id.in_(ids)
            )
        )
    ) | set(
        session.scalars(
            select(Subscription.course_id).where(
                Subscription.student_id == student.id,
                Subscription.status == "paused",
                Subscription.course_id.in_(ids),
            )
        )
    )
    for course_id in paused_ids:
        states[course_id] = "membership_paused"
    plans = [
        plan
        for sub in good_standing(session, student.id)
        if (plan_course := tuition.services.course(session, id=sub.course_id)) is not None
        and (plan := plan_of(plan_course)) is not None
    ]
    if not plans:
        return states
    held = {
        e.course_id
        for e in tuition.services.enrollments(
            session, student_id=student.id, course_ids=ids, statuses=LIVE_ENROLLMENT_STATUSES
        )
    }
    for course in courses:
        if course.id in held or course.id in states:
            continue
        if any(covers(plan, course) for plan in plans):
            states[course.id] = "included"
    return states


# -- the provider's events -----------------------------------------------------------------------


def apply_event(event: RecurringEvent) -> str | None:
    """Apply a schedule's event to the subscription of ``event.order`` (None: not ours)."""
    session = event.session
    sub = locked(session, order_id=event.order.id)
    if sub is None:
        return None
    now = utcnow()
    if event.kind == "schedule.canceled":
        if sub.status not in RUNNING:
            return "subscription_not_running"
        close(event, sub, "provider", now)
        return "subscription_canceled"
    seq = event.installment or sub.paid_periods + 1
    if event.kind == "installment.paid":
        return _paid(event, sub, seq, now)
    if event.kind == "installment.failed":
        return _failed(event, sub, seq, now)
    return "no_action"


def _charge(session: Session, sub: Subscription, seq: int) -> SubscriptionCharge | None:
    return session.scalars(
        select(SubscriptionCharge)
        .where(SubscriptionCharge.subscription_id == sub.id, SubscriptionCharge.seq == seq)
        .execution_options(populate_existing=True)
    ).first()


def _paid(event: RecurringEvent, sub: Subscription, seq: int, now: datetime) -> str:
    session = event.session
    scheduled = open_change(session, sub)
    if scheduled is not None and (scheduled.status != "scheduled" or seq < scheduled.period):
        scheduled = None
    amount = event.amount if event.amount is not None else sub.amount
    if event.tax is not None and event.tax.gross == amount:
        tax = event.tax.tax  # what the provider's tax service computed (Stripe Tax)
    elif scheduled is not None:  # the renewal charges the downgraded plan: its tax
        tax = share(scheduled.to_tax_amount, amount, scheduled.to_amount)
    else:
        tax = tax_in(sub, amount)
    found = _charge(session, sub, seq)
    if found is not None and found.status == "paid":
        return "charge_already_paid"
    if found is None:
        session.add(
            SubscriptionCharge(
                tenant_id=sub.tenant_id,
                subscription_id=sub.id,
                seq=seq,
                status="paid",
                amount=amount,
                tax_amount=tax,
                attempts=1,
                payment_id=event.payment_id,
                at=now,
            )
        )
    else:
        found.status, found.amount, found.tax_amount, found.payment_id, found.at = (
            "paid",
            amount,
            tax,
            event.payment_id,
            now,
        )
    session.flush()
    if sub.status not in RUNNING:
        return "charge_after_close"  # money the provider took late: recorded, no access
    if sub.cancel_at_period_end and seq > sub.paid_periods:
        # The provider renewed before the sweep applied the member's cancel: the period
        # ends now and the renewal goes back.
        close(event, sub, "period_end", now, refund=amount, seq=seq)
        return "renewal_after_cancel_refunded"
    _apply_scheduled(event, sub, seq, now)
    sub.paid_periods = max(sub.paid_periods, seq)
    if sub.status == "trialing":
        sub.status = "active"  # the trial's end was paid
    _emit(
        event,
        "subscription.renewed",
        sub,
        period=seq,
        charge=_charge_data(sub, seq, amount, tax, event.payment_id),
    )
    settle(event, sub)
    return "renewal_paid"


def _failed(event: RecurringEvent, sub: Subscription, seq: int, now: datetime) -> str:
    session = event.session
    found = _charge(session, sub, seq)
    stale = found is None and seq <= sub.paid_periods  # a later charge was paid already
    if stale or (found is not None and found.status == "paid"):
        return "charge_already_paid"  # a stale failure after the payment
    if found is None:
        session.add(
            SubscriptionCharge(
                tenant_id=sub.tenant_id,
                subscription_id=sub.id,
                seq=seq,
                status="failed",
                amount=event.amount if event.amount is not None else sub.amount,
                attempts=1,
                at=now,
            )
        )
    else:
        found.attempts += 1
    session.flush()
    if sub.status in RUNNING:
        _apply_scheduled(event, sub, seq, now)
    if sub.status in ("active", "trialing"):
        sub.status, sub.failed_at = "past_due", now
        _emit(event, "subscription.renewal_failed", sub, period=seq)
        if grace_period(event.plugin_settings(PLUGIN)) <= timedelta(0):
            pause(event, sub)
    return "renewal_failed"


def _open_failures(session: Session, sub: Subscription) -> list[SubscriptionCharge]:
    return list(
        session.scalars(
            select(SubscriptionCharge).where(
                SubscriptionCharge.subscription_id == sub.id,
                SubscriptionCharge.status == "failed",
            )
        )
    )


def settle(ctx: Any, sub: Subscription) -> None:
    """After a payment: back in good standing when no renewal is failed any more (the
    granted enrollments come back if they were paused)."""
    if sub.status not in ("past_due", "paused") or _open_failures(ctx.session, sub):
        return
    was = sub.status
    sub.status, sub.failed_at = "active", None
    if was == "paused":
        _set_grants(ctx.session, sub, ("paused",), "active")
    _emit(ctx, "subscription.restored", sub)


def pause(ctx: Any, sub: Subscription) -> None:
    sub.status = "paused"
    _set_grants(ctx.session, sub, ("active",), "paused")
    _emit(ctx, "subscription.paused", sub)


def _set_grants(session: Session, sub: Subscription, from_: tuple[str, ...], to: str) -> int:
    return rowcount(
        session.execute(
            update(Grant)
            .where(Grant.subscription_id == sub.id, Grant.status.in_(from_))
            .values(status=to)
            .execution_options(synchronize_session=False)
        )
    )


def _charge_data(
    sub: Subscription,
    seq: int,
    amount: int,
    tax: int,
    payment_id: str | None,
    **extra: Any,
) -> dict[str, Any]:
    """A charge as the invoices plugin invoices it (its README, "Later charges"): the
    order, the charge's number, amount, the tax in it (none when untaxed here: the
    invoice then takes the order's tax in proportion, e.g. what the provider's tax
    service recorded), currency, payment and what the line adds to the plan's title."""
    return {
        "order_id": sub.order_id,
        "number": seq,
        "amount": amount,
        **({"tax_amount": tax} if tax else {}),
        "currency": sub.currency,
        "payment_id": payment_id,
        "description": f"membership, period {seq}",
        **extra,
    }


def _credit_data(
    session: Session, sub: Subscription, seq: int, refund: int, refund_tax: int, key: str
) -> dict[str, Any]:
    """The refund of ``refund`` (``refund_tax`` in it) of charge ``seq`` as the invoices
    plugin credits it (its README, "Refunds of one charge"): the credit note references
    the charge's invoice (the order's for the first period), once per ``key``."""
    credit: dict[str, Any] = {
        "order_id": sub.order_id,
        "key": key,
        "number": seq,
        "amount": refund,
        "tax_amount": refund_tax,
        "currency": sub.currency,
    }
    charge = _charge(session, sub, seq) if seq > 1 else None
    if charge is not None and charge.status == "paid" and charge.amount > 0:
        credit["charge"] = _charge_data(
            sub, seq, charge.amount, charge.tax_amount, charge.payment_id
        )
    return credit


def _refund_tax(session: Session, sub: Subscription, seq: int, refund: int) -> int:
    """The tax in a refund of ``refund`` from charge ``seq``: that charge's tax in
    proportion (what it recorded, e.g. the provider's tax service's), else the period's."""
    charge = _charge(session, sub, seq)
    if charge is not None and charge.status == "paid" and 0 < refund <= charge.amount:
        return share(charge.tax_amount, refund, charge.amount)
    return tax_in(sub, refund)


def close(
    ctx: Any,
    sub: Subscription,
    reason: str,
    now: datetime,
    refund: int = 0,
    seq: int | None = None,
) -> None:
    """End the subscription: every enrollment it granted ends once (a grant goes to
    ``ended`` by one conditional UPDATE before its enrollment ends), the plan's enrollment
    ends, and the provider's schedule is stopped (and ``refund`` given back from charge
    ``seq``, default the last period's) in jobs after the commit."""
    session: Session = ctx.session
    services = ctx.tuition.services
    sub.status, sub.canceled_at, sub.close_reason = "canceled", now, reason
    sub.cancel_at_period_end = False
    downgrade = open_change(session, sub)
    if downgrade is not None and downgrade.status == "scheduled":
        downgrade.status = "canceled"  # a pending upgrade is left to its job (it refunds)
    grants = session.scalars(
        select(Grant.id).where(Grant.subscription_id == sub.id, Grant.status != "ended")
    ).all()
    for grant_id in grants:
        grant = session.get(Grant, grant_id)
        if grant is not None:
            _end_grant(ctx, grant, f"membership:{reason}")
    enrollment = services.enrollment(session, sub.enrollment_id)
    if enrollment is not None and enrollment.status in ("active", "completed"):
        services.end_enrollment(session, ctx.tenant, enrollment, f"membership:{reason}")
    if reason != "provider":
        ctx.tuition.jobs.defer(session, CANCEL_JOB, {"subscription_id": sub.id}, sub.tenant_id)
    seq = seq or sub.paid_periods
    refund_tax = _refund_tax(session, sub, seq, refund) if refund > 0 else 0
    if refund > 0:
        ctx.tuition.jobs.defer(
            session,
            REFUND_JOB,
            {
                "subscription_id": sub.id,
                "amount": refund,
                "tax_amount": refund_tax,
                "refunded_before": sub.refunded_amount,
                "credit": _credit_data(
                    session,
                    sub,
                    seq,
                    refund,
                    refund_tax,
                    f"subscription:{sub.id}:{sub.refunded_amount}",
                ),
            },
            sub.tenant_id,
        )
        sub.refunded_amount += refund
        sub.tax_refunded_amount += refund_tax
    _emit(ctx, "subscription.canceled", sub, reason=reason, refund=refund, refund_tax=refund_tax)


def _end_grant(ctx: Any, grant: Grant, reason: str) -> None:
    session: Session = ctx.session
    claimed = rowcount(
        session.execute(
            update(Grant)
            .where(Grant.id == grant.id, Grant.status != "ended")
            .values(status="ended")
            .execution_options(synchronize_session=False)
        )
    )
    if claimed != 1:
        return
    services = ctx.tuition.services
    enrollment = services.enrollment(session, grant.enrollment_id)
    if enrollment is not None and enrollment.status in ("active", "completed"):
        services.end_enrollment(session, ctx.tenant, enrollment, reason)


def _emit(ctx: Any, type_: str, sub: Subscription, **extra: Any) -> None:
    end = period_end(sub)
    ctx.tuition.services.emit_event(
        ctx.session,
        ctx.tenant,
        type_,
        {
            "subscription_id": sub.id,
            "enrollment_id": sub.enrollment_id,
            "order_id": sub.order_id,
            "student_id": sub.student_id,
            "status": sub.status,
            "amount": sub.amount,
            "currency": sub.currency,
            "current_period_end": end.isoformat() if end else None,
            **extra,
        },
    )


# -- the enrollments' own changes -----------------------------------------------------------


def follow(change: EnrollmentChange) -> None:
    """The plan's first charge paid: the subscription starts; its checkout over unpaid:
    void; the plan's enrollment ended otherwise (refunded, ended by the site owner): the
    subscription is canceled. A granted enrollment that ends on its own: its grant ends."""
    session = change.session
    if change.enrollment.source != MODEL:
        if change.releasing:
            session.execute(
                update(Grant)
                .where(Grant.enrollment_id == change.enrollment.id, Grant.status != "ended")
                .values(status="ended")
                .execution_options(synchronize_session=False)
            )
        return
    sub = locked(session, enrollment_id=change.enrollment.id)
    if sub is None:
        return
    if change.activating and sub.status in ("pending", "void"):
        sub.status = "trialing" if sub.trial_days else "active"
        sub.started_at, sub.failed_at = change.now, None
        sub.canceled_at = sub.close_reason = None
        sub.paid_periods = max(sub.paid_periods, 1)
        if _charge(session, sub, 1) is None:
            order = change.tuition.services.order(session, sub.order_id)
            session.add(
                SubscriptionCharge(
                    tenant_id=sub.tenant_id,
                    subscription_id=sub.id,
                    seq=1,
                    status="paid",
                    amount=order.amount if order is not None else sub.amount,
                    tax_amount=order.tax_amount if order is not None else sub.tax_amount,
                    attempts=1,
                    at=change.now,
                )
            )
        session.flush()
        _emit(change, "subscription.activated", sub)
    elif change.before == "pending" and sub.status == "pending":
        sub.status, sub.canceled_at, sub.close_reason = "void", change.now, "checkout"
    elif change.releasing and sub.status in RUNNING:
        close(change, sub, change.after, change.now)


# -- dunning and period ends -------------------------------------------------------------------


class _Ctx:
    """What :func:`close` and events need, outside a hook's context."""

    def __init__(self, tuition: Host, session: Session, tenant: TenantRecord) -> None:
        self.tuition, self.session, self.tenant = tuition, session, tenant


def sweep(tuition: Host, now: datetime) -> dict[str, int]:
    """Past the grace days a failed subscription is paused; past the final deadline it is
    canceled; one set to cancel at its period end is canceled once the period ended."""
    counts = {"paused": 0, "canceled": 0}
    for tenant in tuition.services.tenants_enabling(PLUGIN):
        settings = tenant.plugin_settings().get(PLUGIN, {})
        with tuition.transaction(tenant.id) as session:
            record = tuition.services.tenant(session, tenant.id)
            if record is None:
                continue
            ctx = _Ctx(tuition, session, record)
            for sub_id in _due_ids(session, now, settings):
                sub = locked(session, id=sub_id)
                if sub is None:
                    continue
                if sub.status in ("past_due", "paused") and sub.failed_at is not None:
                    if sub.failed_at <= now - final_deadline(settings):
                        close(ctx, sub, "deadline", now)
                        counts["canceled"] += 1
                        continue
                    if sub.status == "past_due" and sub.failed_at <= now - grace_period(settings):
                        pause(ctx, sub)
                        counts["paused"] += 1
                end = period_end(sub)
                if sub.cancel_at_period_end and sub.status in RUNNING and end and end <= now:
                    close(ctx, sub, "period_end", now)
                    counts["canceled"] += 1
    return counts


def _due_ids(session: Session, now: datetime, settings: Mapping[str, Any]) -> Iterable[str]:
    return session.scalars(
        select(Subscription.id).where(
            Subscription.status.in_(RUNNING),
            (Subscription.failed_at <= now - grace_period(settings))
            | Subscription.cancel_at_period_end.is_(True),
        )
    ).all()


# -- what the member and the site owner ask for ----------------------------------------------------


def _running(session: Session, subscription_id: str, student_id: str | None) -> Subscription:
    get(session, subscription_id, student_id)
    sub = locked(session, id=subscription_id)
    if sub is None:
        raise NotFound(f"No subscription {subscription_id!r}.")
    if sub.status not in RUNNING:
        raise Conflict("This subscription is over.", code="subscription_closed")
    return sub


def set_cancel_at_period_end(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    subscription_id: str,
    student_id: str,
    cancel: bool,
) -> Subscription:
    """The member cancels (``cancel``): access lasts until the period paid ends, then the
    sweep cancels it; asking twice changes nothing. Or resumes before the end (409
    ``subscription_not_canceling`` when no cancel was asked)."""
    sub = _running(session, subscription_id, student_id)
    if not cancel and not sub.cancel_at_period_end:
        raise Conflict("This subscription is not set to cancel.", code="subscription_not_canceling")
    if sub.cancel_at_period_end != cancel:
        sub.cancel_at_period_end = cancel
        kind = "subscription.cancel_scheduled" if cancel else "subscription.resumed"
        _emit(_Ctx(tuition, session, tenant), kind, sub)
    return sub


def admin_cancel(
    tuition: Host, session: Session, tenant: TenantRecord, subscription_id: str, refund: str
) -> Subscription:
    """The site owner cancels now; ``prorated``: the unused part of the period paid is
    given back (integer minor units, rounded down)."""
    sub = _running(session, subscription_id, None)
    now = utcnow()
    amount = prorated(session, sub, now) if refund == "prorated" else 0
    close(_Ctx(tuition, session, tenant), sub, "admin", now, refund=amount)
    return sub


def prorated(session: Session, sub: Subscription, now: datetime) -> int:
    """The unused share of the last period paid, in minor units (rounded down)."""
    start, end = period_start(sub), period_end(sub)
    if start is None or end is None or now >= end:
        return 0
    charge = _charge(session, sub, sub.paid_periods)
    # The period's price (a setup fee paid with the first one is not given back); after an
    # upgrade in the period, the new price (the old one and the prorated difference paid
    # cover its unused share).
    if charge is None or charge.status != "paid" or charge.amount == 0:
        last = 0  # nothing paid for it (a trial)
    elif _upgraded_in(session, sub, sub.paid_periods):
        last = sub.amount
    else:
        last = min(charge.amount, sub.amount)
    unused = (end - max(now, start)).total_seconds()
    return int(last * unused // (end - start).total_seconds())


# -- plan changes ------------------------------------------------------------------------------


def open_change(session: Session, sub: Subscription) -> PlanChange | None:
    """The subscription's upgrade waiting for its charge, or its scheduled downgrade."""
    return session.scalars(
        select(PlanChange)
        .where(
            PlanChange.subscription_id == sub.id,
            PlanChange.status.in_(("pending", "scheduled")),
        )
        .execution_options(populate_existing=True)
    ).first()


def _upgraded_in(session: Session, sub: Subscription, period: int) -> bool:
    return (
        session.scalar(
            select(PlanChange.id).where(
                PlanChange.subscription_id == sub.id,
                PlanChange.kind == "upgrade",
                PlanChange.status == "applied",
                PlanChange.period == period,
            )
        )
        is not None
    )


def _target_plan(
    tuition: Host, session: Session, tenant: TenantRecord, sub: Subscription, slug: str
) -> CourseRecord:
    """The plan ``slug`` a subscription may change to (409 ``plan_change_invalid``)."""
    course = tuition.services.course(session, slug=slug)
    schedule = schedule_of(course) if course is not None else None
    why = None
    if course is None or course.pricing_model != MODEL or schedule is None:
        why = f"{slug!r} is not a membership plan."
    elif course.status != "published":
        why = f"The plan {slug!r} is not on sale."
    elif course.id == sub.course_id:
        why = f"The subscription runs on {slug!r} already."
    elif (schedule.currency, schedule.interval, schedule.interval_count) != (
        sub.currency,
        sub.interval,
        sub.interval_count,
    ):
        why = "A plan change keeps the currency and the billing period."
    if why is not None or course is None:
        raise Conflict(why or "", code="plan_change_invalid")
    return course


def change_plan(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    subscription_id: str,
    student_id: str | None,
    slug: str,
) -> Subscription:
    """Change a subscription's plan to ``slug``: a dearer one (an upgrade) now, once the
    prorated difference for the rest of the period is charged (a job; at once when
    nothing is due, e.g. during a trial); a cheaper one (a downgrade) from the next
    renewal, until then cancellable. The provider charges the new price from the next
    renewal (a job)."""
    sub = _running(session, subscription_id, student_id)
    if sub.status not in ("active", "trialing"):
        raise Conflict(
            "A renewal of this subscription is unpaid.", code="subscription_not_in_good_standing"
        )
    course = _target_plan(tuition, session, tenant, sub, slug)
    provider = tuition.services.payment_provider(tenant, sub.provider)
    if not type(provider).capabilities.plan_changes:
        raise Conflict(
            f"The payment provider {sub.provider!r} cannot change plans.",
            code="plan_change_unsupported",
        )
    if open_change(session, sub) is not None:
        raise Conflict("A plan change is on its way already.", code="plan_change_pending")
    now = utcnow()
    to_amount, to_tax = retaxed(tuition, session, tenant, sub, course, now)
    ctx = _Ctx(tuition, session, tenant)
    upgrade = to_amount >= sub.amount
    proration = _proration(sub, to_amount, now) if upgrade else 0
    change = PlanChange(
        tenant_id=sub.tenant_id,
        subscription_id=sub.id,
        kind="upgrade" if upgrade else "downgrade",
        status="pending" if upgrade else "scheduled",
        from_course_id=sub.course_id,
        to_course_id=course.id,
        from_amount=sub.amount,
        to_amount=to_amount,
        to_tax_amount=to_tax,
        proration=proration,
        proration_tax=share(to_tax, proration, to_amount),
        period=sub.paid_periods if upgrade else sub.paid_periods + 1,
        created_at=now,
    )
    session.add(change)
    session.flush()
    if not upgrade:
        _emit(ctx, "subscription.plan_change_scheduled", sub, change=_change_data(ctx, change))
    elif change.proration == 0:
        apply_change(ctx, sub, change, now)
    else:
        tuition.jobs.defer(session, UPGRADE_JOB, {"change_id": change.id}, sub.tenant_id)
        return sub
    tuition.jobs.defer(session, SYNC_JOB, {"subscription_id": sub.id}, sub.tenant_id)
    return sub


#: The enrollment fields a tax plugin reads the buyer's billing details from (those of
#: the ``taxes`` plugin), filled from what the subscription's order recorded.
BILLING_FIELDS = {
    "country": "billing_country",
    "region": "billing_region",
    "vat_id": "vat_id",
    "company_name": "company_name",
}


def retaxed(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    sub: Subscription,
    course: CourseRecord,
    now: datetime,
) -> tuple[int, int]:
    """What plan ``course`` charges ``sub``'s member per period, and the tax in it: its
    price taxed by the tenant's tax plugin (``tuition_order_tax``) like a renewal, for the
    billing details the subscription's order recorded; the price as it is, with no tax,
    when the order carries none (untaxed, or taxed by the provider). No network call."""
    price = int(course.price_amount or 0)
    order = tuition.services.order(session, sub.order_id)
    student = tuition.services.student(session, sub.student_id)
    if order is None or student is None or not order.tax:
        return price, 0
    billing = order.billing or {}
    ctx = EnrollmentContext(
        tuition=tuition,
        session=session,
        tenant=tenant,
        student=student,
        course=course,
        request={field: billing[key] for key, field in BILLING_FIELDS.items() if billing.get(key)},
        settings=tenant.plugin_settings(),
        now=now,
    )
    found = tuition.services.order_tax(ctx, price, course.price_currency or sub.currency)
    return (price, 0) if found is None else (found.gross, found.tax)


def share(whole: int, part: int, of: int) -> int:
    """``whole * part / of`` rounded half up (the tax in a part of a taxed amount)."""
    if part == of:
        return whole
    return (2 * whole * part + of) // (2 * of) if of > 0 else 0


def cancel_change(
    tuition: Host, session: Session, tenant: TenantRecord, subscription_id: str, student_id: str
) -> Subscription:
    """Take back a scheduled downgrade (409 ``no_plan_change`` when none is scheduled)."""
    sub = _running(session, subscription_id, student_id)
    change = open_change(session, sub)
    if change is None or change.status != "scheduled":
        raise Conflict("No plan change is scheduled.", code="no_plan_change")
    change.status = "canceled"
    ctx = _Ctx(tuition, session, tenant)
    _emit(ctx, "subscription.plan_change_canceled", sub, change=_change_data(ctx, change))
    tuition.jobs.defer(session, SYNC_JOB, {"subscription_id": sub.id}, sub.tenant_id)
    return sub


def _proration(sub: Subscription, to_amount: int, now: datetime) -> int:
    """The dearer plan's difference for the unused share of the period paid (rounded
    down); 0 during a trial (nothing paid)."""
    start, end = period_start(sub), period_end(sub)
    if sub.status == "trialing" or start is None or end is None or now >= end:
        return 0
    return (to_amount - sub.amount) * (end - max(now, start)) // (end - start)


def apply_change(ctx: Any, sub: Subscription, change: PlanChange, now: datetime) -> None:
    """The subscription runs on the new plan: its price from the next renewal, its
    courses now; each granted enrollment the new plan does not include ends (once)."""
    services = ctx.tuition.services
    change.status, change.applied_at = "applied", now
    sub.course_id, sub.amount = change.to_course_id, change.to_amount
    sub.tax_amount = change.to_tax_amount
    target = services.course(ctx.session, id=change.to_course_id)
    plan = plan_of(target) if target is not None else None
    for grant in ctx.session.scalars(
        select(Grant).where(Grant.subscription_id == sub.id, Grant.status != "ended")
    ).all():
        course = services.course(ctx.session, id=grant.course_id)
        if plan is None or course is None or not covers(plan, course):
            _end_grant(ctx, grant, "membership:plan_change")
    extra: dict[str, Any] = {}
    if change.kind == "upgrade" and change.proration > 0:
        extra["charge"] = _proration_charge(sub, change, target)
    _emit(ctx, "subscription.plan_changed", sub, change=_change_data(ctx, change), **extra)


def _proration_charge(
    sub: Subscription, change: PlanChange, target: CourseRecord | None
) -> dict[str, Any]:
    """An upgrade's prorated difference as the invoices plugin invoices it: a charge of
    its own (``key`` ``upgrade:<change>``) with the new plan's tax in it."""
    plan = target.title if target is not None else "the new plan"
    return _charge_data(
        sub,
        change.period,
        change.proration,
        change.proration_tax,
        change.payment_id,
        key=f"upgrade:{change.id}",
        description=f"membership, upgrade to {plan}, rest of period {change.period}",
    )


def _apply_scheduled(ctx: Any, sub: Subscription, seq: int, now: datetime) -> None:
    """A renewal from the period of a scheduled downgrade: it applies first."""
    change = open_change(ctx.session, sub)
    if change is not None and change.status == "scheduled" and seq >= change.period:
        apply_change(ctx, sub, change, now)


def _change_data(ctx: Any, change: PlanChange) -> dict[str, Any]:
    return change_data(ctx.tuition.services, ctx.session, change)


def change_data(services: Any, session: Session, change: PlanChange) -> dict[str, Any]:
    """A plan change as the API and the events show it."""
    slugs = {
        c.id: c.slug
        for c in services.courses(session, [change.from_course_id, change.to_course_id])
    }
    return {
        "id": change.id,
        "kind": change.kind,
        "status": change.status,
        "from_plan": slugs.get(change.from_course_id),
        "plan": slugs.get(change.to_course_id),
        "from_amount": change.from_amount,
        "amount": change.to_amount,
        "proration": change.proration,
        "tax_amount": change.to_tax_amount,
        "proration_tax": change.proration_tax,
        "period": change.period,
        "payment_id": change.payment_id,
    }


# -- jobs: the provider, after the commit ------------------------------------------------------


def _provider_call(job: JobContext, payload: Mapping[str, Any]) -> Any:
    tuition = job.tuition
    with tuition.session(job.tenant.id) as session:
        sub = session.get(Subscription, payload["subscription_id"])
        order = tuition.services.order(session, sub.order_id) if sub else None
        if sub is None or order is None:
            return None
        info = tuition.services.order_info(order, job.tenant)
        return info, tuition.services.payment_provider(job.tenant, sub.provider)


def _last_payment(job: JobContext, subscription_id: str) -> str | None:
    """The provider's id of the latest paid charge that names one (None: only the
    checkout's, whose payment is the order's)."""
    with job.tuition.session(job.tenant.id) as session:
        return session.scalar(
            select(SubscriptionCharge.payment_id)
            .where(
                SubscriptionCharge.subscription_id == subscription_id,
                SubscriptionCharge.status == "paid",
                SubscriptionCharge.payment_id.is_not(None),
            )
            .order_by(SubscriptionCharge.seq.desc())
            .limit(1)
        )


def cancel_schedule_job(job: JobContext, payload: dict[str, Any]) -> None:
    """Stop the provider's schedule of a canceled subscription (no transaction open while
    the provider is called; retried on a provider failure)."""
    found = _provider_call(job, payload)
    if found is None:
        return
    info, provider = found
    try:
        provider.cancel_schedule(info)
    except PaymentError as exc:
        if exc.retryable:
            raise


def refund_job(job: JobContext, payload: dict[str, Any]) -> None:
    """Give back ``amount`` of a canceled subscription through its provider, idempotent
    per (order, refunded before, amount); a final failure is recorded as an event. The
    refund is taken from the last period's charge: ``provider_payment_id`` names its
    payment (the provider's id from its ``installment.paid``), the order's own payment
    when the first period is the last paid (a provider may refuse old payments: PayPal
    refunds for 180 days)."""
    found = _provider_call(job, payload)
    if found is None:
        return
    info, provider = found
    last = _last_payment(job, str(payload["subscription_id"]))
    info = dataclasses.replace(
        info,
        refunded_amount=int(payload["refunded_before"]),
        provider_payment_id=last or info.provider_payment_id,
    )
    try:
        result = provider.refund(info, int(payload["amount"]))
        status = result.status
    except PaymentError as exc:
        if exc.retryable:
            raise
        status = "failed"
    with job.tuition.transaction(job.tenant.id) as session:
        sub = session.get(Subscription, payload["subscription_id"])
        if sub is not None:
            _emit(
                _Ctx(job.tuition, session, job.tenant),
                "subscription.refunded",
                sub,
                refund=int(payload["amount"]),
                refund_tax=int(payload.get("tax_amount", 0)),
                refund_status=status,
                # Made: the invoices plugin's credit note (none for a failed refund).
                **(
                    {"credit": payload["credit"]}
                    if payload.get("credit") and status != "failed"
                    else {}
                ),
            )


def _schedule(sub: Subscription, amount: int) -> Schedule:
    return Schedule(
        count=None,
        amount=amount,
        currency=sub.currency,
        interval=sub.interval,  # type: ignore[arg-type]
        interval_count=sub.interval_count,
    )


def upgrade_job(job: JobContext, payload: dict[str, Any]) -> None:
    """Charge an upgrade's prorated difference through the provider (idempotent per
    change), then apply it; declined: the plan stays (``subscription.plan_change_failed``).
    Charged for a subscription that ended meanwhile: given back."""
    tuition = job.tuition
    with tuition.session(job.tenant.id) as session:
        change = session.get(PlanChange, payload["change_id"])
        sub = session.get(Subscription, change.subscription_id) if change else None
        if change is None or sub is None or change.status != "pending":
            return
        proration, schedule = change.proration, _schedule(sub, change.to_amount)
    found = _provider_call(job, {"subscription_id": sub.id})
    if found is None:
        return
    info, provider = found
    payment_id: str | None = None
    declined = False
    try:
        payment_id = provider.change_schedule(
            info, schedule, key=payload["change_id"], charge_now=proration
        )
    except PaymentError as exc:
        if exc.retryable:
            raise
        declined = True
    with tuition.transaction(job.tenant.id) as session:
        change = session.get(PlanChange, payload["change_id"])
        sub = locked(session, id=change.subscription_id) if change is not None else None
        if change is None or sub is None or change.status != "pending":
            return
        ctx = _Ctx(tuition, session, job.tenant)
        now = utcnow()
        if declined:
            change.status = "failed"
            _emit(ctx, "subscription.plan_change_failed", sub, change=_change_data(ctx, change))
            return
        change.payment_id = payment_id
        if sub.status in RUNNING and sub.course_id == change.from_course_id:
            apply_change(ctx, sub, change, now)
            return
        change.status = "canceled"  # it ended meanwhile: the difference goes back
        charge = _proration_charge(sub, change, None)
        credit = {
            "order_id": sub.order_id,
            "key": f"subscription:{sub.id}:{sub.refunded_amount}",
            "number": change.period,
            "amount": proration,
            "tax_amount": change.proration_tax,
            "currency": sub.currency,
            "charge": charge,
        }
        tuition.jobs.defer(
            session,
            REFUND_JOB,
            {
                "subscription_id": sub.id,
                "amount": proration,
                "tax_amount": change.proration_tax,
                "refunded_before": sub.refunded_amount,
                "credit": credit,
            },
            sub.tenant_id,
        )
        sub.refunded_amount += proration
        sub.tax_refunded_amount += change.proration_tax


def sync_amount_job(job: JobContext, payload: dict[str, Any]) -> None:
    """Tell the provider what the next renewals of a running subscription take: its
    price, or a scheduled downgrade's (read when the job runs, so the last job wins)."""
    tuition = job.tuition
    with tuition.session(job.tenant.id) as session:
        sub = session.get(Subscription, payload["subscription_id"])
        if sub is None or sub.status not in RUNNING:
            return
        change = open_change(session, sub)
        amount = sub.amount
        if change is not None and change.status == "scheduled":
            amount = change.to_amount
        schedule = _schedule(sub, amount)
    found = _provider_call(job, payload)
    if found is None:
        return
    info, provider = found
    try:
        provider.change_schedule(info, schedule, key=f"{payload['subscription_id']}:{amount}")
    except PaymentError as exc:
        if exc.retryable:
            raise
