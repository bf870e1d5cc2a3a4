"""The student dashboard: owned courses, what can be bought, and recommendations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.db import utcnow
from tuition.models import LIVE_ENROLLMENT_STATUSES, Enrollment, Student, Tenant
from tuition.plugin_api import CatalogContext, Recommendation
from tuition.services import catalog
from tuition.services.catalog import CourseSnapshot, CourseView, describe, snapshots

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


@dataclass
class Dashboard:
    owned: list[tuple[Enrollment, CourseView]]
    available: list[CourseView]
    recommendations: list[tuple[CourseView, Recommendation]]


def build(tuition: Tuition, session: Session, tenant: Tenant, student: Student) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries and hook calls."""
    enrollments = list(
        session.scalars(
            select(Enrollment)
            .where(
                Enrollment.student_id == student.id, Enrollment.status.in_(LIVE_ENROLLMENT_STATUSES)
            )
            .order_by(Enrollment.created_at.desc())
        )
    )
    owned_ids = {e.course_id for e in enrollments}
    courses = {c.id: c for c in _published(session, tenant)}
    unlisted = [e.course_id for e in enrollments if e.course_id not in courses]
    if unlisted:  # owned courses that are not published (any more)
        courses.update(
            (c.id, c)
            for c in snapshots(session, tenant.id, catalog.COURSE_ID.in_(unlisted)).courses
        )
    views = {
        v.course.id: v for v in describe(tuition, session, tenant, student, list(courses.values()))
    }
    actionable = tuition.plugins.actionable_enroll_states  # core's and plugins' declared ones
    available = [
        v for v in views.values() if v.course.id not in owned_ids and v.enroll_state in actionable
    ]
    recommendations = recommend(
        tuition, session, tenant, student, [v.course for v in views.values()], owned_ids
    )
    return Dashboard(
        owned=[(e, views[e.course_id]) for e in enrollments],
        available=available[:MAX_AVAILABLE],
        recommendations=[(views[r.course_id], r) for r in recommendations if r.course_id in views],
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
