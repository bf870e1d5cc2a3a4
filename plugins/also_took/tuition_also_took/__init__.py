"""Students also took: recommend the courses that students of the caller's courses went on
to take, ranked by how many did — one SQL query over the enrollments, made by core
(``host.services.courses_taken_next``) on the ``(tenant_id, course_id, status)`` and
``(tenant_id, student_id)`` indexes, bounded to a sample of ``MAX_PEERS`` students of those
courses so it stays fast on large tenants (``bench/recommendations.py`` measures it on
100,000 enrollments)."""

from __future__ import annotations

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
    rows = ctx.tuition.services.courses_taken_next(
        ctx.session, ctx.student.id, limit=limit, seed_courses=MAX_SEED_COURSES, peers=MAX_PEERS
    )
    return [
        Recommendation(course_id, _reason(count), score=float(count), source="also_took")
        for course_id, count in rows
    ]


def _reason(count: int) -> str:
    return (
        "1 student of your courses took this next"
        if count == 1
        else f"{count} students of your courses took this next"
    )
