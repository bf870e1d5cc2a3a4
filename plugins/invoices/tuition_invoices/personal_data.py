"""The student's data in the invoices plugin: their invoices and credit notes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, StudentRecord

from .models import Invoice


def export(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    found = session.scalars(
        select(Invoice)
        .where(Invoice.student_id == student.id)
        .order_by(Invoice.issued_at, Invoice.number)
    ).all()
    if not found:
        return None
    return {
        "invoices": [
            {
                "id": i.id,
                "kind": i.kind,
                "number": i.number,
                "order_id": i.order_id,
                "credits_number": i.credits_number,
                "issued_at": i.issued_at.isoformat(),
                "currency": i.currency,
                "net": i.net,
                "tax": i.tax,
                "gross": i.gross,
                "buyer": i.buyer,
            }
            for i in found
        ]
    }


def erase(session: Session, student: StudentRecord) -> ErasureReport:
    """Invoices and credit notes are accounting records the seller must keep unchanged for
    the legal retention period (e.g. 10 years in Germany, § 147 AO / § 14b UStG): kept
    as issued, with the buyer's name and address, and still listed to the site owner."""
    count = session.scalar(
        select(func.count()).select_from(Invoice).where(Invoice.student_id == student.id)
    )
    if not count:
        return ErasureReport()
    return ErasureReport(
        kept={
            "invoices": f"{count} invoice(s)/credit note(s) kept as issued, buyer details "
            "included: accounting records under the legal retention period"
        }
    )
