"""The funnel report: per course, from course views to paid enrollments, computed in SQL.

Within ``[since, until)``:

* ``views`` and ``enroll_clicks``: funnel events (views are reported by the frontend with
  ``POST /v1/courses/<slug>/views``; every ``POST /v1/enrollments`` attempt is a click);
* ``checkouts_started``: orders created; ``paid``: those of them that were paid;
  ``abandoned``: those that expired, failed or were canceled, or that a plugin declared
  abandoned while still open (``Order.abandoned_at``: the abandoned-checkout reminder went
  out); ``recovered``: abandoned ones paid after all, or whose student paid for the same
  course later (any time);
* ``discount_codes``: of the paid orders, how many each discount code was applied to;
* ``enrollments``: enrollments activated (free and paid);
* ``median_seconds_to_enroll``: median time from the student's signup to the activation;
* conversion rates: enrollments per view and per click, paid per checkout started.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, literal_column, or_, select
from sqlalchemy.orm import Session, aliased

from tuition.db import append, utcnow
from tuition.models import Course, Enrollment, FunnelEvent, Order, Student

ABANDONED = ("expired", "failed", "canceled")
PAID = ("paid", "refunded", "partially_refunded")


def seconds_between(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    """``later - earlier`` in seconds, on SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _counts(session: Session, stmt: Any) -> dict[str, int]:
    return {course_id: int(count) for course_id, count in session.execute(stmt).all()}


def funnel(
    session: Session, tenant_id: str, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """One row per course with activity in the period (or published), best sellers first.
    Every query also names the tenant (besides the session's scoping)."""

    def events(kind: str) -> dict[str, int]:
        return _counts(
            session,
            select(FunnelEvent.course_id, func.count())
            .where(
                FunnelEvent.tenant_id == tenant_id,
                FunnelEvent.kind == kind,
                FunnelEvent.at >= since,
                FunnelEvent.at < until,
            )
            .group_by(FunnelEvent.course_id),
        )

    in_range = and_(
        Order.tenant_id == tenant_id, Order.created_at >= since, Order.created_at < until
    )

    def orders(*where: ColumnElement[bool]) -> dict[str, int]:
        stmt = select(Order.course_id, func.count()).where(in_range, *where)
        return _counts(session, stmt.group_by(Order.course_id))

    abandoned_order = or_(Order.status.in_(ABANDONED), Order.abandoned_at.is_not(None))
    later = aliased(Order)
    recovered = orders(
        abandoned_order,
        or_(
            Order.status.in_(PAID),  # reminded, then paid after all
            exists().where(
                later.tenant_id == tenant_id,
                later.student_id == Order.student_id,
                later.course_id == Order.course_id,
                later.created_at > Order.created_at,
                later.status.in_(PAID),
            ),
        ),
    )
    activated = and_(
        Enrollment.tenant_id == tenant_id,
        Enrollment.activated_at >= since,
        Enrollment.activated_at < until,
    )
    enrollments = _counts(
        session,
        select(Enrollment.course_id, func.count()).where(activated).group_by(Enrollment.course_id),
    )
    medians = _median_seconds_to_enroll(session, activated)

    codes: dict[str, dict[str, int]] = {}
    for course_id, code, count in session.execute(
        select(Order.course_id, Order.discount_code, func.count())
        .where(in_range, Order.status.in_(PAID), Order.discount_code.is_not(None))
        .group_by(Order.course_id, Order.discount_code)
    ):
        codes.setdefault(course_id, {})[str(code)] = int(count)

    views, clicks = events("view"), events("enroll_click")
    started, paid = orders(), orders(Order.status.in_(PAID))
    abandoned = orders(abandoned_order)
    active_ids = set(views) | set(clicks) | set(started) | set(enrollments)
    courses = list(
        session.scalars(
            select(Course).where(
                Course.tenant_id == tenant_id,
                (Course.status == "published") | Course.id.in_(active_ids),
            )
        )
    )
    rows: list[dict[str, Any]] = []
    for course in courses:
        cid = course.id
        counts = {
            "views": views.get(cid, 0),
            "enroll_clicks": clicks.get(cid, 0),
            "checkouts_started": started.get(cid, 0),
            "paid": paid.get(cid, 0),
            "abandoned": abandoned.get(cid, 0),
            "recovered": recovered.get(cid, 0),
            "enrollments": enrollments.get(cid, 0),
        }
        rows.append(
            {
                "course": course.slug,
                "title": course.title,
                **counts,
                "discount_codes": codes.get(cid, {}),
                "median_seconds_to_enroll": medians.get(cid),
                "conversion": {
                    "view_to_enrollment": _rate(counts["enrollments"], counts["views"]),
                    "click_to_enrollment": _rate(counts["enrollments"], counts["enroll_clicks"]),
                    "checkout_to_paid": _rate(counts["paid"], counts["checkouts_started"]),
                    "abandoned_recovered": _rate(counts["recovered"], counts["abandoned"]),
                },
            }
        )
    rows.sort(key=lambda r: (-int(r["enrollments"]), -int(r["paid"]), str(r["course"])))
    return rows


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _median_seconds_to_enroll(session: Session, activated: Any) -> dict[str, float]:
    """Median of (activation - signup) per course, with window functions (both DBs)."""
    duration = seconds_between(session, Enrollment.activated_at, Student.created_at)
    ranked = (
        select(
            Enrollment.course_id.label("course_id"),
            duration.label("d"),
            func.row_number()
            .over(partition_by=Enrollment.course_id, order_by=duration)
            .label("rn"),
            func.count().over(partition_by=Enrollment.course_id).label("n"),
        )
        .join(
            Student,
            and_(Student.id == Enrollment.student_id, Student.tenant_id == Enrollment.tenant_id),
        )
        .where(activated)
        .subquery()
    )
    middle = (
        select(ranked.c.course_id, func.avg(ranked.c.d))
        .where(ranked.c.rn.in_([literal_column("(n + 1) / 2"), literal_column("(n + 2) / 2")]))
        .group_by(ranked.c.course_id)
    )
    return {
        course_id: round(float(value), 1)
        for course_id, value in session.execute(middle)
        if value is not None
    }


def add(
    session: Session, tenant_id: str, course_id: str, kind: str, student_id: str | None
) -> None:
    """Count a view or an enroll click in ``session``'s transaction: it commits with the
    change it counts (an enrollment), with no write of its own."""
    append(
        session,
        FunnelEvent,
        tenant_id=tenant_id,
        kind=kind,
        course_id=course_id,
        student_id=student_id,
        at=utcnow(),
    )


def count(
    session: Session, tenant_id: str, course_slug: str, kind: str, student_id: str | None
) -> bool:
    """Count a view or an enroll click of the published course ``course_slug`` in
    ``session``'s transaction (the caller commits). False if there is no such course."""
    course_id = session.scalar(
        select(Course.id).where(Course.slug == course_slug, Course.status == "published")
    )
    if course_id is None:
        return False
    add(session, tenant_id, course_id, kind, student_id)
    return True
