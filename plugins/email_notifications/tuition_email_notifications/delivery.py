"""Sending the mail an event asks for, exactly once, with retries.

1. **Compose**: find the recipient (the student's email, else the order's
   ``customer_email``) and the template variables through the tenant-scoped session;
   marketing mail to a student who opted out is not sent.
2. **Claim**: insert the ``email_sent_mails`` row for (tenant, event id, template) in the
   same unit of work (``host.transaction``), which core commits before anything is sent.
   The unique constraint lets one job win; a row that exists is taken over only from
   ``failed`` by a conditional UPDATE (a retry), so a replayed event, a duplicate job or a
   concurrent sweep never sends again.
3. **Send**, with no transaction open, then record ``sent`` — or ``failed`` with the error,
   the attempt count and when to try again — in a unit of work of its own. A transient
   failure (a 4xx reply, a connection refused, broken or timed out) is retried on core's
   ``RETRY_SCHEDULE`` (5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h; at most
   ``max_attempts`` attempts and never later than 3 days after the first): the record
   carries ``next_attempt_at`` and a delayed job (:data:`RETRY_JOB`) written with it, which
   rq's scheduler runs then (without Redis, ``tuition jobs sweep`` does). A permanent
   failure (a 5xx reply) is recorded with no ``next_attempt_at``: given up. ``tuition jobs
   sweep`` (:func:`sweep`) also retries every overdue mail itself: the safety net for a
   retry job that was lost.

Nothing here touches enrollments or orders: a mail that cannot be sent fails only itself.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    RETRY_SCHEDULE,
    Conflict,
    DomainEvent,
    Host,
    JobContext,
    MailAttachment,
    NotFound,
    TenantRecord,
    new_id,
    utcnow,
)
from tuition.plugin_api import rowcount as _rowcount

from .mails import MAILS, Lookup, Mail, when
from .models import WAITING, SentMail
from .preferences import marketing_allowed
from .rendering import render
from .settings import PLUGIN, MailSettings
from .smtp import SendFailed, build_message, new_message_id, send

log = logging.getLogger(__name__)

#: The delayed job that sends a failed mail again at its ``next_attempt_at`` (the name is
#: stored in the outbox with every retry: keep it).
RETRY_JOB = "email_notifications.retry"
#: A row still ``sending`` this long after its claim belongs to a process that died.
LEASE = timedelta(minutes=15)
SWEEP_BATCH = 200
#: The problems of a resend (``tuition_problem_codes``).
PROBLEM_CODES = {
    "mail_not_found": "there is no such mail at the site",
    "mail_disabled": "the mail is switched off in the plugin's settings",
    "mail_not_resendable": "the mail is queued or being sent, or was never sendable",
}


def next_attempt_at(
    attempts: int, max_attempts: int, now: datetime, first_attempt: datetime
) -> datetime | None:
    """When to try again after ``attempts`` failed attempts, the last ending at ``now``
    (5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h), or None to give up: after
    ``max_attempts`` attempts, or when that would be more than 3 days after
    ``first_attempt``."""
    if attempts >= max_attempts:
        return None
    return RETRY_SCHEDULE.next_attempt(attempts, now, first_attempt + RETRY_SCHEDULE.window)


@dataclass(frozen=True)
class Composed:
    recipient: str | None
    variables: dict[str, Any]
    opted_out: bool
    #: What the tenant's plugins attach (``tuition_mail_attachments``), e.g. an invoice.
    attachments: tuple[MailAttachment, ...] = ()
    #: The student's language (``StudentRecord.locale``): which translation is sent.
    locale: str | None = None


def compose(
    host: Host,
    session: Session,
    tenant: TenantRecord,
    event: DomainEvent,
    mail: Mail,
    settings: MailSettings,
) -> Composed:
    """Recipient and template variables of ``mail`` for ``event``."""
    data = event.data
    links = {
        "verify_email": settings.verify_url,
        "reset_password": settings.reset_url,
        "set_password": settings.invite_url,
        "staff_invitation": settings.staff_invitation_url,
    }
    student_id = data.get("student_id")
    student = host.services.student(session, str(student_id)) if student_id else None
    recipient = (student.email if student else None) or data.get("customer_email") or None
    opted_out = bool(
        mail.marketing and student is not None and not marketing_allowed(session, student.id)
    )
    variables = {
        "tenant": {"name": tenant.name, "slug": tenant.slug},
        "student": {
            "id": student.id if student else student_id,
            "email": recipient,
            "locale": student.locale if student else None,
        },
        "event": {
            "id": event.id,
            "type": event.type,
            "occurred_at": event.occurred_at,
            "date": when(event.occurred_at),
        },
        "marketing": mail.marketing,
        "preferences_url": settings.preferences_url,
        **mail.variables(Lookup(host, session, settings.course_url, links), data),
    }
    invitee = variables.get("invitee") or {}
    if recipient is None and invitee.get("email"):
        recipient = invitee["email"]  # a staff invitation: no student
    if mail.needs_link and not variables["link"]["token"]:
        recipient = None  # nothing to do any more: no mail
    if student is not None and student.erased_at is not None:
        recipient = None  # the student's data was erased: their address is gone
    attachments: tuple[MailAttachment, ...] = ()
    if recipient is not None and not opted_out:
        attachments = tuple(host.services.mail_attachments(session, tenant, event))
    locale = student.locale if student is not None else None
    return Composed(recipient, variables, opted_out, attachments, locale)


@dataclass(frozen=True)
class Claim:
    id: str
    message_id: str
    attempts: int
    first_attempt: datetime


def _claim(
    session: Session,
    tenant: TenantRecord,
    event: DomainEvent,
    mail: Mail,
    composed: Composed,
    settings: MailSettings,
    now: datetime,
    due: datetime | None,
) -> Claim | None:
    """Own the mail's row in state ``sending`` (None: nothing to send by this caller), in
    the caller's unit of work, which commits before anything is sent.

    A new row is inserted; an existing one is taken over only from ``failed`` with a retry
    left, or ``queued`` (a resend), and with ``due`` only once its time has come.
    """
    final = "opted_out" if composed.opted_out else None if composed.recipient else "no_recipient"
    row = SentMail(
        tenant_id=tenant.id,
        event_id=event.id,
        event_type=event.type,
        template=mail.template,
        event=asdict(event),
        recipient=composed.recipient,
        status=final or "sending",
        attempts=0 if final else 1,
        message_id=None if final else new_message_id(settings),
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the row exists: a retry, a replay or a concurrent job
        pass
    else:
        return None if final else Claim(row.id, str(row.message_id), 1, now)
    key = and_(
        SentMail.tenant_id == tenant.id,
        SentMail.event_id == event.id,
        SentMail.template == mail.template,
    )
    retryable = [key, SentMail.status.in_(WAITING), SentMail.next_attempt_at.is_not(None)]
    if due is not None:
        retryable.append(SentMail.next_attempt_at <= due)
    values: dict[str, Any] = (
        {"status": final, "next_attempt_at": None}
        if final
        else {"status": "sending", "attempts": SentMail.attempts + 1}
    )
    taken = _rowcount(
        session.execute(
            update(SentMail)
            .where(*retryable)
            .values(recipient=composed.recipient, updated_at=now, **values)
            .execution_options(synchronize_session=False)
        )
    )
    if not taken or final:
        return None
    claimed = session.scalar(select(SentMail).where(key).execution_options(populate_existing=True))
    assert claimed is not None and claimed.message_id is not None  # set when first claimed
    return Claim(claimed.id, claimed.message_id, claimed.attempts, claimed.created_at)


def _record(host: Host, tenant_id: str, row_id: str, **values: Any) -> None:
    """Store the send's outcome in a unit of work of its own; a ``next_attempt_at`` comes
    with the delayed job that retries the mail then, written in the same transaction
    (dispatched after its commit)."""
    with host.transaction(tenant_id) as session:
        moved = _rowcount(
            session.execute(
                update(SentMail)
                .where(SentMail.id == row_id, SentMail.status == "sending")
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        )
        retry_at = values.get("next_attempt_at")
        if moved and retry_at is not None:
            host.jobs.defer(session, RETRY_JOB, {"mail_id": row_id}, tenant_id, run_at=retry_at)


def deliver(
    host: Host,
    tenant: TenantRecord,
    event: DomainEvent,
    mail: Mail,
    settings: MailSettings,
    *,
    now: datetime,
    due: datetime | None = None,
) -> str:
    """Send ``mail`` for ``event`` unless it was sent (or is being sent) already.

    Three steps, no transaction open during the send: compose and claim (one unit of work,
    committed), send, record. Returns ``sent``; ``failed`` after recording a failure (with
    its retry, unless the server refused for good or the retries are used up); or
    ``skipped`` when there was nothing to send by this caller. A failed send does not
    raise: the retry is the recorded row's own delayed job, not a retry of the caller's
    job.
    """
    with host.transaction(tenant.id) as session:
        composed = compose(host, session, tenant, event, mail, settings)
        claim = _claim(session, tenant, event, mail, composed, settings, now, due)
    if claim is None:
        return "skipped"
    assert composed.recipient is not None
    try:
        rendered = render(
            mail.template,
            composed.variables,
            settings.override(mail.template, composed.locale),
            settings.default_language(composed.locale),
        )
        message = build_message(
            settings,
            recipient=composed.recipient,
            rendered=rendered,
            message_id=claim.message_id,
            template=mail.template,
            marketing=mail.marketing,
            attachments=composed.attachments,
        )
        send(settings, message, secret=host.secret)
    except Exception as exc:
        error = (
            str(exc) if isinstance(exc, SendFailed) else f"{exc.__class__.__name__}: {exc}"[:500]
        )
        permanent = isinstance(exc, SendFailed) and exc.permanent
        retry_at = (
            None
            if permanent
            else next_attempt_at(claim.attempts, settings.max_attempts, now, claim.first_attempt)
        )
        _record(
            host,
            tenant.id,
            claim.id,
            status="failed",
            last_error=error,
            next_attempt_at=retry_at,
            updated_at=utcnow(),
        )
        log.warning(
            "mail %s for event %s (%s) of tenant %s not sent, attempt %d of %d%s: %s",
            mail.template,
            event.id,
            event.type,
            tenant.slug,
            claim.attempts,
            settings.max_attempts,
            "; refused for good, given up"
            if permanent
            else f"; retry after {retry_at.isoformat()}"
            if retry_at
            else "; given up",
            error,
        )
        return "failed"
    _record(
        host,
        tenant.id,
        claim.id,
        status="sent",
        sent_at=utcnow(),
        last_error=None,
        next_attempt_at=None,
        updated_at=utcnow(),
    )
    log.info(
        "mail %s for event %s of tenant %s sent (%s)",
        mail.template,
        event.id,
        tenant.slug,
        claim.message_id,
    )
    return "sent"


def retry_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """The :data:`RETRY_JOB` handler: send a failed mail again once its ``next_attempt_at``
    has come; nothing when it is not due (the sweep retried it already) or the tenant
    switched the plugin off. Leaves ``ctx.session`` unused: the send runs between units of
    work of its own."""
    tenant = ctx.tenant
    if tenant is None or PLUGIN not in ctx.tuition.hooks(tenant).enabled:
        return  # switched off: the row waits, nothing is sent
    with ctx.tuition.session(tenant.id) as session:
        found = session.execute(
            select(SentMail.id, SentMail.event, SentMail.template).where(
                SentMail.id == payload["mail_id"]
            )
        ).first()
    if found is None:
        return
    settings = MailSettings.from_stored(ctx.plugin_settings(PLUGIN))
    row_id, stored, template = found
    retry(ctx.tuition, tenant, settings, row_id, stored, template, utcnow())


def retry(
    host: Host,
    tenant: TenantRecord,
    settings: MailSettings,
    row_id: str,
    stored_event: dict[str, Any],
    template: str,
    now: datetime,
) -> str:
    """Send the failed mail ``row_id`` again if it is due at ``now`` (``sent``, ``failed``
    or ``skipped``); a mail that was switched off meanwhile is given up."""
    event = DomainEvent(**stored_event)
    mail = MAILS.get(event.type)
    if mail is None or mail.template != template or not settings.mail_enabled(template):
        _give_up(host, tenant.id, row_id, "the mail is switched off", now)
        return "skipped"
    return deliver(host, tenant, event, mail, settings, now=now, due=now)


def handle_event(event: DomainEvent, job: JobContext) -> str:
    """The ``tuition_event`` job: the mail ``event`` asks for, if the tenant wants it.
    Leaves ``job.session`` unused: the send runs between units of work of its own."""
    mail = MAILS.get(event.type)
    tenant = job.tenant
    if mail is None or not mail.wanted(event.data):
        return "skipped"  # not a mail event
    if tenant is None or PLUGIN not in job.tuition.hooks(tenant).enabled:
        return "skipped"  # the plugin was switched off since
    settings = MailSettings.from_stored(job.plugin_settings(PLUGIN))
    if not settings.mail_enabled(mail.template):
        return "skipped"
    return deliver(job.tuition, tenant, event, mail, settings, now=utcnow())


def sweep(host: Host, now: datetime) -> dict[str, int]:
    """Retry the failed mails that are due at ``now`` (``tuition jobs sweep``): the safety
    net under the retry jobs, for one that was lost or is late; a row left ``sending`` by
    a process that died counts as a failed attempt. Safe to run twice at once, and next to
    the retry jobs: every retry is claimed with a conditional UPDATE. Reads happen in
    short sessions closed before anything is sent; writes in units of work of their own."""
    stale = now - LEASE
    waiting = or_(
        and_(SentMail.status.in_(WAITING), SentMail.next_attempt_at <= now),
        and_(SentMail.status == "sending", SentMail.updated_at < stale),
    )
    with host.session() as session:
        tenant_ids = sorted(set(session.scalars(select(SentMail.tenant_id).where(waiting))))
    counts = {"mails_sent": 0, "mails_failed": 0}
    for tenant_id in tenant_ids:
        with host.session(tenant_id) as session:
            tenant = host.services.tenant(session, tenant_id)
        if tenant is None or PLUGIN not in host.hooks(tenant).enabled:
            continue
        settings = MailSettings.from_stored(tenant.plugin_settings().get(PLUGIN, {}))
        _fail_interrupted(host, tenant_id, settings, now, stale)
        with host.session(tenant_id) as session:
            rows = session.execute(
                select(SentMail.id, SentMail.event, SentMail.template)
                .where(SentMail.status.in_(WAITING), SentMail.next_attempt_at <= now)
                .order_by(SentMail.next_attempt_at)
                .limit(SWEEP_BATCH)
            ).all()
        for row_id, stored, template in rows:
            outcome = retry(host, tenant, settings, row_id, stored, template, now)
            if outcome in ("sent", "failed"):
                counts[f"mails_{outcome}"] += 1
    return counts


def _fail_interrupted(
    host: Host, tenant_id: str, settings: MailSettings, now: datetime, stale: datetime
) -> None:
    """Rows still ``sending`` long after their claim: that attempt failed."""
    with host.transaction(tenant_id) as session:
        rows = session.execute(
            select(SentMail.id, SentMail.attempts).where(
                SentMail.status == "sending", SentMail.updated_at < stale
            )
        ).all()
        for row_id, attempts in rows:
            session.execute(
                update(SentMail)
                .where(
                    SentMail.id == row_id, SentMail.status == "sending", SentMail.updated_at < stale
                )
                .values(
                    status="failed",
                    last_error="interrupted while sending",
                    next_attempt_at=now if attempts < settings.max_attempts else None,
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )


def _give_up(host: Host, tenant_id: str, row_id: str, reason: str, now: datetime) -> None:
    with host.transaction(tenant_id) as session:
        session.execute(
            update(SentMail)
            .where(SentMail.id == row_id, SentMail.status.in_(WAITING))
            .values(status="failed", next_attempt_at=None, last_error=reason, updated_at=now)
            .execution_options(synchronize_session=False)
        )


def resend(
    host: Host,
    session: Session,
    tenant: TenantRecord,
    settings: MailSettings,
    mail_id: str,
    now: datetime,
) -> SentMail:
    """Send mail ``mail_id`` again, as staff ask (``POST /v1/admin/mails/<id>/resend``), in
    ``session``'s unit of work: a new row, ``queued`` for ``now``, for a copy of the event
    under a new id, and its :data:`RETRY_JOB`, which sends it after the commit exactly as a
    retry (recipient and links composed then). A failed mail still waiting for its retry
    is retried now instead (the same row). Refused: ``mail_not_found`` (404),
    ``mail_disabled`` (the tenant switched the mail off), ``mail_not_resendable`` (it is
    queued or being sent, or was never sendable: opted out, no recipient), all 409."""
    original = session.scalar(select(SentMail).where(SentMail.id == mail_id))
    if original is None:
        raise NotFound("There is no such mail.", code="mail_not_found")
    mail = MAILS.get(original.event_type)
    if mail is None or mail.template != original.template:
        raise Conflict("This mail is no longer sent.", code="mail_disabled")
    if not settings.mail_enabled(original.template):
        raise Conflict(
            f"The {original.template} mail is switched off in the plugin's settings.",
            code="mail_disabled",
        )
    if original.status not in ("sent", "failed"):
        raise Conflict(
            f"A mail that is {original.status.replace('_', ' ')} cannot be resent.",
            code="mail_not_resendable",
        )
    if original.status == "failed" and original.next_attempt_at is not None:
        original.next_attempt_at = now
        original.updated_at = now
        row = original
    else:
        event = {**original.event, "id": new_id("resend")}
        row = SentMail(
            tenant_id=tenant.id,
            event_id=event["id"],
            event_type=original.event_type,
            template=original.template,
            event=event,
            recipient=original.recipient,
            status="queued",
            attempts=0,
            message_id=new_message_id(settings),
            next_attempt_at=now,
            resent_from=original.id,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
    host.services.audit(
        session,
        tenant,
        "mail",
        original.id,
        "resent",
        after={"mail_id": row.id, "template": row.template},
    )
    host.jobs.defer(session, RETRY_JOB, {"mail_id": row.id}, tenant.id)
    return row
