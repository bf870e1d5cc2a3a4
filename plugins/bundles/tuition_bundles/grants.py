"""A bundle's life: the member courses' seats held with its checkout, their enrollments
made when it is paid and ended when it ends, and the credit for courses already owned.

A bundle is a core course (its own price, pricing model, catalogue entry, order and enroll
state) whose ``attributes.bundles.courses`` lists the slugs of its member courses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    OWNED_ENROLLMENT_STATUSES,
    CourseRecord,
    EnrollmentChange,
    EnrollmentContext,
    EnrollmentRecord,
    EnrollmentRefused,
    Host,
    ManualEnrollment,
    PriceOffer,
    Problem,
    StudentRecord,
    TenantRecord,
    rowcount,
)

from .models import Grant

PLUGIN = "bundles"
#: The audit log's actor of the member enrollments a paid bundle makes.
ACTOR = "plugin:bundles"
#: ``PriceOffer.reason`` of the credit for member courses the student owns already.
CREDIT_REASON = "bundle_credit"
#: ``session.info`` key: the grant whose member enrollment is being made right now.
_GRANTING = "tuition_bundles.granting"

PROBLEM_CODES = {
    "bundle_course_full": "a member course of the bundle has no seats left",
    "bundle_course_unavailable": "a member course of the bundle is gone or not published",
    "bundle_owned": "the student owns every course of the bundle already",
}


def member_slugs(course: CourseRecord) -> list[str]:
    """The slugs of ``course``'s member courses; empty when it is no bundle."""
    found = (course.attributes or {}).get(PLUGIN) or {}
    return list(found.get("courses") or [])


def is_bundle(course: CourseRecord) -> bool:
    return bool(member_slugs(course))


@dataclass(frozen=True)
class Members:
    """A bundle's member courses for one student (or nobody): those found, those the
    student owns, and the slugs that are missing or unpublished."""

    courses: list[CourseRecord]
    owned: frozenset[str]
    unavailable: list[str]

    @property
    def to_grant(self) -> list[CourseRecord]:
        return [c for c in self.courses if c.id not in self.owned]


def members(
    host: Host, session: Session, bundle: CourseRecord, student: StudentRecord | None
) -> Members:
    found: list[CourseRecord] = []
    unavailable: list[str] = []
    for slug in member_slugs(bundle):
        course = host.services.course(session, slug=slug)
        if course is None or course.status != "published" or is_bundle(course):
            unavailable.append(slug)
        else:
            found.append(course)
    owned: frozenset[str] = frozenset()
    if student is not None and found:
        owned = frozenset(
            e.course_id
            for e in host.services.enrollments(
                session,
                student_id=student.id,
                course_ids=[c.id for c in found],
                statuses=OWNED_ENROLLMENT_STATUSES,
            )
        )
    return Members(found, owned, unavailable)


def credited_price(bundle: CourseRecord, found: Members) -> int | None:
    """The bundle's price less the credit for the member courses the student owns: the
    share of the bundle's price that their list prices make of all members' list prices
    (members without a price in the bundle's currency weigh nothing). None when nothing is
    owned or the bundle has no price."""
    price, currency = bundle.price_amount, bundle.price_currency
    if price is None or currency is None or not found.owned:
        return None

    def weight(course: CourseRecord) -> int:
        return course.price_amount or 0 if course.price_currency == currency else 0

    total = sum(weight(c) for c in found.courses)
    if total == 0:
        return None
    owned = sum(weight(c) for c in found.courses if c.id in found.owned)
    return price - (price * owned) // total


def offer(bundle: CourseRecord, found: Members) -> PriceOffer | None:
    amount = credited_price(bundle, found)
    if amount is None or bundle.price_currency is None:
        return None
    return PriceOffer(amount=amount, currency=bundle.price_currency, reason=CREDIT_REASON)


def check(ctx: EnrollmentContext) -> list[Problem]:
    """A bundle is refused when a member course is gone, or when the student owns every
    member course already."""
    if not is_bundle(ctx.course):
        return []
    found = members(ctx.tuition, ctx.session, ctx.course, ctx.student)
    if found.unavailable:
        return [unavailable(found.unavailable)]
    if not found.to_grant:
        return [
            Problem(
                "bundle_owned",
                "You own every course of this bundle already.",
                extra={"courses": member_slugs(ctx.course)},
            )
        ]
    return []


def unavailable(slugs: Sequence[str]) -> Problem:
    return Problem(
        "bundle_course_unavailable",
        f"The bundle's course {slugs[0]!r} cannot be sold now.",
        extra={"courses": list(slugs)},
    )


def full(course: CourseRecord) -> Problem:
    return Problem(
        "bundle_course_full",
        f"The bundle's course {course.slug!r} has no seats left.",
        extra={"course": course.slug},
    )


# -- seats: the Capacity pool --------------------------------------------------------------


class BundleSeats:
    """The member courses' seats of a bundle's enrollment, held with the bundle's own.

    ``hold`` of a bundle's enrollment sets one seat of every member course aside
    (``reserve_seat``) or refuses the whole enrollment with ``bundle_course_full``; when the
    bundle is paid, each member enrollment (made by :func:`follow`) takes its seat over
    (``hold`` gives the set-aside seat back just before core counts it). ``release`` of a
    bundle whose checkout ended gives the set-aside seats back; ``confirm`` after a late
    payment sets them aside again, or refuses (core then refunds)."""

    def hold(
        self, ctx: EnrollmentContext, enrollment: EnrollmentRecord, until: datetime | None
    ) -> None:
        granting = ctx.session.info.get(_GRANTING)
        if granting is not None and ctx.manual is not None and ctx.manual.actor == ACTOR:
            grant = ctx.session.get(Grant, granting)
            if grant is not None and grant.course_id == ctx.course.id and grant.counts_seat:
                ctx.tuition.services.release_seat(ctx.session, ctx.course)  # handed over
            return
        if not is_bundle(ctx.course):
            return
        found = members(ctx.tuition, ctx.session, ctx.course, ctx.student)
        if found.unavailable:
            raise EnrollmentRefused(unavailable(found.unavailable))
        counts = not ctx.beyond_capacity
        for course in found.courses:
            owned = course.id in found.owned
            if counts and not owned and not ctx.tuition.services.reserve_seat(ctx.session, course):
                raise EnrollmentRefused(full(course))
            ctx.session.add(
                Grant(
                    tenant_id=ctx.tenant.id,
                    bundle_enrollment_id=enrollment.id,
                    student_id=ctx.student.id,
                    course_id=course.id,
                    state="owned" if owned else "held",
                    counts_seat=counts,
                )
            )
        ctx.session.flush()

    def confirm(self, change: EnrollmentChange) -> Problem | None:
        if change.before == "pending":
            return None  # the seats set aside stay so until the member enrollments take them
        session = change.session
        for grant in _grants(session, change.enrollment.id, "released"):
            course = change.tuition.services.course(session, id=grant.course_id)
            if grant.counts_seat and (
                course is None or not change.tuition.services.reserve_seat(session, course)
            ):
                return Problem(
                    "seat_unavailable",
                    "A course of the bundle has no seat left for this late payment.",
                    extra={"course": course.slug if course is not None else None},
                )
            _move(session, grant, "released", "held")
        return None

    def release(self, change: EnrollmentChange) -> None:
        if change.before != "pending":
            return  # member enrollments hold the seats: follow() ends them
        session = change.session
        for grant in _grants(session, change.enrollment.id, "held"):
            if _move(session, grant, "held", "released") and grant.counts_seat:
                course = change.tuition.services.course(session, id=grant.course_id)
                if course is not None:
                    change.tuition.services.release_seat(session, course)

    def lapse(self, host: Host, session: Session, tenant: TenantRecord, now: datetime) -> int:
        return 0  # the seats are held as long as the bundle's own: its checkout ends them


def _grants(session: Session, bundle_enrollment_id: str, state: str) -> list[Grant]:
    return list(
        session.scalars(
            select(Grant)
            .where(Grant.bundle_enrollment_id == bundle_enrollment_id, Grant.state == state)
            .order_by(Grant.created_at, Grant.id)
        )
    )


def _move(session: Session, grant: Grant, before: str, after: str, **values: Any) -> bool:
    """Move ``grant`` from ``before`` to ``after`` if it still is ``before`` (one
    conditional UPDATE): True for the one caller that moved it."""
    moved = rowcount(
        session.execute(
            update(Grant)
            .where(Grant.id == grant.id, Grant.state == before)
            .values(state=after, **values)
            .execution_options(synchronize_session=False)
        )
    )
    session.expire(grant)
    return moved == 1


# -- the member enrollments ------------------------------------------------------------------


def follow(change: EnrollmentChange) -> list[Problem]:
    """A bundle's enrollment activates: enroll the student in every member course held for
    it (a veto when one cannot be: core refunds the bundle). It ends after it was active
    (refund, the owner ended it): end every member enrollment it made."""
    if change.activating:
        return _grant_all(change)
    if change.releasing and change.before in OWNED_ENROLLMENT_STATUSES:
        _end_all(change)
    return []


def _grant_all(change: EnrollmentChange) -> list[Problem]:
    session, host = change.session, change.tuition
    grants = _grants(session, change.enrollment.id, "held")
    if not grants:
        return []
    student = change.enrollment.student
    live = {
        e.course_id
        for e in host.services.enrollments(
            session,
            student_id=student.id,
            course_ids=[g.course_id for g in grants],
            statuses=("pending", *OWNED_ENROLLMENT_STATUSES),
        )
    }
    for grant in grants:
        course = host.services.course(session, id=grant.course_id)
        if course is None:
            return [unavailable([grant.course_id])]
        if grant.course_id in live:  # bought on its own meanwhile: the set-aside seat frees
            if _move(session, grant, "held", "owned") and grant.counts_seat:
                host.services.release_seat(session, course)
            continue
        if not _move(session, grant, "held", "enrolled"):
            continue
        session.info[_GRANTING] = grant.id
        try:
            member = host.services.enroll(
                session,
                change.tenant,
                student,
                course,
                ManualEnrollment(actor=ACTOR, take_seat=grant.counts_seat),
            )
        except EnrollmentRefused as refused:
            return [refused.problem]
        finally:
            session.info.pop(_GRANTING, None)
        session.execute(
            update(Grant)
            .where(Grant.id == grant.id)
            .values(member_enrollment_id=member.id)
            .execution_options(synchronize_session=False)
        )
    return []


def _end_all(change: EnrollmentChange) -> None:
    session, host = change.session, change.tuition
    reason = f"the bundle {change.enrollment.course.slug!r} was {change.after}"
    for grant in _grants(session, change.enrollment.id, "enrolled"):
        if not _move(session, grant, "enrolled", "ended") or grant.member_enrollment_id is None:
            continue
        member = host.services.enrollment(session, grant.member_enrollment_id)
        if member is not None and member.status in OWNED_ENROLLMENT_STATUSES:
            host.services.end_enrollment(session, change.tenant, member, reason)


def grants_of(session: Session, bundle_enrollment_ids: Sequence[str]) -> list[Grant]:
    if not bundle_enrollment_ids:
        return []
    return list(
        session.scalars(
            select(Grant)
            .where(Grant.bundle_enrollment_id.in_(list(bundle_enrollment_ids)))
            .order_by(Grant.created_at, Grant.id)
        )
    )
