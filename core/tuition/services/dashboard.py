"""The student dashboard: owned courses, what can be bought, and recommendations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.db import execute_core, utcnow
from tuition.models import LIVE_ENROLLMENT_STATUSES, Enrollment, Student, Tenant
from tuition.plugin_api import CatalogContext, Recommendation
from tuition.services import catalog
from tuition.services.catalog import CourseSnapshot, CourseView, describe, snapshots
from tuition.services.orders import open_order_ids

if TYPE_CHECKING:
    from tuition.runtime import Tuition

MAX_AVAILABLE = 50
MAX_RECOMMENDATIONS = 10
#: How many published courses a dashboard looks at, newest first.
MAX_PUBLISHED = 500


def _published(session: Session, tenant: Tenant) -> list[CourseSnapshot]:
    """Published, listed courses (an unlisted one shows only once owned)."""
    return snapshots(
        session,
        tenant.id,
        catalog.PUBLISHED,
        catalog.LISTED,
        order_by=catalog.NEWEST_FIRST,
        limit=MAX_PUBLISHED,
    ).courses


@dataclass(frozen=True, slots=True)
class OwnedEnrollment:
    """A live enrollment as the dashboard shows it (plain columns, no ORM object)."""

    id: str
    course_id: str
    status: str
    source: str
    created_at: datetime
    activated_at: datetime | None
    completed_at: datetime | None


@dataclass
class Dashboard:
    owned: list[tuple[OwnedEnrollment, CourseView]]
    available: list[CourseView]
    recommendations: list[tuple[CourseView, Recommendation]]
    #: The open order of each pending enrollment of ``owned``, by enrollment id.
    open_orders: dict[str, str]


_enrollments = Enrollment.__table__
_OWNED = tuple(_enrollments.c[name] for name in OwnedEnrollment.__slots__)


def _live_enrollments(session: Session, tenant: Tenant, student: Student) -> list[OwnedEnrollment]:
    stmt = (
        select(*_OWNED)
        .where(
            _enrollments.c.tenant_id == tenant.id,
            _enrollments.c.student_id == student.id,
            _enrollments.c.status.in_(LIVE_ENROLLMENT_STATUSES),
        )
        .order_by(_enrollments.c.created_at.desc())
    )
    return [OwnedEnrollment(*row) for row in execute_core(session, stmt)]


def build(tuition: Tuition, session: Session, tenant: Tenant, student: Student) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries and hook calls: the
    student's live enrollments, the published courses (with their links), the open orders
    of pending enrollments (only when there are some)."""
    enrollments = _live_enrollments(session, tenant, student)
    live = {e.course_id: e.status for e in enrollments}
    courses = {c.id: c for c in _published(session, tenant)}
    unlisted = [e.course_id for e in enrollments if e.course_id not in courses]
    if unlisted:  # owned courses that are not published (any more)
        courses.update(
            (c.id, c)
            for c in snapshots(session, tenant.id, catalog.COURSE_ID.in_(unlisted)).courses
        )
    views = {
        v.course.id: v
        for v in describe(
            tuition, session, tenant, student, list(courses.values()), live=live, live_is_all=True
        )
    }
    actionable = tuition.plugins.actionable_enroll_states  # core's and plugins' declared ones
    available = [
        v for v in views.values() if v.course.id not in live and v.enroll_state in actionable
    ]
    recommendations = recommend(
        tuition, session, tenant, student, [v.course for v in views.values()], set(live)
    )
    return Dashboard(
        owned=[(e, views[e.course_id]) for e in enrollments],
        available=available[:MAX_AVAILABLE],
        recommendations=[(views[r.course_id], r) for r in recommendations if r.course_id in views],
        open_orders=open_order_ids(session, enrollments),
    )


def recommendations_for(
    tuition: Tuition, session: Session, tenant: Tenant, student: Student, limit: int
) -> list[tuple[CourseView, Recommendation]]:
    """Ranked suggestions for ``student`` with each course as they see it."""
    live = set(
        session.scalars(
            select(Enrollment.course_id).where(
                Enrollment.student_id == student.id, Enrollment.status.in_(LIVE_ENROLLMENT_STATUSES)
            )
        )
    )
    published = _published(session, tenant)
    found = recommend(tuition, session, tenant, student, published, live, limit)
    by_id = {c.id: c for c in published}
    views = {
        v.course.id: v
        for v in describe(
            tuition,
            session,
            tenant,
            student,
            [by_id[r.course_id] for r in found if r.course_id in by_id],
        )
    }
    return [(views[r.course_id], r) for r in found if r.course_id in views]


def recommend(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    student: Student,
    courses: list[CourseSnapshot],
    owned_ids: set[str],
    limit: int = MAX_RECOMMENDATIONS,
) -> list[Recommendation]:
    """Merge every enabled plugin's suggestions: no owned course, best score per course."""
    ctx = CatalogContext(
        tuition=tuition,
        session=session,
        tenant=tenant,
        student=student,
        courses=courses,
        states={},
        settings=tenant.plugin_settings(),
        now=utcnow(),
    )
    best: dict[str, Recommendation] = {}
    for rec in tuition.hooks(tenant).recommendations(ctx, limit):
        if rec.course_id in owned_ids:
            continue
        if rec.course_id not in best or rec.score > best[rec.course_id].score:
            best[rec.course_id] = rec
    ranked = sorted(best.values(), key=lambda r: (-r.score, r.course_id))
    return ranked[:limit]
