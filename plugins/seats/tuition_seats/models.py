"""The plugin's tables: seat purchases and their seat codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, TenantScoped, new_id, utcnow


class SeatPurchase(TenantScoped, Base):
    """``seats`` seats of a course bought in one order by ``buyer_id``, whose own
    enrollment (``enrollment_id``, the order's) is the first seat; the other
    ``seats - 1`` are redeemed with the purchase's codes or its link.

    ``redeemed`` counts redemptions and ``reserved`` the course seats set aside for the
    seats not redeemed yet; both change only through conditional UPDATEs, so that no more
    than ``seats - 1`` redemptions ever happen under any concurrency. ``status``:
    ``pending`` (checkout open), ``active`` (paid: codes issued), ``canceled`` (the checkout
    ended unpaid), ``refunded`` (unused codes void)."""

    __tablename__ = "seat_purchases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("spu"))
    buyer_id: Mapped[str] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    enrollment_id: Mapped[str] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), unique=True
    )
    order_id: Mapped[str | None] = mapped_column(String(32), default=None)
    seats: Mapped[int] = mapped_column()
    redeemed: Mapped[int] = mapped_column(default=0)
    reserved: Mapped[int] = mapped_column(default=0)
    #: False when the owner granted the purchase beyond capacity: redemptions take no seat.
    counts_seats: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    #: The shareable redemption token (the link's ``code``), set when the purchase is paid.
    link_code: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        UniqueConstraint("tenant_id", "link_code"),
        CheckConstraint("seats >= 2", name="seats_at_least_two"),
        CheckConstraint("redeemed >= 0 AND redeemed <= seats - 1", name="redeemed_within_seats"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        CheckConstraint(
            "status IN ('pending', 'active', 'canceled', 'refunded')", name="purchase_status"
        ),
        Index("ix_seat_purchases_buyer", "tenant_id", "buyer_id", "created_at"),
    )


class SeatCode(TenantScoped, Base):
    """One seat of a purchase: ``unused`` until a student redeems it (``redeemed``, with
    the student and enrollment), ``revoked`` by the site owner (a new code replaces it) or
    ``void`` (the purchase was refunded)."""

    __tablename__ = "seat_codes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("sco"))
    purchase_id: Mapped[str] = mapped_column(ForeignKey("seat_purchases.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="unused")
    student_id: Mapped[str | None] = mapped_column(
        ForeignKey("students.id", ondelete="SET NULL"), default=None
    )
    enrollment_id: Mapped[str | None] = mapped_column(String(32), default=None)
    #: ``code`` (the student typed this code) or ``link`` (the purchase's link).
    redeemed_with: Mapped[str | None] = mapped_column(String(8), default=None)
    redeemed_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    replaced_by: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        CheckConstraint(
            "status IN ('unused', 'redeemed', 'revoked', 'void')", name="seat_code_status"
        ),
        Index("ix_seat_codes_purchase", "tenant_id", "purchase_id", "status"),
    )
