"""The student's data in the cohorts plugin: seats, bookings and waitlist places."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, Host, StudentRecord, TenantRecord

from . import waitlist
from .models import CohortSeat, StepProgress, WaitlistEntry


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _enrollment_ids(tuition: Host, session: Session, student: StudentRecord) -> list[str]:
    return [e.id for e in tuition.services.enrollments(session, student_id=student.id)]


def export(tuition: Host, session: Session, student: StudentRecord) -> dict[str, Any] | None:
    """The student's cohort seats, session bookings and waitlist places."""
    ids = _enrollment_ids(tuition, session, student)
    seat_rows = session.scalars(
        select(CohortSeat).where(CohortSeat.enrollment_id.in_(ids)).order_by(CohortSeat.created_at)
    ).all()
    progress = session.scalars(
        select(StepProgress)
        .where(StepProgress.enrollment_id.in_(ids))
        .order_by(StepProgress.enrollment_id, StepProgress.id)
    ).all()
    waiting = session.scalars(
        select(WaitlistEntry)
        .where(WaitlistEntry.student_id == student.id)
        .order_by(WaitlistEntry.created_at)
    ).all()
    if not (seat_rows or progress or waiting):
        return None
    return {
        "seats": [
            {
                "enrollment_id": s.enrollment_id,
                "cohort": s.cohort.slug,
                "cohort_name": s.cohort.name,
                "status": s.status,
                "created_at": _iso(s.created_at),
            }
            for s in seat_rows
        ],
        "bookings": [
            {
                "enrollment_id": p.enrollment_id,
                "step": p.step.label,
                "status": p.status,
                "session": p.option.name if p.option else None,
                "booked_at": _iso(p.booked_at),
                "completed_at": _iso(p.completed_at),
            }
            for p in progress
        ],
        "waitlist": [
            {
                "course_id": w.course_id,
                "cohort": w.cohort.slug if w.cohort else None,
                "status": w.status,
                "created_at": _iso(w.created_at),
            }
            for w in waiting
        ],
    }


def erase(
    tuition: Host, session: Session, tenant: TenantRecord, student: StudentRecord
) -> ErasureReport:
    """Take the student off every waitlist (an open offer passes on); seats and bookings
    stay, as they hold no personal data and count the cohorts' seats."""
    live = session.scalars(
        select(WaitlistEntry).where(
            WaitlistEntry.student_id == student.id,
            WaitlistEntry.status.in_(("waiting", "offered")),
        )
    ).all()
    left = 0
    for entry in live:
        course = tuition.services.course(session, id=entry.course_id)
        if course is None:  # pragma: no cover - the FK cascades
            continue
        waitlist.leave(
            tuition, session, tenant, student, course, entry.cohort.slug if entry.cohort else None
        )
        left += 1
    return ErasureReport(
        erased={"waitlist_places_left": left},
        kept={
            "seats": "cohort and status per enrollment, no personal data; they count seats",
            "bookings": "session and status per enrollment, no personal data",
            "waitlist": "past places (status only), no personal data",
        },
    )
