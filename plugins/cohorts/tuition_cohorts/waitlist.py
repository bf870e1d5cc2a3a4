"""The waitlist: students queue for a full cohort; each freed seat becomes a time-limited
offer to the next of them, reserved for them until it is used or runs out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    LIVE_ENROLLMENT_STATUSES,
    Conflict,
    CourseRecord,
    Host,
    NotFound,
    StudentRecord,
    TenantRecord,
    TuitionError,
    utcnow,
)
from tuition.plugin_api import rowcount as _rowcount

from . import course_waitlist, seats
from .capacity import COHORT_SEATS
from .models import Cohort, WaitlistEntry
from .settings import PLUGIN, waitlist_enabled


@dataclass
class Joined:
    entry: WaitlistEntry
    created: bool


def seats_freed(tuition: Host, session: Session, tenant: TenantRecord, cohort: Cohort) -> int:
    """Capacity was raised: offer the new seats to the students waiting, in order."""
    return seats.seats_freed(tuition, session, tenant, cohort, utcnow())


def _cohort(session: Session, course: CourseRecord, slug: str | None) -> Cohort | None:
    """The cohort waited for; None for a capacity-limited course without cohorts."""
    cohorts = list(
        session.scalars(
            select(Cohort).where(Cohort.course_id == course.id, Cohort.active.is_(True))
        )
    )
    if not cohorts:
        if course.capacity is None:
            raise NotFound(f"Course {course.slug!r} has no waitlist.")
        if slug is not None:
            raise TuitionError(
                f"Course {course.slug!r} has no cohorts.", code="unknown_cohort", status=422
            )
        return None
    if slug is None:
        if len(cohorts) > 1:
            raise TuitionError("Name the cohort to wait for.", code="cohort_required", status=422)
        return cohorts[0]
    for cohort in cohorts:
        if cohort.slug == slug:
            return cohort
    raise TuitionError(
        f"Course {course.slug!r} has no cohort {slug!r}.", code="unknown_cohort", status=422
    )


def _queue(course: CourseRecord, cohort: Cohort | None) -> Any:
    return (
        (WaitlistEntry.cohort_id == cohort.id)
        if cohort is not None
        else course_waitlist.queue_of(course)
    )


def published_course(tuition: Host, session: Session, slug: str) -> CourseRecord:
    course = tuition.services.course(session, slug=slug)
    if course is None or course.status != "published":
        raise NotFound(f"No course with slug {slug!r}.")
    return course


def join(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    student: StudentRecord,
    course: CourseRecord,
    cohort_slug: str | None,
) -> Joined:
    """Queue ``student`` for a full cohort, once (joining again answers the same entry).
    Writes through ``session``; the caller commits."""
    if not waitlist_enabled(tenant.plugin_settings().get(PLUGIN, {})):
        raise NotFound("This site has no waitlist.")
    cohort = _cohort(session, course, cohort_slug)
    now = utcnow()
    existing = _live_entry(session, course, cohort, student)
    if existing is not None:
        return Joined(existing, False)
    if tuition.services.enrollments(
        session, student_id=student.id, course_ids=[course.id], statuses=LIVE_ENROLLMENT_STATUSES
    ):
        raise Conflict("You are already enrolled in this course.", code="already_enrolled")
    if cohort is not None:
        seats.lapse_overdue(tuition, session, tenant, cohort, now)
        session.refresh(cohort)
        left = cohort.capacity - cohort.seats_taken
    else:
        course_waitlist.lapse_offers(tuition, session, tenant, course, now)
        course = tuition.services.course(session, id=course.id) or course  # read again
        left = (course.capacity or 0) - course.seats_taken
    if left > 0:
        raise Conflict(
            f"{cohort.name if cohort else course.title!r} has seats left: enroll instead.",
            code="seats_available",
        )
    entry = WaitlistEntry(
        tenant_id=tenant.id,
        course_id=course.id,
        cohort_id=cohort.id if cohort else None,
        student_id=student.id,
        status="waiting",
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(entry)
            session.flush()
    except IntegrityError:  # the same student joined concurrently
        found = _live_entry(session, course, cohort, student)
        if found is None:
            raise
        return Joined(found, False)
    return Joined(entry, True)


def _live_entry(
    session: Session, course: CourseRecord, cohort: Cohort | None, student: StudentRecord
) -> WaitlistEntry | None:
    return session.scalar(
        select(WaitlistEntry).where(
            _queue(course, cohort),
            WaitlistEntry.student_id == student.id,
            WaitlistEntry.status.in_(("waiting", "offered")),
        )
    )


def leave(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    student: StudentRecord,
    course: CourseRecord,
    cohort_slug: str | None,
) -> None:
    """Leave the waitlist; an open offer passes to the next student. Writes through
    ``session``; the caller commits."""
    cohort = _cohort(session, course, cohort_slug)
    entry = _live_entry(session, course, cohort, student)
    if entry is None:
        raise NotFound("You are not on this waitlist.")
    was_offered = entry.status == "offered"
    left = _rowcount(
        session.execute(
            update(WaitlistEntry)
            .where(WaitlistEntry.id == entry.id, WaitlistEntry.status == entry.status)
            .values(status="left", updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    )
    if left and was_offered:
        if cohort is not None:
            seats.free_seat(tuition, session, tenant, cohort, utcnow())
        else:
            course_waitlist.pass_on(tuition, session, tenant, course, utcnow())


def entries_of(
    session: Session, student: StudentRecord, course: CourseRecord
) -> list[WaitlistEntry]:
    return list(
        session.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.student_id == student.id, WaitlistEntry.course_id == course.id)
            .order_by(WaitlistEntry.created_at.desc())
        )
    )


def position(session: Session, entry: WaitlistEntry) -> int | None:
    """1 for the next student to get an offer; None unless waiting."""
    if entry.status != "waiting":
        return None
    queue = (
        (WaitlistEntry.cohort_id == entry.cohort_id)
        if entry.cohort_id
        else and_(WaitlistEntry.course_id == entry.course_id, WaitlistEntry.cohort_id.is_(None))
    )
    ahead = session.scalar(
        select(func.count())
        .select_from(WaitlistEntry)
        .where(
            queue,
            WaitlistEntry.status == "waiting",
            (WaitlistEntry.created_at < entry.created_at)
            | ((WaitlistEntry.created_at == entry.created_at) & (WaitlistEntry.id < entry.id)),
        )
    )
    return (ahead or 0) + 1


def sweep(tuition: Host, now: datetime | None = None) -> dict[str, int]:
    """``tuition cohorts sweep``: lapse overdue holds and offers of every tenant's cohorts
    (what ``tuition jobs sweep`` has core do through the seat pools) and of waitlisted
    courses, and offer seats that are free while students wait."""
    now = now or utcnow()
    return {"freed": lapse_cohort_seats(tuition, now) + sweep_course_waitlists(tuition, now)}


def lapse_cohort_seats(tuition: Host, now: datetime) -> int:
    """Every tenant with cohorts: its pools give back overdue holds and offers (one
    transaction per tenant)."""
    with tuition.session() as session:
        tenant_ids = sorted(set(session.scalars(select(Cohort.tenant_id))))
    freed = 0
    for tenant_id in tenant_ids:
        with tuition.transaction(tenant_id) as session:
            tenant = tuition.services.tenant(session, tenant_id)
            if tenant is not None and PLUGIN in tuition.hooks(tenant).enabled:
                freed += COHORT_SEATS.lapse(tuition, session, tenant, now)
    return freed


def sweep_course_waitlists(tuition: Host, now: datetime) -> int:
    """Offers of courses sold without cohorts lapse and pass on; seats free while students
    wait are offered. Each course is one transaction of its own."""
    freed = 0
    with tuition.session() as session:
        waited = set(
            session.execute(
                select(WaitlistEntry.tenant_id, WaitlistEntry.course_id).where(
                    WaitlistEntry.cohort_id.is_(None),
                    WaitlistEntry.status.in_(("waiting", "offered")),
                )
            ).all()
        )
    for tenant_id, course_id in sorted(waited):
        with tuition.transaction(tenant_id) as session:
            tenant = tuition.services.tenant(session, tenant_id)
            course = tuition.services.course(session, id=course_id)
            if tenant is None or course is None or PLUGIN not in tuition.hooks(tenant).enabled:
                continue
            freed += course_waitlist.lapse_offers(tuition, session, tenant, course, now)
            freed += course_waitlist.offer_free_seats(tuition, session, tenant, course, now)
    return freed
