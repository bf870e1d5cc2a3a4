"""The provider's ledger. A real provider keeps this on its own servers; the example keeps it
in one table of Tuition's database (created by ``migrations/0001_example_payments.py``)."""

from __future__ import annotations

from sqlalchemy import PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, TenantScoped


class ExamplePayment(TenantScoped, Base):
    """An order the provider's side reported as paid (a payment note), and what was refunded.

    ``TenantScoped`` adds ``tenant_id``, so tenant sessions only see their own rows.
    """

    __tablename__ = "example_payments"
    __table_args__ = (PrimaryKeyConstraint("tenant_id", "order_id"),)

    order_id: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    refunded_amount: Mapped[int] = mapped_column(default=0)
