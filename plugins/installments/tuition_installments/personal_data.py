"""The student's data in payment plans: the plans and their installments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, StudentRecord

from .models import PaymentPlan


def export(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    found = session.scalars(
        select(PaymentPlan)
        .where(PaymentPlan.student_id == student.id)
        .order_by(PaymentPlan.created_at)
    ).all()
    if not found:
        return None
    return {
        "payment_plans": [
            {
                "id": p.id,
                "order_id": p.order_id,
                "status": p.status,
                "count": p.count,
                "amount": p.amount,
                "currency": p.currency,
                "interval": p.interval,
                "created_at": p.created_at.isoformat(),
                "installments": [
                    {"seq": i.seq, "status": i.status, "amount": i.amount} for i in p.installments
                ],
            }
            for p in found
        ]
    }


def erase() -> ErasureReport:
    """Plans hold ids, amounts and dates, no personal data: kept as the payment record."""
    return ErasureReport(kept={"payment_plans": "amounts, dates and statuses: the payment record"})
