"""The cohorts plugin's tables. Every counter (``seats_taken``) moves only through atomic
conditional UPDATEs, and CHECK constraints keep it within capacity on both databases."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tuition.plugin_api import Base, TenantScoped, new_id, utcnow

SEAT_STATUSES = ("held", "taken", "lapsed", "released")
STEP_STATUSES = ("unbooked", "booked", "completed")
WAITLIST_STATUSES = ("waiting", "offered", "accepted", "expired", "left")
_LIVE_WAIT_SQL = "status IN ('waiting', 'offered')"
_LIVE_COURSE_WAIT_SQL = "cohort_id IS NULL AND status IN ('waiting', 'offered')"


class Cohort(TenantScoped, Base):
    """A dated run of a course with a limited number of seats."""

    __tablename__ = "cohorts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("coh"))
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int]
    seats_taken: Mapped[int] = mapped_column(default=0)
    enrollment_deadline: Mapped[datetime | None] = mapped_column(default=None)
    starts_on: Mapped[date | None] = mapped_column(Date, default=None)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "course_id", "slug"),
        CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= capacity", name="cohort_seats_within_capacity"
        ),
        CheckConstraint("capacity >= 0", name="cohort_capacity_not_negative"),
    )


class CourseStep(TenantScoped, Base):
    """One ordered step of a cohort course (a module, a week) booked per enrollment."""

    __tablename__ = "cohort_steps"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("stp"))
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("tenant_id", "course_id", "label"),)


class SessionOption(TenantScoped, Base):
    """A session a student of one cohort may book for one step (weekly or on a date)."""

    __tablename__ = "cohort_session_options"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("opt"))
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    step_id: Mapped[str] = mapped_column(ForeignKey("cohort_steps.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    weekday: Mapped[int | None] = mapped_column(default=None)  # 0 = Monday
    on_date: Mapped[date | None] = mapped_column(Date, default=None)
    start_time: Mapped[str] = mapped_column(String(5))  # HH:MM, local to ``timezone``
    end_time: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Where: a room, an address or a meeting link (free text, shown to students).
    location: Mapped[str | None] = mapped_column(String(500), default=None)
    capacity: Mapped[int]
    seats_taken: Mapped[int] = mapped_column(default=0)

    step: Mapped[CourseStep] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= capacity", name="option_seats_within_capacity"
        ),
        CheckConstraint(
            "weekday IS NULL OR (weekday >= 0 AND weekday <= 6)", name="option_weekday"
        ),
        Index("ix_cohort_session_options_cohort_step", "cohort_id", "step_id"),
    )


class CohortSeat(TenantScoped, Base):
    """What one enrollment holds in its cohort: a hold during checkout, then a seat.

    ``held`` counts against capacity until ``hold_until``; past it the hold may be
    ``lapsed`` (seat given back) when someone else needs the seat. ``released`` means the
    enrollment ended.
    """

    __tablename__ = "cohort_seats"

    enrollment_id: Mapped[str] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), primary_key=True
    )
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(16))
    hold_until: Mapped[datetime | None] = mapped_column(default=None)
    #: False for a seat the site owner gave beyond capacity (``ctx.beyond_capacity``): not
    #: in ``Cohort.seats_taken``, so nothing is given back when it is released.
    counted: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    cohort: Mapped[Cohort] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(
            "status IN ('held', 'taken', 'lapsed', 'released')", name="cohort_seat_status"
        ),
        Index("ix_cohort_seats_cohort_status", "cohort_id", "status"),
    )


class StepProgress(TenantScoped, Base):
    """One step of one enrollment: unbooked → booked (an option) → completed."""

    __tablename__ = "cohort_step_progress"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("prg"))
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"))
    step_id: Mapped[str] = mapped_column(ForeignKey("cohort_steps.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="unbooked")
    option_id: Mapped[str | None] = mapped_column(
        ForeignKey("cohort_session_options.id", ondelete="SET NULL"), default=None
    )
    booked_at: Mapped[datetime | None] = mapped_column(default=None)
    completed_at: Mapped[datetime | None] = mapped_column(default=None)

    step: Mapped[CourseStep] = relationship(lazy="joined")
    option: Mapped[SessionOption | None] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("enrollment_id", "step_id"),
        CheckConstraint(
            "status IN ('unbooked', 'booked', 'completed')", name="step_progress_status"
        ),
        Index("ix_cohort_step_progress_option", "option_id"),
        Index("ix_cohort_step_progress_step", "step_id"),
    )


class WaitlistEntry(TenantScoped, Base):
    """A student waiting for a seat in a full cohort; first come, first offered."""

    __tablename__ = "cohort_waitlist"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("wai"))
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    #: The full cohort waited for; None for a capacity-limited course sold without cohorts.
    cohort_id: Mapped[str | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), default=None
    )
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    offer_expires_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    cohort: Mapped[Cohort | None] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(
            "status IN ('waiting', 'offered', 'accepted', 'expired', 'left')",
            name="waitlist_status",
        ),
        Index(
            "uq_cohort_waitlist_live",
            "tenant_id",
            "cohort_id",
            "student_id",
            unique=True,
            sqlite_where=text(_LIVE_WAIT_SQL),
            postgresql_where=text(_LIVE_WAIT_SQL),
        ),
        Index(
            "uq_cohort_waitlist_live_course",
            "tenant_id",
            "course_id",
            "student_id",
            unique=True,
            sqlite_where=text(_LIVE_COURSE_WAIT_SQL),
            postgresql_where=text(_LIVE_COURSE_WAIT_SQL),
        ),
        Index("ix_cohort_waitlist_course_queue", "course_id", "status", "created_at"),
        Index("ix_cohort_waitlist_queue", "cohort_id", "status", "created_at"),
    )
