"""The student's data in the next-course plugin: the offers made to them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, StudentRecord, rowcount

from .models import NextCourseOffer


def export(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    rows = session.scalars(
        select(NextCourseOffer)
        .where(NextCourseOffer.student_id == student.id)
        .order_by(NextCourseOffer.created_at)
    ).all()
    if not rows:
        return None
    return {
        "offers": [
            {
                "course_id": o.course_id,
                "from_course_id": o.from_course_id,
                "trigger": o.trigger,
                "message": o.message,
                "price_amount": o.price_amount,
                "price_currency": o.price_currency,
                "created_at": o.created_at.isoformat(),
            }
            for o in rows
        ]
    }


def erase(session: Session, student: StudentRecord) -> ErasureReport:
    """The offers made to the student are marketing about them: deleted."""
    gone = rowcount(
        session.execute(
            delete(NextCourseOffer)
            .where(NextCourseOffer.student_id == student.id)
            .execution_options(synchronize_session=False)
        )
    )
    return ErasureReport(erased={"offers": gone})
