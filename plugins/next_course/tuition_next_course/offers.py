"""Making offers (once per student, course, previous course and trigger) and reading them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    LIVE_ENROLLMENT_STATUSES,
    CourseRecord,
    EnrollmentRecord,
    Host,
    JobContext,
    PriceOffer,
)

from .models import NextCourseOffer

PLUGIN = "next_course"


def _settings(course: CourseRecord) -> dict[str, Any]:
    offers = ((course.attributes or {}).get(PLUGIN) or {}).get("offers") or {}
    return offers if isinstance(offers, dict) else {}


def make_offers(
    job: JobContext, enrollment: EnrollmentRecord, trigger: str
) -> list[NextCourseOffer]:
    """Offer each published next course of ``enrollment.course`` the student has not got;
    emits ``next_course.offered`` for each new offer (never twice for the same one)."""
    services = job.tuition.services
    course = enrollment.course
    configured = _settings(course)
    live = {
        e.course_id
        for e in services.enrollments(
            job.session, student_id=enrollment.student_id, statuses=LIVE_ENROLLMENT_STATUSES
        )
    }
    made = []
    for target in services.next_courses(job.session, course):
        if target.status != "published" or target.id in live:
            continue
        extra = configured.get(target.slug) or {}
        price = extra.get("price") if isinstance(extra.get("price"), dict) else None
        offer = NextCourseOffer(
            tenant_id=job.tenant.id,
            student_id=enrollment.student_id,
            course_id=target.id,
            from_course_id=course.id,
            trigger=trigger,
            message=extra.get("message"),
            price_amount=price["amount"] if price else None,
            price_currency=price["currency"] if price else None,
        )
        try:
            with job.session.begin_nested():
                job.session.add(offer)
                job.session.flush()
        except IntegrityError:  # offered before (a replayed event or job)
            continue
        made.append(offer)
        job.emit(
            "next_course.offered",
            {
                "offer_id": offer.id,
                "student_id": enrollment.student_id,
                "from_course": course.slug,
                "course": target.slug,
                "course_title": target.title,
                "trigger": trigger,
                "message": offer.message,
                "reason": reason_of(offer, course.title),
                "price": (
                    {"amount": offer.price_amount, "currency": offer.price_currency}
                    if offer.price_amount is not None
                    else None
                ),
                "list_price": (
                    {"amount": target.price_amount, "currency": target.price_currency}
                    if target.price_amount is not None
                    else None
                ),
            },
        )
    return made


def reason_of(offer: NextCourseOffer, from_title: str) -> str:
    if offer.message:
        return offer.message
    if offer.trigger == "completed":
        return f"You completed {from_title}: this comes next."
    return f"Students of {from_title} continue with this."


def offers_for(host: Host, session: Session, student_id: str) -> list[tuple[NextCourseOffer, str]]:
    """The student's offers with the reason to show, newest first (two queries)."""
    offers = list(
        session.scalars(
            select(NextCourseOffer)
            .where(NextCourseOffer.student_id == student_id)
            .order_by(NextCourseOffer.created_at.desc())
        )
    )
    titles = {
        c.id: c.title
        for c in host.services.courses(session, {offer.from_course_id for offer in offers})
    }
    return [
        (offer, reason_of(offer, titles[offer.from_course_id]))
        for offer in offers
        if offer.from_course_id in titles
    ]


def price_offer(session: Session, student_id: str, course_id: str) -> PriceOffer | None:
    """The lowest offer price this student has for the course, if any."""
    rows = list(
        session.scalars(
            select(NextCourseOffer).where(
                NextCourseOffer.student_id == student_id,
                NextCourseOffer.course_id == course_id,
                NextCourseOffer.price_amount.is_not(None),
            )
        )
    )
    if not rows:
        return None
    best = min(rows, key=lambda o: o.price_amount or 0)
    assert best.price_amount is not None and best.price_currency is not None
    return PriceOffer(best.price_amount, best.price_currency, best.message or "next course offer")
