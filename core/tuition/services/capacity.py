"""Seat counting: core drives every seat pool (:class:`tuition.plugin_api.Capacity`) —
the course's own seats and the pools of the tenant's plugins — through an enrollment's
life: hold, confirm, release, lapse."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, bindparam, or_, select, update
from sqlalchemy.orm import Session

from tuition.db import TENANT_FILTERED
from tuition.models import Course, Enrollment, Tenant
from tuition.plugin_api import (
    Capacity,
    EnrollmentChange,
    EnrollmentContext,
    EnrollmentRecord,
    EnrollmentRefused,
    Host,
    Problem,
    TenantRecord,
)

if TYPE_CHECKING:
    from tuition.runtime import Tuition

SEAT_GONE = Problem("seat_unavailable", "The seat held for this payment was given to someone else.")


def take_seat(session: Session, course: Course) -> None:
    """Atomic conditional increment: never more seats taken than the capacity."""
    if not take_seat_if_free(session, course):
        raise EnrollmentRefused(
            Problem("course_full", f"Course {course.slug!r} has no seats left.")
        )


#: The conditional increment of :func:`take_seat_if_free`, built once (``course_id`` bound).
_TAKE_SEAT = (
    update(Course)
    .where(
        Course.id == bindparam("course_id"),
        or_(Course.capacity.is_(None), Course.seats_taken < Course.capacity),
    )
    .values(seats_taken=Course.seats_taken + 1)
    .execution_options(synchronize_session=False, **{TENANT_FILTERED: True})  # by its id
)


def take_seat_if_free(session: Session, course: Course) -> bool:
    """Count one more seat of ``course`` unless it is full (one conditional UPDATE)."""
    taken = cast(CursorResult[Any], session.execute(_TAKE_SEAT, {"course_id": course.id})).rowcount
    session.expire(course, ["seats_taken"])
    return bool(taken)


def release_seat(session: Session, course: Course) -> None:
    """Give a seat of ``course`` back."""
    session.execute(
        update(Course)
        .where(Course.id == course.id, Course.seats_taken > 0)
        .values(seats_taken=Course.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(course, ["seats_taken"])


class CourseSeats:
    """Core's own pool: ``Course.seats_taken`` against ``Course.capacity`` (unlimited when
    the capacity is empty, still counted). A course's hold ends with its checkout (the
    order expires or fails), so nothing lapses here. An enrollment the owner made beyond
    capacity is not counted (``Enrollment.counts_seat`` False) and gives nothing back."""

    def hold(
        self, ctx: EnrollmentContext, enrollment: EnrollmentRecord, until: datetime | None
    ) -> None:
        if ctx.beyond_capacity:
            cast(Enrollment, enrollment).counts_seat = False
        elif not ctx.reserved_seat:  # deprecated tuition_seat_reserved: counted already
            take_seat(ctx.session, cast(Course, ctx.course))

    def confirm(self, change: EnrollmentChange) -> Problem | None:
        if change.before == "pending":  # the hold becomes the seat
            return None
        course = cast(Course, change.enrollment.course)
        return None if take_seat_if_free(change.session, course) else SEAT_GONE

    def release(self, change: EnrollmentChange) -> None:
        if change.enrollment.counts_seat:
            release_seat(change.session, cast(Course, change.enrollment.course))

    def lapse(self, host: Host, session: Session, tenant: TenantRecord, now: datetime) -> int:
        return 0


COURSE_SEATS: Capacity = CourseSeats()


def plugin_pools(tuition: Tuition, tenant: TenantRecord) -> list[Capacity]:
    """The pools of ``tenant``'s enabled plugins, in hook order."""
    return tuition.hooks(tenant).capacities()


def hold(
    tuition: Tuition, ctx: EnrollmentContext, enrollment: EnrollmentRecord, until: datetime | None
) -> None:
    """A new enrollment takes a seat of every pool it draws on: plugins' pools first, the
    course's last (raises ``EnrollmentRefused`` when one is full)."""
    for pool in [*plugin_pools(tuition, ctx.tenant), COURSE_SEATS]:
        pool.hold(ctx, enrollment, until)


def confirm(tuition: Tuition, change: EnrollmentChange) -> Problem | None:
    """The enrollment activates: every pool confirms its seat; the first refusal."""
    for pool in [COURSE_SEATS, *plugin_pools(tuition, change.tenant)]:
        problem = pool.confirm(change)
        if problem is not None:
            return problem
    return None


def release(tuition: Tuition, change: EnrollmentChange) -> None:
    """The enrollment ended: every pool gives its seat back, the course's first."""
    for pool in [COURSE_SEATS, *plugin_pools(tuition, change.tenant)]:
        pool.release(change)


def lapse(tuition: Tuition, now: datetime) -> int:
    """``tuition jobs sweep``: every tenant's pools give back holds that ended before
    ``now``, one transaction per tenant that has pools. Returns the seats freed."""
    with tuition.session() as session:
        tenant_ids = [
            tenant.id
            for tenant in session.scalars(select(Tenant).order_by(Tenant.id))
            if plugin_pools(tuition, tenant)
        ]
    freed = 0
    for tenant_id in tenant_ids:
        with tuition.transaction(tenant_id) as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is not None:
                for pool in plugin_pools(tuition, tenant):
                    freed += pool.lapse(tuition, session, tenant, now)
    return freed
