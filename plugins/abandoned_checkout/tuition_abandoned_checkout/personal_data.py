"""The student's data in the abandoned-checkout plugin: the reminders sent for their
unpaid orders."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, StudentRecord

from .models import CheckoutReminder


def export(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    rows = session.scalars(
        select(CheckoutReminder)
        .where(CheckoutReminder.student_id == student.id)
        .order_by(CheckoutReminder.reminded_at)
    ).all()
    if not rows:
        return None
    return {
        "reminders": [
            {
                "order_id": r.order_id,
                "course_id": r.course_id,
                "amount": r.amount,
                "currency": r.currency,
                "reminded_at": r.reminded_at.isoformat(),
                "recovered_order_id": r.recovered_order_id,
            }
            for r in rows
        ]
    }


def erase(session: Session, student: StudentRecord) -> ErasureReport:
    """Nothing to erase: a reminder row holds ids and amounts, and it is what keeps a
    second reminder from going out (the mail itself goes nowhere: the address is gone)."""
    return ErasureReport(
        kept={
            "reminders": "order, course and amount per reminder, no personal data; it keeps "
            "the same order from being reminded again"
        }
    )
