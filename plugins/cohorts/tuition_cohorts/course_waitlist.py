"""The waitlist of a capacity-limited course sold without cohorts.

Core counts the course's seats. When one frees and students wait, the plugin sets it aside
at once (``host.services.reserve_seat``) and offers it to the next student; when that
student enrolls, the cohorts' seat pool gives the set-aside seat back just before core's
course pool takes it, in the same transaction (``capacity.CohortSeats.hold``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from tuition.plugin_api import CourseRecord, Host, TenantRecord
from tuition.plugin_api import rowcount as _rowcount

from .models import WaitlistEntry
from .seats import offer_next_in


def queue_of(course: CourseRecord) -> Any:
    """The WHERE clause of the course-level queue."""
    return and_(WaitlistEntry.course_id == course.id, WaitlistEntry.cohort_id.is_(None))


def _offer(
    tuition: Host, session: Session, tenant: TenantRecord, course: CourseRecord, now: datetime
) -> WaitlistEntry | None:
    return offer_next_in(tuition, session, tenant, queue_of(course), now, {"course": course.slug})


def has_offer(session: Session, course: CourseRecord, student_id: str, now: datetime) -> bool:
    return (
        session.scalar(
            select(WaitlistEntry.id).where(
                queue_of(course),
                WaitlistEntry.student_id == student_id,
                WaitlistEntry.status == "offered",
                WaitlistEntry.offer_expires_at > now,
            )
        )
        is not None
    )


def claim_offer(session: Session, course: CourseRecord, student_id: str, now: datetime) -> bool:
    """Use the student's open offer (its seat is counted already)."""
    return bool(
        _rowcount(
            session.execute(
                update(WaitlistEntry)
                .where(
                    queue_of(course),
                    WaitlistEntry.student_id == student_id,
                    WaitlistEntry.status == "offered",
                    WaitlistEntry.offer_expires_at > now,
                )
                .values(status="accepted", updated_at=now)
                .execution_options(synchronize_session=False)
            )
        )
    )


def seat_released(
    tuition: Host, session: Session, tenant: TenantRecord, course: CourseRecord, now: datetime
) -> bool:
    """Core just gave a seat of ``course`` back: if someone waits, hold it for their
    offer. True if an offer was made."""
    if course.capacity is None:
        return False
    waiting = session.scalar(
        select(WaitlistEntry.id).where(queue_of(course), WaitlistEntry.status == "waiting").limit(1)
    )
    if waiting is None or not tuition.services.reserve_seat(session, course):
        return False
    if _offer(tuition, session, tenant, course, now) is None:
        tuition.services.release_seat(session, course)
        return False
    return True


def pass_on(
    tuition: Host, session: Session, tenant: TenantRecord, course: CourseRecord, now: datetime
) -> None:
    """An offer's seat is free again (expired or declined): to the next, else the pool."""
    if _offer(tuition, session, tenant, course, now) is None:
        tuition.services.release_seat(session, course)


def lapse_offers(
    tuition: Host, session: Session, tenant: TenantRecord, course: CourseRecord, now: datetime
) -> int:
    """Offers past their window expire; each seat passes on. Returns how many."""
    lapsed = 0
    for entry_id in list(
        session.scalars(
            select(WaitlistEntry.id).where(
                queue_of(course),
                WaitlistEntry.status == "offered",
                WaitlistEntry.offer_expires_at < now,
            )
        )
    ):
        if _rowcount(
            session.execute(
                update(WaitlistEntry)
                .where(WaitlistEntry.id == entry_id, WaitlistEntry.status == "offered")
                .values(status="expired", updated_at=now)
                .execution_options(synchronize_session=False)
            )
        ):
            lapsed += 1
            pass_on(tuition, session, tenant, course, now)
    return lapsed


def offer_free_seats(
    tuition: Host, session: Session, tenant: TenantRecord, course: CourseRecord, now: datetime
) -> int:
    """Seats free while students wait (capacity raised): offer them in order."""
    offers = 0
    if course.capacity is None:
        return 0
    while tuition.services.reserve_seat(session, course):
        if _offer(tuition, session, tenant, course, now) is None:
            tuition.services.release_seat(session, course)
            break
        offers += 1
    return offers
