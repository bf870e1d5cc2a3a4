"""Core's side of :class:`tuition.plugin_api.CoreServices`: what a plugin may ask core to
change, each written through the caller's session, never committed here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy.orm import Session

from tuition.models import Course, Order, Tenant
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


__all__ = ["PluginServices"]
