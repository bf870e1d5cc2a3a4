"""The plugin's tables: VIES's answers about VAT IDs, kept for the cache period, and the
sales whose VAT ID VIES could not check yet."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, TenantScoped, new_id, utcnow


class VatCheck(TenantScoped, Base):
    """What VIES last said about a VAT ID (compact, with its country prefix): registered
    (``valid``) or not, when, and its consultation number. Only definite answers are kept:
    an ID VIES could not check is asked again at the next sale."""

    __tablename__ = "taxes_vat_checks"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("vck"))
    vat_id: Mapped[str] = mapped_column(String(32))
    valid: Mapped[bool]
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    request_identifier: Mapped[str | None] = mapped_column(String(64), default=None)

    __table_args__ = (UniqueConstraint("tenant_id", "vat_id"),)


RECHECK_STATUSES = ("unverified", "valid", "invalid")


class VatRecheck(TenantScoped, Base):
    """A sale whose buyer's VAT ID VIES could not check when it was made (``unverified``:
    the sale went on with the reverse charge the offline check allowed). The sweep asks
    VIES again (a bounded batch, with backoff: ``next_check_at``) until it answers, then
    records ``valid`` or ``invalid`` with the consultation number; an invalid one is
    written to the audit log for the site owner."""

    __tablename__ = "taxes_vat_rechecks"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("vrc"))
    order_id: Mapped[str] = mapped_column(String(32))
    vat_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="unverified")
    attempts: Mapped[int] = mapped_column(default=0)
    next_check_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_at: Mapped[datetime | None] = mapped_column(default=None)
    request_identifier: Mapped[str | None] = mapped_column(String(64), default=None)
    reason: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "order_id"),
        CheckConstraint("status IN ('unverified', 'valid', 'invalid')", name="vat_recheck_status"),
        Index("ix_taxes_vat_rechecks_due", "tenant_id", "status", "next_check_at"),
    )
