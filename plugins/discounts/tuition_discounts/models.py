"""The plugin's tables: discount codes and their redemptions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, JSONType, TenantScoped, new_id, utcnow


class DiscountCode(TenantScoped, Base):
    """A code a student types at checkout: percent or fixed amount (per currency) off, for
    every course or a list, within dates and limits. ``code`` is stored normalised
    (upper case); ``redeemed`` counts the live redemptions, changed only by conditional
    UPDATEs so that ``max_redemptions`` holds under any concurrency."""

    __tablename__ = "discount_codes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("dsc"))
    code: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(500), default="")
    #: Percent off, 0 to 100 (0: an access code that only unlocks a course).
    percent_off: Mapped[int | None] = mapped_column(default=None)
    #: Fixed amounts off by currency, ``{"EUR": 1000}`` (minor units).
    amounts_off: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    #: Slugs of the courses it applies to; None: every course.
    courses: Mapped[list[str] | None] = mapped_column(JSONType, default=None)
    valid_from: Mapped[datetime | None] = mapped_column(default=None)
    valid_until: Mapped[datetime | None] = mapped_column(default=None)
    max_redemptions: Mapped[int | None] = mapped_column(default=None)
    per_student_limit: Mapped[int | None] = mapped_column(default=1)
    #: Minimum list price by currency, ``{"EUR": 2000}``; a course below it is not eligible.
    min_price: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(default=True)
    redeemed: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        CheckConstraint("redeemed >= 0", name="redeemed_not_negative"),
        CheckConstraint(
            "max_redemptions IS NULL OR redeemed <= max_redemptions", name="redeemed_within_max"
        ),
    )


class Redemption(TenantScoped, Base):
    """One use of a code by one enrollment: ``held`` while its checkout is open, ``used``
    once the enrollment is active, ``released`` when the checkout ended unpaid (the code's
    counter got it back). ``slot`` numbers a student's live uses of a code (1, 2, …);
    the unique (code, student, slot) makes the per-student limit race-safe, and a released
    use frees its slot (NULL)."""

    __tablename__ = "discount_redemptions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("dsr"))
    code_id: Mapped[str] = mapped_column(ForeignKey("discount_codes.id", ondelete="CASCADE"))
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    enrollment_id: Mapped[str] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), unique=True
    )
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    order_id: Mapped[str | None] = mapped_column(String(32), default=None)
    slot: Mapped[int | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16), default="held")
    currency: Mapped[str | None] = mapped_column(String(3), default=None)
    list_amount: Mapped[int] = mapped_column(default=0)
    discount_amount: Mapped[int] = mapped_column(default=0)
    amount: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        UniqueConstraint("code_id", "student_id", "slot"),
        CheckConstraint("status IN ('held', 'used', 'released')", name="redemption_status"),
        Index("ix_discount_redemptions_code", "tenant_id", "code_id", "created_at"),
    )
