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

from .models import Grant, Subscription, SubscriptionCharge
from .settings import MODEL, PLUGIN

#: Jobs that stop a subscription's schedule, and refund part of it, at its provider.
CANCEL_JOB = "memberships.cancel_schedule"
REFUND_JOB = "memberships.refund"
#: Subscriptions the provider still charges.
RUNNING = ("active", "past_due", "paused")
#: Subscriptions that grant access.
GOOD_STANDING = ("active", "past_due")
#: The offer's reason on the order of a course the membership includes.
OFFER_REASON = "membership"

PROBLEM_CODES = {
    "membership_unavailable": "The plan has no membership (attributes.memberships), or the "
    "site's payment provider cannot charge on a schedule in its currency.",
    "subscription_closed": "The subscription is over (canceled): nothing is left to change.",
    "subscription_not_canceling": "The subscription is not set to cancel at its period end: "
    "there is nothing to resume.",
}
EVENT_TYPES = {
    "subscription.activated": "a membership's first payment was made: it grants its courses",
    "subscription.granted": "a course the membership includes was enrolled in at price 0",
    "subscription.renewed": "a membership's renewal was paid: a new period",
    "subscription.renewal_failed": "a membership's renewal was declined: past_due (grace)",
    "subscription.paused": "a failed renewal is past the grace days: access paused",
    "subscription.restored": "a paused or past-due membership was paid: access restored",
    "subscription.cancel_scheduled": "the member asked to cancel at the period's end",
    "subscription.resumed": "the member took back a cancel at the period's end",
    "subscription.canceled": "a membership ended: the enrollments it granted ended",
    "subscription.refunded": "part of a canceled membership's last period was refunded",
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
    return Schedule(
        count=None,
        amount=int(course.price_amount),
        currency=course.price_currency,
        interval=plan.get("interval", "month"),
        interval_count=int(plan.get("interval_count", 1)),
        first_amount=int(course.price_amount) + fee if fee else None,
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
        if plan_of(course) is not None:
            missing = None
        return why_not_recurring(
            tuition, tenant, course, enabled, charges="a subscription", missing=missing
        )

    def enroll(self, ctx: EnrollmentContext) -> Outcome:
        schedule = schedule_of(ctx.course)
        services = ctx.tuition.services
        provider = (
            services.choose_payment_provider(ctx.tenant, schedule.currency, recurring=True)
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


def _due(sub: Subscription, number: int) -> datetime:
    assert sub.started_at is not None
    return add_interval(sub.started_at, sub.interval, sub.interval_count * (number - 1))


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
    amount = event.amount if event.amount is not None else sub.amount
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
        close(event, sub, "period_end", now, refund=amount)
        return "renewal_after_cancel_refunded"
    sub.paid_periods = max(sub.paid_periods, seq)
    _emit(
        event,
        "subscription.renewed",
        sub,
        period=seq,
        # A later charge as the invoices plugin invoices it (its README, "Later charges").
        charge={
            "order_id": sub.order_id,
            "number": seq,
            "amount": amount,
            # The tax in it; none when untaxed here (the invoice then takes the order's
            # tax in proportion, e.g. what the provider's tax service recorded).
            **({"tax_amount": tax} if tax else {}),
            "currency": sub.currency,
            "payment_id": event.payment_id,
            "description": f"membership, period {seq}",
        },
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
    if sub.status == "active":
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


def close(ctx: Any, sub: Subscription, reason: str, now: datetime, refund: int = 0) -> None:
    """End the subscription: every enrollment it granted ends once (a grant goes to
    ``ended`` by one conditional UPDATE before its enrollment ends), the plan's enrollment
    ends, and the provider's schedule is stopped (and ``refund`` given back) in jobs after
    the commit."""
    session: Session = ctx.session
    services = ctx.tuition.services
    sub.status, sub.canceled_at, sub.close_reason = "canceled", now, reason
    sub.cancel_at_period_end = False
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
    refund_tax = tax_in(sub, refund) if refund > 0 else 0
    if refund > 0:
        ctx.tuition.jobs.defer(
            session,
            REFUND_JOB,
            {
                "subscription_id": sub.id,
                "amount": refund,
                "tax_amount": refund_tax,
                "refunded_before": sub.refunded_amount,
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
        sub.status, sub.started_at, sub.failed_at = "active", change.now, None
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
    # The period's price (a setup fee paid with the first one is not given back).
    last = min(charge.amount, sub.amount) if charge is not None and charge.status == "paid" else 0
    unused = (end - max(now, start)).total_seconds()
    return int(last * unused // (end - start).total_seconds())


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
            )
