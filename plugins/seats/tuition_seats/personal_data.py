"""The student's data in the seats plugin: the seats they bought and those they redeemed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, StudentRecord

from .models import SeatCode, SeatPurchase


def export(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    bought = list(
        session.scalars(
            select(SeatPurchase)
            .where(SeatPurchase.buyer_id == student.id)
            .order_by(SeatPurchase.created_at)
        )
    )
    redeemed = list(
        session.scalars(
            select(SeatCode).where(SeatCode.student_id == student.id).order_by(SeatCode.redeemed_at)
        )
    )
    if not bought and not redeemed:
        return None
    return {
        "seat_purchases": [
            {
                "id": p.id,
                "course_id": p.course_id,
                "order_id": p.order_id,
                "seats": p.seats,
                "redeemed": p.redeemed,
                "status": p.status,
                "created_at": p.created_at.isoformat(),
            }
            for p in bought
        ],
        "seats_redeemed": [
            {
                "purchase_id": c.purchase_id,
                "code": c.code,
                "enrollment_id": c.enrollment_id,
                "redeemed_at": c.redeemed_at.isoformat() if c.redeemed_at else None,
            }
            for c in redeemed
        ],
    }


def erase(session: Session, student: StudentRecord) -> ErasureReport:
    """Purchases and redemptions hold no personal data (ids, counts, codes): kept, linked
    to the pseudonymised account, because the buyer's order and the other seats count on
    them."""
    return ErasureReport(
        kept={
            "seat_purchases": "no personal data: the course, order and seat counts",
            "seats_redeemed": "no personal data: which seat of a purchase the account took",
        }
    )
