"""The storefront catalogue: published courses and each one's enroll state for the caller."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, joinedload, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from tuition.db import utcnow
from tuition.models import (
    LIVE_ENROLLMENT_STATUSES,
    OWNED_ENROLLMENT_STATUSES,
    Course,
    CourseNext,
    CoursePrerequisite,
    Enrollment,
    Student,
    Tenant,
)
from tuition.plugin_api import CatalogContext, NotFound

if TYPE_CHECKING:
    from tuition.runtime import Tuition


def courses_with_links(session: Session, stmt: Any) -> list[tuple[Any, ...]]:
    """Run ``stmt`` (a select of ``Course`` first, maybe more columns) with both link
    lists of each course filled by :func:`load_links`: whether a course has prerequisites
    or next courses rides on its row, so a page without links costs no extra query.
    Returns the rows as ``stmt`` selects them."""
    rows = session.execute(
        stmt.add_columns(
            exists().where(CoursePrerequisite.course_id == Course.id),
            exists().where(CourseNext.course_id == Course.id),
        ).options(lazyload(Course.prerequisite_links), lazyload(Course.next_links))
    ).all()
    load_links(
        session,
        [row[0] for row in rows],
        {row[0].id for row in rows if row[-2]},
        {row[0].id for row in rows if row[-1]},
    )
    return [tuple(row[:-2]) for row in rows]


def load_links(
    session: Session, courses: Iterable[Course], with_prerequisites: set[str], with_next: set[str]
) -> None:
    """Fill ``prerequisite_links`` and ``next_links`` of ``courses`` that are not loaded
    yet: one query per kind for the course ids that have links, none when no course has
    any (the usual catalogue); the rest get empty lists. The linked courses come joined,
    their own links are not followed."""
    courses = list(courses)
    kinds: tuple[tuple[str, Any, Any, set[str], Any], ...] = (
        (
            "prerequisite_links",
            CoursePrerequisite,
            CoursePrerequisite.required_course,
            with_prerequisites,
            CoursePrerequisite.required_course_id,
        ),
        ("next_links", CourseNext, CourseNext.next_course, with_next, CourseNext.position),
    )
    for key, model, target, ids, order in kinds:
        waiting = [c for c in courses if key in sa_inspect(c).unloaded]
        wanted = sorted({c.id for c in waiting} & ids)
        found: dict[str, list[Any]] = {}
        if wanted:
            for link in session.scalars(
                select(model)
                .where(model.course_id.in_(wanted))
                .options(joinedload(target).lazyload("*"))
                .order_by(model.course_id, order)
            ):
                found.setdefault(link.course_id, []).append(link)
        for course in waiting:
            set_committed_value(course, key, found.get(course.id, []))


@dataclass
class CourseView:
    """A course as one caller sees it."""

    course: Course
    enroll_state: str
    missing_prerequisites: list[str]
    extensions: dict[str, Any] = field(default_factory=dict)


@dataclass
class Page:
    items: list[CourseView]
    page: int
    page_size: int
    total: int


def list_courses(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    student: Student | None,
    *,
    page: int,
    page_size: int,
) -> Page:
    """Published courses in the order they were created (oldest first), each with the
    caller's enroll state."""
    published = select(Course).where(Course.status == "published")
    # The total rides along on the page's rows.
    rows = courses_with_links(
        session,
        published.add_columns(func.count().over())
        .order_by(Course.created_at, Course.id)
        .offset((page - 1) * page_size)
        .limit(page_size),
    )
    courses = [row[0] for row in rows]
    if rows:
        total = int(rows[0][1])
    else:  # past the last page (or nothing published): count on its own
        total = session.scalar(select(func.count()).select_from(published.subquery())) or 0
    return Page(describe(tuition, session, tenant, student, courses), page, page_size, total)


def published_course(
    tuition: Tuition, session: Session, tenant: Tenant, student: Student | None, slug: str
) -> CourseView:

    course = session.scalar(select(Course).where(Course.slug == slug, Course.status == "published"))
    if course is None:
        raise NotFound(f"No course with slug {slug!r}.")
    return describe(tuition, session, tenant, student, [course])[0]


def describe(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    student: Student | None,
    courses: list[Course],
) -> list[CourseView]:
    """Enroll states of ``courses`` for ``student``: a fixed number of queries and one hook
    call, whatever the number of courses."""
    if not courses:
        return []
    now = utcnow()
    hooks = tuition.hooks(tenant)
    models = tuition.plugins.pricing_models(hooks.enabled)
    live: dict[str, str] = {}
    owned: set[str] = set()
    if student is not None:
        for course_id, status in session.execute(
            select(Enrollment.course_id, Enrollment.status).where(
                Enrollment.student_id == student.id,
                Enrollment.status.in_(LIVE_ENROLLMENT_STATUSES),
            )
        ):
            live[course_id] = status
            if status in OWNED_ENROLLMENT_STATUSES:
                owned.add(course_id)
    states: dict[str, str] = {}
    missing: dict[str, list[str]] = {}
    for course in courses:
        missing[course.id] = sorted(
            link.required_course.slug
            for link in course.prerequisite_links
            if link.required_course_id not in owned
        )
        model = models.get(course.pricing_model)
        sellable = (
            model is not None
            and model.why_not_sellable(tuition, tenant, course, hooks.enabled) is None
        )
        states[course.id] = _base_state(
            course, live.get(course.id), student, missing[course.id], sellable, now
        )
    ctx = CatalogContext(
        tuition=tuition,
        session=session,
        tenant=tenant,
        student=student,
        courses=courses,
        states=dict(states),
        settings=tenant.plugin_settings(),
        now=now,
    )
    for course_id, state in hooks.enroll_states(ctx).items():
        # Plugins may add states of their own (declared with tuition_enroll_states).
        if course_id in states and isinstance(state, str) and state.isidentifier():
            states[course_id] = state
    extensions = hooks.course_extensions(ctx)
    return [
        CourseView(c, states[c.id], missing[c.id] if student else [], extensions.get(c.id, {}))
        for c in courses
    ]


def _base_state(
    course: Course,
    live_status: str | None,
    student: Student | None,
    missing: list[str],
    sellable: bool,
    now: datetime,
) -> str:
    if live_status in OWNED_ENROLLMENT_STATUSES:
        return "enrolled"
    if live_status == "pending":
        return "pending_payment"
    if course.status != "published" or not sellable:
        return "not_available"
    if course.registration_deadline is not None and now > course.registration_deadline:
        return "registration_closed"
    if course.capacity is not None and course.seats_taken >= course.capacity:
        return "full"
    if student is None:
        return "login_required"
    if missing:
        return "not_available"
    return "available"
