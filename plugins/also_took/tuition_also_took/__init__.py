"""Students also took: recommend the courses that students of the caller's courses went on
to take, ranked by how many did — one SQL query over the enrollments, using the
``(tenant_id, course_id, status)`` and ``(tenant_id, student_id)`` indexes, bounded to a
sample of ``MAX_PEERS`` students of those courses so it stays fast on large tenants
(``bench/recommendations.py`` measures it on 100,000 enrollments)."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from tuition.models import OWNED_ENROLLMENT_STATUSES, Course, Enrollment
from tuition.plugin_api import CatalogContext, PluginInfo, Recommendation, hookimpl

TUITION_PLUGIN = PluginInfo(
    title="Students also took",
    category="recommendations",
    description="Recommends what other students of the same courses took next.",
    requires_core=">=0.1,<0.2",
)
#: Keeps the query bounded on large tenants: the caller's most recent courses, and a sample
#: of at most MAX_PEERS students of those courses (enrollment ids are random).
MAX_SEED_COURSES = 20
MAX_PEERS = 2000


@hookimpl
def tuition_recommendations(ctx: CatalogContext, limit: int) -> list[Recommendation]:
    if ctx.student is None:
        return []
    mine = list(ctx.session.scalars(
        select(Enrollment.course_id).where(Enrollment.student_id == ctx.student.id,
                                           Enrollment.status.in_(OWNED_ENROLLMENT_STATUSES))
        .order_by(Enrollment.created_at.desc()).limit(MAX_SEED_COURSES)))
    if not mine:
        return []
    first, then = aliased(Enrollment), aliased(Enrollment)
    peers = (
        select(first.student_id.label("student_id"), first.created_at.label("since"))
        .where(first.course_id.in_(mine), first.student_id != ctx.student.id,
               first.status.in_(OWNED_ENROLLMENT_STATUSES))
        .order_by(first.id)  # ids are random: an unbiased sample of the course's students
        .limit(MAX_PEERS)
        .subquery())
    students = func.count(func.distinct(then.student_id)).label("students")
    rows = ctx.session.execute(
        select(then.course_id, students)
        .select_from(peers)
        .join(then, and_(then.student_id == peers.c.student_id,
                         then.course_id.not_in(mine),
                         then.status.in_(OWNED_ENROLLMENT_STATUSES),
                         then.created_at > peers.c.since))
        .join(Course, and_(Course.id == then.course_id, Course.status == "published"))
        .group_by(then.course_id)
        .order_by(students.desc(), then.course_id)
        .limit(limit)).all()
    return [Recommendation(course_id, _reason(count), score=float(count), source="also_took")
            for course_id, count in rows]


def _reason(count: int) -> str:
    return ("1 student of your courses took this next" if count == 1
            else f"{count} students of your courses took this next")
