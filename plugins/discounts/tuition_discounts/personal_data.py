"""The student's data in the discounts plugin: the codes they used."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, StudentRecord

from .models import DiscountCode, Redemption


def export(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    rows = session.execute(
        select(Redemption, DiscountCode.code)
        .join(DiscountCode, DiscountCode.id == Redemption.code_id)
        .where(Redemption.student_id == student.id)
        .order_by(Redemption.created_at)
    ).all()
    if not rows:
        return None
    return {
        "redemptions": [
            {
                "code": code,
                "course_id": r.course_id,
                "enrollment_id": r.enrollment_id,
                "order_id": r.order_id,
                "status": r.status,
                "currency": r.currency,
                "list_amount": r.list_amount,
                "discount_amount": r.discount_amount,
                "amount": r.amount,
                "created_at": r.created_at.isoformat(),
                "released_at": r.released_at.isoformat() if r.released_at else None,
            }
            for r, code in rows
        ]
    }


def erase(session: Session, student: StudentRecord) -> ErasureReport:
    """Redemptions hold no personal data (a code, a course, amounts) and count towards the
    codes' limits and totals: kept, linked to the pseudonymised account."""
    return ErasureReport(
        kept={
            "redemptions": "no personal data: the code, course and amounts, which the codes' "
            "limits and revenue totals count"
        }
    )
