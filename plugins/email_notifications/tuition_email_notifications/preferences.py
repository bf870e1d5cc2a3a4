"""Students' mail preferences: whether they get marketing mail (default: yes)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import utcnow

from .models import EmailPreference


def marketing_allowed(session: Session, student_id: str) -> bool:
    """Whether the student accepts marketing mail (no choice made: yes)."""
    row = session.get(EmailPreference, student_id)
    return True if row is None else bool(row.marketing)


def set_marketing(session: Session, tenant_id: str, student_id: str, allowed: bool) -> bool:
    """Record the student's choice in the caller's transaction (never committed here); two
    requests at once both succeed."""
    row = session.get(EmailPreference, student_id)
    if row is None:
        try:
            with session.begin_nested():
                session.add(
                    EmailPreference(
                        tenant_id=tenant_id,
                        student_id=student_id,
                        marketing=allowed,
                        updated_at=utcnow(),
                    )
                )
        except IntegrityError:  # a concurrent request created it: update that one
            row = session.get(EmailPreference, student_id, populate_existing=True)
    if row is not None:
        row.marketing, row.updated_at = allowed, utcnow()
    session.flush()
    return allowed
