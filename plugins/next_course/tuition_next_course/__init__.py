"""Next course: when a student's enrollment activates, or they complete the course, offer
the courses the site owner set to follow it (the free mini-course → paid course funnel;
paid courses may chain too), with an optional message and an offer price.

The offers appear in the dashboard and ``GET /v1/me/recommendations`` (with the reason),
go out as ``next_course.offered`` events (the mail plugin sends them), and the offer price
is charged through core's ``tuition_price_offers`` hook — no coupon needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marshmallow import Schema
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    CatalogContext,
    DomainEvent,
    EnrollmentContext,
    EnrollmentRecord,
    ErasureReport,
    JobContext,
    PluginInfo,
    PriceOffer,
    QuoteContext,
    Recommendation,
    StudentRecord,
    hookimpl,
)

from . import models, personal_data  # noqa: F401  (tables for migrations)
from .offers import make_offers, offers_for, price_offer
from .schemas import NextCourseAttributes

TUITION_PLUGIN = PluginInfo(
    title="Next course",
    category="funnel",
    description="Offer the next course after an enrollment or a completion.",
    requires_core=">=0.1,<0.2",
)
PLUGIN = "next_course"
SCORES = {"completed": 100.0, "activated": 50.0}


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_event_types() -> dict[str, str]:
    return {"next_course.offered": "the next course was offered to a student"}


@hookimpl
def tuition_course_attributes() -> type[Schema]:
    return NextCourseAttributes


@hookimpl
def tuition_after_enrollment(enrollment: EnrollmentRecord, job: JobContext) -> None:
    """The enrollment activated: offer what follows its course."""
    make_offers(job, enrollment, "activated")


@hookimpl
def tuition_event(event: DomainEvent, job: JobContext) -> None:
    """The student completed a course: offer what follows it (again, as a completion)."""
    if event.type != "enrollment.completed":
        return
    enrollment_id = event.data.get("enrollment_id")
    enrollment = (
        job.tuition.services.enrollment(job.session, str(enrollment_id)) if enrollment_id else None
    )
    if enrollment is not None:
        make_offers(job, enrollment, "completed")


@hookimpl
def tuition_recommendations(ctx: CatalogContext, limit: int) -> list[Recommendation]:
    """The student's offers, completions first; core drops courses they own."""
    if ctx.student is None:
        return []
    best: dict[str, Recommendation] = {}
    for offer, reason in offers_for(ctx.tuition, ctx.session, ctx.student.id):
        rec = Recommendation(
            offer.course_id, reason, score=SCORES.get(offer.trigger, 0.0), source=PLUGIN
        )
        if offer.course_id not in best or rec.score > best[offer.course_id].score:
            best[offer.course_id] = rec
    return sorted(best.values(), key=lambda r: -r.score)[:limit]


@hookimpl
def tuition_price_offers(ctx: EnrollmentContext) -> list[PriceOffer]:
    found = price_offer(ctx.session, ctx.student.id, ctx.course.id)
    return [found] if found else []


@hookimpl
def tuition_price_quote(ctx: QuoteContext) -> list[PriceOffer]:
    """The signed-in student's offer price in ``GET /v1/courses/<slug>/quote``, as their
    enrollment would be charged it (nobody signed in: no offer)."""
    if ctx.student is None:
        return []
    found = price_offer(ctx.session, ctx.student.id, ctx.course.id)
    return [found] if found else []


@hookimpl
def tuition_student_data(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    return personal_data.export(session, student)


@hookimpl
def tuition_erase_student(session: Session, student: StudentRecord) -> ErasureReport:
    return personal_data.erase(session, student)
