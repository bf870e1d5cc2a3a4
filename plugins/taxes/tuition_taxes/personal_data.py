"""The student's data in the taxes plugin: VIES's answers about the VAT IDs of their
orders. The billing details themselves are core's order columns (exported and kept with
the order)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, Host, StudentRecord

from .models import VatCheck


def export(tuition: Host, session: Session, student: StudentRecord) -> dict[str, Any] | None:
    """The checks kept for the VAT IDs the student's orders were billed to."""
    vat_ids = {
        str(order.billing["vat_id"])
        for order in tuition.services.student_orders(session, student.id)
        if order.billing and order.billing.get("vat_id")
    }
    if not vat_ids:
        return None
    checks = session.scalars(
        select(VatCheck).where(VatCheck.vat_id.in_(sorted(vat_ids))).order_by(VatCheck.vat_id)
    ).all()
    if not checks:
        return None
    return {
        "vat_id_checks": [
            {
                "vat_id": c.vat_id,
                "valid": c.valid,
                "checked_at": c.checked_at.isoformat(),
                "request_identifier": c.request_identifier,
            }
            for c in checks
        ]
    }


def erase() -> ErasureReport:
    """The checks are about a business's VAT ID, not the person, and are the seller's
    evidence that it checked: kept (they expire with the cache period's next check)."""
    return ErasureReport(
        kept={
            "taxes_vat_checks": "VIES's answers about business VAT IDs (registered or not, "
            "when, consultation number): the seller's evidence for the reverse charge, "
            "linked to no student",
            "taxes_vat_rechecks": "the later VIES checks of the VAT IDs of sales VIES could "
            "not check at the time (order, VAT ID, answer): the seller's evidence, kept "
            "with the order",
        }
    )
