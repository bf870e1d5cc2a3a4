"""The student's data in the mail plugin: the mails sent to them, their marketing choice."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, cast, delete, func, or_, select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, StudentRecord, rowcount, scrub

from .models import EmailPreference, SentMail


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _mails(session: Session, student: StudentRecord) -> list[SentMail]:
    """Mails to the student's address or about an event naming them."""
    named = cast(SentMail.event, Text).contains(student.id)
    condition = (
        or_(named, func.lower(SentMail.recipient) == student.email.lower())
        if (student.email)
        else named
    )
    return list(session.scalars(select(SentMail).where(condition).order_by(SentMail.created_at)))


def export(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    mails = _mails(session, student)
    preference = session.get(EmailPreference, student.id)
    if not mails and preference is None:
        return None
    return {
        "mails": [
            {
                "template": m.template,
                "event_type": m.event_type,
                "recipient": m.recipient,
                "status": m.status,
                "sent_at": _iso(m.sent_at),
                "created_at": _iso(m.created_at),
            }
            for m in mails
        ],
        "consent": {
            "marketing": preference.marketing if preference is not None else True,
            "updated_at": _iso(preference.updated_at) if preference is not None else None,
        },
    }


def erase(session: Session, student: StudentRecord, pseudonym: str) -> ErasureReport:
    """The address becomes the pseudonym in every mail record (and inside the stored event
    and error), retries stop; the marketing choice is deleted."""
    needles = [student.email] if student.email else []
    changed = 0
    for mail in _mails(session, student):
        mail.recipient = pseudonym if mail.recipient else None
        mail.event = scrub(mail.event, needles, pseudonym)
        if mail.last_error:
            mail.last_error = scrub(mail.last_error, needles, pseudonym, keys=())
        if mail.next_attempt_at is not None:  # no retry to an erased address
            mail.next_attempt_at = None
            mail.status = "no_recipient" if mail.status != "sent" else mail.status
        changed += 1
    preferences = rowcount(
        session.execute(
            delete(EmailPreference)
            .where(EmailPreference.student_id == student.id)
            .execution_options(synchronize_session=False)
        )
    )
    return ErasureReport(
        erased={"mails": changed, "preferences": preferences},
        kept={"mails": "template, status and dates of each mail, addressed to the pseudonym"},
    )
