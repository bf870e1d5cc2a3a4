"""Issuing invoices (one per paid order) and credit notes (one per refund), idempotently,
inside the caller's transaction (never committed here)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import OrderRecord, TenantRecord, pick_language

from . import numbering
from .content import Content, charge_content, order_content, share
from .models import CREDIT_NOTE, INVOICE, Invoice
from .settings import LANGUAGES, InvoicesSettings

PLUGIN = "invoices"


def settings_of(tenant: TenantRecord) -> dict[str, Any]:
    """The tenant's settings with every default filled in."""
    stored = tenant.plugin_settings().get(PLUGIN) or {}
    loaded: dict[str, Any] = InvoicesSettings().load(stored)
    return loaded


def seller_of(settings: Mapping[str, Any], tenant: TenantRecord) -> dict[str, Any]:
    return {
        "name": settings["seller_name"] or tenant.name,
        "address": list(settings["seller_address"]),
        "vat_id": settings["seller_vat_id"],
        "email": settings["seller_email"],
        "logo_base64": settings["logo_base64"],
        "footer": settings["footer"],
    }


def language_of(order: OrderRecord, settings: Mapping[str, Any]) -> str:
    """The documents' language for ``order``'s buyer: their ``locale`` where the plugin
    has labels for it (``fr-FR`` → ``fr``), else the tenant's ``language``, else English."""
    return pick_language(LANGUAGES, order.student.locale, settings["language"])


def _existing(session: Session, source: str) -> Invoice | None:
    return session.scalar(select(Invoice).where(Invoice.source == source))


def _write(
    session: Session,
    tenant: TenantRecord,
    settings: Mapping[str, Any],
    *,
    kind: str,
    source: str,
    order: OrderRecord,
    content: Content,
    now: datetime,
    credits: Invoice | None = None,
) -> Invoice:
    """Number and add the document, or return the one ``source`` already issued."""
    found = _existing(session, source)
    if found is not None:
        return found
    prefix = settings["invoice_prefix"] if kind == INVOICE else settings["credit_note_prefix"]
    series = numbering.series_for(prefix, now)
    try:
        with session.begin_nested():
            sequence = numbering.take(session, tenant.id, series)
            document = Invoice(
                tenant_id=tenant.id,
                kind=kind,
                series=series,
                sequence=sequence,
                number=numbering.format_number(series, sequence, settings["number_digits"]),
                source=source,
                order_id=order.id,
                student_id=order.student_id,
                credits_id=credits.id if credits is not None else None,
                credits_number=credits.number if credits is not None else None,
                issued_at=now,
                currency=content.currency,
                net=content.net,
                tax=content.tax,
                gross=content.gross,
                language=credits.language if credits is not None else language_of(order, settings),
                seller=credits.seller if credits is not None else seller_of(settings, tenant),
                buyer=content.buyer,
                lines=content.lines,
                breakdown=content.breakdown,
                notes=[*content.notes, *settings["legal_notes"]],
            )
            session.add(document)
            session.flush()
    except IntegrityError:
        # A concurrent issuer wrote it first; the savepoint gave the number back.
        found = _existing(session, source)
        if found is None:
            raise
        return found
    return document


def issue_invoice(
    session: Session, tenant: TenantRecord, order: OrderRecord, now: datetime
) -> Invoice:
    """The invoice of paid ``order``: issued now, or the one issued before."""
    settings = settings_of(tenant)
    return _write(
        session,
        tenant,
        settings,
        kind=INVOICE,
        source=f"order:{order.id}",
        order=order,
        content=order_content(order),
        now=now,
    )


def charge_of(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The later charge an event reports (its data's ``charge``: ``order_id``, ``number``
    ≥ 2, ``amount`` > 0, ``currency``, optional ``tax_amount``, ``description`` and
    ``key``), or None. Charge 1 is the order's own payment, invoiced on ``order.paid``;
    a charge outside the schedule's numbers (an upgrade's prorated difference) names
    itself with ``key`` instead, and may then carry any ``number`` ≥ 1."""
    charge = data.get("charge")
    if not isinstance(charge, Mapping):
        return None
    number, amount, key = charge.get("number"), charge.get("amount"), charge.get("key")
    if key is not None and not (isinstance(key, str) and 0 < len(key) <= 64):
        return None
    if not (
        isinstance(number, int)
        and number >= (1 if key else 2)
        and isinstance(amount, int)
        and amount > 0
        and charge.get("order_id")
        and charge.get("currency")
    ):
        return None
    return dict(charge)


def _charge_source(order_id: str, charge: Mapping[str, Any]) -> str:
    return f"charge:{order_id}:{charge.get('key') or int(charge['number'])}"


def issue_charge_invoice(
    session: Session,
    tenant: TenantRecord,
    order: OrderRecord,
    charge: Mapping[str, Any],
    now: datetime,
) -> Invoice | None:
    """The invoice of a later ``charge`` of ``order`` (from :func:`charge_of`): issued now
    in the invoice series, or the one issued before (``source`` ``charge:<order>:<n>``,
    or ``charge:<order>:<key>``).
    None when the charge is not in the order's currency (its tax cannot be derived)."""
    if str(charge["currency"]).upper() != order.currency:
        return None
    description = charge.get("description")
    return _write(
        session,
        tenant,
        settings_of(tenant),
        kind=INVOICE,
        source=_charge_source(order.id, charge),
        order=order,
        content=charge_content(
            order,
            int(charge["amount"]),
            str(description) if description else None,
            charge["tax_amount"] if isinstance(charge.get("tax_amount"), int) else None,
        ),
        now=now,
    )


def invoice_of(session: Session, order_id: str) -> Invoice | None:
    return _existing(session, f"order:{order_id}")


def _refund_source(order_id: str, total: int) -> str:
    return f"refund:{order_id}:{total}"


def issue_credit_note(
    session: Session,
    tenant: TenantRecord,
    order: OrderRecord,
    refunded_total: int,
    now: datetime,
) -> Invoice | None:
    """A credit note for what the refunds of ``order`` gave back beyond earlier credit
    notes (``refunded_total`` is the order's refunded amount so far), with the invoice's
    tax in proportion; the one issued before for the same ``refunded_total`` (the event's
    job, or the refund mail's attachment, came first). None when the order has no invoice
    or nothing new was refunded."""
    invoice = invoice_of(session, order.id)
    if invoice is None:
        return None
    found = _existing(session, _refund_source(order.id, min(refunded_total, invoice.gross)))
    if found is not None:
        return found
    credited_gross, credited_tax = session.execute(
        select(
            func.coalesce(func.sum(Invoice.gross), 0), func.coalesce(func.sum(Invoice.tax), 0)
        ).where(Invoice.kind == CREDIT_NOTE, Invoice.credits_id == invoice.id)
    ).one()
    total = min(refunded_total, invoice.gross)
    gross = total + int(credited_gross)  # credit notes hold negative amounts
    if gross <= 0:
        return None
    tax = share(invoice.tax, total, invoice.gross) + int(credited_tax)
    return _write(
        session,
        tenant,
        settings_of(tenant),
        kind=CREDIT_NOTE,
        source=_refund_source(order.id, total),
        order=order,
        content=_credit_content(tenant, invoice, gross, tax),
        now=now,
        credits=invoice,
    )


def _credit_content(tenant: TenantRecord, invoice: Invoice, gross: int, tax: int) -> Content:
    """What a credit note of ``gross`` (``tax`` in it) of ``invoice`` prints: the
    invoice's line, rate, buyer and notes (not the tenant's legal notes, added anew), with
    negative amounts."""
    net = gross - tax
    line = dict(invoice.lines[0]) if invoice.lines else {}
    line.update({"net": -net, "tax": -tax, "gross": -gross, "list_amount": None})
    line.update({"discount_amount": 0, "discount_code": None})
    breakdown = [
        {**entry, "net": -net, "tax": -tax, "gross": -gross} for entry in invoice.breakdown[:1]
    ]
    return Content(
        currency=invoice.currency,
        net=-net,
        tax=-tax,
        gross=-gross,
        lines=[line],
        breakdown=breakdown,
        buyer=dict(invoice.buyer),
        notes=[n for n in invoice.notes if n not in settings_of(tenant)["legal_notes"]],
    )


def _credited(session: Session, invoice: Invoice) -> int:
    """What the credit notes of ``invoice`` gave back so far (a positive amount)."""
    total = session.scalar(
        select(func.coalesce(func.sum(Invoice.gross), 0)).where(
            Invoice.kind == CREDIT_NOTE, Invoice.credits_id == invoice.id
        )
    )
    return -int(total or 0)


def credit_of(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The refund of one charge an event reports (its data's ``credit``: ``order_id``,
    ``key`` naming the refund, ``amount`` > 0, ``currency``, optional ``tax_amount``, and
    the charge it gives back: ``number`` 1 for the order's own payment, else ``charge``,
    the charge as :func:`charge_of` reads it), or None."""
    credit = data.get("credit")
    if not isinstance(credit, Mapping):
        return None
    key, amount = credit.get("key"), credit.get("amount")
    charge = credit.get("charge")
    if not (
        isinstance(key, str)
        and 0 < len(key) <= 80
        and isinstance(amount, int)
        and amount > 0
        and credit.get("order_id")
        and credit.get("currency")
        and (credit.get("number") == 1 or charge_of({"charge": charge}) is not None)
    ):
        return None
    return dict(credit)


def issue_charge_credit_note(
    session: Session,
    tenant: TenantRecord,
    order: OrderRecord,
    credit: Mapping[str, Any],
    now: datetime,
) -> Invoice | None:
    """The credit note of the refund ``credit`` (from :func:`credit_of`) of one charge of
    ``order``: issued now, referencing the invoice of the charge it gives back (that
    invoice issued first if it was not: a renewal refunded as it came in), or the one
    issued before for the same ``key`` (``source`` ``credit:<order>:<key>``). Its tax is
    the ``tax_amount`` the refund carries, else the invoice's in proportion; never more
    than the invoice has left to credit. None when there is no invoice to credit (another
    currency, an unpaid order) or nothing is left of it."""
    source = f"credit:{order.id}:{credit['key']}"
    found = _existing(session, source)
    if found is not None:
        return found
    if str(credit["currency"]).upper() != order.currency:
        return None
    charge = charge_of({"charge": credit.get("charge")})
    if charge is not None:
        invoice = issue_charge_invoice(session, tenant, order, charge, now)
    else:
        invoice = invoice_of(session, order.id)
    if invoice is None or invoice.gross <= 0:
        return None
    gross = min(int(credit["amount"]), invoice.gross - _credited(session, invoice))
    if gross <= 0:
        return None
    tax = credit.get("tax_amount")
    if not isinstance(tax, int) or not 0 <= tax <= gross or gross != credit["amount"]:
        tax = share(invoice.tax, gross, invoice.gross)
    return _write(
        session,
        tenant,
        settings_of(tenant),
        kind=CREDIT_NOTE,
        source=source,
        order=order,
        content=_credit_content(tenant, invoice, gross, tax),
        now=now,
        credits=invoice,
    )
