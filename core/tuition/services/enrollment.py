"""Enrolling a student: checks, pricing model, seat counter, jobs; for a paid course the
provider's checkout after the commit (:func:`enroll_in_steps`)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.builtin.core_checks import already_enrolled
from tuition.db import utcnow
from tuition.errors import Conflict, EnrollmentRefused, NotFound, TuitionError
from tuition.extension import EnrollmentChange, EnrollmentContext, Outcome, Problem
from tuition.models import (
    LIVE_ENROLLMENT_STATUSES,
    Course,
    Enrollment,
    OrderStatus,
    Student,
    Tenant,
)
from tuition.payments import PaymentError
from tuition.services import audit, events, reports

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)


def enroll_in_steps(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    student: Student,
    course_slug: str,
    request: Mapping[str, Any],
) -> Outcome:
    """Enroll ``student`` in ``course_slug``, or refuse with a problem, COMMITTING
    ``session`` (the entry point's, e.g. the request's, with nothing of its own pending)
    in up to three deliberate transactions, so that no provider call runs while a row lock
    (on SQLite: the database's write lock) is held:

    1. :func:`enroll`: checks, pricing model, the seat, the enrollment and, for a paid
       course, its ``checkout_pending`` order; committed. A refusal writes nothing (the
       click is counted in a transaction of its own).
    2. The provider's ``create_checkout``, with no transaction open.
    3. The checkout stored and the order ``pending``
       (:func:`~tuition.services.orders.store_checkout`, a conditional update); committed.

    A provider failure in step 2 releases the hold in a transaction (the order ``failed``,
    the enrollment ``canceled``, the seat back, plugins told) and raises its
    ``PaymentError`` (502, or 503 with ``Retry-After``): the student may try again. An
    order that reconcile or the sweep released while the provider worked stays released
    (503 ``payment_provider_unavailable``). A crash between the steps leaves the order
    ``checkout_pending``: ``payment_events.release_stuck_checkouts`` releases it later.
    """
    from tuition.services import orders

    try:
        outcome = enroll(tuition, session, tenant, student, course_slug, request)
        order = outcome.order
        if order is not None:  # what step 2 needs, read while the transaction is open
            gateway = orders.provider(tuition, tenant, order.provider)
            info = orders.order_info(order, tenant)
        session.commit()
    except BaseException as exc:
        session.rollback()
        refusal = _duplicate(session, student, course_slug) if isinstance(
            exc, IntegrityError) else None
        reports.record(session, tenant.id, course_slug, "enroll_click", student.id)
        if refusal is not None:
            raise EnrollmentRefused(refusal) from None
        raise
    if order is None:
        return outcome

    # Step 2: the provider, with no transaction open.
    if session.in_transaction():  # pragma: no cover - a guard against a future change
        raise RuntimeError("the checkout's provider call must run with no transaction open")
    started_at = utcnow()
    try:
        created = gateway.create_checkout(info)
    except Exception as exc:
        failure = exc if isinstance(exc, TuitionError) else PaymentError(
            "The payment provider could not be reached; try again in a moment.")
        if failure is not exc:
            log.exception("create_checkout of %s failed for order %s", order.provider, order.id)
        orders.release_checkout(tuition, session, tenant, order,
                                f"checkout:{failure.code}")
        session.commit()
        if failure is exc:
            raise
        raise failure from exc

    # Step 3: keep the checkout, unless the order was released meanwhile.
    stored = orders.store_checkout(session, order, created, started_at)
    session.commit()
    if not stored:
        session.refresh(outcome.enrollment)
        if outcome.enrollment.status == "active":  # money came first (a provider event)
            return Outcome(enrollment=outcome.enrollment, order=order)
        raise PaymentError("The payment provider answered too late; try again.")
    checkout = {
        **(outcome.checkout or {}), "order_id": order.id, "provider": order.provider,
        "amount": order.amount, "currency": order.currency,
        "expires_at": order.expires_at.isoformat() if order.expires_at else None,
        **created.frontend,
    }
    return Outcome(enrollment=outcome.enrollment, checkout=checkout,
                   hold_until=order.expires_at, order=order)


def enroll(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    student: Student,
    course_slug: str,
    request: Mapping[str, Any],
) -> Outcome:
    """Step 1 of :func:`enroll_in_steps`: enroll ``student`` in ``course_slug`` in
    ``session``'s transaction (the caller commits; nothing is written unless it does), or
    refuse with a problem. A paid course's ``Outcome.order`` still needs its checkout.
    """
    course = session.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        raise NotFound(f"No course with slug {course_slug!r}.")
    ctx = EnrollmentContext(
        tuition=tuition, session=session, tenant=tenant, student=student, course=course,
        request=request, settings=tenant.plugin_settings(), now=utcnow(),
    )
    ctx.reserved_seat = tuition.hooks(tenant).seat_reserved(ctx)
    problems = tuition.hooks(tenant).enrollment_checks(ctx)
    if problems:
        raise EnrollmentRefused(problems[0])
    model = tuition.plugins.pricing_model(course.pricing_model, tuition.hooks(tenant).enabled)
    assert model is not None  # core's checks refuse unavailable pricing models
    outcome = model.enroll(ctx)
    if outcome.order is not None and outcome.order.status != OrderStatus.CHECKOUT_PENDING:
        raise TypeError("Outcome.order must be a checkout_pending order (core creates its "
                        "checkout)")
    session.flush()
    tuition.hooks(tenant).enrollment_created(ctx, outcome)
    session.flush()
    audit.record(session, tenant.id, "enrollment", outcome.enrollment.id, "created",
                 None, {"status": outcome.enrollment.status, "course": course.slug,
                        "student_id": student.id})
    if outcome.is_active:
        activated(tuition, session, tenant, outcome.enrollment)
    reports.add(session, tenant.id, course.id, "enroll_click", student.id)
    return outcome


def _duplicate(session: Session, student: Student, course_slug: str) -> Problem | None:
    """``already_enrolled`` for the live enrollment a concurrent request made (the unique
    index refused this one), or None when there is none."""
    existing = session.scalar(select(Enrollment).join(Course).where(
        Enrollment.student_id == student.id, Course.slug == course_slug,
        Enrollment.status.in_(LIVE_ENROLLMENT_STATUSES)))
    return already_enrolled(existing, session) if existing is not None else None


def take_seat(session: Session, course: Course) -> None:
    """Atomic conditional increment: never more seats taken than the capacity."""
    taken = cast(CursorResult[Any], session.execute(
        update(Course)
        .where(Course.id == course.id,
               or_(Course.capacity.is_(None), Course.seats_taken < Course.capacity))
        .values(seats_taken=Course.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )).rowcount
    session.expire(course, ["seats_taken"])
    if not taken:
        raise EnrollmentRefused(
            Problem("course_full", f"Course {course.slug!r} has no seats left.")
        )


def release_seat(session: Session, course: Course) -> None:
    """Give a seat back (cancellation, refund, expired hold)."""
    session.execute(
        update(Course).where(Course.id == course.id, Course.seats_taken > 0)
        .values(seats_taken=Course.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(course, ["seats_taken"])


def add_enrollment(ctx: EnrollmentContext, *, status: str, source: str) -> Enrollment:
    enrollment = Enrollment(
        tenant_id=ctx.tenant.id, student=ctx.student, course=ctx.course, status=status,
        source=source, created_at=ctx.now,
        activated_at=ctx.now if status == "active" else None,
    )
    ctx.session.add(enrollment)
    return enrollment


def activated(tuition: Tuition, session: Session, tenant: Tenant, enrollment: Enrollment) -> None:
    """Schedule what follows an activation: one after-enrollment job per plugin and the
    ``enrollment.activated`` event (all dispatched only after the commit)."""
    for plugin in tuition.hooks(tenant).after_enrollment_plugins():
        tuition.jobs.defer(
            session, "hook",
            {"hook": "tuition_after_enrollment", "plugin": plugin,
             "enrollment_id": enrollment.id},
            tenant.id,
        )
    events.emit(tuition, session, tenant, "enrollment.activated", {
        "enrollment_id": enrollment.id,
        "course": enrollment.course.slug,
        "student_id": enrollment.student_id,
        "source": enrollment.source,
    })


def notify_changed(tuition: Tuition, session: Session, tenant: Tenant, enrollment: Enrollment,
            before: str, after: str, cause: str) -> list[Problem]:
    """Tell the tenant's plugins that ``enrollment`` went from ``before`` to ``after``
    (inside the transaction); returns their vetoes of an activation."""
    audit.record(session, tenant.id, "enrollment", enrollment.id, f"status.{after}",
                 {"status": before}, {"status": after, "cause": cause[:200]})
    change = EnrollmentChange(tuition=tuition, session=session, tenant=tenant,
                              enrollment=enrollment, before=before, after=after, cause=cause,
                              now=utcnow(), settings=tenant.plugin_settings())
    return tuition.hooks(tenant).enrollment_changed(change)


def complete(tuition: Tuition, session: Session, tenant: Tenant, enrollment: Enrollment,
             cause: str) -> bool:
    """Mark an active enrollment completed (the student finished the course) and commit;
    emits ``enrollment.completed``. False if it was completed already (nothing changes)."""
    if enrollment.status == "completed":
        return False
    done = cast(CursorResult[Any], session.execute(
        update(Enrollment).where(Enrollment.id == enrollment.id, Enrollment.status == "active")
        .values(status="completed", completed_at=utcnow())
        .execution_options(synchronize_session=False))).rowcount
    session.expire(enrollment)
    if not done:
        session.rollback()
        if enrollment.status == "completed":  # a concurrent request completed it
            return False
        raise Conflict(f"Enrollment {enrollment.id} is {enrollment.status}; only active "
                       "enrollments are completed.", code="enrollment_not_active")
    notify_changed(tuition, session, tenant, enrollment, "active", "completed", cause)
    events.emit(tuition, session, tenant, "enrollment.completed", {
        "enrollment_id": enrollment.id, "course": enrollment.course.slug,
        "student_id": enrollment.student_id, "cause": cause,
    })
    session.commit()
    return True


def own_enrollment(session: Session, student: Student, enrollment_id: str) -> Enrollment:
    """The student's enrollment ``enrollment_id``; NotFound for anyone else's."""
    found = session.get(Enrollment, enrollment_id)
    if found is None or found.student_id != student.id:
        raise NotFound(f"No enrollment {enrollment_id!r}.")
    return found


def student_enrollments(
    session: Session, student: Student, *, page: int, page_size: int
) -> tuple[list[Enrollment], int]:
    from sqlalchemy import func

    query = select(Enrollment).where(Enrollment.student_id == student.id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(session.scalars(query.order_by(Enrollment.created_at.desc(), Enrollment.id)
                                .offset((page - 1) * page_size).limit(page_size)))
    return rows, total
