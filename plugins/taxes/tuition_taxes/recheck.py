"""Asking VIES again about the VAT IDs it could not check at the sale.

A sale made while VIES was down or slow is recorded ``unverified`` (the order's
``billing.vat_id_check``) and goes on. Once its order is paid (``order.paid``) the plugin
keeps a :class:`~tuition_taxes.models.VatRecheck`; the sweep (``tuition jobs sweep``) asks
VIES again about a bounded batch of those that are due, with no transaction open while it
asks, and records each answer in a short transaction of its own: ``valid`` or ``invalid``
with VIES's consultation number, or another attempt later (backoff doubling from
:data:`FIRST_BACKOFF` up to :data:`MAX_BACKOFF`). An invalid one goes to the site's audit
log (``vat_id_invalid`` on the order) and shows in ``GET /v1/admin/taxes/vat-rechecks``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import Host, OrderRecord, TenantRecord

from . import vies
from .models import VatRecheck

log = logging.getLogger(__name__)

#: The most VAT IDs one sweep asks VIES about (over all sites), and per site.
BATCH = 50
PER_TENANT = 20
FIRST_BACKOFF = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=24)


def backoff(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` unanswered asks: 15 min, 30 min, 1 h, … 24 h."""
    return min(FIRST_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def unverified(order: OrderRecord) -> str | None:
    """The VAT ID of ``order``'s buyer when VIES could not check it at the sale."""
    billing: Mapping[str, Any] = order.billing or {}
    check = billing.get("vat_id_check")
    if not isinstance(check, Mapping) or check.get("status") != "unverified":
        return None
    vat_id = billing.get("vat_id")
    return str(vat_id) if vat_id else None


def remember(session: Session, order: OrderRecord, now: datetime) -> VatRecheck | None:
    """Keep ``order`` (paid) for a later check when its VAT ID is unverified; once per
    order however often its ``order.paid`` arrives."""
    vat_id = unverified(order)
    if vat_id is None:
        return None
    found = session.scalar(select(VatRecheck).where(VatRecheck.order_id == order.id))
    if found is not None:
        return found
    try:
        with session.begin_nested():
            row = VatRecheck(
                tenant_id=order.tenant_id,
                order_id=order.id,
                vat_id=vat_id,
                status="unverified",
                attempts=0,
                next_check_at=now,
                created_at=now,
            )
            session.add(row)
            session.flush()
    except IntegrityError:  # a concurrent job kept it first
        return session.scalar(select(VatRecheck).where(VatRecheck.order_id == order.id))
    return row


def sweep(tuition: Host, now: datetime) -> dict[str, int]:
    """Ask VIES about the due unverified VAT IDs of every site with the check on."""
    counts = {"valid": 0, "invalid": 0, "unverified": 0}
    budget = BATCH
    for tenant in tuition.services.tenants_enabling("taxes"):
        settings = tenant.plugin_settings().get("taxes") or {}
        if budget <= 0:
            break
        if not vies.enabled(settings):
            continue
        with tuition.session(tenant.id) as session:
            due = [
                (row.id, row.vat_id)
                for row in session.scalars(
                    select(VatRecheck)
                    .where(VatRecheck.status == "unverified", VatRecheck.next_check_at <= now)
                    .order_by(VatRecheck.next_check_at, VatRecheck.id)
                    .limit(min(PER_TENANT, budget))
                )
            ]
        budget -= len(due)
        for recheck_id, vat_id in due:
            verdict = vies.check(tuition, tenant, vat_id, settings)  # no transaction open
            with tuition.transaction(tenant.id) as session:
                status = record(tuition, session, tenant, recheck_id, verdict, now)
            if status is not None:
                counts[status] += 1
    return counts


def record(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    recheck_id: str,
    verdict: vies.Verdict,
    now: datetime,
) -> str | None:
    """Record VIES's ``verdict`` on a recheck still unverified (None when another sweep
    recorded it meanwhile): its status, or another attempt after the backoff."""
    row = session.scalars(
        select(VatRecheck)
        .where(VatRecheck.id == recheck_id, VatRecheck.status == "unverified")
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if row is None:
        return None
    if verdict.valid is None:
        row.attempts += 1
        row.next_check_at = now + backoff(row.attempts)
        row.reason = (verdict.reason or "no answer")[:200]
        return "unverified"
    row.status = "valid" if verdict.valid else "invalid"
    row.attempts += 1
    row.checked_at = verdict.checked_at or now
    row.request_identifier = verdict.request_identifier
    row.reason = None
    if not verdict.valid:
        log.warning("VIES says VAT ID %s of order %s is not registered", row.vat_id, row.order_id)
        tuition.services.audit(
            session,
            tenant,
            "order",
            row.order_id,
            "vat_id_invalid",
            before={"vat_id": row.vat_id, "vat_id_check": "unverified"},
            after={
                "vat_id": row.vat_id,
                "vat_id_check": "invalid",
                "checked_at": row.checked_at.isoformat(),
                "request_identifier": row.request_identifier,
            },
        )
    return row.status


def present(row: VatRecheck) -> dict[str, Any]:
    return {
        "id": row.id,
        "order_id": row.order_id,
        "vat_id": row.vat_id,
        "status": row.status,
        "attempts": row.attempts,
        "next_check_at": row.next_check_at if row.status == "unverified" else None,
        "checked_at": row.checked_at,
        "request_identifier": row.request_identifier,
        "reason": row.reason,
        "created_at": row.created_at,
    }
