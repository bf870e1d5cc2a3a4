"""Payment plans: the pricing model, the provider's schedule events, dunning and the
changes a student or the site owner asks for. Nothing here commits, and the provider is
called with no row lock held: stopping its schedule and refunds run in jobs after the
commit (:data:`CANCEL_JOB`, :data:`REFUND_JOB`); a pay-off charges before it locks."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    ChargeResult,
    Conflict,
    CourseRecord,
    EnrollmentChange,
    EnrollmentContext,
    EnrollmentRefused,
    Host,
    JobContext,
    NotFound,
    Outcome,
    PaymentError,
    PricingModel,
    Problem,
    RecurringEvent,
    Schedule,
    TenantRecord,
    add_interval,
    final_deadline,
    grace_period,
    rowcount,
    utcnow,
    why_not_recurring,
)

from .models import PaymentPlan, PlanInstallment, PlanRefund
from .settings import MODEL, PLUGIN, reminder

#: The job that stops a plan's schedule at its provider (after the plan closed).
CANCEL_JOB = "installments_cancel_schedule"
#: The job that gives a plan's refund (:class:`PlanRefund`) back through its provider.
REFUND_JOB = "installments_refund"
#: Plans whose installments the provider still charges, or may.
RUNNING = ("active", "past_due", "overdue")
#: Plans whose student keeps access.
GOOD_STANDING = ("active", "past_due", "completed", "paid_off")

PROBLEM_CODES = {
    "payment_plan_unavailable": "The course offers no payment plan, or the site's payment "
    "provider cannot charge on a schedule.",
    "pay_in_full_unavailable": "The course is sold through its payment plan only.",
    "payment_plan_closed": "The payment plan is over (completed, canceled or ended): "
    "nothing is left to cancel or waive.",
    "payment_method_update_unavailable": "The plan's payment provider offers no page to "
    "change the payment method.",
    "pay_off_unavailable": "The plan's payment provider cannot charge the balance at once.",
    "pay_off_declined": "The charge of the balance was declined: nothing was taken.",
    "installment_not_refundable": "The installment was not paid, or it is the first one "
    "(the order's payment: refund the order).",
    "installment_refund_unavailable": "The plan's payment provider cannot refund one installment.",
}
EVENT_TYPES = {
    "payment_plan.installment_paid": "an installment of a payment plan was paid",
    "payment_plan.installment_failed": "an installment of a payment plan failed",
    "payment_plan.installment_upcoming": "an installment of a payment plan is charged in "
    "``reminder_days`` days (once per installment)",
    "payment_plan.overdue": "a plan's failed installment is past the grace days: access paused",
    "payment_plan.restored": "an overdue plan was paid: access restored",
    "payment_plan.completed": "every installment of a plan was paid or waived",
    "payment_plan.canceled": "the rest of a payment plan was canceled",
    "payment_plan.ended": "a plan stayed unpaid past its final deadline: the enrollment ended",
    "payment_plan.paid_off": "the balance of a plan was paid at once: nothing more is charged",
    "payment_plan.refunded": "money of a plan goes back: one installment (the site owner's "
    "refund) or a charge not owed (after the plan closed, charged twice)",
}


def course_plan(course: CourseRecord) -> Mapping[str, Any] | None:
    plan = (course.attributes or {}).get(PLUGIN)
    return plan if isinstance(plan, Mapping) and plan.get("count") else None


def schedule_of(course: CourseRecord) -> Schedule | None:
    plan = course_plan(course)
    if plan is None or course.price_currency is None:
        return None
    return Schedule(
        count=int(plan["count"]),
        amount=int(plan["amount"]),
        currency=course.price_currency,
        interval=plan.get("interval", "month"),
        interval_count=int(plan.get("interval_count", 1)),
    )


# -- the pricing model -----------------------------------------------------------------


class InstallmentsPricing(PricingModel):
    """Pay in ``count`` installments charged by the provider (or in full, beside)."""

    name = MODEL
    requires_price = True

    def why_not_sellable(
        self, tuition: Host, tenant: TenantRecord, course: CourseRecord, enabled: frozenset[str]
    ) -> str | None:
        missing: str | None = "it has no payment plan (attributes.installments)"
        if course_plan(course) is not None:
            missing = None
        return why_not_recurring(
            tuition, tenant, course, enabled, charges="installments", missing=missing
        )

    def enroll(self, ctx: EnrollmentContext) -> Outcome:
        course = ctx.course
        schedule = schedule_of(course)
        offered = course_plan(course) or {}
        choice = ctx.request.get("payment_plan") or (
            "full" if offered.get("pay_in_full", True) else "installments"
        )
        services = ctx.tuition.services
        if choice == "full":
            if not offered.get("pay_in_full", True) or course.price_amount is None:
                raise EnrollmentRefused(
                    Problem("pay_in_full_unavailable", "This course is sold in installments only.")
                )
            provider = services.choose_payment_provider(ctx.tenant, course.price_currency)
            schedule = None
        else:
            provider = (
                services.choose_payment_provider(ctx.tenant, schedule.currency, recurring=True)
                if schedule is not None
                else None
            )
        if provider is None:
            raise EnrollmentRefused(
                Problem(
                    "payment_plan_unavailable" if choice != "full" else "not_available",
                    f"Course {course.slug!r} cannot be bought this way here.",
                )
            )
        currency = str(course.price_currency)
        # The tax of one charge (an installment, or the full price), as for a one-time
        # order: every installment is the same, so it carries the same net, tax and gross.
        amount = schedule.amount if schedule is not None else int(course.price_amount or 0)
        tax = services.order_tax(ctx, amount, currency)
        if tax is not None:
            amount = tax.gross
            if schedule is not None:
                schedule = dataclasses.replace(schedule, amount=amount)
        enrollment = ctx.add_enrollment(status="pending", source=MODEL)
        order = services.add_order(
            ctx,
            enrollment,
            provider=provider,
            amount=amount,
            currency=currency,
            schedule=schedule,
            tax=tax,
        )
        if schedule is not None:
            _add_plan(
                ctx.session,
                ctx.now,
                enrollment,
                order.id,
                provider,
                schedule,
                tax_amount=0 if tax is None else tax.tax,
            )
        return Outcome(
            enrollment=enrollment,
            hold_until=order.expires_at,
            order=order,
            checkout=None if tax is None else tax.checkout_keys(),
        )


def _add_plan(
    session: Session,
    now: datetime,
    enrollment: Any,
    order_id: str,
    provider: str,
    schedule: Schedule,
    tax_amount: int = 0,
) -> PaymentPlan:
    assert schedule.count is not None, "a payment plan has a number of installments"
    plan = PaymentPlan(
        tenant_id=enrollment.tenant_id,
        student_id=enrollment.student_id,
        course_id=enrollment.course_id,
        enrollment_id=enrollment.id,
        order_id=order_id,
        provider=provider,
        count=schedule.count,
        amount=schedule.amount,
        currency=schedule.currency,
        interval=schedule.interval,
        interval_count=schedule.interval_count,
        status="pending",
        created_at=now,
        updated_at=now,
    )
    session.add(plan)
    session.flush()
    for seq in range(1, schedule.count + 1):
        session.add(
            PlanInstallment(
                tenant_id=plan.tenant_id,
                plan_id=plan.id,
                seq=seq,
                amount=schedule.amount,
                tax_amount=tax_amount,
                due_at=schedule.due_at(now, seq),
                status="scheduled",
                attempts=0,
            )
        )
    session.flush()
    return plan


# -- reading ---------------------------------------------------------------------------


def _locked(session: Session, **where: str) -> PaymentPlan | None:
    """The plan matching ``where``, its row locked for the transaction (PostgreSQL; SQLite
    serialises writers anyway), read anew."""
    stmt = select(PaymentPlan).filter_by(**where).with_for_update()
    return session.scalars(stmt.execution_options(populate_existing=True)).first()


def plan_of_student(session: Session, student_id: str, plan_id: str) -> PaymentPlan:
    plan = session.get(PaymentPlan, plan_id)
    if plan is None or plan.student_id != student_id:
        raise NotFound(f"No payment plan {plan_id!r}.")
    return plan


def get_plan(session: Session, plan_id: str) -> PaymentPlan:
    plan = session.get(PaymentPlan, plan_id)
    if plan is None:
        raise NotFound(f"No payment plan {plan_id!r}.")
    return plan


def paid_total(plan: PaymentPlan) -> int:
    return sum(i.paid_amount or 0 for i in plan.installments if i.status == "paid")


def balance(plan: PaymentPlan) -> int:
    """What is still to be paid: installments neither paid, waived nor canceled."""
    return sum(i.amount for i in plan.installments if i.status in ("scheduled", "failed"))


def refunded_total(session: Session, plan: PaymentPlan) -> int:
    """What the site owner gave back of the plan's paid installments (``admin`` refunds;
    charges that were not owed are refunded too but never counted as paid)."""
    return sum(r.amount for r in refunds(session, plan) if r.reason == "admin")


def refunds(session: Session, plan: PaymentPlan) -> list[PlanRefund]:
    return list(
        session.scalars(
            select(PlanRefund)
            .where(PlanRefund.plan_id == plan.id)
            .order_by(PlanRefund.created_at, PlanRefund.id)
        )
    )


def access(plan: PaymentPlan) -> str:
    if plan.status in GOOD_STANDING:
        return "granted"
    if plan.status == "overdue":
        return "paused"
    if plan.status == "pending":
        return "pending"
    return "ended"


# -- the provider's events ---------------------------------------------------------------


def _set_installment(
    session: Session, plan: PaymentPlan, seq: int, allowed: tuple[str, ...], **values: Any
) -> bool:
    return (
        rowcount(
            session.execute(
                update(PlanInstallment)
                .where(
                    PlanInstallment.plan_id == plan.id,
                    PlanInstallment.seq == seq,
                    PlanInstallment.status.in_(allowed),
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        )
        == 1
    )


def _refresh(session: Session, plan: PaymentPlan) -> None:
    session.flush()
    session.expire(plan)
    session.refresh(plan)
    for installment in plan.installments:
        session.refresh(installment)


def apply_event(event: RecurringEvent) -> str | None:
    """Apply a schedule's event to the plan of ``event.order`` (None: not ours)."""
    session = event.session
    plan = _locked(session, order_id=event.order.id)
    if plan is None:
        return None
    now = utcnow()
    if event.kind == "schedule.canceled":
        if plan.status not in RUNNING:
            return "plan_not_running"
        close(event, plan, "canceled", "provider", now)
        return "plan_canceled"
    if (
        event.kind == "installment.paid"
        and not event.installment
        and event.payment_id is not None
        and plan.pay_off_status == "pending"
        and event.amount is not None
        and event.amount == plan.pay_off_amount
    ):
        # The charge of the pay-off asked for (of no installment of the schedule, of its
        # amount), announced before the pay-off request applied its answer: the pay-off
        # completes here, and the request then finds it done.
        charged = ChargeResult(payment_id=event.payment_id, amount=event.amount, status="succeeded")
        _settle_pay_off(event, plan, charged, plan.pay_off_by or "student")
        return "pay_off_applied"
    seq = event.installment or _first_open(plan)
    if seq is None or not 1 <= seq <= plan.count:
        return "no_such_installment"
    if event.kind == "installment.paid":
        return _installment_paid(event, plan, seq, now)
    if event.kind == "installment.failed":
        if not _set_installment(
            session,
            plan,
            seq,
            ("scheduled", "failed"),
            status="failed",
            attempts=PlanInstallment.attempts + 1,
            failed_at=now,
        ):
            return "installment_not_open"  # a stale failure after the payment
        _refresh(session, plan)
        settings = event.plugin_settings(PLUGIN)
        if plan.status == "active":
            plan.status, plan.failed_at = "past_due", now
        failed_at = plan.failed_at or now
        _emit(
            event,
            "payment_plan.installment_failed",
            plan,
            **_installment(plan, seq),
            grace_ends_at=(failed_at + grace_period(settings)).isoformat(),
            final_deadline_at=(failed_at + final_deadline(settings)).isoformat(),
        )
        if plan.status == "past_due" and grace_period(settings) <= timedelta(0):
            pause(event, plan, settings)
        return "installment_failed"
    return "no_action"


def _installment_paid(event: RecurringEvent, plan: PaymentPlan, seq: int, now: datetime) -> str:
    """Apply a later charge once. Money that is not owed goes back, once per payment (its
    :class:`PlanRefund` key): a charge after the plan closed (canceled, ended, waived,
    paid off: the provider charged before its schedule stopped) or an installment paid
    already under another payment."""
    session = event.session
    amount = event.amount if event.amount is not None else plan.amount
    installment = plan.installments[seq - 1]
    session.refresh(installment)
    if installment.status == "paid" and event.payment_id in (None, installment.payment_id):
        return "installment_already_paid"  # the same payment again
    if plan.status in (*RUNNING, "pending", "void"):
        # Before the plan heard of its first payment (pending, or void: its checkout
        # ended, the money came late) a charge counts too; the payment revives the plan.
        opened = (
            ("scheduled", "failed")
            if plan.status in RUNNING
            else ("scheduled", "failed", "canceled")
        )
        if _set_installment(
            session,
            plan,
            seq,
            opened,
            status="paid",
            paid_amount=amount,
            payment_id=event.payment_id,
            paid_at=now,
            # The tax the provider's tax service computed on the charge (Stripe Tax).
            **_provider_tax(event, amount),
        ):
            _refresh(session, plan)
            _emit(event, "payment_plan.installment_paid", plan, **_paid(plan, seq))
            settle_standing(event, plan, now)
            return "installment_paid"
        reason = "duplicate"
    else:
        reason = "after_close"
    if event.payment_id is None or amount <= 0:
        return "installment_not_open"
    if not give_back(event, plan, seq, event.payment_id, amount, reason):
        return "charge_refunded_already"
    return f"charge_refunded_{reason}"


def _provider_tax(event: RecurringEvent, amount: int) -> dict[str, int]:
    """The installment's ``tax_amount`` when the event carries the provider's tax on
    exactly this charge (Stripe Tax on the invoice), else nothing to change."""
    if event.tax is None or event.tax.gross != amount:
        return {}
    return {"tax_amount": event.tax.tax}


def give_back(
    ctx: Any,
    plan: PaymentPlan,
    seq: int | None,
    payment_id: str,
    amount: int,
    reason: str,
    *,
    key: str | None = None,
) -> bool:
    """Record a refund of ``amount`` of the charge ``payment_id`` (installment ``seq``)
    and give it back in a job after the commit (:data:`REFUND_JOB`); False when this
    ``key`` (default: the payment) was refunded already. Call it with the plan locked."""
    session: Session = ctx.session
    key = key or f"charge:{payment_id}"
    if session.scalar(
        select(PlanRefund.id).where(PlanRefund.plan_id == plan.id, PlanRefund.key == key)
    ):
        return False
    before = session.scalar(
        select(func.coalesce(func.sum(PlanRefund.amount), 0)).where(
            PlanRefund.plan_id == plan.id, PlanRefund.payment_id == payment_id
        )
    )
    refund = PlanRefund(
        tenant_id=plan.tenant_id,
        plan_id=plan.id,
        key=key,
        seq=seq,
        payment_id=payment_id,
        amount=amount,
        tax_amount=_tax_share(ctx, plan, amount),
        reason=reason,
        status="pending",
    )
    session.add(refund)
    session.flush()
    ctx.tuition.jobs.defer(
        session,
        REFUND_JOB,
        {"refund_id": refund.id, "refunded_before": int(before or 0)},
        plan.tenant_id,
    )
    _emit(
        ctx,
        "payment_plan.refunded",
        plan,
        installment=seq,
        amount=amount,
        tax_amount=refund.tax_amount,
        payment_id=payment_id,
        reason=reason,
    )
    return True


def _tax_share(ctx: Any, plan: PaymentPlan, amount: int) -> int:
    """The tax in ``amount``, in the proportion of the plan's order (its first charge):
    ``tax_amount * amount / order amount``, rounded half up; 0 when it carried none."""
    order = ctx.tuition.services.order(ctx.session, plan.order_id)
    if order is None or not order.tax_amount or order.amount <= 0:
        return 0
    return (2 * order.tax_amount * amount + order.amount) // (2 * order.amount)


def _installment(plan: PaymentPlan, seq: int) -> dict[str, Any]:
    """An installment as events show it: ``installment`` (its number), ``amount`` (the
    gross), ``tax_amount`` (the tax in it) and ``due_at`` (ISO)."""
    installment = plan.installments[seq - 1]
    return {
        "installment": seq,
        "amount": installment.amount,
        "tax_amount": installment.tax_amount,
        "due_at": installment.due_at.isoformat(),
    }


def share(whole: int, part: int, of: int) -> int:
    """``whole * part / of`` rounded half up (the tax in a charge of another amount than
    planned); ``whole`` when ``part == of``."""
    if part == of:
        return whole
    return (2 * whole * part + of) // (2 * of) if of > 0 else 0


def _paid(plan: PaymentPlan, seq: int) -> dict[str, Any]:
    """A paid installment, with the ``charge`` other plugins read (``invoices`` issues an
    invoice per charge after the first): the order, the charge's number, amount, the tax
    in it (``tax_amount``, when there is: else the invoice takes the order's tax in
    proportion, e.g. what Stripe Tax recorded), currency and the provider's payment id."""
    installment = plan.installments[seq - 1]
    amount = installment.paid_amount if installment.paid_amount is not None else plan.amount
    tax = share(installment.tax_amount, amount, installment.amount)
    return {
        **_installment(plan, seq),
        "amount": amount,
        "tax_amount": tax,
        "charge": {
            "order_id": plan.order_id,
            "number": seq,
            "amount": amount,
            **({"tax_amount": tax} if tax else {}),
            "currency": plan.currency,
            "payment_id": installment.payment_id,
            "description": f"installment {seq} of {plan.count}",
        },
    }


def _first_open(plan: PaymentPlan) -> int | None:
    return next((i.seq for i in plan.installments if i.status in ("scheduled", "failed")), None)


def settle_standing(ctx: Any, plan: PaymentPlan, now: datetime) -> None:
    """After a payment or a waiver: completed when nothing is left, back in good standing
    when no installment is failed any more (access restored if it was paused)."""
    statuses = [i.status for i in plan.installments]
    if all(s in ("paid", "waived") for s in statuses):
        if plan.status not in ("completed", "canceled", "ended"):
            was = plan.status
            plan.status, plan.failed_at, plan.closed_at = "completed", None, now
            if was == "overdue":
                _emit(ctx, "payment_plan.restored", plan)
            _emit(ctx, "payment_plan.completed", plan)
        return
    if plan.status in ("past_due", "overdue") and "failed" not in statuses:
        was = plan.status
        plan.status, plan.failed_at = "active", None
        if was == "overdue":
            _emit(ctx, "payment_plan.restored", plan)
    elif plan.status in ("past_due", "overdue"):
        plan.failed_at = min(
            (i.failed_at for i in plan.installments if i.status == "failed" and i.failed_at),
            default=plan.failed_at,
        )


def pause(ctx: Any, plan: PaymentPlan, settings: Any) -> None:
    plan.status = "overdue"
    deadline = (plan.failed_at or utcnow()) + final_deadline(settings)
    _emit(ctx, "payment_plan.overdue", plan, final_deadline_at=deadline.isoformat())


def close(ctx: Any, plan: PaymentPlan, status: str, reason: str, now: datetime) -> None:
    """End the plan: the installments left are canceled, the enrollment ends (its paid
    orders stay), and the provider's schedule is stopped in a job after the commit."""
    session: Session = ctx.session
    session.execute(
        update(PlanInstallment)
        .where(
            PlanInstallment.plan_id == plan.id,
            PlanInstallment.status.in_(("scheduled", "failed")),
        )
        .values(status="canceled")
        .execution_options(synchronize_session=False)
    )
    plan.status, plan.closed_at, plan.close_reason = status, now, reason
    _refresh(session, plan)
    services = ctx.tuition.services
    enrollment = services.enrollment(session, plan.enrollment_id)
    if enrollment is not None and enrollment.status in ("active", "completed"):
        services.end_enrollment(session, ctx.tenant, enrollment, f"payment_plan:{status}")
    if reason != "provider":
        ctx.tuition.jobs.defer(session, CANCEL_JOB, {"plan_id": plan.id}, plan.tenant_id)
    _emit(ctx, f"payment_plan.{status}", plan, reason=reason)


def _emit(ctx: Any, type_: str, plan: PaymentPlan, **extra: Any) -> None:
    ctx.tuition.services.emit_event(
        ctx.session,
        ctx.tenant,
        type_,
        {
            "plan_id": plan.id,
            "enrollment_id": plan.enrollment_id,
            "order_id": plan.order_id,
            "student_id": plan.student_id,
            "course_id": plan.course_id,
            "count": plan.count,
            "status": plan.status,
            "balance": balance(plan),
            "currency": plan.currency,
            **extra,
        },
    )


# -- the enrollment's own changes ---------------------------------------------------------


def follow(change: EnrollmentChange) -> None:
    """The first charge paid: the plan starts (installment 1 paid, the schedule's dates
    from now); its checkout over unpaid: the plan is void; the enrollment ended otherwise
    (refunded, ended by the site owner): the plan ends and its schedule stops."""
    if change.enrollment.source != MODEL:
        return
    session = change.session
    plan = _locked(session, enrollment_id=change.enrollment.id)
    if plan is None:
        return
    if change.activating and plan.status in ("pending", "void"):
        # Paid (also after its checkout ended: money that came late revives the plan).
        order = change.tuition.services.order(session, plan.order_id)
        plan.status, plan.started_at = "active", change.now
        plan.closed_at = plan.close_reason = None
        for installment in plan.installments:
            if installment.seq == 1 or installment.status != "paid":
                # (A later charge paid before the news of the first one stays paid.)
                installment.status = "scheduled"
            installment.due_at = add_interval(
                change.now, plan.interval, plan.interval_count * (installment.seq - 1)
            )
        first = plan.installments[0]
        first.status, first.paid_at, first.attempts = "paid", change.now, 1
        first.paid_amount = order.amount if order is not None else plan.amount
        session.flush()
        settle_standing(change, plan, change.now)
        _emit(change, "payment_plan.installment_paid", plan, **_paid(plan, 1))
    elif change.before == "pending" and plan.status == "pending":
        plan.status, plan.closed_at, plan.close_reason = "void", change.now, "checkout"
        for installment in plan.installments:
            installment.status = "canceled"
    elif change.releasing and plan.status in RUNNING:
        # Refunded or ended by the site owner: nothing more is charged.
        close(change, plan, "canceled", change.after, change.now)


# -- dunning -------------------------------------------------------------------------------


def sweep(tuition: Host, now: datetime) -> dict[str, int]:
    """Past the grace days a failed plan is paused (``overdue``); past the final deadline
    it ends (the enrollment ends, the schedule stops); installments due within
    ``reminder_days`` get their reminder event (:func:`remind`)."""
    counts = {"paused": 0, "ended": 0, "reminded": 0}
    for tenant in tuition.services.tenants_enabling(PLUGIN):
        settings = tenant.plugin_settings().get(PLUGIN, {})
        with tuition.transaction(tenant.id) as session:
            record = tuition.services.tenant(session, tenant.id)
            if record is None:
                continue
            ctx = _Ctx(tuition, session, record)
            due = session.scalars(
                select(PaymentPlan.id).where(
                    PaymentPlan.status.in_(("past_due", "overdue")),
                    PaymentPlan.failed_at <= now - grace_period(settings),
                )
            ).all()
            for plan_id in due:
                plan = _locked(session, id=plan_id)
                if plan is None or plan.status not in ("past_due", "overdue"):
                    continue
                assert plan.failed_at is not None
                if plan.failed_at <= now - final_deadline(settings):
                    close(ctx, plan, "ended", "deadline", now)
                    counts["ended"] += 1
                elif plan.status == "past_due":
                    pause(ctx, plan, settings)
                    counts["paused"] += 1
            counts["reminded"] += remind(ctx, settings, now)
    return counts


def remind(ctx: _Ctx, settings: Any, now: datetime) -> int:
    """Emit ``payment_plan.installment_upcoming`` for each installment (after the first)
    of a running plan charged within ``reminder_days``: once per installment, claimed by a
    conditional UPDATE of ``reminded_at`` (a concurrent sweep finds it set)."""
    ahead = reminder(settings)
    if ahead <= timedelta(0):
        return 0
    session = ctx.session
    upcoming = session.execute(
        select(PlanInstallment.plan_id, PlanInstallment.seq)
        .join(PaymentPlan, PaymentPlan.id == PlanInstallment.plan_id)
        .where(
            PaymentPlan.status.in_(RUNNING),
            PlanInstallment.status == "scheduled",
            PlanInstallment.reminded_at.is_(None),
            PlanInstallment.seq > 1,
            PlanInstallment.due_at > now,
            PlanInstallment.due_at <= now + ahead,
        )
        .order_by(PlanInstallment.due_at)
    ).all()
    sent = 0
    for plan_id, seq in upcoming:
        claimed = rowcount(
            session.execute(
                update(PlanInstallment)
                .where(
                    PlanInstallment.plan_id == plan_id,
                    PlanInstallment.seq == seq,
                    PlanInstallment.status == "scheduled",
                    PlanInstallment.reminded_at.is_(None),
                )
                .values(reminded_at=now)
                .execution_options(synchronize_session=False)
            )
        )
        plan = session.get(PaymentPlan, plan_id) if claimed else None
        if plan is None:
            continue
        _refresh(session, plan)
        _emit(ctx, "payment_plan.installment_upcoming", plan, **_installment(plan, seq))
        sent += 1
    return sent


class _Ctx:
    """What :func:`close` and events need, for the sweep's transaction."""

    def __init__(self, tuition: Host, session: Session, tenant: TenantRecord) -> None:
        self.tuition, self.session, self.tenant = tuition, session, tenant


# -- what the student and the site owner ask for ----------------------------------------


def cancel(tuition: Host, session: Session, tenant: TenantRecord, plan_id: str, by: str) -> None:
    """Cancel the rest of a plan: nothing more is charged and the enrollment ends."""
    plan = _locked(session, id=plan_id)
    if plan is None:
        raise NotFound(f"No payment plan {plan_id!r}.")
    if plan.status not in RUNNING:
        raise Conflict("This payment plan is over.", code="payment_plan_closed")
    close(_Ctx(tuition, session, tenant), plan, "canceled", by, utcnow())


def waive(tuition: Host, session: Session, tenant: TenantRecord, plan_id: str) -> None:
    """The site owner waives what is left: the open installments are ``waived``, the plan
    completes (access kept, restored if paused) and the schedule stops charging."""
    plan = _locked(session, id=plan_id)
    if plan is None:
        raise NotFound(f"No payment plan {plan_id!r}.")
    if plan.status not in RUNNING:
        raise Conflict("This payment plan is over.", code="payment_plan_closed")
    session.execute(
        update(PlanInstallment)
        .where(
            PlanInstallment.plan_id == plan.id,
            PlanInstallment.status.in_(("scheduled", "failed")),
        )
        .values(status="waived")
        .execution_options(synchronize_session=False)
    )
    _refresh(session, plan)
    ctx = _Ctx(tuition, session, tenant)
    settle_standing(ctx, plan, utcnow())
    plan.close_reason = "waived"
    tuition.jobs.defer(session, CANCEL_JOB, {"plan_id": plan.id}, plan.tenant_id)


def pay_off(
    tuition: Host, session: Session, tenant: TenantRecord, plan: PaymentPlan, by: str
) -> None:
    """Pay what is left at once: the provider charges the balance to the payment method
    the schedule charges (``charge_now``, idempotent per plan and open installments, so
    a repeated request takes nothing more), with no row lock held; then, the plan
    locked, the open installments are paid by that payment, the plan is ``paid_off``
    (access kept, restored if paused) and the schedule stops in a job after the commit.
    The pay-off asked for is committed before the provider is called
    (:func:`_intend_pay_off`), so a webhook of the charge that comes first completes it
    (:func:`apply_event`) and this request then finds it done. An installment the
    schedule charged meanwhile makes the excess go back; a plan closed meanwhile gets
    the whole charge back. 409 ``payment_plan_closed``, ``pay_off_unavailable`` or
    ``pay_off_declined`` (nothing taken)."""
    if plan.status == "paid_off":
        return  # paid off already: a repeated request
    if plan.status not in RUNNING:
        raise Conflict("This payment plan is over.", code="payment_plan_closed")
    provider = tuition.services.payment_provider(tenant, plan.provider)
    order = tuition.services.order(session, plan.order_id)
    if not provider.capabilities.charge_now or order is None:
        raise Conflict(
            f"The payment provider {plan.provider!r} cannot charge the balance at once.",
            code="pay_off_unavailable",
        )
    intent = _intend_pay_off(tuition, tenant, plan.id, by)
    if intent is None:  # paid off meanwhile, by another request or the charge's webhook
        session.refresh(plan)  # as it is now, not as this request first read it
        return
    key, amount = intent
    try:
        result = provider.charge_now(tuition.services.order_info(order, tenant), amount, key)
    except PaymentError as exc:
        if not exc.retryable:  # nothing was taken
            _pay_off_declined(tuition, tenant, plan.id, key)
        raise
    if result.status != "succeeded":
        _pay_off_declined(tuition, tenant, plan.id, key)
        raise Conflict(
            "The payment method was declined: nothing was taken. Update it and try again.",
            code="pay_off_declined",
        )
    _apply_pay_off(_Ctx(tuition, session, tenant), plan.id, result, by)


def _intend_pay_off(
    tuition: Host, tenant: TenantRecord, plan_id: str, by: str
) -> tuple[str, int] | None:
    """Record the pay-off asked for, in a transaction of its own committed before the
    provider charges (the plan locked only meanwhile): the ``charge_now`` key and the
    amount (the open installments'), or those of a pay-off still pending (asked for
    before, its outcome unknown: the same key charges nothing new). None when the plan
    was paid off meanwhile; 409 ``payment_plan_closed`` when it closed."""
    with tuition.transaction(tenant.id) as session:
        plan = _locked(session, id=plan_id)
        if plan is None:
            raise NotFound(f"No payment plan {plan_id!r}.")
        if plan.status == "paid_off":
            return None
        if plan.status not in RUNNING:
            raise Conflict("This payment plan is over.", code="payment_plan_closed")
        if plan.pay_off_status != "pending" or plan.pay_off_key is None:
            open_ = [i for i in plan.installments if i.status in ("scheduled", "failed")]
            plan.pay_off_key = f"pay-off:{plan.id}:{','.join(str(i.seq) for i in open_)}"
            plan.pay_off_amount = sum(i.amount for i in open_)
            plan.pay_off_status, plan.pay_off_by, plan.pay_off_payment_id = "pending", by, None
        return plan.pay_off_key, int(plan.pay_off_amount or 0)


def _pay_off_declined(tuition: Host, tenant: TenantRecord, plan_id: str, key: str) -> None:
    """The charge of pay-off ``key`` was declined (nothing taken): it is no longer pending."""
    with tuition.transaction(tenant.id) as session:
        session.execute(
            update(PaymentPlan)
            .where(
                PaymentPlan.id == plan_id,
                PaymentPlan.pay_off_key == key,
                PaymentPlan.pay_off_status == "pending",
            )
            .values(pay_off_status="declined")
            .execution_options(synchronize_session=False)
        )


def _apply_pay_off(ctx: _Ctx, plan_id: str, result: ChargeResult, by: str) -> None:
    plan = _locked(ctx.session, id=plan_id)
    assert plan is not None
    _settle_pay_off(ctx, plan, result, by)


def _settle_pay_off(ctx: Any, plan: PaymentPlan, result: ChargeResult, by: str) -> None:
    """Apply the pay-off charge ``result`` to the locked ``plan``, once (by the pay-off
    request, or by the charge's webhook when it comes first)."""
    session, now = ctx.session, utcnow()
    if plan.pay_off_payment_id == result.payment_id or any(
        i.payment_id == result.payment_id for i in plan.installments
    ):
        return  # this charge was applied already
    plan.pay_off_status, plan.pay_off_payment_id = "applied", result.payment_id
    if plan.status not in RUNNING:  # closed (or completed) while the provider charged
        give_back(ctx, plan, None, result.payment_id, result.amount, "after_close")
        return
    seqs = [i.seq for i in plan.installments if i.status in ("scheduled", "failed")]
    for seq in seqs:
        _set_installment(
            session,
            plan,
            seq,
            ("scheduled", "failed"),
            status="paid",
            paid_amount=plan.installments[seq - 1].amount,
            payment_id=result.payment_id,
            paid_at=now,
        )
    _refresh(session, plan)
    covered = sum(plan.installments[seq - 1].amount for seq in seqs)
    if result.amount > covered:  # the schedule charged one of them meanwhile
        give_back(ctx, plan, None, result.payment_id, result.amount - covered, "pay_off_excess")
    was = plan.status
    plan.status, plan.failed_at, plan.closed_at, plan.close_reason = "paid_off", None, now, by
    if was == "overdue":
        _emit(ctx, "payment_plan.restored", plan)
    ctx.tuition.jobs.defer(session, CANCEL_JOB, {"plan_id": plan.id}, plan.tenant_id)
    _emit(
        ctx,
        "payment_plan.paid_off",
        plan,
        reason=by,
        installments=seqs,
        amount=covered,
        charge={
            "order_id": plan.order_id,
            "number": seqs[0],
            "amount": covered,
            "currency": plan.currency,
            "payment_id": result.payment_id,
            "description": f"installments {seqs[0]}-{seqs[-1]} of {plan.count}, paid off",
        },
    )


def refund_installment(
    tuition: Host, session: Session, tenant: TenantRecord, plan_id: str, seq: int
) -> None:
    """The site owner gives installment ``seq`` back through the provider (a job after
    the commit), with its share of the order's tax; once (a repeat changes nothing). It
    stays paid, so nothing is owed again. 409 ``installment_not_refundable`` (not paid,
    or the first: the order's payment), ``installment_refund_unavailable``."""
    plan = _locked(session, id=plan_id)
    if plan is None or not 1 <= seq <= plan.count:
        raise NotFound(f"No installment {seq} of payment plan {plan_id!r}.")
    key = f"installment:{seq}"
    if session.scalar(
        select(PlanRefund.id).where(PlanRefund.plan_id == plan.id, PlanRefund.key == key)
    ):
        return  # refunded already
    installment = plan.installments[seq - 1]
    if installment.status != "paid" or seq == 1 or installment.payment_id is None:
        raise Conflict(
            f"Installment {seq} cannot be refunded: it was not paid"
            + (", and the first is the order's payment: refund the order." if seq == 1 else "."),
            code="installment_not_refundable",
        )
    if not tuition.services.payment_provider(tenant, plan.provider).capabilities.refund_charges:
        raise Conflict(
            f"The payment provider {plan.provider!r} cannot refund one installment.",
            code="installment_refund_unavailable",
        )
    amount = installment.paid_amount if installment.paid_amount is not None else plan.amount
    ctx = _Ctx(tuition, session, tenant)
    give_back(ctx, plan, seq, installment.payment_id, amount, "admin", key=key)


def refund_job(job: JobContext, payload: dict[str, Any]) -> None:
    """Give a :class:`PlanRefund` back through the plan's provider (``refund_charge``,
    idempotent per payment, refunded before and amount; no transaction open while it is
    called; retried on a retryable failure), then record its status."""
    tuition = job.tuition
    with tuition.session(job.tenant.id) as session:
        refund = session.get(PlanRefund, payload["refund_id"])
        plan = session.get(PaymentPlan, refund.plan_id) if refund else None
        order = tuition.services.order(session, plan.order_id) if plan else None
        if refund is None or plan is None or order is None or refund.status != "pending":
            return
        info = tuition.services.order_info(order, job.tenant)
        provider_name, payment_id, amount = plan.provider, str(refund.payment_id), refund.amount
    provider = tuition.services.payment_provider(job.tenant, provider_name)
    refund_id = None
    try:
        result = provider.refund_charge(
            info, payment_id, amount, int(payload.get("refunded_before", 0))
        )
        status, refund_id = result.status, result.refund_id
    except PaymentError as exc:
        if exc.retryable:
            raise
        status = "failed"
    with tuition.transaction(job.tenant.id) as session:
        session.execute(
            update(PlanRefund)
            .where(PlanRefund.id == payload["refund_id"], PlanRefund.status == "pending")
            .values(status=status, refund_id=refund_id, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )


def payment_method_url(
    tuition: Host, session: Session, tenant: TenantRecord, plan: PaymentPlan, return_url: str | None
) -> str:
    """The provider's page where the student changes the card the plan charges (read
    only here: no lock is held while the provider is asked). 409
    ``payment_plan_closed`` when the plan is over, ``payment_method_update_unavailable``
    when the plan's provider has no such page."""
    if plan.status not in RUNNING:
        raise Conflict("This payment plan is over.", code="payment_plan_closed")
    order = tuition.services.order(session, plan.order_id)
    if order is None:
        raise NotFound(f"No payment plan {plan.id!r}.")
    info = tuition.services.order_info(order, tenant)
    provider = tuition.services.payment_provider(tenant, plan.provider)
    url = provider.payment_method_url(info, return_url)
    if not url:
        raise Conflict(
            f"The payment provider {plan.provider!r} offers no page to change the payment method.",
            code="payment_method_update_unavailable",
        )
    return url


def cancel_schedule_job(job: JobContext, payload: dict[str, Any]) -> None:
    """Stop the provider's schedule of a closed plan (no transaction open while the
    provider is called; retried on a provider failure)."""
    tuition = job.tuition
    with tuition.session(job.tenant.id) as session:
        plan = session.get(PaymentPlan, payload["plan_id"])
        order = tuition.services.order(session, plan.order_id) if plan else None
        if plan is None or order is None:
            return
        info = tuition.services.order_info(order, job.tenant)
        provider_name = plan.provider
    provider = tuition.services.payment_provider(job.tenant, provider_name)
    try:
        provider.cancel_schedule(info)
    except PaymentError as exc:
        if exc.retryable:
            raise
