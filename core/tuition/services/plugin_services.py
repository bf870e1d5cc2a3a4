"""Core's side of :class:`tuition.plugin_api.CoreServices`: what a plugin may ask core to
change, each written through the caller's session, never committed here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tuition.db import across_tenants
from tuition.models import Course, Order, Tenant
from tuition.plugin_api.errors import EnrollmentRefused
from tuition.plugin_api.payments import OrderInfo, PaymentProvider
from tuition.plugin_api.records import (
    CourseRecord,
    EnrollmentRecord,
    OrderRecord,
    TenantRecord,
)
from tuition.plugin_api.values import DomainEvent, EnrollmentContext
from tuition.services import courses, enrollment, events, orders

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

    def tenant(self, session: Session, tenant_id: str | None = None, *,
               slug: str | None = None) -> TenantRecord | None:
        if (tenant_id is None) == (slug is None):
            raise TypeError("tenant() takes tenant_id or slug, not both")
        stmt = select(Tenant).options(joinedload(Tenant.plugins))
        stmt = stmt.where(Tenant.id == tenant_id if tenant_id is not None
                          else Tenant.slug == slug)
        with across_tenants(session):
            found = session.scalars(stmt).unique().first()
        scope = session.info.get("tenant_id")
        if found is None or (scope is not None and found.id != scope):
            return None
        return found

    def course(self, session: Session, *, id: str | None = None,
               slug: str | None = None) -> CourseRecord | None:
        if (id is None) == (slug is None):
            raise TypeError("course() takes id or slug, not both")
        return session.scalar(select(Course).where(
            Course.id == id if id is not None else Course.slug == slug))

    def courses(self, session: Session, *, ids: Iterable[str] | None = None,
                pricing_model: str | None = None) -> list[CourseRecord]:
        stmt = select(Course).order_by(Course.slug)
        if ids is not None:
            stmt = stmt.where(Course.id.in_(list(ids)))
        if pricing_model is not None:
            stmt = stmt.where(Course.pricing_model == pricing_model)
        return list(session.scalars(stmt))

    def set_course_attributes(self, session: Session, course: CourseRecord, plugin: str,
                              values: Mapping[str, Any]) -> bool:
        return courses.set_plugin_attributes(self._tuition, session, cast(Course, course),
                                             plugin, values)

    def order(self, session: Session, order_id: str) -> OrderRecord | None:
        found = session.get(Order, order_id)
        if found is None or found.tenant_id != session.info.get("tenant_id", found.tenant_id):
            return None
        return found

    def order_info(self, order: OrderRecord, tenant: TenantRecord) -> OrderInfo:
        return orders.order_info(cast(Order, order), cast(Tenant, tenant))

    def payment_provider(self, tenant: TenantRecord, name: str) -> PaymentProvider:
        return orders.provider(self._tuition, cast(Tenant, tenant), name)


__all__ = ["PluginServices"]
