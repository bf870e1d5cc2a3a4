"""The plugin's table: VIES's answers about VAT IDs, kept for the cache period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
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
