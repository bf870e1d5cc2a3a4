"""The plugin's tables: one row per mail an event asked for, and students' preferences.

``email_sent_mails`` is unique per (tenant, event id, template): the row is claimed
before anything is sent, so a replayed or duplicated event — or two jobs for it at once —
never sends twice. Its status moves only through conditional UPDATEs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuition.plugin_api import Base, TenantScoped, new_id, utcnow

#: ``queued``: a resend asked for by staff, sent at ``next_attempt_at`` (by its job, as a
#: retry); ``sending``: claimed by a job or the sweep; ``sent``; ``failed``: retried at
#: ``next_attempt_at`` (none: given up); ``opted_out`` / ``no_recipient``: not sent, final.
MAIL_STATUSES = ("queued", "sending", "sent", "failed", "opted_out", "no_recipient")
#: The statuses a job or the sweep takes a row over from (once ``next_attempt_at`` came).
WAITING = ("queued", "failed")


class SentMail(TenantScoped, Base):
    """One mail owed for one event: claimed, then sent or failed (with retries)."""

    __tablename__ = "email_sent_mails"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("mail"))
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(100))
    template: Mapped[str] = mapped_column(String(64))
    #: The domain event as delivered (``DomainEvent`` fields), to render it again on retry.
    event: Mapped[dict[str, Any]] = mapped_column(default=dict)
    recipient: Mapped[str | None] = mapped_column(String(320), default=None)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    #: What went wrong last (exception class and server answer; never credentials).
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    message_id: Mapped[str | None] = mapped_column(String(255), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    #: The mail this one sends again (``POST /v1/admin/mails/<id>/resend``), or None.
    resent_from: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "event_id", "template"),
        CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'failed', 'opted_out', 'no_recipient')",
            name="sent_mail_status",
        ),
        Index("ix_email_sent_mails_due", "status", "next_attempt_at"),
    )


class EmailPreference(TenantScoped, Base):
    """A student's choice about marketing mail (no row: they get it)."""

    __tablename__ = "email_preferences"

    student_id: Mapped[str] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), primary_key=True
    )
    marketing: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
