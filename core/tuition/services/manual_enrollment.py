"""The site owner enrolls students by hand: one through the admin API, many from a CSV file
(:mod:`tuition.services.enrollment_imports`).

The student is an existing one (by id or email) or is invited: a student without a
password is made for the email and ``student.invited`` asks for a mail with a link to
choose one (the email_notifications plugin sends it). The enrollment runs through core's
enrollment (:func:`tuition.services.enrollment.enroll` with a
:class:`~tuition.plugin_api.ManualEnrollment`): the same checks, plugin fields (a cohort)
and seat pools as a student's own, but no pricing model: it is active at once,
complimentary or paid outside Tuition (``external_reference``, kept on the enrollment).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.models import Enrollment, Student, Tenant
from tuition.plugin_api import Conflict, ManualEnrollment, NotFound, ValidationFailed
from tuition.services import audit, auth, enrollment, events

if TYPE_CHECKING:
    from tuition.runtime import Tuition

INVITED = "student.invited"
#: ``Student.signup_method`` of a student the site owner invited.
INVITATION = "invitation"


def plugin_fields(tuition: Tuition, tenant: Tenant, extra: Mapping[str, Any]) -> dict[str, Any]:
    """``extra`` (``cohort``, …) loaded with the enrollment fields of the tenant's plugins,
    as a student's enrollment takes them; 422 ``validation_error`` naming the field (an
    unknown one too)."""
    if not extra:
        return {}
    schema = tuition.plugins.enrollment_extras_schema(tuition.hooks(tenant).enabled)
    try:
        return dict(schema.load(dict(extra)))
    except ValidationError as err:
        raise ValidationFailed(cast(dict[str, Any], err.messages)) from err


@dataclass(frozen=True)
class Enrolled:
    """What :func:`enroll` did: the active enrollment, and whether its student was invited
    (made now, without a password)."""

    enrollment: Enrollment
    invited: bool


def student_to_enroll(
    session: Session,
    tenant: Tenant,
    *,
    student_id: str | None = None,
    email: str | None = None,
    name: str | None = None,
) -> tuple[Student, bool]:
    """The student with ``student_id`` (404 otherwise), or the one with ``email``, or a new
    one invited with ``email`` (no password yet). The second value: invited now. A name
    given fills in a student's missing one."""
    if student_id is not None:
        found = session.get(Student, student_id)
        if found is None:
            raise NotFound(f"No student {student_id!r}.")
    else:
        if email is None:
            raise ValueError("give student_id or email")
        email = auth.normalise_email(email)
        found = session.scalar(select(Student).where(Student.email == email))
        if found is None:
            return _invite(session, tenant, email, name)
    if name and not found.name:
        found.name = name
    return found, False


def _invite(session: Session, tenant: Tenant, email: str, name: str | None) -> tuple[Student, bool]:
    """A new student for ``email`` without a password. Of two requests inviting one email
    at once, the second is refused (409 ``conflict``: the whole attempt rolls back, and a
    retry finds the student). No savepoint: on SQLite one opened before the transaction's
    first write would commit on release."""
    student = Student(
        tenant_id=tenant.id, email=email, name=name, signup_method=INVITATION, password_hash=None
    )
    session.add(student)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"A student with email {email!r} was just made by another request; try again."
        ) from exc
    audit.record(
        session,
        tenant.id,
        "student",
        student.id,
        "invited",
        None,
        {"email": email, "name": name},
    )
    return student, True


def enroll(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    *,
    course: str,
    student_id: str | None = None,
    email: str | None = None,
    name: str | None = None,
    fields: Mapping[str, Any] | None = None,
    take_seat: bool = True,
    external_reference: str | None = None,
) -> Enrolled:
    """Enroll a student (by id, by email, or invited by email) in ``course`` in
    ``session``'s transaction, active at once; ``fields`` are the plugins' enrollment fields
    (``cohort``), validated by the caller. Refused like a student's own enrollment
    (``already_enrolled``, ``course_full`` unless ``take_seat`` is False, the plugins'
    problems) and 404 for an unknown course or student. The actor is the session's."""
    student, invited = student_to_enroll(
        session, tenant, student_id=student_id, email=email, name=name
    )
    manual = ManualEnrollment(
        actor=audit.actor_of(session), take_seat=take_seat, external_reference=external_reference
    )
    outcome = enrollment.enroll(
        tuition, session, tenant, student, course, {"course": course, **(fields or {})}, manual
    )
    made = cast(Enrollment, outcome.enrollment)
    if invited:
        events.emit(
            tuition,
            session,
            tenant,
            INVITED,
            {"student_id": student.id, "course": course, "enrollment_id": made.id},
        )
    return Enrolled(made, invited)
