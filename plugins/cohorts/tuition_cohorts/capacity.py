"""The cohorts' seat pools, driven by core (``tuition_capacities``).

Each cohort is a pool: a pending enrollment holds one of its seats until its checkout
ends (capped by ``hold_minutes``), payment confirms the hold, an end releases it to the
waitlist first. For a capacity-limited course sold without cohorts, core counts the seats;
this pool only hands over the seat a waitlist offer set aside for the student, and sets a
freed one aside for the next student waiting.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

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

from . import course_waitlist, seats
from .models import Cohort, CohortSeat
from .settings import PLUGIN, hold_minutes


def chosen_cohort(ctx: EnrollmentContext) -> Cohort | None:
    """The cohort the attempt names (field ``cohort``), if the course has it."""
    slug = ctx.request.get("cohort")
    if slug is None:
        return None
    return ctx.session.scalar(
        select(Cohort).where(Cohort.course_id == ctx.course.id, Cohort.slug == slug)
    )


class CohortSeats:
    """Per-cohort seat pools, plus the hand-over of course seats set aside for offers."""

    def hold(
        self, ctx: EnrollmentContext, enrollment: EnrollmentRecord, until: datetime | None
    ) -> None:
        """Hold (or take) a seat of the chosen cohort; without a cohort, give core the
        course seat the student's waitlist offer set aside (core takes it right after)."""
        if ctx.request.get("cohort") is None:
            if ctx.beyond_capacity:
                return  # core counts no course seat either: nothing to hand over
            if ctx.course.capacity is not None and course_waitlist.claim_offer(
                ctx.session, ctx.course, ctx.student.id, ctx.now
            ):
                ctx.tuition.services.release_seat(ctx.session, ctx.course)
            return
        cohort = chosen_cohort(ctx)
        if cohort is None:  # the checks refused this already; never enroll without the seat
            raise EnrollmentRefused(Problem("unknown_cohort", "No such cohort.", status=422))
        if ctx.beyond_capacity:
            seats.take_uncounted(ctx.session, ctx.tenant, cohort, enrollment, ctx.now)
            return
        cap = hold_minutes(ctx.plugin_settings(PLUGIN))
        if cap is not None and until is not None:
            until = min(until, ctx.now + cap)
        seats.take(
            ctx.tuition, ctx.session, ctx.tenant, cohort, enrollment, hold_until=until, now=ctx.now
        )

    def confirm(self, change: EnrollmentChange) -> Problem | None:
        """The hold becomes a seat; one given away meanwhile takes a seat again if one is
        left, else the payment is refunded (``cohort_full``)."""
        seat = change.session.get(CohortSeat, change.enrollment.id)
        if seat is None:
            return None
        change.session.refresh(seat)
        if seat.status in ("held", "taken") and seats.confirm(change.session, seat, change.now):
            return None
        if seats.retake(change.tuition, change.session, change.tenant, seat, change.now):
            return None
        return Problem(
            "cohort_full",
            f"Cohort {seat.cohort.name!r} filled up before your payment arrived; "
            "the payment is refunded.",
            extra={"cohort": seat.cohort.slug},
        )

    def release(self, change: EnrollmentChange) -> None:
        """The cohort seat frees (to the waitlist first); a course seat core just gave back
        is set aside for the next student waiting for the course."""
        seat = change.session.get(CohortSeat, change.enrollment.id)
        if seat is None:
            if not change.enrollment.counts_seat:
                return  # enrolled beyond capacity: core gave no course seat back
            course_waitlist.seat_released(
                change.tuition, change.session, change.tenant, change.enrollment.course, change.now
            )
            return
        seats.release(change.tuition, change.session, change.tenant, seat, change.now)

    def lapse(self, host: Host, session: Session, tenant: TenantRecord, now: datetime) -> int:
        """Holds past their time and waitlist offers past their window give their seats
        back (to the next student waiting first), cohort by cohort."""
        freed = 0
        for cohort in list(session.scalars(select(Cohort).where(Cohort.tenant_id == tenant.id))):
            if seats.has_overdue(session, cohort, now):
                freed += seats.lapse_overdue(host, session, tenant, cohort, now)
        return freed


COHORT_SEATS: Capacity = CohortSeats()
