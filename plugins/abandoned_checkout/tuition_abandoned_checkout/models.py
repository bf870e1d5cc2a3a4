"""One reminder per abandoned order, and whether the student came back and paid."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, TenantScoped, new_id, utcnow


class CheckoutReminder(TenantScoped, Base):
    """The reminder sent for an unpaid order; ``recovered_*`` once the course was paid."""

    __tablename__ = "checkout_reminders"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("rem"))
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    reminded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recovered_order_id: Mapped[str | None] = mapped_column(String(32), default=None)
    recovered_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        UniqueConstraint("order_id"),
        Index("ix_checkout_reminders_student_course", "tenant_id", "student_id", "course_id"),
    )
