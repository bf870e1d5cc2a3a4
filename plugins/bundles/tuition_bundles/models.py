"""The plugin's table: what a bundle's enrollment holds of each member course."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, TenantScoped, new_id, utcnow

#: A grant's states: ``held`` (a seat of the member course is set aside for the bundle's
#: open checkout), ``released`` (the checkout ended unpaid: the seat was given back),
#: ``owned`` (the student owned the course already: no seat, no enrollment, credited),
#: ``enrolled`` (the bundle was paid: ``member_enrollment_id`` is the course's enrollment),
#: ``ended`` (the bundle was refunded or ended: its member enrollment was ended).
GRANT_STATES = ("held", "released", "owned", "enrolled", "ended")


class Grant(TenantScoped, Base):
    """One member course of one bundle enrollment. Every change of ``state`` is a
    conditional UPDATE from the state expected, so each step happens exactly once whatever
    order or number of times the events that cause it arrive."""

    __tablename__ = "bundle_grants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("bdg"))
    bundle_enrollment_id: Mapped[str] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE")
    )
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    member_enrollment_id: Mapped[str | None] = mapped_column(
        ForeignKey("enrollments.id", ondelete="SET NULL"), default=None
    )
    state: Mapped[str] = mapped_column(String(16))
    #: False when the bundle's enrollment took no seat (the owner enrolled beyond capacity).
    counts_seat: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("bundle_enrollment_id", "course_id"),
        CheckConstraint(
            "state IN ('held', 'released', 'owned', 'enrolled', 'ended')", name="grant_state"
        ),
        Index("ix_bundle_grants_member", "tenant_id", "member_enrollment_id"),
    )
