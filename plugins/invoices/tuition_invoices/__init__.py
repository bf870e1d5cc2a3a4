"""Invoices: an invoice per paid order and a credit note per refund, numbered without gaps
per tenant and series, immutable once issued, rendered as PDF (fpdf2) for the student and
the site owner, and exported for the accountant (CSV, or ZIP with the PDFs).

Everything goes through core's hooks: ``tuition_event`` (``order.paid`` issues the invoice,
``order.refunded`` a credit note, each in the event job's transaction, idempotently), the
settings, the student and admin blueprints, and the student's export and erasure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    DomainEvent,
    ErasureReport,
    Host,
    JobContext,
    MailAttachment,
    PluginInfo,
    StudentRecord,
    TenantRecord,
    hookimpl,
    utcnow,
)

from . import models, personal_data
from .api import PROBLEM_CODES
from .issuing import (
    PLUGIN,
    charge_of,
    credit_of,
    issue_charge_credit_note,
    issue_charge_invoice,
    issue_credit_note,
    issue_invoice,
)
from .rendering import render
from .settings import InvoicesSettings

TUITION_PLUGIN = PluginInfo(
    title="Invoices",
    category="commerce",
    description="Gapless invoices and credit notes as PDF, with the accountant's export.",
    requires_core=">=0.1,<0.2",
)
__all__ = ["PLUGIN", "TUITION_PLUGIN", "models"]


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return InvoicesSettings


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    return PROBLEM_CODES


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    from .api import admin, me

    return [me, admin]


@hookimpl
def tuition_event(event: DomainEvent, job: JobContext) -> None:
    """``order.paid``: issue the order's invoice; ``order.refunded``: a credit note for
    what was refunded beyond earlier ones; any event whose data carries a later ``charge``
    (an installment, a renewal: see the README): that charge's invoice; any event whose
    data carries a ``credit`` (the refund of one charge, e.g. a membership's prorated
    refund): its credit note. All are idempotent (a retried job or a duplicated event
    issues nothing twice) and numbered in the job's transaction."""
    credit = credit_of(event.data)
    if credit is not None:
        refunded = job.tuition.services.order(job.session, str(credit["order_id"]))
        if refunded is not None:
            issue_charge_credit_note(job.session, job.tenant, refunded, credit, utcnow())
        return
    charge = charge_of(event.data)
    if charge is not None:
        paid = job.tuition.services.order(job.session, str(charge["order_id"]))
        if paid is not None:
            issue_charge_invoice(job.session, job.tenant, paid, charge, utcnow())
        return
    if event.type not in ("order.paid", "order.refunded"):
        return
    order = job.tuition.services.order(job.session, str(event.data["order_id"]))
    if order is None:
        return
    now = utcnow()
    if event.type == "order.paid":
        issue_invoice(job.session, job.tenant, order, now)
    else:
        issue_credit_note(job.session, job.tenant, order, int(event.data["refunded_amount"]), now)


@hookimpl
def tuition_mail_attachments(
    tuition: Host, session: Session, tenant: TenantRecord, event: DomainEvent
) -> list[MailAttachment] | None:
    """The document a mail is about, as PDF, issued on the spot when the event's own job
    has not issued it yet (issuing is idempotent: that job then finds it): the invoice on
    the ``order.paid`` receipt and on the receipt of a later charge (an event carrying a
    ``charge``), the credit note on the ``order.refunded`` mail. The refund notice
    (``order.refund_scheduled``) goes before the refund is made: it carries nothing."""
    charge = charge_of(event.data)
    if event.type not in ("order.paid", "order.refunded") and charge is None:
        return None
    order_id = charge["order_id"] if charge is not None else event.data.get("order_id")
    order = tuition.services.order(session, str(order_id))
    if order is None:
        return None
    now = utcnow()
    if charge is not None:
        document = issue_charge_invoice(session, tenant, order, charge, now)
    elif event.type == "order.paid":
        document = issue_invoice(session, tenant, order, now)
    else:
        refunded = int(event.data["refunded_amount"])
        document = issue_credit_note(session, tenant, order, refunded, now)
    if document is None:
        return None
    return [MailAttachment(f"{document.number}.pdf", "application/pdf", render(document))]


@hookimpl
def tuition_student_data(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    return personal_data.export(session, student)


@hookimpl
def tuition_erase_student(session: Session, student: StudentRecord) -> ErasureReport:
    return personal_data.erase(session, student)
