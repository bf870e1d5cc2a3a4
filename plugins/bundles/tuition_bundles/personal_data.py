"""The student's data in the bundles plugin: what each bundle bought granted them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, StudentRecord

from .models import Grant


def export(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    rows = list(
        session.scalars(
            select(Grant).where(Grant.student_id == student.id).order_by(Grant.created_at)
        )
    )
    if not rows:
        return None
    return {
        "grants": [
            {
                "bundle_enrollment_id": g.bundle_enrollment_id,
                "course_id": g.course_id,
                "member_enrollment_id": g.member_enrollment_id,
                "state": g.state,
                "created_at": g.created_at.isoformat(),
            }
            for g in rows
        ]
    }


def erase(session: Session) -> ErasureReport:
    """Grants hold no personal data (enrollment and course ids): kept, linked to the
    pseudonymised account."""
    return ErasureReport(
        kept={"grants": "no personal data: which courses a bundle's enrollment granted"}
    )
