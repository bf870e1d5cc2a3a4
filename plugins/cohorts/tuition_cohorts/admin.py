"""Administration of cohorts, course steps and session options (no Flask here).

Capacities change through conditional UPDATEs so that a concurrent enrollment or booking
can never leave more seats taken than the new capacity; deletes are conditional on
nothing being taken, for the same reason. Everything writes through the session it is
given and never commits: the caller does (a refused change raises, and the caller's
transaction is then rolled back).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    Conflict,
    CourseRecord,
    EnrollmentRecord,
    Host,
    NotFound,
    StudentRecord,
    TenantRecord,
    ValidationFailed,
)
from tuition.plugin_api import rowcount as _rowcount

from .booking import SESSION_ORDER
from .models import Cohort, CohortSeat, CourseStep, SessionOption, StepProgress, WaitlistEntry

LIVE_SEATS = ("held", "taken")
LIVE_WAITS = ("waiting", "offered")

#: The problem codes of the admin API, for ``tuition_problem_codes``.
PROBLEM_CODES = {
    "cohort_exists": "the course has a cohort with this slug",
    "cohort_in_use": "students hold, took or had seats in the cohort; deactivate it instead",
    "capacity_below_seats_taken": "more seats are taken (or booked) than the new capacity",
    "step_exists": "the course has a step with this label",
    "step_in_use": "students booked or completed the step",
    "option_in_use": "students booked the session option",
}


@contextmanager
def _saved(session: Session, conflict: Conflict) -> Iterator[None]:
    """Write the changes made in the block in a savepoint when it ends; if a constraint
    refuses them (a concurrent change), they are undone and ``conflict`` is raised."""
    try:
        with session.begin_nested():
            yield
    except IntegrityError as exc:
        raise conflict from exc


def _set_capacity(session: Session, row: Cohort | SessionOption, capacity: int) -> None:
    """Set ``capacity`` unless more seats are taken by then (one conditional UPDATE);
    otherwise roll back and refuse with ``capacity_below_seats_taken``."""
    model = type(row)
    if not _rowcount(
        session.execute(
            update(model)
            .where(model.id == row.id, model.seats_taken <= capacity)
            .values(capacity=capacity)
            .execution_options(synchronize_session=False)
        )
    ):
        session.refresh(row, ["seats_taken"])
        taken, name = row.seats_taken, row.name
        raise Conflict(
            f"{taken} seats of {name!r} are taken or held; the capacity cannot be lower.",
            code="capacity_below_seats_taken",
            seats_taken=taken,
        )
    session.expire(row, ["capacity", "seats_taken"])


# -- cohorts ------------------------------------------------------------------------------


def get_cohort(session: Session, cohort_id: str) -> Cohort:
    cohort = session.scalar(select(Cohort).where(Cohort.id == cohort_id))
    if cohort is None:
        raise NotFound(f"No cohort {cohort_id!r}.")
    return cohort


def cohorts_of(course: CourseRecord) -> Select[Cohort]:
    return select(Cohort).where(Cohort.course_id == course.id)


def create_cohort(
    session: Session, tenant: TenantRecord, course: CourseRecord, data: Mapping[str, Any]
) -> Cohort:
    """Create a cohort of ``course`` from validated fields."""
    exists = Conflict(
        f"Course {course.slug!r} has a cohort {data['slug']!r} already.", code="cohort_exists"
    )
    if session.scalar(
        select(Cohort.id).where(Cohort.course_id == course.id, Cohort.slug == data["slug"])
    ):
        raise exists
    cohort = Cohort(
        tenant_id=tenant.id,
        course_id=course.id,
        seats_taken=0,
        **{
            name: data[name]
            for name in (
                "slug",
                "name",
                "capacity",
                "enrollment_deadline",
                "starts_on",
                "ends_on",
                "active",
            )
            if name in data
        },
    )
    with _saved(session, exists):
        session.add(cohort)
    return cohort


def update_cohort(
    tuition: Host, session: Session, tenant: TenantRecord, cohort_id: str, data: Mapping[str, Any]
) -> Cohort:
    """Change name, dates, ``active`` or capacity. Capacity may not go below the seats
    taken (409 ``capacity_below_seats_taken``); new seats go to the waitlist."""
    cohort = get_cohort(session, cohort_id)
    starts = data.get("starts_on", cohort.starts_on)
    ends = data.get("ends_on", cohort.ends_on)
    if starts is not None and ends is not None and ends < starts:
        field = "ends_on" if "ends_on" in data else "starts_on"
        raise ValidationFailed(
            {field: [f"ends_on ({ends}) must not be before starts_on ({starts})."]}
        )
    raised = False
    with _saved(session, Conflict("The cohort changed concurrently; retry.", code="conflict")):
        for name in ("name", "enrollment_deadline", "starts_on", "ends_on", "active"):
            if name in data:
                setattr(cohort, name, data[name])
        session.flush()
        if "capacity" in data and data["capacity"] != cohort.capacity:
            raised = data["capacity"] > cohort.capacity
            _set_capacity(session, cohort, data["capacity"])
    if raised:
        from .waitlist import seats_freed

        seats_freed(tuition, session, tenant, cohort)
    session.flush()
    session.refresh(cohort)
    return cohort


def delete_cohort(session: Session, cohort_id: str) -> None:
    """Delete a cohort nobody holds or took a seat in (409 ``cohort_in_use``); its options
    and waitlist go with it. A cohort with past enrollments is deactivated instead."""
    cohort = get_cohort(session, cohort_id)
    live = (
        session.scalar(
            select(func.count())
            .select_from(CohortSeat)
            .where(CohortSeat.cohort_id == cohort.id, CohortSeat.status.in_(LIVE_SEATS))
        )
        or 0
    )
    in_use = Conflict(
        f"{live or 'Some'} students hold or took seats in {cohort.name!r}; "
        "deactivate it instead (active: false).",
        code="cohort_in_use",
    )
    if live:
        raise in_use
    if (
        session.scalar(
            select(CohortSeat.enrollment_id).where(CohortSeat.cohort_id == cohort.id).limit(1)
        )
        is not None
    ):
        raise Conflict(
            f"Cohort {cohort.name!r} has past enrollments; deactivate it instead (active: false).",
            code="cohort_in_use",
        )
    with _saved(session, in_use):  # a seat row appeared meanwhile (RESTRICT)
        deleted = _rowcount(
            session.execute(
                delete(Cohort)
                .where(Cohort.id == cohort.id, Cohort.seats_taken == 0)
                .execution_options(synchronize_session=False)
            )
        )
    if not deleted:  # a seat was taken, or reserved for a waitlist offer, meanwhile
        raise in_use
    session.expunge(cohort)


# -- roster -------------------------------------------------------------------------------


@dataclass
class RosterEntry:
    seat: CohortSeat
    enrollment: EnrollmentRecord
    student: StudentRecord
    progress: list[StepProgress]


@dataclass
class Roster:
    cohort: Cohort
    steps: list[CourseStep]
    entries: list[RosterEntry]
    total: int
    held: int
    taken: int
    waiting: int


def roster(tuition: Host, session: Session, cohort: Cohort, *, page: int, page_size: int) -> Roster:
    """The students holding or having a seat in ``cohort`` (one page, oldest first), their
    progress per step, and the cohort's counts."""
    counts = dict(
        session.execute(
            select(CohortSeat.status, func.count())
            .where(CohortSeat.cohort_id == cohort.id, CohortSeat.status.in_(LIVE_SEATS))
            .group_by(CohortSeat.status)
        ).all()
    )
    waiting = (
        session.scalar(
            select(func.count())
            .select_from(WaitlistEntry)
            .where(WaitlistEntry.cohort_id == cohort.id, WaitlistEntry.status.in_(LIVE_WAITS))
        )
        or 0
    )
    seats = list(
        session.scalars(
            select(CohortSeat)
            .where(CohortSeat.cohort_id == cohort.id, CohortSeat.status.in_(LIVE_SEATS))
            .order_by(CohortSeat.created_at, CohortSeat.enrollment_id)
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
    )
    progress: dict[str, list[StepProgress]] = {}
    enrollments: dict[str, EnrollmentRecord] = {}
    ids = [seat.enrollment_id for seat in seats]
    if ids:
        enrollments = {e.id: e for e in tuition.services.enrollments(session, ids=ids)}
        for row in session.scalars(select(StepProgress).where(StepProgress.enrollment_id.in_(ids))):
            progress.setdefault(row.enrollment_id, []).append(row)
    steps = list(
        session.scalars(
            select(CourseStep)
            .where(CourseStep.course_id == cohort.course_id)
            .order_by(CourseStep.position, CourseStep.label)
        )
    )
    return Roster(
        cohort=cohort,
        steps=steps,
        entries=[
            RosterEntry(seat, enrollment, enrollment.student, progress.get(seat.enrollment_id, []))
            for seat in seats
            if (enrollment := enrollments.get(seat.enrollment_id)) is not None
        ],
        total=sum(counts.values()),
        held=counts.get("held", 0),
        taken=counts.get("taken", 0),
        waiting=waiting,
    )


# -- steps --------------------------------------------------------------------------------


def get_step(session: Session, step_id: str) -> CourseStep:
    step = session.scalar(select(CourseStep).where(CourseStep.id == step_id))
    if step is None:
        raise NotFound(f"No step {step_id!r}.")
    return step


def steps_of(session: Session, course: CourseRecord) -> list[CourseStep]:
    return list(
        session.scalars(
            select(CourseStep)
            .where(CourseStep.course_id == course.id)
            .order_by(CourseStep.position, CourseStep.label)
        )
    )


def _step_exists(course_slug: str, label: str) -> Conflict:
    return Conflict(
        f"Course {course_slug!r} has a step {label!r} already.", code="step_exists", label=label
    )


def create_step(
    session: Session, tenant: TenantRecord, course: CourseRecord, data: Mapping[str, Any]
) -> CourseStep:
    """Add a step to ``course`` (at the end unless ``position`` is given)."""
    exists = _step_exists(course.slug, data["label"])
    if session.scalar(
        select(CourseStep.id).where(
            CourseStep.course_id == course.id, CourseStep.label == data["label"]
        )
    ):
        raise exists
    position = data.get("position")
    if position is None:
        last = session.scalar(
            select(func.max(CourseStep.position)).where(CourseStep.course_id == course.id)
        )
        position = 0 if last is None else last + 1
    step = CourseStep(
        tenant_id=tenant.id,
        course_id=course.id,
        label=data["label"],
        title=data["title"],
        position=position,
    )
    with _saved(session, exists):
        session.add(step)
    return step


def update_step(
    tuition: Host, session: Session, step_id: str, data: Mapping[str, Any]
) -> CourseStep:
    step = get_step(session, step_id)
    course = tuition.services.course(session, id=step.course_id)
    course_slug = course.slug if course is not None else ""
    label = data.get("label", step.label)
    exists = _step_exists(course_slug, label)
    if label != step.label and session.scalar(
        select(CourseStep.id).where(
            CourseStep.course_id == step.course_id, CourseStep.label == label
        )
    ):
        raise exists
    with _saved(session, exists):
        for name in ("label", "title", "position"):
            if name in data:
                setattr(step, name, data[name])
    return step


def delete_step(session: Session, step_id: str) -> None:
    """Delete a step and its session options, unless a student booked or completed it
    (409 ``step_in_use``)."""
    step = get_step(session, step_id)
    in_use = Conflict(
        f"Students booked or completed step {step.label!r}; it cannot be deleted.",
        code="step_in_use",
    )
    if _step_used(session, step.id):
        raise in_use
    # Options nobody booked go first: a booking that is under way locks its option row, and
    # the conditional DELETE looks at the row again once that booking is over.
    session.execute(
        delete(SessionOption)
        .where(SessionOption.step_id == step.id, SessionOption.seats_taken == 0)
        .execution_options(synchronize_session=False)
    )
    if (
        session.scalar(select(SessionOption.id).where(SessionOption.step_id == step.id).limit(1))
        is not None
    ):
        raise in_use  # the caller's rollback brings the options deleted above back
    with _saved(session, in_use):
        session.execute(
            delete(CourseStep)
            .where(CourseStep.id == step.id)
            .execution_options(synchronize_session=False)
        )
    session.expunge(step)


def _step_used(session: Session, step_id: str) -> bool:
    return (
        session.scalar(
            select(StepProgress.id)
            .where(
                StepProgress.step_id == step_id,
                or_(StepProgress.status != "unbooked", StepProgress.option_id.is_not(None)),
            )
            .limit(1)
        )
        is not None
    )


# -- session options ----------------------------------------------------------------------


def get_option(session: Session, option_id: str) -> SessionOption:
    option = session.scalar(select(SessionOption).where(SessionOption.id == option_id))
    if option is None:
        raise NotFound(f"No session option {option_id!r}.")
    return option


def options_of(session: Session, cohort: Cohort) -> list[SessionOption]:
    return list(
        session.scalars(
            select(SessionOption)
            .join(CourseStep, CourseStep.id == SessionOption.step_id)
            .where(SessionOption.cohort_id == cohort.id)
            .order_by(CourseStep.position, CourseStep.label, *SESSION_ORDER)
        )
    )


def _step_of(session: Session, cohort: Cohort, ref: str) -> CourseStep:
    step = session.scalar(
        select(CourseStep).where(
            CourseStep.course_id == cohort.course_id,
            or_(CourseStep.id == ref, CourseStep.label == ref),
        )
    )
    if step is None:
        raise ValidationFailed({"step": [f"The course of this cohort has no step {ref!r}."]})
    return step


#: What an owner writes of a session option, beside its step and capacity (set apart:
#: never below the seats taken).
OPTION_FIELDS = ("name", "weekday", "on_date", "start_time", "end_time", "timezone", "location")


def create_option(
    session: Session, tenant: TenantRecord, cohort: Cohort, data: Mapping[str, Any]
) -> SessionOption:
    """Add a session option of ``cohort`` for one step of its course."""
    step = _step_of(session, cohort, data["step"])
    option = SessionOption(
        tenant_id=tenant.id,
        cohort_id=cohort.id,
        step=step,
        seats_taken=0,
        capacity=data["capacity"],
        **{name: data.get(name) for name in OPTION_FIELDS},
    )
    with _saved(session, Conflict("The cohort changed concurrently; retry.", code="conflict")):
        session.add(option)
    return option


def update_option(session: Session, option_id: str, data: Mapping[str, Any]) -> SessionOption:
    """Change an option; its capacity may not go below the seats booked."""
    option = get_option(session, option_id)
    merged = {
        name: data.get(name, getattr(option, name))
        for name in ("weekday", "on_date", "start_time", "end_time")
    }
    errors: dict[str, list[str]] = {}
    if (merged["weekday"] is None) == (merged["on_date"] is None):
        errors["weekday" if "weekday" in data else "date"] = [
            "Give a weekday or a date, not both."
            if merged["weekday"] is not None
            else "Give a weekday or a date."
        ]
    if merged["end_time"] <= merged["start_time"]:
        errors["end_time" if "end_time" in data else "start_time"] = [
            f"end_time ({merged['end_time']}) must be after start_time ({merged['start_time']})."
        ]
    if errors:
        raise ValidationFailed(errors)
    with _saved(session, Conflict("The option changed concurrently; retry.", code="conflict")):
        for name in OPTION_FIELDS:
            if name in data:
                setattr(option, name, data[name])
        session.flush()
        if "capacity" in data and data["capacity"] != option.capacity:
            _set_capacity(session, option, data["capacity"])
    session.refresh(option)
    return option


def delete_option(session: Session, option_id: str) -> None:
    """Delete an option nobody booked (409 ``option_in_use``)."""
    option = get_option(session, option_id)
    in_use = Conflict(
        f"Students booked {option.name!r}; it cannot be deleted.", code="option_in_use"
    )
    if _option_used(session, option.id):
        raise in_use
    deleted = _rowcount(
        session.execute(
            delete(SessionOption)
            .where(SessionOption.id == option.id, SessionOption.seats_taken == 0)
            .execution_options(synchronize_session=False)
        )
    )
    if not deleted:  # booked meanwhile
        raise in_use
    session.expunge(option)


def _option_used(session: Session, option_id: str) -> bool:
    return (
        session.scalar(select(StepProgress.id).where(StepProgress.option_id == option_id).limit(1))
        is not None
    )
