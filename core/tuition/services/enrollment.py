"""Enrolling a student: checks, pricing model, seat counter, jobs; for a paid course the
provider's checkout after the commit (:func:`enroll_in_three_transactions`)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, and_, bindparam, exists, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from tuition.db import TENANT_FILTERED, utcnow
from tuition.models import (
    LIVE_ENROLLMENT_STATUSES,
    OPEN_ORDER_STATUSES,
    OWNED_ENROLLMENT_STATUSES,
    Course,
    CoursePrerequisite,
    Enrollment,
    Order,
    OrderStatus,
    Student,
    Tenant,
)
from tuition.plugin_api import (
    Conflict,
    EnrollmentChange,
    EnrollmentContext,
    EnrollmentRefused,
    ManualEnrollment,
    NotFound,
    Outcome,
    Problem,
)
from tuition.services import audit, capacity, events, reports

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)


def enroll(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    student: Student,
    course_slug: str,
    request: Mapping[str, Any],
    manual: ManualEnrollment | None = None,
) -> Outcome:
    """Step 1 of :func:`enroll_in_three_transactions`: enroll ``student`` in ``course_slug`` in
    ``session``'s transaction (the caller commits; nothing is written unless it does), or
    refuse with a problem. A paid course's ``Outcome.order`` still needs its checkout.

    With ``manual`` the site owner enrolls the student by hand: no pricing model runs, the
    enrollment is active at once (source ``admin``), seats are held as ``manual.take_seat``
    says, and no enroll click is counted.
    """
    course = course_to_enroll_in(session, tenant.id, course_slug, student.id)
    ctx = EnrollmentContext(
        tuition=tuition,
        session=session,
        tenant=tenant,
        student=student,
        course=course,
        request=request,
        settings=tenant.plugin_settings(),
        now=utcnow(),
        manual=manual,
    )
    if not ctx.beyond_capacity:
        ctx.reserved_seat = tuition.hooks(tenant).seat_reserved(ctx)
    try:
        problems = tuition.hooks(tenant).enrollment_checks(ctx)
    finally:
        session.info.pop(_READ_WITH_COURSE, None)  # read for these checks only
    if problems:
        raise EnrollmentRefused(problems[0])
    if manual is None:
        outcome = _priced(tuition, ctx)
    else:
        added = add_enrollment(ctx, status="active", source=MANUAL_SOURCE)
        added.external_reference = manual.external_reference
        outcome = Outcome(enrollment=added)
    session.flush()
    capacity.hold(tuition, ctx, outcome.enrollment, outcome.hold_until)
    tuition.hooks(tenant).enrollment_created(ctx, outcome)
    session.flush()
    created: dict[str, Any] = {
        "status": outcome.enrollment.status,
        "course": course.slug,
        "student_id": student.id,
    }
    if manual is not None:
        created.update(
            source=MANUAL_SOURCE,
            take_seat=manual.take_seat,
            external_reference=manual.external_reference,
            **{key: value for key, value in request.items() if key != "course"},
        )
    audit.record(
        session,
        tenant.id,
        "enrollment",
        outcome.enrollment.id,
        "created",
        None,
        created,
        actor=manual.actor if manual is not None else None,
    )
    if outcome.is_active:
        activated(tuition, session, tenant, cast(Enrollment, outcome.enrollment))
    if manual is None:
        reports.add(session, tenant.id, course.id, "enroll_click", student.id)
    return outcome


#: ``Enrollment.source`` of the enrollments the site owner makes by hand.
MANUAL_SOURCE = "admin"


def _priced(tuition: Tuition, ctx: EnrollmentContext) -> Outcome:
    """The course's pricing model enrolls the student."""
    enabled = tuition.hooks(ctx.tenant).enabled
    model = tuition.plugins.pricing_model(ctx.course.pricing_model, enabled)
    assert model is not None  # core's checks refuse unavailable pricing models
    outcome = model.enroll(ctx)
    if outcome.order is not None and not (
        outcome.order.status == OrderStatus.CHECKOUT_PENDING
        or (outcome.order.status == OrderStatus.PAID and outcome.order.amount == 0)
    ):
        raise TypeError(
            "Outcome.order must be a checkout_pending order (core creates its checkout), "
            "or a paid order of amount 0 (nothing to pay)"
        )
    return outcome


#: ``session.info`` key: the live enrollment read together with the course being enrolled
#: in, as ``((student id, course id), enrollment or None)``, for core's duplicate check.
_READ_WITH_COURSE = "tuition.live_enrollment"


#: The query of :func:`course_to_enroll_in`, built once (``slug`` and ``student_id`` bound).
_COURSE_TO_ENROLL_IN = (
    select(Course, exists().where(CoursePrerequisite.course_id == Course.id), Enrollment)
    .outerjoin(
        Enrollment,
        and_(
            Enrollment.course_id == Course.id,
            Enrollment.student_id == bindparam("student_id"),
            Enrollment.status.in_(LIVE_ENROLLMENT_STATUSES),
        ),
    )
    .where(Course.tenant_id == bindparam("tenant_id"), Course.slug == bindparam("slug"))
    .options(lazyload("*"))
    .execution_options(**{TENANT_FILTERED: True})
)


def course_to_enroll_in(
    session: Session, tenant_id: str, course_slug: str, student_id: str
) -> Course:
    """The course ``course_slug`` of ``tenant_id`` (404 otherwise) with its prerequisite
    links and the student's live enrollment of it, in one query when it has no
    prerequisites (the usual case); its next courses are loaded only if asked for."""
    row = session.execute(
        _COURSE_TO_ENROLL_IN,
        {"tenant_id": tenant_id, "slug": course_slug, "student_id": student_id},
    ).first()
    if row is None:
        raise NotFound(f"No course with slug {course_slug!r}.")
    course, has_prerequisites, live = row
    if not has_prerequisites and "prerequisite_links" in sa_inspect(course).unloaded:
        set_committed_value(course, "prerequisite_links", [])
    session.info[_READ_WITH_COURSE] = ((student_id, course.id), live)
    return course


def live_enrollment(session: Session, student_id: str, course_id: str) -> Enrollment | None:
    """The student's live enrollment of the course, if any: the one read with the course
    when :func:`enroll` began (once), else from the database."""
    read = session.info.pop(_READ_WITH_COURSE, None)
    if read is not None and read[0] == (student_id, course_id):
        found: Enrollment | None = read[1]
        return found
    return session.scalar(
        select(Enrollment)
        .where(
            Enrollment.student_id == student_id,
            Enrollment.course_id == course_id,
            Enrollment.status.in_(LIVE_ENROLLMENT_STATUSES),
        )
        .options(lazyload("*"))  # its student and course are at hand
    )


def duplicate(session: Session, student: Student, course_slug: str) -> Problem | None:
    """``already_enrolled`` for the live enrollment a concurrent request made (the unique
    index refused this one), or None when there is none."""
    existing = session.scalar(
        select(Enrollment)
        .join(Course)
        .where(
            Enrollment.student_id == student.id,
            Course.slug == course_slug,
            Enrollment.status.in_(LIVE_ENROLLMENT_STATUSES),
        )
    )
    return already_enrolled(existing, session) if existing is not None else None


def already_enrolled(existing: Enrollment, session: Session) -> Problem:
    """The problem for a second enrollment, naming the live one (and its unpaid order)."""
    extra: dict[str, str] = {"enrollment_id": existing.id, "enrollment_status": existing.status}
    if existing.status == "pending":
        order_id = session.scalar(
            select(Order.id).where(
                Order.enrollment_id == existing.id, Order.status.in_(OPEN_ORDER_STATUSES)
            )
        )
        if order_id:
            extra["order_id"] = order_id
    detail = (
        "You started buying this course; finish the payment."
        if existing.status == "pending"
        else "You are already enrolled in this course."
    )
    return Problem("already_enrolled", detail, extra=extra)


def add_enrollment(ctx: EnrollmentContext, *, status: str, source: str) -> Enrollment:
    enrollment = Enrollment(
        tenant_id=ctx.tenant.id,
        student=ctx.student,
        course=ctx.course,
        status=status,
        source=source,
        created_at=ctx.now,
        activated_at=ctx.now if status == "active" else None,
    )
    ctx.session.add(enrollment)
    return enrollment


def activated(tuition: Tuition, session: Session, tenant: Tenant, enrollment: Enrollment) -> None:
    """Schedule what follows an activation: one after-enrollment job per plugin and the
    ``enrollment.activated`` event (all dispatched only after the commit)."""
    for plugin in tuition.hooks(tenant).after_enrollment_plugins():
        tuition.jobs.defer(
            session,
            "hook",
            {"hook": "tuition_after_enrollment", "plugin": plugin, "enrollment_id": enrollment.id},
            tenant.id,
        )
    events.emit(
        tuition,
        session,
        tenant,
        "enrollment.activated",
        {
            "enrollment_id": enrollment.id,
            "course": enrollment.course.slug,
            "student_id": enrollment.student_id,
            "source": enrollment.source,
        },
    )


def notify_changed(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    enrollment: Enrollment,
    before: str,
    after: str,
    cause: str,
) -> list[Problem]:
    """Tell the seat pools and the tenant's plugins that ``enrollment`` went from
    ``before`` to ``after`` (inside the transaction): an activation confirms every pool's
    seat, an end releases them. Returns the vetoes of an activation (the pools' first)."""
    audit.record(
        session,
        tenant.id,
        "enrollment",
        enrollment.id,
        f"status.{after}",
        {"status": before},
        {"status": after, "cause": cause[:200]},
    )
    change = EnrollmentChange(
        tuition=tuition,
        session=session,
        tenant=tenant,
        enrollment=enrollment,
        before=before,
        after=after,
        cause=cause,
        now=utcnow(),
        settings=tenant.plugin_settings(),
    )
    if change.activating:
        refused = capacity.confirm(tuition, change)
        if refused is not None:
            return [refused]
    elif change.releasing:
        capacity.release(tuition, change)
    return tuition.hooks(tenant).enrollment_changed(change)


def complete(
    tuition: Tuition, session: Session, tenant: Tenant, enrollment: Enrollment, cause: str
) -> bool:
    """Mark an active enrollment completed (the student finished the course) and commit;
    emits ``enrollment.completed``. False if it was completed already (nothing changes)."""
    if enrollment.status == "completed":
        return False
    done = cast(
        CursorResult[Any],
        session.execute(
            update(Enrollment)
            .where(Enrollment.id == enrollment.id, Enrollment.status == "active")
            .values(status="completed", completed_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    session.expire(enrollment)
    if not done:
        session.rollback()
        if enrollment.status == "completed":  # a concurrent request completed it
            return False
        raise Conflict(
            f"Enrollment {enrollment.id} is {enrollment.status}; only active "
            "enrollments are completed.",
            code="enrollment_not_active",
        )
    notify_changed(tuition, session, tenant, enrollment, "active", "completed", cause)
    events.emit(
        tuition,
        session,
        tenant,
        "enrollment.completed",
        {
            "enrollment_id": enrollment.id,
            "course": enrollment.course.slug,
            "student_id": enrollment.student_id,
            "cause": cause,
        },
    )
    return True


#: What an enrollment the site owner ends becomes (its seats are released).
ENDED_STATUS = "canceled"


def end(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    enrollment: Enrollment,
    *,
    reason: str | None = None,
) -> bool:
    """The site owner ends an active or completed enrollment: it becomes ``canceled``,
    every seat pool gives its seat back, plugins release what else it held, and
    ``enrollment.ended`` is emitted. A paid order stays as it is (a refund is its own
    decision: the order's refund ends the enrollment too). False if it was ended already
    (nothing changes); ``enrollment_not_active`` (409) for a pending one, whose checkout
    is still open."""
    before = enrollment.status
    if before in ("canceled", "expired", "refunded"):
        return False
    ended = cast(
        CursorResult[Any],
        session.execute(
            update(Enrollment)
            .where(Enrollment.id == enrollment.id, Enrollment.status.in_(OWNED_ENROLLMENT_STATUSES))
            .values(status=ENDED_STATUS, ended_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    session.expire(enrollment)
    if not ended:
        if enrollment.status in ("canceled", "expired", "refunded"):  # ended concurrently
            return False
        raise Conflict(
            f"Enrollment {enrollment.id} is {enrollment.status}: its checkout is open; it "
            "ends when the checkout does.",
            code="enrollment_not_active",
        )
    cause = f"ended by the site owner: {reason}" if reason else "ended by the site owner"
    notify_changed(tuition, session, tenant, enrollment, before, ENDED_STATUS, cause)
    events.emit(
        tuition,
        session,
        tenant,
        "enrollment.ended",
        {
            "enrollment_id": enrollment.id,
            "course": enrollment.course.slug,
            "student_id": enrollment.student_id,
            "status": ENDED_STATUS,
            "reason": reason,
        },
    )
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
    rows = list(
        session.scalars(
            query.order_by(Enrollment.created_at.desc(), Enrollment.id)
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
    )
    return rows, total
