"""The plugin's tables: one counter per tenant and series, and the documents issued."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, JSONType, TenantScoped, new_id, utcnow

INVOICE = "invoice"
CREDIT_NOTE = "credit_note"
KINDS = (INVOICE, CREDIT_NOTE)


class InvoiceCounter(TenantScoped, Base):
    """The last number given in one series (a prefix such as ``INV-2026-``) of a tenant.

    Changed only by ``UPDATE … SET last_number = last_number + 1`` in the transaction that
    writes the document: the row stays locked until that transaction ends, so concurrent
    issuers wait for each other, and a rollback gives the number back (no gap)."""

    __tablename__ = "invoice_counters"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("ivc"))
    series: Mapped[str] = mapped_column(String(64))
    last_number: Mapped[int] = mapped_column(default=0)

    __table_args__ = (UniqueConstraint("tenant_id", "series"),)


class Invoice(TenantScoped, Base):
    """An invoice (per paid order) or a credit note (per refund, ``credits`` its invoice).

    Everything printed is copied in when it is issued (seller, buyer, lines, tax breakdown,
    currency, totals, language, notes) and never changed afterwards: an update through the
    ORM raises. ``source`` (``order:<id>`` or ``refund:<order id>:<refunded total>``) makes
    issuing idempotent per tenant."""

    __tablename__ = "invoices"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("inv"))
    kind: Mapped[str] = mapped_column(String(16))
    series: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int]
    number: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(120))
    order_id: Mapped[str] = mapped_column(String(32))
    student_id: Mapped[str | None] = mapped_column(String(32), default=None)
    credits_id: Mapped[str | None] = mapped_column(String(32), default=None)
    credits_number: Mapped[str | None] = mapped_column(String(100), default=None)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    currency: Mapped[str] = mapped_column(String(3))
    net: Mapped[int]
    tax: Mapped[int]
    gross: Mapped[int]
    language: Mapped[str] = mapped_column(String(8), default="en")
    seller: Mapped[dict[str, Any]] = mapped_column(JSONType)
    buyer: Mapped[dict[str, Any]] = mapped_column(JSONType)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    breakdown: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    notes: Mapped[list[str]] = mapped_column(JSONType)

    __table_args__ = (
        UniqueConstraint("tenant_id", "series", "sequence"),
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "source"),
        CheckConstraint("kind IN ('invoice', 'credit_note')", name="invoice_kind"),
        CheckConstraint("net + tax = gross", name="invoice_totals"),
        Index("ix_invoices_issued", "tenant_id", "issued_at"),
        Index("ix_invoices_student", "tenant_id", "student_id", "issued_at"),
        Index("ix_invoices_order", "tenant_id", "order_id"),
    )


class InvoiceImmutable(RuntimeError):
    """An issued invoice was about to be changed."""


@event.listens_for(Invoice, "before_update")
def _refuse_update(mapper: Any, connection: Any, target: Invoice) -> None:
    raise InvoiceImmutable(f"invoice {target.number} was issued and cannot be changed")
