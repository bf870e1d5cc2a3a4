"""Core's side of :class:`tuition.plugin_api.CoreServices`: what a plugin may ask core to
change, each written through the caller's session, never committed here."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.models import Course, Enrollment, Order, Tenant
from tuition.plugin_api.errors import EnrollmentRefused
from tuition.plugin_api.records import (
    CourseRecord,
    EnrollmentRecord,
    OrderRecord,
    TenantRecord,
)
from tuition.plugin_api.values import DomainEvent, EnrollmentContext
from tuition.services import enrollment, events

if TYPE_CHECKING:
    from tuition.runtime import Tuition


class PluginServices:
    """The services a plugin reaches through ``host.services``."""

    def __init__(self, tuition: Tuition) -> None:
        self._tuition = tuition

    def take_seat(self, session: Session, course: CourseRecord) -> None:
        enrollment.take_seat(session, cast(Course, course))

    def reserve_seat(self, session: Session, course: CourseRecord) -> bool:
        try:
            enrollment.take_seat(session, cast(Course, course))
        except EnrollmentRefused:
            return False
        return True

    def release_seat(self, session: Session, course: CourseRecord) -> None:
        enrollment.release_seat(session, cast(Course, course))

    def add_enrollment(self, ctx: EnrollmentContext, *, status: str,
                       source: str) -> EnrollmentRecord:
        return enrollment.add_enrollment(ctx, status=status, source=source)

    def mark_checkout_abandoned(self, order: OrderRecord, at: datetime) -> None:
        row = cast(Order, order)
        if row.abandoned_at is None:
            row.abandoned_at = at

    def emit_event(self, session: Session, tenant: TenantRecord, type_: str,
                   data: Mapping[str, Any]) -> DomainEvent:
        return events.emit(self._tuition, session, cast(Tenant, tenant), type_, data)

    def tenant(self, session: Session, tenant_id: str) -> TenantRecord | None:
        return session.get(Tenant, tenant_id)

    def course(self, session: Session, *, id: str | None = None,
               slug: str | None = None) -> CourseRecord | None:
        if (id is None) == (slug is None):
            raise TypeError("course(): give exactly one of id and slug")
        where = Course.id == id if id is not None else Course.slug == slug
        return session.scalar(select(Course).where(where)
                              .execution_options(populate_existing=True))

    def courses(self, session: Session, *,
                ids: Collection[str] | None = None) -> list[CourseRecord]:
        stmt = select(Course).order_by(Course.slug, Course.id)
        if ids is not None:
            stmt = stmt.where(Course.id.in_(list(ids)))
        return list(session.scalars(stmt))

    def enrollment(self, session: Session, id: str) -> EnrollmentRecord | None:
        return session.scalar(select(Enrollment).where(Enrollment.id == id)
                              .execution_options(populate_existing=True))

    def enrollments(self, session: Session, *, ids: Collection[str] | None = None,
                    student_id: str | None = None,
                    course_ids: Collection[str] | None = None,
                    statuses: Collection[str] | None = None) -> list[EnrollmentRecord]:
        stmt = select(Enrollment).order_by(Enrollment.created_at, Enrollment.id)
        if ids is not None:
            stmt = stmt.where(Enrollment.id.in_(list(ids)))
        if student_id is not None:
            stmt = stmt.where(Enrollment.student_id == student_id)
        if course_ids is not None:
            stmt = stmt.where(Enrollment.course_id.in_(list(course_ids)))
        if statuses is not None:
            stmt = stmt.where(Enrollment.status.in_(list(statuses)))
        return list(session.scalars(stmt))


__all__ = ["PluginServices"]
