"""The student's data: export everything Tuition holds about a student, erase it.

Both go through core's tables and then every installed plugin implementing
``tuition_student_data`` / ``tuition_erase_student`` (enabled at the tenant or not: a plugin
switched off still holds its rows). Erasure runs in the caller's transaction: the plugins
first (they still see the student's email), then core's rows; the student row stays under a
pseudonym so orders keep their buyer, with the password, the tokens and the identity
provider's subject gone. Large exports are built by a job (:data:`EXPORT_JOB`) and fetched
through a signed link that expires.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Text, delete, func, or_, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from tuition.db import utcnow
from tuition.models import (
    AuditEntry,
    Enrollment,
    EnrollmentImport,
    ExportStatus,
    FunnelEvent,
    Job,
    LiveEvent,
    Order,
    OrderTransition,
    PaymentEvent,
    RefreshToken,
    Student,
    StudentExport,
    Tenant,
)
from tuition.plugin_api import (
    ErasureReport,
    JobContext,
    NotFound,
    Unauthorized,
    rowcount,
    scrub,
)
from tuition.services import audit

if TYPE_CHECKING:
    from tuition.runtime import Tuition

EXPORT_FORMAT = "tuition.student-export/1"
EXPORT_JOB = "core.student_export"
#: Keys of audit entries' before/after that hold a student's email.
_AUDIT_KEYS = frozenset(
    {"email", "customer_email", "student_email", "name", "student_name", "locale"}
)


def pseudonym(student_id: str) -> str:
    """What stands for an erased student's email: stable, unique per student, and an
    address no mail can reach (RFC 2606 ``.invalid``)."""
    return f"erased-{student_id}@erased.invalid"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def student_of(session: Session, student_id: str) -> Student:
    """The session's tenant's student ``student_id``, or 404."""
    found = session.get(Student, student_id)
    if found is None:
        raise NotFound(f"No student {student_id!r}.")
    return found


# -- export --------------------------------------------------------------------------------


def _about(student: Student, order_ids: list[str], enrollment_ids: list[str]) -> Any:
    """The audit entries about ``student``: their own, their orders' and enrollments', and
    those they made."""
    return or_(
        AuditEntry.object_id.in_([student.id, *order_ids, *enrollment_ids]),
        AuditEntry.actor == f"student:{student.id}",
    )


def core_rows(session: Session, student: Student) -> int:
    """How many of core's rows are about ``student`` (what decides inline or job)."""
    counted = [
        select(func.count()).select_from(Enrollment).where(Enrollment.student_id == student.id),
        select(func.count()).select_from(Order).where(Order.student_id == student.id),
        select(func.count()).select_from(FunnelEvent).where(FunnelEvent.student_id == student.id),
        select(func.count()).select_from(LiveEvent).where(LiveEvent.student_id == student.id),
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.actor == f"student:{student.id}"),
    ]
    return sum(int(session.scalar(stmt) or 0) for stmt in counted)


def export(tuition: Tuition, session: Session, tenant: Tenant, student: Student) -> dict[str, Any]:
    """Everything Tuition holds about ``student``, as one JSON-ready document: core's rows
    and, under ``plugins``, what each plugin holds (``tuition_student_data``)."""
    enrollments = session.scalars(
        select(Enrollment)
        .where(Enrollment.student_id == student.id)
        .order_by(Enrollment.created_at)
    ).all()
    orders = session.scalars(
        select(Order).where(Order.student_id == student.id).order_by(Order.created_at)
    ).all()
    order_ids = [o.id for o in orders]
    enrollment_ids = [e.id for e in enrollments]
    transitions = session.scalars(
        select(OrderTransition)
        .where(OrderTransition.order_id.in_(order_ids))
        .order_by(OrderTransition.id)
    ).all()
    payment_events = session.scalars(
        select(PaymentEvent)
        .where(PaymentEvent.order_id.in_(order_ids))
        .order_by(PaymentEvent.received_at)
    ).all()
    audits = session.scalars(
        select(AuditEntry)
        .where(_about(student, order_ids, enrollment_ids))
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    funnel = session.scalars(
        select(FunnelEvent).where(FunnelEvent.student_id == student.id).order_by(FunnelEvent.id)
    ).all()
    live = session.scalars(
        select(LiveEvent).where(LiveEvent.student_id == student.id).order_by(LiveEvent.id)
    ).all()
    sessions = session.scalars(
        select(RefreshToken)
        .where(RefreshToken.student_id == student.id)
        .order_by(RefreshToken.created_at)
    ).all()
    by_order: dict[str, list[dict[str, Any]]] = {}
    for t in transitions:
        by_order.setdefault(t.order_id, []).append(
            {"from": t.from_status, "to": t.to_status, "cause": t.cause, "at": _iso(t.at)}
        )
    return {
        "format": EXPORT_FORMAT,
        "tenant": {"id": tenant.id, "slug": tenant.slug, "name": tenant.name},
        "profile": {
            "id": student.id,
            "email": student.email,
            "name": student.name,
            "signup_method": student.signup_method,
            "sign_in_method": student.sign_in_method,
            "email_verified": student.email_verified,
            "locale": student.locale,
            "identity_provider_subject": student.external_subject,
            "intended_course": student.intended_course.slug if student.intended_course else None,
            "created_at": _iso(student.created_at),
            "erased_at": _iso(student.erased_at),
        },
        "sessions": [
            {
                "created_at": _iso(r.created_at),
                "expires_at": _iso(r.expires_at),
                "used_at": _iso(r.used_at),
                "revoked_at": _iso(r.revoked_at),
            }
            for r in sessions
        ],
        "enrollments": [
            {
                "id": e.id,
                "course": e.course.slug,
                "status": e.status,
                "source": e.source,
                "created_at": _iso(e.created_at),
                "activated_at": _iso(e.activated_at),
                "completed_at": _iso(e.completed_at),
                "ended_at": _iso(e.ended_at),
            }
            for e in enrollments
        ],
        "orders": [
            {
                "id": o.id,
                "course": o.course.slug,
                "enrollment_id": o.enrollment_id,
                "provider": o.provider,
                "provider_reference": o.provider_reference,
                "amount": o.amount,
                "currency": o.currency,
                "status": o.status,
                "paid_amount": o.paid_amount,
                "paid_currency": o.paid_currency,
                "refunded_amount": o.refunded_amount,
                "tax_amount": o.tax_amount,
                "tax": o.tax,
                "billing": o.billing,
                "customer_email": o.customer_email,
                "created_at": _iso(o.created_at),
                "paid_at": _iso(o.paid_at),
                "transitions": by_order.get(o.id, []),
            }
            for o in orders
        ],
        "payment_events": [
            {
                "id": p.id,
                "provider": p.provider,
                "order_id": p.order_id,
                "kind": p.kind,
                "type": p.raw_type,
                "amount": p.amount,
                "currency": p.currency,
                "received_at": _iso(p.received_at),
                "payload": p.payload,
            }
            for p in payment_events
        ],
        "funnel_events": [
            {"kind": f.kind, "course_id": f.course_id, "at": _iso(f.at)} for f in funnel
        ],
        "audit_entries": [
            {
                "at": _iso(a.at),
                "actor": a.actor,
                "object_type": a.object_type,
                "object_id": a.object_id,
                "action": a.action,
                "before": a.before,
                "after": a.after,
            }
            for a in audits
        ],
        "live_events": [
            {"id": e.id, "type": e.type, "data": e.data, "created_at": _iso(e.created_at)}
            for e in live
        ],
        "plugins": _plugins_data(tuition, session, tenant, student),
    }


def _each_plugin(hook: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
    """Call ``hook`` of every installed plugin implementing it (enabled at the tenant or
    not: a plugin switched off still holds its rows), by plugin name; ``kwargs`` hold the
    runtime as ``tuition``."""
    registry = kwargs["tuition"].plugins
    for impl in getattr(registry.pm.hook, hook).get_hookimpls():
        yield impl.plugin_name, registry.call_one(hook, impl.plugin_name, **kwargs)


def _plugins_data(
    tuition: Tuition, session: Session, tenant: Tenant, student: Student
) -> dict[str, Any]:
    found = _each_plugin(
        "tuition_student_data",
        tuition=tuition,
        session=session,
        tenant=tenant,
        student=student,
    )
    return {name: data for name, data in sorted(found) if data}


# -- large exports: a job, then a signed link ------------------------------------------------


def request_export(
    tuition: Tuition, session: Session, tenant: Tenant, student: Student, *, requested_by: str
) -> StudentExport:
    """The export job of ``student`` for ``requested_by`` (``student`` or ``admin``): the
    one still building or ready to download, else a new one deferred in the caller's
    transaction (asking again never starts a second)."""
    now = utcnow()
    existing = session.scalar(
        select(StudentExport)
        .where(
            StudentExport.student_id == student.id,
            StudentExport.requested_by == requested_by,
            StudentExport.status != ExportStatus.FAILED,
            StudentExport.expires_at > now,
        )
        .order_by(StudentExport.created_at.desc())
        .limit(1)
    )
    if existing is not None:
        return existing
    ttl = timedelta(hours=tuition.settings.export_link_ttl_hours)
    job = StudentExport(
        tenant_id=tenant.id,
        student_id=student.id,
        requested_by=requested_by,
        expires_at=now + ttl,
    )
    session.add(job)
    session.flush()
    tuition.jobs.defer(session, EXPORT_JOB, {"export_id": job.id}, tenant.id)
    return job


def build_export_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """The job: build the export document and store it gzipped (idempotent)."""
    tuition = cast("Tuition", ctx.tuition)
    session = ctx.session
    job = session.get(StudentExport, payload["export_id"])
    if job is None or job.status != ExportStatus.PENDING:
        return
    student = session.get(Student, job.student_id)
    if student is None:  # pragma: no cover - the FK cascades
        job.status = ExportStatus.FAILED
        return
    body = json.dumps(export(tuition, session, cast(Tenant, ctx.tenant), student)).encode()
    job.content = gzip.compress(body)
    job.size_bytes = len(body)
    job.status = ExportStatus.READY
    job.ready_at = utcnow()
    # The link works for the TTL from when it can be used.
    job.expires_at = job.ready_at + timedelta(hours=tuition.settings.export_link_ttl_hours)


def _signature(tuition: Tuition, export_id: str, tenant_id: str, expires: int) -> str:
    message = f"student-export:{tenant_id}:{export_id}:{expires}".encode()
    return hmac.new(tuition.secret_key.encode(), message, hashlib.sha256).hexdigest()


def download_query(tuition: Tuition, job: StudentExport) -> dict[str, Any]:
    """The query of ``job``'s download link: valid until the export expires."""
    expires = int(job.expires_at.timestamp())
    return {"expires": expires, "signature": _signature(tuition, job.id, job.tenant_id, expires)}


def describe_export(tuition: Tuition, job: StudentExport, url_for: Any) -> dict[str, Any]:
    """An export job as the API shows it; ``url_for(export_id, query)`` makes the link."""
    ready = job.status == ExportStatus.READY
    return {
        "id": job.id,
        "student_id": job.student_id,
        "status": job.status,
        "created_at": job.created_at,
        "ready_at": job.ready_at,
        "expires_at": job.expires_at,
        "size_bytes": job.size_bytes,
        "download_url": url_for(job.id, download_query(tuition, job)) if ready else None,
    }


def downloadable(
    tuition: Tuition,
    session: Session,
    export_id: str,
    expires: str | None,
    signature: str | None,
) -> bytes:
    """The gzipped document of a ready export whose link is genuine and unexpired, else
    401 (a wrong, expired or spent link says nothing more, not even whether the export
    exists). ``session`` looks across tenants: the signature names the tenant."""
    refused = Unauthorized("The link is wrong or expired.", code="unauthorized")
    if not expires or not signature or not expires.isdigit() or len(expires) > 12:
        raise refused
    job = session.get(StudentExport, export_id)
    if (
        job is None
        or job.status != ExportStatus.READY
        or job.content is None
        or int(expires) < utcnow().timestamp()
        or int(expires) != int(job.expires_at.timestamp())
        or not hmac.compare_digest(
            signature.encode(), _signature(tuition, job.id, job.tenant_id, int(expires)).encode()
        )
    ):
        raise refused
    return job.content


def export_job(session: Session, export_id: str, student_id: str | None = None) -> StudentExport:
    """Export ``export_id`` of the session's tenant (of ``student_id`` when given), or 404."""
    job = session.get(StudentExport, export_id)
    if job is None or (student_id is not None and job.student_id != student_id):
        raise NotFound(f"No export {export_id!r}.")
    return job


def prune_exports(tuition: Tuition, now: datetime) -> int:
    """``tuition jobs sweep``: drop the exports whose link expired."""
    with tuition.transaction() as session:
        return rowcount(
            session.execute(delete(StudentExport).where(StudentExport.expires_at < now))
        )


# -- erasure --------------------------------------------------------------------------------

#: What core keeps of an erased student, and why.
CORE_KEPT: dict[str, str] = {
    "students": "the account row under a pseudonym, without password, tokens or identity "
    "provider subject, so that orders keep their buyer",
    "orders": "amounts, currency, tax, billing details (country, VAT ID, company name), "
    "provider reference, status and dates: bookkeeping and tax law require them (the "
    "email is replaced by the pseudonym)",
    "enrollments": "course, status and dates, which hold no personal data",
    "audit_log": "the entries, with the email replaced by the pseudonym",
    "idempotency_keys": "encrypted replies to repeated requests, deleted by the sweep "
    "after TUITION_IDEMPOTENCY_TTL_HOURS",
}


def _scrub_column(
    session: Session, column: Any, rows: Any, needles: list[str], replacement: str, **kw: Any
) -> int:
    """Scrub the JSON (or text) ``column`` of each row in ``rows``; the number changed."""
    changed = 0
    key = column.key
    for row in rows:
        value = getattr(row, key)
        if value is None:
            continue
        new = (
            scrub(value, needles, replacement, keys=())
            if isinstance(value, str)
            else scrub(value, needles, replacement, **kw)
        )
        if new != value:
            setattr(row, key, new)
            changed += 1
    return changed


def _mentioning(column: Any, needles: list[str]) -> Any:
    """A condition: ``column`` (text or JSON) holds one of ``needles``, any case."""
    text = func.lower(sql_cast(column, Text))
    return or_(*(text.contains(needle.lower()) for needle in needles))


def erase(tuition: Tuition, session: Session, tenant: Tenant, student: Student) -> dict[str, Any]:
    """Erase ``student``'s personal data in the caller's transaction (the caller commits)
    and say what was erased and what was kept. Erasing an erased student again changes
    nothing and says so (``already_erased``)."""
    alias = pseudonym(student.id)
    # One erasure at a time per student: a concurrent one waits here, then finds it done.
    session.refresh(student, with_for_update=True)
    if student.erased_at is not None:
        return {
            "student_id": student.id,
            "pseudonym": alias,
            "erased_at": student.erased_at,
            "already_erased": True,
            "erased": {},
            "kept": dict(CORE_KEPT),
            "plugins": {},
        }
    needles = [n for n in (student.email, student.external_subject) if n]
    plugins = _erase_in_plugins(tuition, session, tenant, student, alias)
    erased: dict[str, int] = {}
    order_ids = list(session.scalars(select(Order.id).where(Order.student_id == student.id)))
    enrollment_ids = list(
        session.scalars(select(Enrollment.id).where(Enrollment.student_id == student.id))
    )
    erased["orders"] = rowcount(
        session.execute(
            update(Order)
            .where(Order.student_id == student.id, Order.customer_email.is_not(None))
            .values(customer_email=alias)
            .execution_options(synchronize_session="fetch")
        )
    )
    if needles:
        orders = session.scalars(
            select(Order).where(Order.id.in_(order_ids), _mentioning(Order.checkout, needles))
        )
        _scrub_column(session, Order.checkout, orders, needles, alias)
    events = session.scalars(select(PaymentEvent).where(PaymentEvent.order_id.in_(order_ids)))
    erased["payment_events"] = _scrub_column(session, PaymentEvent.payload, events, needles, alias)
    audits = session.scalars(
        select(AuditEntry).where(
            or_(
                _about(student, order_ids, enrollment_ids),
                *(
                    [
                        _mentioning(AuditEntry.before, needles),
                        _mentioning(AuditEntry.after, needles),
                    ]
                    if needles
                    else []
                ),
            )
        )
    ).all()
    erased["audit_log"] = _scrub_column(
        session, AuditEntry.before, audits, needles, alias, keys=_AUDIT_KEYS
    ) + _scrub_column(session, AuditEntry.after, audits, needles, alias, keys=_AUDIT_KEYS)
    erased["funnel_events"] = rowcount(
        session.execute(
            update(FunnelEvent)
            .where(FunnelEvent.student_id == student.id)
            .values(student_id=None)
            .execution_options(synchronize_session=False)
        )
    )
    erased["live_events"] = rowcount(
        session.execute(
            delete(LiveEvent)
            .where(LiveEvent.student_id == student.id)
            .execution_options(synchronize_session=False)
        )
    )
    erased["jobs"] = _erase_in_jobs(session, tenant, needles, alias)
    erased["enrollment_imports"] = _erase_in_imports(session, student.email, alias)
    erased["refresh_tokens"] = rowcount(
        session.execute(
            delete(RefreshToken)
            .where(RefreshToken.student_id == student.id)
            .execution_options(synchronize_session=False)
        )
    )
    erased["student_exports"] = rowcount(
        session.execute(
            delete(StudentExport)
            .where(StudentExport.student_id == student.id)
            .execution_options(synchronize_session=False)
        )
    )
    now = utcnow()
    student.email = alias
    student.name = None
    student.locale = None
    student.password_hash = None
    student.external_subject = None
    student.email_verified = False
    student.token_version += 1  # every token issued so far stops working
    student.erased_at = now
    erased["students"] = 1
    audit.record(
        session, tenant.id, "student", student.id, "erased", None, {"erased_at": now.isoformat()}
    )
    session.flush()
    return {
        "student_id": student.id,
        "pseudonym": alias,
        "erased_at": now,
        "already_erased": False,
        "erased": {name: count for name, count in erased.items() if count},
        "kept": dict(CORE_KEPT),
        "plugins": plugins,
    }


def _erase_in_imports(session: Session, email: str | None, alias: str) -> int:
    """The student's lines of the owner's CSV imports (and their errors): the email becomes
    the pseudonym, the name goes."""
    if not email:
        return 0
    wanted = email.lower()
    changed = 0
    imports = session.scalars(
        select(EnrollmentImport).where(
            or_(
                _mentioning(EnrollmentImport.rows, [email]),
                _mentioning(EnrollmentImport.errors, [email]),
            )
        )
    )
    for found in imports:
        lines = {"rows": found.rows, "errors": found.errors}
        for attribute, items in lines.items():
            scrubbed = [
                {**item, "email": alias, "name": None}
                if str(item.get("email") or "").lower() == wanted
                else item
                for item in items or []
            ]
            if scrubbed != items:
                setattr(found, attribute, scrubbed)
                changed += 1
    return changed


def _erase_in_plugins(
    tuition: Tuition, session: Session, tenant: Tenant, student: Student, alias: str
) -> dict[str, Any]:
    reports = _each_plugin(
        "tuition_erase_student",
        tuition=tuition,
        session=session,
        tenant=tenant,
        student=student,
        pseudonym=alias,
    )
    return {
        name: {
            "erased": {k: v for k, v in dict(report.erased).items() if v},
            "kept": dict(report.kept),
        }
        for name, report in sorted(
            ((name, report or ErasureReport()) for name, report in reports),
            key=lambda item: item[0],
        )
    }


def _erase_in_jobs(session: Session, tenant: Tenant, needles: list[str], alias: str) -> int:
    """Outbox jobs of the tenant naming the student (an ``order.paid`` event's
    ``customer_email``): the email replaced in their payload and last error."""
    if not needles:
        return 0
    jobs = session.scalars(
        select(Job).where(
            Job.tenant_id == tenant.id,
            or_(_mentioning(Job.payload, needles), _mentioning(Job.last_error, needles)),
        )
    ).all()
    return _scrub_column(session, Job.payload, jobs, needles, alias, keys=_AUDIT_KEYS) + (
        _scrub_column(session, Job.last_error, jobs, needles, alias)
    )


# -- retention ------------------------------------------------------------------------------

#: Students erased per tenant and sweep at most (the next sweep goes on).
RETENTION_BATCH = 200
RETENTION_ACTOR = "retention"


def months_before(now: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months before ``now`` (the month's last
    day when it is shorter)."""
    total = now.year * 12 + now.month - 1 - months
    year, month = divmod(total, 12)
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month]
    return now.replace(year=year, month=month + 1, day=min(now.day, last))


def unconverted(session: Session, signed_up_before: datetime, limit: int) -> list[Student]:
    """Students of the session's tenant who signed up before ``signed_up_before``, are not
    erased, and never enrolled: no enrollment of theirs was ever active, and none is
    pending a payment."""
    converted = select(Enrollment.id).where(
        Enrollment.student_id == Student.id,
        or_(Enrollment.activated_at.is_not(None), Enrollment.status == "pending"),
    )
    return list(
        session.scalars(
            select(Student)
            .where(
                Student.created_at < signed_up_before,
                Student.erased_at.is_(None),
                ~converted.exists(),
            )
            .order_by(Student.created_at)
            .limit(limit)
        )
    )


def erase_unconverted(tuition: Tuition, now: datetime) -> int:
    """``tuition jobs sweep``: at each tenant with ``retention.unconverted_signups_months``,
    erase the students who signed up longer ago than that and never enrolled, each tenant
    in a transaction of its own. Returns how many."""
    with tuition.session() as session:
        rules = [
            (tenant_id, (retention or {}).get("unconverted_signups_months"))
            for tenant_id, retention in session.execute(
                select(Tenant.id, Tenant.retention).where(Tenant.retention.is_not(None))
            )
        ]
    erased = 0
    for tenant_id, months in rules:
        if not isinstance(months, int) or months < 1:
            continue
        with tuition.transaction(tenant_id) as session:
            audit.set_actor(session, RETENTION_ACTOR)
            tenant = session.get(Tenant, tenant_id)
            assert tenant is not None
            for student in unconverted(session, months_before(now, months), RETENTION_BATCH):
                erase(tuition, session, tenant, student)
                erased += 1
    return erased
