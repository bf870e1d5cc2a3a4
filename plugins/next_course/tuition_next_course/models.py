"""Offers made to students: one per (student, offered course, course it follows, trigger)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, TenantScoped, new_id, utcnow


class NextCourseOffer(TenantScoped, Base):
    """The next course offered to a student after activating or completing another."""

    __tablename__ = "next_course_offers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("nco"))
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    from_course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    trigger: Mapped[str] = mapped_column(String(16))  # activated | completed
    message: Mapped[str | None] = mapped_column(String(500), default=None)
    price_amount: Mapped[int | None] = mapped_column(default=None)
    price_currency: Mapped[str | None] = mapped_column(String(3), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "student_id", "course_id", "from_course_id", "trigger"),
        Index("ix_next_course_offers_student", "tenant_id", "student_id"),
    )
