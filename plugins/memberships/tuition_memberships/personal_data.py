"""The student's data in memberships: subscriptions and the enrollments they granted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, StudentRecord

from .models import Grant, Subscription


def export(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    found = session.scalars(
        select(Subscription)
        .where(Subscription.student_id == student.id)
        .order_by(Subscription.created_at)
    ).all()
    if not found:
        return None
    grants = session.scalars(select(Grant).where(Grant.student_id == student.id)).all()
    return {
        "subscriptions": [
            {
                "id": s.id,
                "order_id": s.order_id,
                "status": s.status,
                "amount": s.amount,
                "currency": s.currency,
                "interval": s.interval,
                "paid_periods": s.paid_periods,
                "created_at": s.created_at.isoformat(),
                "granted_enrollments": [
                    {"enrollment_id": g.enrollment_id, "status": g.status}
                    for g in grants
                    if g.subscription_id == s.id
                ],
            }
            for s in found
        ]
    }


def erase() -> ErasureReport:
    """Subscriptions hold ids, amounts and dates, no personal data: the payment record."""
    return ErasureReport(kept={"subscriptions": "amounts, dates and statuses: the payment record"})
