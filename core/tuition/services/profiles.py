"""What a student changes of their own profile (``PATCH /v1/me``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from tuition.models import Student
from tuition.services import audit

#: The fields a student may change, already validated by the API's schema.
EDITABLE: tuple[str, ...] = ("locale",)


def update(session: Session, student: Student, changes: Mapping[str, Any]) -> Student:
    """Apply ``changes`` (a subset of :data:`EDITABLE`) to ``student`` in the caller's
    transaction and audit what changed; sending the stored values changes nothing."""
    before = {k: getattr(student, k) for k in EDITABLE if k in changes}
    after = {k: changes[k] for k in before}
    changed = {k for k in before if before[k] != after[k]}
    if not changed:
        return student
    for key in changed:
        setattr(student, key, after[key])
    audit.record(
        session,
        student.tenant_id,
        "student",
        student.id,
        "profile_updated",
        {k: before[k] for k in sorted(changed)},
        {k: after[k] for k in sorted(changed)},
        actor=f"student:{student.id}",
    )
    session.flush()
    return student
