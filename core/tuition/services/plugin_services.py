"""Core's side of :class:`tuition.plugin_api.CoreServices`: what a plugin may ask core to
change, each written through the caller's session, never committed here."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session, aliased, joinedload

from tuition.db import across_tenants
from tuition.models import (
    LIVE_ENROLLMENT_STATUSES,
    OWNED_ENROLLMENT_STATUSES,
    Course,
    Enrollment,
    Order,
    OrderStatus,
    StaffMember,
    Student,
    Tenant,
    TenantPlugin,
)
from tuition.plugin_api.payments import OrderInfo, PaymentProvider, Schedule
from tuition.plugin_api.records import (
    CourseRecord,
    EnrollmentRecord,
    OrderRecord,
    StudentRecord,
    TenantRecord,
)
from tuition.plugin_api.values import (
    DomainEvent,
    EnrollmentContext,
    MailAttachment,
    ManualEnrollment,
    OrderTax,
)
from tuition.services import (
    audit,
    auth_tokens,
    capacity,
    courses,
    enrollment,
    events,
    orders,
    providers,
    staff,
)

if TYPE_CHECKING:
    from tuition.runtime import Tuition


class PluginServices:
    """The services a plugin reaches through ``host.services``."""

    def __init__(self, tuition: Tuition) -> None:
        self._tuition = tuition

    def reserve_seat(self, session: Session, course: CourseRecord) -> bool:
        return capacity.take_seat_if_free(session, cast(Course, course))

    def release_seat(self, session: Session, course: CourseRecord) -> None:
        capacity.release_seat(session, cast(Course, course))

    def add_enrollment(
        self, ctx: EnrollmentContext, *, status: str, source: str
    ) -> EnrollmentRecord:
        return enrollment.add_enrollment(ctx, status=status, source=source)

    def enroll(
        self,
        session: Session,
        tenant: TenantRecord,
        student: StudentRecord,
        course: CourseRecord,
        manual: ManualEnrollment,
        fields: Mapping[str, Any] | None = None,
    ) -> EnrollmentRecord:
        request = {"course": course.slug, **(fields or {})}
        outcome = enrollment.enroll(
            self._tuition,
            session,
            cast(Tenant, tenant),
            cast(Student, student),
            course.slug,
            request,
            manual,
        )
        return outcome.enrollment

    def end_enrollment(
        self,
        session: Session,
        tenant: TenantRecord,
        enrollment_: EnrollmentRecord,
        reason: str | None = None,
    ) -> bool:
        ended = cast(Enrollment, enrollment_)
        return enrollment.end(self._tuition, session, cast(Tenant, tenant), ended, reason=reason)

    def add_order(
        self,
        ctx: EnrollmentContext,
        enrollment: EnrollmentRecord,
        *,
        provider: str,
        amount: int,
        currency: str,
        schedule: Schedule | None = None,
        tax: OrderTax | None = None,
    ) -> OrderRecord:
        if schedule is not None and (
            schedule.first_charge != amount or schedule.currency != currency
        ):
            raise ValueError("the first charge of a schedule is its amount, in its currency")
        if tax is not None and tax.gross != amount:
            raise ValueError("a taxed order charges the tax's gross")
        order = Order(
            tenant_id=ctx.tenant.id,
            student=ctx.student,
            course=ctx.course,
            enrollment=enrollment,
            provider=provider,
            amount=amount,
            currency=currency,
            list_amount=amount,
            discount_amount=0,
            customer_email=ctx.student.email,
            refunded_amount=0,
            status=OrderStatus.CHECKOUT_PENDING.value,
            expires_at=ctx.now + orders.CHECKOUT_TTL,
            schedule=dataclasses.asdict(schedule) if schedule is not None else None,
            tax_amount=0 if tax is None else tax.tax,
            tax=None if tax is None else dict(tax.breakdown),
            billing=None if tax is None else dict(tax.billing),
            created_at=ctx.now,
        )
        ctx.session.add(order)
        ctx.session.flush()
        orders.record_created(ctx.session, order, "enrollment")
        return order

    def order_tax(self, ctx: EnrollmentContext, amount: int, currency: str) -> OrderTax | None:
        return self._tuition.hooks(cast(Tenant, ctx.tenant)).order_tax(
            ctx, amount=amount, currency=currency
        )

    def choose_payment_provider(
        self,
        tenant: TenantRecord,
        currency: str | None,
        *,
        recurring: bool = False,
        enabled: frozenset[str] | None = None,
        trials: bool = False,
    ) -> str | None:
        chosen = providers.choose(
            self._tuition,
            cast(Tenant, tenant),
            currency,
            enabled,
            recurring=recurring,
            trials=trials,
        )
        return chosen[0] if chosen else None

    def mark_checkout_abandoned(self, order: OrderRecord, at: datetime) -> None:
        row = cast(Order, order)
        if row.abandoned_at is None:
            row.abandoned_at = at

    def emit_event(
        self, session: Session, tenant: TenantRecord, type_: str, data: Mapping[str, Any]
    ) -> DomainEvent:
        return events.emit(self._tuition, session, cast(Tenant, tenant), type_, data)

    def tenant(
        self, session: Session, tenant_id: str | None = None, *, slug: str | None = None
    ) -> TenantRecord | None:
        if (tenant_id is None) == (slug is None):
            raise TypeError("tenant() takes tenant_id or slug, not both")
        stmt = select(Tenant).options(joinedload(Tenant.plugins))
        stmt = stmt.where(Tenant.id == tenant_id if tenant_id is not None else Tenant.slug == slug)
        with across_tenants(session):
            found = session.scalars(stmt).unique().first()
        scope = session.info.get("tenant_id")
        if found is None or (scope is not None and found.id != scope):
            return None
        return found

    def tenants_enabling(self, plugin: str) -> list[TenantRecord]:
        enabling = exists().where(
            TenantPlugin.tenant_id == Tenant.id,
            TenantPlugin.plugin == plugin,
            TenantPlugin.enabled.is_(True),
        )
        with self._tuition.session() as session:
            return list(
                session.scalars(
                    select(Tenant)
                    .where(enabling)
                    .options(joinedload(Tenant.plugins))
                    .order_by(Tenant.created_at, Tenant.id)
                ).unique()
            )

    def student(self, session: Session, student_id: str) -> StudentRecord | None:
        return session.get(Student, student_id)

    def student_link_token(self, session: Session, student_id: str, purpose: str) -> str | None:
        if purpose not in auth_tokens.PURPOSES:
            raise ValueError(f"purpose must be one of {', '.join(auth_tokens.PURPOSES)}")
        found = session.get(Student, student_id)
        if found is None:
            return None
        if purpose == "verify_email" and (found.email_verified or not found.email):
            return None
        if purpose == "reset_password" and not found.password_hash:
            return None
        if purpose == "set_password" and (found.password_hash or not found.email):
            return None
        return auth_tokens.link_token(self._tuition, found, cast(auth_tokens.LinkPurpose, purpose))

    def staff_invitation(self, session: Session, staff_id: str) -> tuple[str, str] | None:
        found = session.get(StaffMember, staff_id)
        if found is None:
            return None
        token = staff.invitation_token(self._tuition, found)
        return (found.email, token) if token is not None else None

    def course(
        self, session: Session, *, id: str | None = None, slug: str | None = None
    ) -> CourseRecord | None:
        fresh = {"populate_existing": True}
        found = (
            session.scalar(select(Course).where(Course.id == id).execution_options(**fresh))
            if id
            else None
        )
        if found is None and slug:
            found = session.scalar(
                select(Course).where(Course.slug == slug).execution_options(**fresh)
            )
        return found

    def courses(
        self,
        session: Session,
        ids: Collection[str] | None = None,
        *,
        pricing_model: str | None = None,
    ) -> list[CourseRecord]:
        stmt = select(Course).order_by(Course.slug)
        if ids is not None:
            if not ids:
                return []
            stmt = stmt.where(Course.id.in_(list(ids)))
        if pricing_model is not None:
            stmt = stmt.where(Course.pricing_model == pricing_model)
        return list(session.scalars(stmt))

    def next_courses(self, session: Session, course: CourseRecord) -> list[CourseRecord]:
        return [link.next_course for link in cast(Course, course).next_links]

    def enrollment(self, session: Session, enrollment_id: str) -> EnrollmentRecord | None:
        return session.scalar(
            select(Enrollment)
            .where(Enrollment.id == enrollment_id)
            .execution_options(populate_existing=True)
        )

    def enrollments(
        self,
        session: Session,
        *,
        ids: Collection[str] | None = None,
        student_id: str | None = None,
        course_ids: Collection[str] | None = None,
        statuses: Collection[str] | None = None,
    ) -> list[EnrollmentRecord]:
        stmt = select(Enrollment)
        if ids is not None:
            stmt = stmt.where(Enrollment.id.in_(list(ids)))
        if student_id is not None:
            stmt = stmt.where(Enrollment.student_id == student_id)
        if course_ids is not None:
            stmt = stmt.where(Enrollment.course_id.in_(list(course_ids)))
        if statuses is not None:
            stmt = stmt.where(Enrollment.status.in_(list(statuses)))
        return list(session.scalars(stmt.order_by(Enrollment.created_at, Enrollment.id)))

    def unpaid_orders(
        self,
        session: Session,
        *,
        created_after: datetime,
        created_before: datetime,
        exclude_ids: Select[Any] | None = None,
        limit: int = 500,
    ) -> list[OrderRecord]:
        other = aliased(Enrollment)
        stmt = select(Order).where(
            Order.status.in_(("pending", "expired")),
            Order.created_at > created_after,
            Order.created_at < created_before,
            ~exists().where(
                and_(
                    other.student_id == Order.student_id,
                    other.course_id == Order.course_id,
                    other.id != Order.enrollment_id,
                    other.status.in_(LIVE_ENROLLMENT_STATUSES),
                )
            ),
        )
        if exclude_ids is not None:
            stmt = stmt.where(Order.id.not_in(exclude_ids.scalar_subquery()))
        return list(session.scalars(stmt.order_by(Order.created_at, Order.id).limit(limit)))

    def courses_taken_next(
        self,
        session: Session,
        student_id: str,
        *,
        limit: int,
        seed_courses: int = 20,
        peers: int = 2000,
    ) -> list[tuple[str, int]]:
        owned = OWNED_ENROLLMENT_STATUSES
        mine = list(
            session.scalars(
                select(Enrollment.course_id)
                .where(Enrollment.student_id == student_id, Enrollment.status.in_(owned))
                .order_by(Enrollment.created_at.desc())
                .limit(seed_courses)
            )
        )
        if not mine:
            return []
        first, then = aliased(Enrollment), aliased(Enrollment)
        sample = (
            select(first.student_id.label("student_id"), first.created_at.label("since"))
            .where(
                first.course_id.in_(mine), first.student_id != student_id, first.status.in_(owned)
            )
            .order_by(first.id)  # ids are random: an unbiased sample of the courses' students
            .limit(peers)
            .subquery()
        )
        students = func.count(func.distinct(then.student_id)).label("students")
        rows = session.execute(
            select(then.course_id, students)
            .select_from(sample)
            .join(
                then,
                and_(
                    then.student_id == sample.c.student_id,
                    then.course_id.not_in(mine),
                    then.status.in_(owned),
                    then.created_at > sample.c.since,
                ),
            )
            .join(Course, and_(Course.id == then.course_id, Course.status == "published"))
            .group_by(then.course_id)
            .order_by(students.desc(), then.course_id)
            .limit(limit)
        ).all()
        return [(str(course_id), int(count)) for course_id, count in rows]

    def event_types(self) -> dict[str, str]:
        return self._tuition.plugins.event_types()

    def order(self, session: Session, order_id: str) -> OrderRecord | None:
        found = session.get(Order, order_id)
        if found is None or found.tenant_id != session.info.get("tenant_id", found.tenant_id):
            return None
        return found

    def student_orders(self, session: Session, student_id: str) -> list[OrderRecord]:
        return list(
            session.scalars(
                select(Order).where(Order.student_id == student_id).order_by(Order.created_at)
            )
        )

    def set_course_attributes(
        self, session: Session, course: CourseRecord, plugin: str, values: Mapping[str, Any]
    ) -> bool:
        return courses.set_plugin_attributes(
            self._tuition, session, cast(Course, course), plugin, values
        )

    def order_info(self, order: OrderRecord, tenant: TenantRecord) -> OrderInfo:
        return orders.order_info(cast(Order, order), cast(Tenant, tenant))

    def audit(
        self,
        session: Session,
        tenant: TenantRecord,
        object_type: str,
        object_id: str,
        action: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        audit.record(session, tenant.id, object_type, object_id, action, before, after)

    def mail_attachments(
        self, session: Session, tenant: TenantRecord, event: DomainEvent
    ) -> list[MailAttachment]:
        return self._tuition.hooks(tenant).mail_attachments(
            tuition=self._tuition, session=session, tenant=tenant, event=event
        )

    def payment_provider(self, tenant: TenantRecord, name: str) -> PaymentProvider:
        return providers.provider(self._tuition, cast(Tenant, tenant), name)


__all__ = ["PluginServices"]
