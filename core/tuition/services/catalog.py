"""The storefront catalogue: published courses and each one's enroll state for the caller.

Courses are read as :class:`CourseSnapshot` values (plain columns, links as slugs), not as
ORM objects: a catalogue page is one query for the courses plus one for the links of the
courses that have any, and no object of the page is tracked by the session.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    Text,
    and_,
    bindparam,
    exists,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from tuition.db import execute_core, utcnow
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


@dataclass(frozen=True, slots=True)
class CourseSnapshot:
    """A course as read for a storefront answer (a :class:`~tuition.plugin_api.CourseRecord`).

    ``prerequisites`` holds ``(course id, slug)`` of each required course, in course-id
    order; ``next_courses`` the slugs of the suggested courses, in their position order.
    ``attributes`` are parsed when asked for (no storefront answer shows them).
    """

    id: str
    tenant_id: str
    slug: str
    title: str
    summary: str
    status: str
    pricing_model: str
    price_amount: int | None
    price_currency: str | None
    capacity: int | None
    seats_taken: int
    registration_deadline: datetime | None
    unlisted: bool
    attributes_json: str | None
    created_at: datetime
    prerequisites: tuple[tuple[str, str], ...] = ()
    next_courses: tuple[str, ...] = ()

    @property
    def attributes(self) -> Mapping[str, Any]:
        parsed = json.loads(self.attributes_json) if self.attributes_json else None
        return parsed if isinstance(parsed, dict) else {}

    @classmethod
    def of(cls, course: Course) -> CourseSnapshot:
        """The snapshot of an ORM course (its links are loaded if they were not)."""
        values = {name: getattr(course, name) for name in _FIELDS if name != "attributes_json"}
        return cls(
            **values,
            attributes_json=json.dumps(course.attributes or {}),
            prerequisites=tuple(
                sorted(
                    (link.required_course_id, link.required_course.slug)
                    for link in course.prerequisite_links
                )
            ),
            next_courses=tuple(link.next_course.slug for link in course.next_links),
        )


_courses = cast(Table, Course.__table__)
_prerequisites = cast(Table, CoursePrerequisite.__table__)
_next = cast(Table, CourseNext.__table__)
_enrollments = cast(Table, Enrollment.__table__)
#: The course columns a snapshot holds, in its field order (attributes as JSON text).
_FIELDS = (
    "id",
    "tenant_id",
    "slug",
    "title",
    "summary",
    "status",
    "pricing_model",
    "price_amount",
    "price_currency",
    "capacity",
    "seats_taken",
    "registration_deadline",
    "unlisted",
    "attributes_json",
    "created_at",
)
_COLUMNS = tuple(
    sql_cast(_courses.c.attributes, Text) if name == "attributes_json" else _courses.c[name]
    for name in _FIELDS
)
_HAS_PREREQUISITES = exists().where(_prerequisites.c.course_id == _courses.c.id)
_HAS_NEXT = exists().where(_next.c.course_id == _courses.c.id)
PUBLISHED = _courses.c.status == "published"


def slug_is(slug: str) -> ColumnElement[bool]:
    """The condition for the course ``slug`` (for :func:`snapshots`)."""
    return _courses.c.slug == slug


#: Courses the catalogue lists (an unlisted one is reachable by its slug only).
LISTED = _courses.c.unlisted.is_(False)
COURSE_ID = _courses.c.id
NEWEST_FIRST = (_courses.c.created_at.desc(), _courses.c.id)
OLDEST_FIRST = (_courses.c.created_at, _courses.c.id)


class Found(NamedTuple):
    """Courses read by :func:`snapshots`: ``total`` with ``with_total`` (None past the last
    page), ``live`` the student's live enrollment status per listed course with
    ``student_id`` (courses without one are absent)."""

    courses: list[CourseSnapshot]
    total: int | None
    live: dict[str, str] | None


def snapshots(
    session: Session,
    tenant_id: str,
    *where: ColumnElement[bool],
    order_by: Iterable[Any] = (),
    offset: int = 0,
    limit: int | None = None,
    with_total: bool = False,
    student_id: str | None = None,
) -> Found:
    """The courses of ``tenant_id`` matching ``where`` (conditions on the ``courses``
    table, e.g. :data:`PUBLISHED`) as snapshots, with their links.

    One query for the courses: whether each has links rides on its row, and so do, when
    asked for, the number of all matching courses and ``student_id``'s live enrollment
    status (at most one per course). One more query only when some courses have links.
    """
    stmt = _courses_query(where, order_by, with_total, student_id is not None, limit is not None)
    params = {"tenant_id": tenant_id, "student_id": student_id, "offset": offset, "limit": limit}
    return _read(session, stmt, params, with_total, student_id is not None)


def _courses_query(
    where: Iterable[ColumnElement[bool]],
    order_by: Iterable[Any],
    with_total: bool,
    with_student: bool,
    with_limit: bool,
) -> Any:
    """The query of :func:`snapshots`, with bound parameters ``tenant_id``, ``student_id``,
    ``offset`` and ``limit``."""
    columns: list[Any] = [*_COLUMNS, _HAS_PREREQUISITES, _HAS_NEXT]
    if with_total:
        columns.append(func.count().over())
    source: Any = _courses
    tenant_id: Any = bindparam("tenant_id")
    if with_student:
        columns.append(_enrollments.c.status)
        source = _courses.outerjoin(
            _enrollments,
            and_(
                _enrollments.c.course_id == _courses.c.id,
                _enrollments.c.tenant_id == tenant_id,
                _enrollments.c.student_id == bindparam("student_id"),
                _enrollments.c.status.in_(LIVE_ENROLLMENT_STATUSES),
            ),
        )
    stmt = (
        select(*columns)
        .select_from(source)
        .where(_courses.c.tenant_id == tenant_id, *where)
        .order_by(*order_by)
        .offset(bindparam("offset"))
    )
    return stmt.limit(bindparam("limit")) if with_limit else stmt


def _read(
    session: Session, stmt: Any, params: dict[str, Any], with_total: bool, with_student: bool
) -> Found:
    rows = execute_core(session, stmt, params).all()
    tenant_id = params["tenant_id"]
    width = len(_FIELDS)
    prerequisites, next_courses = _link_slugs(
        session,
        tenant_id,
        [row[0] for row in rows if row[width]],
        [row[0] for row in rows if row[width + 1]],
    )
    found = [
        CourseSnapshot(
            **dict(zip(_FIELDS, row, strict=False)),
            prerequisites=tuple(prerequisites.get(row[0], ())),
            next_courses=tuple(next_courses.get(row[0], ())),
        )
        for row in rows
    ]
    total = int(rows[0][width + 2]) if with_total and rows else None
    live = None
    if with_student:
        live = {row[0]: row[-1] for row in rows if row[-1] is not None}
    return Found(found, total, live)


def _link_slugs(
    session: Session, tenant_id: str, with_prerequisites: list[str], with_next: list[str]
) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[str]]]:
    """Both kinds of links of the given courses as slugs, in one ``UNION ALL`` query (none
    when no course has links)."""
    parts = []
    if with_prerequisites:
        parts.append(
            select(
                literal("p").label("kind"),
                _prerequisites.c.course_id,
                _courses.c.id.label("target_id"),
                _courses.c.slug,
                literal(0).label("position"),
            )
            .join(_courses, _courses.c.id == _prerequisites.c.required_course_id)
            .where(
                _prerequisites.c.tenant_id == tenant_id,
                _prerequisites.c.course_id.in_(with_prerequisites),
            )
        )
    if with_next:
        parts.append(
            select(
                literal("n").label("kind"),
                _next.c.course_id,
                _courses.c.id.label("target_id"),
                _courses.c.slug,
                _next.c.position,
            )
            .join(_courses, _courses.c.id == _next.c.next_course_id)
            .where(_next.c.tenant_id == tenant_id, _next.c.course_id.in_(with_next))
        )
    prerequisites: dict[str, list[tuple[str, str]]] = {}
    next_courses: dict[str, list[tuple[int, str, str]]] = {}
    if parts:
        for kind, course_id, target_id, slug, position in execute_core(
            session, union_all(*parts) if len(parts) > 1 else parts[0]
        ):
            if kind == "p":
                prerequisites.setdefault(course_id, []).append((target_id, slug))
            else:
                next_courses.setdefault(course_id, []).append((position, target_id, slug))
    return (
        {course_id: sorted(links) for course_id, links in prerequisites.items()},
        {
            course_id: [slug for _position, _id, slug in sorted(links)]
            for course_id, links in next_courses.items()
        },
    )


@dataclass
class CourseView:
    """A course as one caller sees it."""

    course: CourseSnapshot
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
    """Published, listed courses in the order they were created (oldest first), each with
    the caller's enroll state."""
    # The page's query is built once per process (for a caller signed in or not).
    params = {
        "tenant_id": tenant.id,
        "student_id": student.id if student is not None else None,
        "offset": (page - 1) * page_size,
        "limit": page_size,
    }
    courses, total, live = _read(
        session, _CATALOGUE_PAGE[student is not None], params, True, student is not None
    )
    if total is None:  # past the last page (or nothing published): count on its own
        total = (
            execute_core(
                session,
                select(func.count()).where(_courses.c.tenant_id == tenant.id, PUBLISHED, LISTED),
            ).scalar()
            or 0
        )
    return Page(
        describe(tuition, session, tenant, student, courses, live=live), page, page_size, total
    )


#: The catalogue page's query, without and with the signed-in student's live enrollments.
_CATALOGUE_PAGE = {
    signed_in: _courses_query((PUBLISHED, LISTED), OLDEST_FIRST, True, signed_in, True)
    for signed_in in (False, True)
}


def published_course(
    tuition: Tuition, session: Session, tenant: Tenant, student: Student | None, slug: str
) -> CourseView:
    """The published course ``slug`` with the caller's enroll state; 404 otherwise."""
    found = snapshots(
        session,
        tenant.id,
        PUBLISHED,
        _courses.c.slug == slug,
        student_id=student.id if student is not None else None,
    )
    if not found.courses:
        raise NotFound(f"No course with slug {slug!r}.")
    return describe(tuition, session, tenant, student, found.courses, live=found.live)[0]


def describe(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    student: Student | None,
    courses: list[CourseSnapshot],
    *,
    live: Mapping[str, str] | None = None,
    live_is_all: bool = False,
) -> list[CourseView]:
    """Enroll states of ``courses`` for ``student``: a fixed number of queries and one hook
    call, whatever the number of courses. ``live`` is the student's live enrollment status
    per course of ``courses`` when the caller read it already (:func:`snapshots`), or of
    every course of the tenant with ``live_is_all`` (then nothing more is read)."""
    if not courses:
        return []
    now = utcnow()
    hooks = tuition.hooks(tenant)
    models = tuition.plugins.pricing_models(hooks.enabled)
    statuses: dict[str, str] = {}
    if student is not None:
        statuses = dict(live) if live is not None else {}
        # Prerequisites may be courses not listed here: ask for those (every course
        # when the caller read nothing).
        wanted = None
        if live is not None:
            listed = {c.id for c in courses}
            wanted = {cid for c in courses for cid, _ in c.prerequisites} - listed
        if not live_is_all and (wanted is None or wanted):
            statuses.update(live_statuses(session, tenant.id, student.id, wanted))
    owned = {cid for cid, status in statuses.items() if status in OWNED_ENROLLMENT_STATUSES}
    states: dict[str, str] = {}
    missing: dict[str, list[str]] = {}
    for course in courses:
        missing[course.id] = sorted(
            slug for course_id, slug in course.prerequisites if course_id not in owned
        )
        model = models.get(course.pricing_model)
        sellable = (
            model is not None
            and model.why_not_sellable(tuition, tenant, course, hooks.enabled) is None
        )
        states[course.id] = _base_state(
            course, statuses.get(course.id), student, missing[course.id], sellable, now
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


def live_statuses(
    session: Session, tenant_id: str, student_id: str, course_ids: Iterable[str] | None = None
) -> dict[str, str]:
    """The student's live enrollment status per course (of ``course_ids``, else every)."""
    stmt = select(_enrollments.c.course_id, _enrollments.c.status).where(
        _enrollments.c.tenant_id == tenant_id,
        _enrollments.c.student_id == student_id,
        _enrollments.c.status.in_(LIVE_ENROLLMENT_STATUSES),
    )
    if course_ids is not None:
        stmt = stmt.where(_enrollments.c.course_id.in_(sorted(course_ids)))
    return {course_id: status for course_id, status in execute_core(session, stmt)}


def _base_state(
    course: CourseSnapshot,
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
