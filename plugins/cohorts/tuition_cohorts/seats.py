"""Cohort seats: holds during checkout, seats once paid, and what happens when one frees.

Every change of ``Cohort.seats_taken`` is one conditional UPDATE, so any number of
concurrent buyers, webhooks and sweeps can race without overselling, on PostgreSQL and
SQLite alike. A held seat counts against capacity until its ``hold_until``; after that it
is only *lapsed* (given back) when someone needs the seat.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tuition.plugin_api import EnrollmentRecord, EnrollmentRefused, Host, Problem, TenantRecord
from tuition.plugin_api import rowcount as _rowcount

from .models import Cohort, CohortSeat, WaitlistEntry
from .settings import PLUGIN, offer_window, waitlist_enabled


def _increment(session: Session, cohort: Cohort) -> bool:
    """Take one seat if one is left (atomic)."""
    taken = _rowcount(
        session.execute(
            update(Cohort)
            .where(Cohort.id == cohort.id, Cohort.seats_taken < Cohort.capacity)
            .values(seats_taken=Cohort.seats_taken + 1)
            .execution_options(synchronize_session=False)
        )
    )
    session.expire(cohort, ["seats_taken"])
    return bool(taken)


def _decrement(session: Session, cohort: Cohort) -> None:
    session.execute(
        update(Cohort)
        .where(Cohort.id == cohort.id, Cohort.seats_taken > 0)
        .values(seats_taken=Cohort.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(cohort, ["seats_taken"])


def full_problem(cohort: Cohort, waitlist: bool) -> Problem:
    return Problem(
        "cohort_full",
        f"Cohort {cohort.name!r} has no seats left.",
        extra={"cohort": cohort.slug, "waitlist": waitlist},
    )


def take(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    cohort: Cohort,
    enrollment: EnrollmentRecord,
    *,
    hold_until: datetime | None,
    now: datetime,
) -> CohortSeat:
    """Give ``enrollment`` a seat (``taken``) or, while it is pending, a hold until
    ``hold_until``. A waitlist offer made to the student is used first; otherwise overdue
    holds and offers are lapsed before refusing with ``cohort_full``."""
    if not _claim_offer(session, cohort, enrollment.student_id, now) and not _increment(
        session, cohort
    ):
        lapse_overdue(tuition, session, tenant, cohort, now)
        if not _increment(session, cohort):
            settings = tenant.plugin_settings().get(PLUGIN, {})
            raise EnrollmentRefused(full_problem(cohort, waitlist_enabled(settings)))
    seat = CohortSeat(
        tenant_id=tenant.id,
        enrollment_id=enrollment.id,
        cohort_id=cohort.id,
        status="held" if enrollment.status == "pending" else "taken",
        hold_until=hold_until if enrollment.status == "pending" else None,
        created_at=now,
        updated_at=now,
    )
    session.add(seat)
    return seat


def take_uncounted(
    session: Session,
    tenant: TenantRecord,
    cohort: Cohort,
    enrollment: EnrollmentRecord,
    now: datetime,
) -> CohortSeat:
    """Give ``enrollment`` a seat of ``cohort`` beyond its capacity (the site owner's
    explicit choice): the seat row without counting it, whatever is left."""
    seat = CohortSeat(
        tenant_id=tenant.id,
        enrollment_id=enrollment.id,
        cohort_id=cohort.id,
        status="taken",
        counted=False,
        created_at=now,
        updated_at=now,
    )
    session.add(seat)
    return seat


def _claim_offer(session: Session, cohort: Cohort, student_id: str, now: datetime) -> bool:
    """Use the seat a waitlist offer reserved for this student, if one is open."""
    return bool(
        _rowcount(
            session.execute(
                update(WaitlistEntry)
                .where(
                    WaitlistEntry.cohort_id == cohort.id,
                    WaitlistEntry.student_id == student_id,
                    WaitlistEntry.status == "offered",
                    WaitlistEntry.offer_expires_at > now,
                )
                .values(status="accepted", updated_at=now)
                .execution_options(synchronize_session=False)
            )
        )
    )


def has_open_offer(session: Session, cohort: Cohort, student_id: str, now: datetime) -> bool:
    return (
        session.scalar(
            select(WaitlistEntry.id).where(
                WaitlistEntry.cohort_id == cohort.id,
                WaitlistEntry.student_id == student_id,
                WaitlistEntry.status == "offered",
                WaitlistEntry.offer_expires_at > now,
            )
        )
        is not None
    )


def has_overdue(session: Session, cohort: Cohort, now: datetime) -> bool:
    """Whether a hold or an offer of ``cohort`` ran out and could give its seat back."""
    hold = session.scalar(
        select(CohortSeat.enrollment_id)
        .where(
            CohortSeat.cohort_id == cohort.id,
            CohortSeat.status == "held",
            CohortSeat.hold_until < now,
        )
        .limit(1)
    )
    offer = session.scalar(
        select(WaitlistEntry.id)
        .where(
            WaitlistEntry.cohort_id == cohort.id,
            WaitlistEntry.status == "offered",
            WaitlistEntry.offer_expires_at < now,
        )
        .limit(1)
    )
    return hold is not None or offer is not None


def lapse_overdue(
    tuition: Host, session: Session, tenant: TenantRecord, cohort: Cohort, now: datetime
) -> int:
    """Give back the seats of holds past ``hold_until`` and offers past their window.
    Each freed seat goes to the next student waiting, or back to the pool."""
    freed = 0
    overdue = list(
        session.scalars(
            select(CohortSeat.enrollment_id).where(
                CohortSeat.cohort_id == cohort.id,
                CohortSeat.status == "held",
                CohortSeat.hold_until < now,
            )
        )
    )
    for enrollment_id in overdue:
        if _rowcount(
            session.execute(
                update(CohortSeat)
                .where(CohortSeat.enrollment_id == enrollment_id, CohortSeat.status == "held")
                .values(status="lapsed", updated_at=now)
                .execution_options(synchronize_session=False)
            )
        ):
            freed += 1
            free_seat(tuition, session, tenant, cohort, now)
    expired = list(
        session.scalars(
            select(WaitlistEntry.id).where(
                WaitlistEntry.cohort_id == cohort.id,
                WaitlistEntry.status == "offered",
                WaitlistEntry.offer_expires_at < now,
            )
        )
    )
    for entry_id in expired:
        if _rowcount(
            session.execute(
                update(WaitlistEntry)
                .where(WaitlistEntry.id == entry_id, WaitlistEntry.status == "offered")
                .values(status="expired", updated_at=now)
                .execution_options(synchronize_session=False)
            )
        ):
            freed += 1
            free_seat(tuition, session, tenant, cohort, now)
    return freed


def free_seat(
    tuition: Host, session: Session, tenant: TenantRecord, cohort: Cohort, now: datetime
) -> None:
    """A counted seat of ``cohort`` became free: offer it to the next student waiting
    (the seat stays counted, reserved for them) or give it back to the pool."""
    if offer_next(tuition, session, tenant, cohort, now) is None:
        _decrement(session, cohort)


def offer_next(
    tuition: Host, session: Session, tenant: TenantRecord, cohort: Cohort, now: datetime
) -> WaitlistEntry | None:
    """Turn the oldest entry waiting for ``cohort`` into a time-limited offer."""
    return offer_next_in(
        tuition,
        session,
        tenant,
        WaitlistEntry.cohort_id == cohort.id,
        now,
        {"cohort": cohort.slug, "cohort_name": cohort.name},
    )


def offer_next_in(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    queue: Any,
    now: datetime,
    data: dict[str, Any],
) -> WaitlistEntry | None:
    """Offer the seat to the oldest waiting entry of ``queue`` (a WHERE clause); emits
    ``waitlist.offered``. None when nobody waits or the tenant switched the waitlist off."""
    settings = tenant.plugin_settings().get(PLUGIN, {})
    if not waitlist_enabled(settings):
        return None
    expires = now + offer_window(settings)
    while True:
        entry = session.scalar(
            select(WaitlistEntry)
            .where(queue, WaitlistEntry.status == "waiting")
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
            .limit(1)
        )
        if entry is None:
            return None
        if _rowcount(
            session.execute(
                update(WaitlistEntry)
                .where(WaitlistEntry.id == entry.id, WaitlistEntry.status == "waiting")
                .values(status="offered", offer_expires_at=expires, updated_at=now)
                .execution_options(synchronize_session=False)
            )
        ):
            session.expire(entry)
            tuition.services.emit_event(
                session,
                tenant,
                "waitlist.offered",
                {
                    "waitlist_id": entry.id,
                    "student_id": entry.student_id,
                    "course_id": entry.course_id,
                    "offer_expires_at": expires.isoformat(),
                    "cohort": None,
                    "cohort_name": None,
                    **data,
                },
            )
            return entry


def seats_freed(
    tuition: Host, session: Session, tenant: TenantRecord, cohort: Cohort, now: datetime
) -> int:
    """Capacity was raised: offer each new seat to a student waiting. Returns offers made."""
    offers = 0
    while True:
        if not _increment(session, cohort):
            return offers
        if offer_next(tuition, session, tenant, cohort, now) is None:
            _decrement(session, cohort)
            return offers
        offers += 1


def confirm(session: Session, seat: CohortSeat, now: datetime) -> bool:
    """A paid hold becomes a seat; False if the hold was lapsed or released meanwhile."""
    return bool(
        _rowcount(
            session.execute(
                update(CohortSeat)
                .where(
                    CohortSeat.enrollment_id == seat.enrollment_id,
                    CohortSeat.status.in_(("held", "taken")),
                )
                .values(status="taken", hold_until=None, updated_at=now)
                .execution_options(synchronize_session=False)
            )
        )
    )


def retake(
    tuition: Host, session: Session, tenant: TenantRecord, seat: CohortSeat, now: datetime
) -> bool:
    """Money arrived for a hold that was given back: take a seat again if one is left."""
    cohort = seat.cohort
    if not _increment(session, cohort):
        lapse_overdue(tuition, session, tenant, cohort, now)
        if not _increment(session, cohort):
            return False
    session.execute(
        update(CohortSeat)
        .where(CohortSeat.enrollment_id == seat.enrollment_id)
        .values(status="taken", hold_until=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return True


def release(
    tuition: Host, session: Session, tenant: TenantRecord, seat: CohortSeat, now: datetime
) -> bool:
    """The enrollment ended: its hold or seat frees (and goes to the waitlist first)."""
    released = _rowcount(
        session.execute(
            update(CohortSeat)
            .where(
                CohortSeat.enrollment_id == seat.enrollment_id,
                CohortSeat.status.in_(("held", "taken")),
            )
            .values(status="released", updated_at=now)
            .execution_options(synchronize_session=False)
        )
    )
    if released and seat.counted:
        free_seat(tuition, session, tenant, seat.cohort, now)
    return bool(released)
