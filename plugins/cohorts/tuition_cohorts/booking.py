"""Session booking: each enrollment of a cohort books one session option per course step.

Seats of an option move only through conditional UPDATEs (``seats_taken + 1 WHERE
seats_taken < capacity``), so concurrent bookings never overbook, on PostgreSQL and SQLite.
Everything one enrollment books happens under a lock on its cohort seat row, and option
rows are always changed in id order, so two bookings never wait on each other in a cycle.
Nothing here knows about Flask; errors are domain errors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    Conflict,
    EnrollmentRecord,
    Host,
    NotFound,
    StudentRecord,
    TenantRecord,
    TuitionError,
    utcnow,
)
from tuition.plugin_api import rowcount as _rowcount

from .models import Cohort, CohortSeat, CourseStep, SessionOption, StepProgress

LIVE_SEAT_STATUSES = ("held", "taken")

#: The problem codes of session booking, for ``tuition_problem_codes``.
PROBLEM_CODES = {
    "enrollment_not_active": "sessions are booked for active enrollments only",
    "invalid_selection": "a step of another course, or a session of another cohort or step",
    "step_completed": "the step is completed; its booking cannot change",
    "session_full": "the session has no seats left (``option``, ``step``); nothing was booked",
}
#: Weekly sessions by weekday first, then sessions on a date, each by time (same order on
#: both databases, which disagree on where NULLs sort).
SESSION_ORDER = (
    SessionOption.weekday.is_(None),
    SessionOption.weekday,
    SessionOption.on_date,
    SessionOption.start_time,
    SessionOption.name,
    SessionOption.id,
)


class InvalidSelection(TuitionError):
    """A selection names a step of another course or an option of another cohort/step."""

    status, code, title = 422, "invalid_selection", "Invalid selection"


# -- seats of options ---------------------------------------------------------------------


def take_option_seat(session: Session, option_id: str) -> bool:
    """Take one seat of the option if one is left (one atomic conditional UPDATE)."""
    return bool(
        _rowcount(
            session.execute(
                update(SessionOption)
                .where(
                    SessionOption.id == option_id,
                    SessionOption.seats_taken < SessionOption.capacity,
                )
                .values(seats_taken=SessionOption.seats_taken + 1)
                .execution_options(synchronize_session=False)
            )
        )
    )


def release_option_seat(session: Session, option_id: str) -> None:
    session.execute(
        update(SessionOption)
        .where(SessionOption.id == option_id, SessionOption.seats_taken > 0)
        .values(seats_taken=SessionOption.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


def _lock_seat(session: Session, enrollment_id: str) -> bool:
    """Serialise everything that books for one enrollment: a no-op UPDATE of its cohort
    seat row takes the row lock on PostgreSQL and the write lock on SQLite (where a
    ``SELECT … FOR UPDATE`` would lock nothing). False if the enrollment has no seat."""
    return bool(
        _rowcount(
            session.execute(
                update(CohortSeat)
                .where(CohortSeat.enrollment_id == enrollment_id)
                .values(status=CohortSeat.status, updated_at=CohortSeat.updated_at)
                .execution_options(synchronize_session=False)
            )
        )
    )


# -- progress rows ------------------------------------------------------------------------


def course_steps(session: Session, course_id: str) -> list[CourseStep]:
    return list(
        session.scalars(
            select(CourseStep)
            .where(CourseStep.course_id == course_id)
            .order_by(CourseStep.position, CourseStep.label)
        )
    )


def _progress(session: Session, enrollment_id: str) -> dict[str, StepProgress]:
    rows = session.scalars(
        select(StepProgress)
        .where(StepProgress.enrollment_id == enrollment_id)
        .execution_options(populate_existing=True)
    )
    return {row.step_id: row for row in rows}


def ensure_progress(
    session: Session, enrollment: EnrollmentRecord, steps: Iterable[CourseStep]
) -> dict[str, StepProgress]:
    """The enrollment's progress rows by step id, adding an ``unbooked`` row for each of
    ``steps`` that has none (a concurrent insert of the same row is tolerated)."""
    rows = _progress(session, enrollment.id)
    for step in sorted(steps, key=lambda s: s.id):
        if step.id in rows:
            continue
        row = StepProgress(
            tenant_id=enrollment.tenant_id,
            enrollment_id=enrollment.id,
            step_id=step.id,
            status="unbooked",
        )
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:  # added meanwhile by another transaction
            found = session.scalar(
                select(StepProgress).where(
                    StepProgress.enrollment_id == enrollment.id, StepProgress.step_id == step.id
                )
            )
            if found is None:
                raise
            row = found
        rows[step.id] = row
    return rows


def _move(session: Session, row: StepProgress, option_id: str, now: datetime) -> None:
    """Point ``row`` at ``option_id`` unless it changed since it was read (then 409)."""
    stmt = update(StepProgress).where(StepProgress.id == row.id, StepProgress.status == row.status)
    stmt = stmt.where(
        StepProgress.option_id.is_(None)
        if row.option_id is None
        else StepProgress.option_id == row.option_id
    )
    moved = _rowcount(
        session.execute(
            stmt.values(status="booked", option_id=option_id, booked_at=now).execution_options(
                synchronize_session=False
            )
        )
    )
    if not moved:
        raise Conflict(
            "Your bookings changed meanwhile; look at them again and retry.", code="conflict"
        )
    session.expire(row)


def start_progress(
    session: Session, enrollment: EnrollmentRecord, cohort: Cohort
) -> list[StepProgress]:
    """After an enrollment in ``cohort`` became active: one ``unbooked`` progress row per
    step of its course (idempotent), then every unbooked step for which the cohort has
    exactly one session option is booked there if it has a seat left.

    Returns the rows booked now. Does not commit (the after-enrollment job does) and emits
    nothing (the caller emits ``cohort.session_booked`` per returned row).
    """
    _lock_seat(session, enrollment.id)
    steps = course_steps(session, enrollment.course_id)
    rows = ensure_progress(session, enrollment, steps)
    by_step: dict[str, list[str]] = defaultdict(list)
    for option_id, step_id in session.execute(
        select(SessionOption.id, SessionOption.step_id).where(SessionOption.cohort_id == cohort.id)
    ):
        by_step[step_id].append(option_id)
    single = sorted(
        (
            (options[0], rows[step.id])
            for step in steps
            if len(options := by_step.get(step.id, [])) == 1 and rows[step.id].status == "unbooked"
        ),
        key=lambda pair: pair[0],
    )
    now = utcnow()
    booked = []
    for option_id, row in single:  # option id order, like every other booking
        if take_option_seat(session, option_id):
            _move(session, row, option_id, now)
            booked.append(row)
    return booked


def release_bookings(session: Session, enrollment_id: str) -> int:
    """The enrollment ended: give back the option seats of its booked (not completed)
    steps and mark them unbooked. Returns how many seats were given back. Call it in the
    transaction that ends the enrollment (``tuition_enrollment_changed``, releasing)."""
    _lock_seat(session, enrollment_id)
    rows = list(
        session.scalars(
            select(StepProgress).where(
                StepProgress.enrollment_id == enrollment_id,
                StepProgress.status == "booked",
                StepProgress.option_id.is_not(None),
            )
        )
    )
    freed = 0
    for row in sorted(rows, key=lambda r: r.option_id or ""):
        assert row.option_id is not None
        if _rowcount(
            session.execute(
                update(StepProgress)
                .where(
                    StepProgress.id == row.id,
                    StepProgress.status == "booked",
                    StepProgress.option_id == row.option_id,
                )
                .values(status="unbooked", option_id=None, booked_at=None)
                .execution_options(synchronize_session=False)
            )
        ):
            release_option_seat(session, row.option_id)
            freed += 1
        session.expire(row)
    return freed


# -- what a student sees ------------------------------------------------------------------


@dataclass
class StepState:
    step: CourseStep
    progress: StepProgress | None
    options: list[SessionOption] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else "unbooked"


@dataclass
class StepsView:
    enrollment: EnrollmentRecord
    seat: CohortSeat
    steps: list[StepState]


def own_enrollment(
    tuition: Host, session: Session, student: StudentRecord, enrollment_id: str
) -> EnrollmentRecord:
    """``student``'s enrollment ``enrollment_id`` as it is now in the database."""
    enrollment = tuition.services.enrollment(session, enrollment_id)
    if enrollment is None or enrollment.student_id != student.id:
        raise NotFound("You have no such enrollment.")
    return enrollment


def _seat(session: Session, enrollment: EnrollmentRecord) -> CohortSeat:
    seat = session.scalar(
        select(CohortSeat)
        .where(CohortSeat.enrollment_id == enrollment.id)
        .execution_options(populate_existing=True)
    )
    if seat is None:
        raise NotFound("This enrollment is not in a cohort.")
    return seat


def options_by_step(session: Session, cohort_id: str) -> dict[str, list[SessionOption]]:
    grouped: dict[str, list[SessionOption]] = defaultdict(list)
    for option in session.scalars(
        select(SessionOption)
        .where(SessionOption.cohort_id == cohort_id)
        .order_by(*SESSION_ORDER)
        .execution_options(populate_existing=True)
    ):
        grouped[option.step_id].append(option)
    return grouped


def steps_view(
    tuition: Host, session: Session, student: StudentRecord, enrollment_id: str
) -> StepsView:
    """The steps of ``student``'s enrollment in order, with what is booked and the options
    to book. NotFound for someone else's enrollment or one without a cohort seat."""
    enrollment = own_enrollment(tuition, session, student, enrollment_id)
    seat = _seat(session, enrollment)
    return _view(session, enrollment, seat)


def _view(session: Session, enrollment: EnrollmentRecord, seat: CohortSeat) -> StepsView:
    progress = _progress(session, enrollment.id)
    options = options_by_step(session, seat.cohort_id)
    return StepsView(
        enrollment,
        seat,
        [
            StepState(
                step,
                progress.get(step.id),
                []
                if step.id in progress and progress[step.id].status == "completed"
                else options.get(step.id, []),
            )
            for step in course_steps(session, enrollment.course_id)
        ],
    )


# -- booking ------------------------------------------------------------------------------


@dataclass
class _Change:
    step: CourseStep
    row: StepProgress
    option: SessionOption
    previous: str | None


def book(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    student: StudentRecord,
    enrollment_id: str,
    selections: Sequence[Mapping[str, str]],
) -> StepsView:
    """Book one option per selected step for ``student``'s active enrollment: all
    selections or none (a refusal raises, and the caller rolls back what was written
    through ``session``; the caller commits otherwise). Booking a booked step again moves
    the booking (the old option's seat is given back); booking the option a step already
    has changes nothing.

    Raises NotFound (not the student's enrollment, or not in a cohort), ``conflict`` 409
    ``enrollment_not_active``, 422 ``invalid_selection``, 409 ``step_completed``, 409
    ``session_full`` (with ``option`` and ``step``). Emits ``cohort.session_booked`` per
    step booked or moved.
    """
    enrollment = own_enrollment(tuition, session, student, enrollment_id)
    if not _lock_seat(session, enrollment.id):
        raise NotFound("This enrollment is not in a cohort.")
    enrollment = own_enrollment(tuition, session, student, enrollment_id)  # under the lock
    seat = _seat(session, enrollment)
    if enrollment.status != "active" or seat.status not in LIVE_SEAT_STATUSES:
        raise Conflict(
            f"Sessions can be booked for active enrollments only; this one is {enrollment.status}.",
            code="enrollment_not_active",
        )
    steps = {s.label: s for s in course_steps(session, enrollment.course_id)}
    chosen: list[tuple[CourseStep, SessionOption]] = []
    for selection in selections:
        step = steps.get(selection["step"])
        if step is None:
            raise InvalidSelection(
                f"The course has no step {selection['step']!r}.", step=selection["step"]
            )
        option = session.scalar(
            select(SessionOption).where(
                SessionOption.id == selection["option"],
                SessionOption.cohort_id == seat.cohort_id,
                SessionOption.step_id == step.id,
            )
        )
        if option is None:
            raise InvalidSelection(
                f"{selection['option']!r} is not a session of your cohort for step {step.label!r}.",
                step=step.label,
                option=selection["option"],
            )
        chosen.append((step, option))
    rows = ensure_progress(session, enrollment, [step for step, _ in chosen])
    for step, _ in chosen:
        if rows[step.id].status == "completed":
            raise Conflict(
                f"Step {step.label!r} is completed; its booking cannot change.",
                code="step_completed",
                step=step.label,
            )
    changes = [
        _Change(step, rows[step.id], option, rows[step.id].option_id)
        for step, option in chosen
        if not (rows[step.id].status == "booked" and rows[step.id].option_id == option.id)
    ]
    # Every option row this booking changes, in id order: +1 for new ones, -1 for old ones.
    moves = sorted(
        [(c.option.id, +1, c) for c in changes]
        + [(c.previous, -1, c) for c in changes if c.previous is not None],
        key=lambda m: (m[0], m[1]),
    )
    for option_id, delta, change in moves:
        if delta < 0:
            release_option_seat(session, option_id)
        elif not take_option_seat(session, option_id):
            raise Conflict(
                f"Session {change.option.name!r} of step {change.step.label!r} "
                "has no seats left; nothing was booked.",
                code="session_full",
                option=option_id,
                step=change.step.label,
            )
    now = utcnow()
    cohort = seat.cohort
    for change in sorted(changes, key=lambda c: c.row.id):
        _move(session, change.row, change.option.id, now)
        tuition.services.emit_event(
            session,
            tenant,
            "cohort.session_booked",
            {
                "enrollment_id": enrollment.id,
                "student_id": enrollment.student_id,
                "cohort": cohort.slug,
                "step": change.step.label,
                "option_id": change.option.id,
                "previous_option_id": change.previous,
                "automatic": False,
            },
        )
    session.flush()
    return _view(session, enrollment, seat)
