"""Students also took: recommend the courses that students of the caller's courses went on
to take, ranked by how many did — one SQL query over the enrollments, using the
``(tenant_id, course_id, status)`` and ``(tenant_id, student_id)`` indexes."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from tuition import hookimpl
from tuition.extension import CatalogContext, PluginInfo, Recommendation
from tuition.models import OWNED_ENROLLMENT_STATUSES, Course, Enrollment

TUITION_PLUGIN = PluginInfo(
    title="Students also took",
    category="recommendations",
    description="Recommends what other students of the same courses took next.",
    requires_core=">=0.1,<0.2",
)
#: Keeps the query bounded on large tenants: the caller's most recent courses.
MAX_SEED_COURSES = 20


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
    students = func.count(func.distinct(then.student_id)).label("students")
    rows = ctx.session.execute(
        select(then.course_id, students)
        .select_from(first)
        .join(then, and_(then.tenant_id == first.tenant_id,
                         then.student_id == first.student_id,
                         then.course_id.not_in(mine),
                         then.status.in_(OWNED_ENROLLMENT_STATUSES),
                         then.created_at > first.created_at))
        .join(Course, and_(Course.id == then.course_id, Course.status == "published"))
        .where(first.course_id.in_(mine), first.student_id != ctx.student.id,
               first.status.in_(OWNED_ENROLLMENT_STATUSES))
        .group_by(then.course_id)
        .order_by(students.desc(), then.course_id)
        .limit(limit)).all()
    return [Recommendation(course_id, _reason(count), score=float(count), source="also_took")
            for course_id, count in rows]


def _reason(count: int) -> str:
    return ("1 student of your courses took this next" if count == 1
            else f"{count} students of your courses took this next")
