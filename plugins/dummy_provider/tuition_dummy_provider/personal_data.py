"""The student's data at the dummy provider: the payments of their orders."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, Host, StudentRecord

from .models import DummyPayment


def export(tuition: Host, session: Session, student: StudentRecord) -> dict[str, Any] | None:
    orders = [order.id for order in tuition.services.student_orders(session, student.id)]
    rows = session.scalars(
        select(DummyPayment)
        .where(DummyPayment.order_id.in_(orders))
        .order_by(DummyPayment.created_at)
    ).all()
    if not rows:
        return None
    return {
        "payments": [
            {
                "id": p.id,
                "order_id": p.order_id,
                "amount": p.amount,
                "currency": p.currency,
                "status": p.status,
                "refunded_amount": p.refunded_amount,
                "created_at": p.created_at.isoformat(),
            }
            for p in rows
        ]
    }


def erase() -> ErasureReport:
    """A payment holds its order, amount and status, no personal data: kept as the
    provider's ledger of the order."""
    return ErasureReport(kept={"payments": "order, amount and status: the provider's ledger"})
