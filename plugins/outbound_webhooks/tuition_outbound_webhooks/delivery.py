"""Deliveries: one row per (endpoint, event), attempts claimed before they are sent, the
retry schedule, and the sweep that backs the scheduled retries up.

An attempt is two short units of work (``host.transaction``, committed by core) around the
HTTP request, never a transaction open across it:

1. **claim**: a conditional UPDATE moves a due ``pending`` delivery (or a ``sending`` one
   whose sender's lease lapsed) to ``sending`` and counts the attempt; whoever does not
   change the row does not send; what the request needs is read in the same unit;
2. the request, with no transaction open;
3. **record**: the attempt row and the delivery's new state (``succeeded``; ``pending``
   with the next retry; ``failed`` after a 410 or when the retry window is over). A retry
   is a delayed job written in the same transaction: rq's scheduler runs it at
   ``next_attempt_at`` (5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h: core's
   ``RETRY_SCHEDULE``); without Redis ``tuition jobs sweep`` does. The sweep also attempts
   every overdue delivery itself (a scheduled job Redis lost); the claim keeps the two
   from sending the same attempt twice.

A failed HTTP delivery never raises: the job or sweep succeeds, the delivery row carries
the failure.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import RETRY_SCHEDULE, DomainEvent, Host, JobContext, new_id, utcnow
from tuition.plugin_api import rowcount as _rowcount
from tuition.plugin_api.outbound import AddressRefused, guarded_session, url_problems

from . import signing
from .events import PING, subscribed
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .settings import PLUGIN

log = logging.getLogger(__name__)

#: The job that attempts one delivery (the name is stored in the outbox with every
#: scheduled retry: keep it).
DELIVER_JOB = "outbound_webhooks.deliver"
#: Delay before retry n (1-based); the last one repeats until the window is over.
RETRY_DELAYS = RETRY_SCHEDULE.delays
#: No retry is scheduled later than this after the first attempt (``give_up_at``).
RETRY_WINDOW = RETRY_SCHEDULE.window
#: How long a claimed attempt may take before another sender may take it over.
LEASE = timedelta(minutes=5)
CONNECT_TIMEOUT, READ_TIMEOUT = 3.0, 10.0
EXCERPT_BYTES = 1000
SWEEP_BATCH = 500


def user_agent() -> str:
    from . import __version__

    return f"Tuition-Webhooks/{__version__}"


def retry_delay(failures: int) -> timedelta:
    """The delay after the ``failures``-th failed attempt in a row."""
    return RETRY_SCHEDULE.delay(failures)


def next_attempt_at(failures: int, now: datetime, give_up_at: datetime) -> datetime | None:
    """When to attempt again after the ``failures``-th failure in a row, ended at ``now``;
    None when that is past ``give_up_at`` (the delivery then fails)."""
    return RETRY_SCHEDULE.next_attempt(failures, now, give_up_at)


def render_body(event_id: str, event_type: str, occurred_at: str, data: Any) -> str:
    """The JSON body of a delivery (keys sorted, so it is the same on every database)."""
    return json.dumps(
        {"id": event_id, "type": event_type, "occurred_at": occurred_at, "data": data},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )


# -- creating deliveries ------------------------------------------------------------------


def new_delivery(
    session: Session,
    endpoint: WebhookEndpoint,
    *,
    event_id: str,
    event_type: str,
    body: str,
    now: datetime,
    manual: bool = False,
    retry: bool = True,
) -> WebhookDelivery:
    """Add a delivery due now (``schedule`` it to attempt it after the commit)."""
    delivery = WebhookDelivery(
        id=new_id("whd"),
        tenant_id=endpoint.tenant_id,
        endpoint_id=endpoint.id,
        event_id=event_id,
        event_type=event_type,
        body=body,
        status="pending",
        attempt_count=0,
        failures=0,
        next_attempt_at=now,
        manual=manual,
        give_up_at=now + RETRY_WINDOW if retry else now,
        created_at=now,
        updated_at=now,
    )
    session.add(delivery)
    return delivery


def schedule(tuition: Host, session: Session, delivery_id: str, tenant_id: str) -> None:
    """Attempt ``delivery_id`` in a job once ``session`` commits (rq, or inline)."""
    tuition.jobs.defer(session, DELIVER_JOB, {"delivery_id": delivery_id}, tenant_id)


def on_event(event: DomainEvent, job: JobContext) -> list[str]:
    """One delivery per enabled endpoint subscribed to ``event.type``, once per endpoint
    and event id (a replayed event adds nothing). Returns the ids of new deliveries."""
    if event.tenant_id != job.tenant.id:
        log.warning("event %s of another tenant ignored", event.id)
        return []
    session = job.session
    endpoints = [
        e
        for e in session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.enabled.is_(True))
            .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
        )
        if subscribed(list(e.events or []), event.type)
    ]
    if not endpoints:
        return []
    known = set(
        session.scalars(
            select(WebhookDelivery.endpoint_id).where(WebhookDelivery.event_id == event.id)
        )
    )
    body = render_body(event.id, event.type, event.occurred_at, dict(event.data))
    now = utcnow()
    created = []
    for endpoint in endpoints:
        if endpoint.id in known:
            continue
        delivery = new_delivery(
            session, endpoint, event_id=event.id, event_type=event.type, body=body, now=now
        )
        schedule(job.tuition, session, delivery.id, job.tenant.id)
        created.append(delivery.id)
    # A concurrent run of the same event (an rq retry racing a slow first run) fails here
    # on the (endpoint, event) unique constraint and is retried; the retry finds them.
    session.flush()
    return created


def deliver_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """The :data:`DELIVER_JOB` handler: attempt one delivery (after its event, a
    redelivery or a test ping, or a retry at its ``next_attempt_at``); does nothing when
    the delivery is not due (a retry the sweep made already). Leaves ``ctx.session``
    unused: the request runs between units of work of its own."""
    if ctx.tenant is None or PLUGIN not in ctx.tuition.hooks(ctx.tenant).enabled:
        return  # switched off meanwhile: the delivery waits, nothing is sent
    attempt(ctx.tuition, ctx.tenant.id, payload["delivery_id"], Clock(utcnow()))


# -- attempts -----------------------------------------------------------------------------


class Clock:
    """``start`` plus the real time elapsed since: a sweep called with a ``now`` keeps
    that notion of time while it works through its batch."""

    def __init__(self, start: datetime) -> None:
        self.start, self._t0 = start, time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self._t0)


@dataclass
class Request:
    """Everything a send needs, read while the claim is held."""

    delivery_id: str
    endpoint_id: str
    url: str
    body: bytes
    event_id: str
    event_type: str
    number: int
    secrets: list[str]
    secret_error: str | None


@dataclass
class Result:
    started_at: datetime
    duration_ms: int
    status_code: int | None = None
    error: str | None = None
    excerpt: str | None = None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _due(now: datetime) -> Any:
    return or_(
        and_(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now),
        and_(WebhookDelivery.status == "sending", WebhookDelivery.lease_until < now),
    )


def attempt(
    tuition: Host, tenant_id: str, delivery_id: str, clock: Callable[[], datetime]
) -> str | None:
    """Claim and send one due delivery of tenant ``tenant_id``; returns the attempt's
    outcome (``succeeded``, ``failed``) or None when there was nothing to do. The claim
    and the record are units of work of their own, committed by core; no transaction is
    open during the request. Never raises for what the endpoint does."""
    now = clock()
    with tuition.transaction(tenant_id) as session:
        claim = _claim(tuition, session, delivery_id, now)
    if claim is None:
        return None
    request, manual = claim
    result = send(request, clock)
    return record(tuition, tenant_id, request, result, manual, clock())


def _claim(
    tuition: Host, session: Session, delivery_id: str, now: datetime
) -> tuple[Request, bool] | None:
    """Claim ``delivery_id`` if it is due and read what its request needs (and whether
    it was asked for by hand); None when there is nothing to send."""
    delivery = session.get(WebhookDelivery, delivery_id, populate_existing=True)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    if not endpoint.enabled and delivery.event_type != PING:
        # Disabled endpoints get nothing (a test ping is the exception: it is asked for).
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == "pending")
            .values(
                status="failed",
                next_attempt_at=None,
                updated_at=now,
                last_error="endpoint disabled",
            )
            .execution_options(synchronize_session=False)
        )
        return None
    claimed = _rowcount(
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id, _due(now))
            .values(
                status="sending",
                lease_until=now + LEASE,
                next_attempt_at=None,
                attempt_count=WebhookDelivery.attempt_count + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
    )
    if not claimed:
        return None
    request = _prepare(tuition, session, delivery_id, now)
    manual = bool(
        session.scalar(select(WebhookDelivery.manual).where(WebhookDelivery.id == delivery_id))
    )
    return request, manual


def _prepare(tuition: Host, session: Session, delivery_id: str, now: datetime) -> Request:
    delivery = session.get(WebhookDelivery, delivery_id, populate_existing=True)
    assert delivery is not None
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id, populate_existing=True)
    assert endpoint is not None
    app_secret = tuition.secret_key
    secrets: list[str] = []
    error = None
    try:
        secrets.append(signing.decrypt(app_secret, endpoint.secret_ciphertext))
        expires = endpoint.previous_secret_expires_at
        if endpoint.previous_secret_ciphertext and expires is not None and expires > now:
            secrets.append(signing.decrypt(app_secret, endpoint.previous_secret_ciphertext))
    except signing.SecretUnreadable as exc:
        error = str(exc)
    return Request(
        delivery_id=delivery.id,
        endpoint_id=endpoint.id,
        url=endpoint.url,
        body=delivery.body.encode(),
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        number=delivery.attempt_count,
        secrets=secrets,
        secret_error=error,
    )


def send(request: Request, clock: Callable[[], datetime]) -> Result:
    """POST the signed body; the answer, or why there is none. Never raises."""
    started, t0 = clock(), time.monotonic()

    def done(**kwargs: Any) -> Result:
        return Result(started_at=started, duration_ms=int((time.monotonic() - t0) * 1000), **kwargs)

    if request.secret_error:
        return done(error=request.secret_error)
    refused = url_problems(request.url, check_dns=False)
    if refused:
        return done(error=f"URL refused: {refused[0]}")
    timestamp = int(started.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": user_agent(),
        signing.SIGNATURE_HEADER: signing.signature_header(
            request.secrets, timestamp, request.body
        ),
        "Tuition-Event-Id": request.event_id,
        "Tuition-Event-Type": request.event_type,
        "Tuition-Delivery-Id": request.delivery_id,
        "Tuition-Delivery-Attempt": str(request.number),
    }
    try:
        with guarded_session() as http:
            response = http.post(
                request.url,
                data=request.body,
                headers=headers,
                timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                allow_redirects=False,
                stream=True,
            )
            try:
                raw = response.raw.read(EXCERPT_BYTES, decode_content=True) or b""
            except Exception:  # a broken body still has a status code
                raw = b""
            finally:
                response.close()
    except AddressRefused as exc:
        return done(error=f"address refused: {exc}")
    except requests.Timeout:
        return done(error="timed out")
    except requests.RequestException as exc:
        return done(error=_describe(exc))
    except Exception as exc:  # never let an odd endpoint fail the job
        log.exception("delivery %s: unexpected error", request.delivery_id)
        return done(error=f"unexpected error: {exc.__class__.__name__}")
    excerpt = raw.decode("utf-8", errors="replace")[:EXCERPT_BYTES] if raw else None
    return done(status_code=response.status_code, excerpt=excerpt)


def _describe(exc: Exception) -> str:
    """A short reason for a connection error (the innermost cause, without the URL)."""
    inner: BaseException = exc
    seen = set()
    while id(inner) not in seen:
        seen.add(id(inner))
        nxt = getattr(inner, "reason", None) or inner.__cause__ or inner.__context__
        if nxt is None and inner.args and isinstance(inner.args[0], BaseException):
            nxt = inner.args[0]
        if nxt is None or not isinstance(nxt, BaseException):
            break
        inner = nxt
    text = str(inner) or inner.__class__.__name__
    if isinstance(inner, OSError) and inner.strerror:
        text = inner.strerror
    return f"{exc.__class__.__name__}: {text}"[:500]


def record(
    tuition: Host, tenant_id: str, request: Request, result: Result, manual: bool, now: datetime
) -> str:
    """Store the attempt and move the delivery on, in a unit of work of its own:
    succeeded, retry later (a delayed job written with it, run by rq's scheduler or the
    sweep at ``next_attempt_at``), or failed."""
    outcome = "succeeded" if result.ok else "failed"
    error = result.error
    if result.status_code is not None and not result.ok:
        error = f"HTTP {result.status_code}"
    try:
        with tuition.transaction(tenant_id) as session:
            _record(tuition, session, request, result, manual, now, outcome, error)
    except IntegrityError:  # deleted meanwhile, or the attempt was recorded already
        pass
    log.info(
        "webhook delivery %s (%s) to endpoint %s, attempt %d: %s%s",
        request.delivery_id,
        request.event_type,
        request.endpoint_id,
        request.number,
        outcome,
        f" ({error})" if error else "",
    )
    return outcome


def _record(
    tuition: Host,
    session: Session,
    request: Request,
    result: Result,
    manual: bool,
    now: datetime,
    outcome: str,
    error: str | None,
) -> None:
    values: dict[str, Any] = {
        "lease_until": None,
        "updated_at": now,
        "manual": False,
        "last_status_code": result.status_code,
        "last_error": error,
    }
    delivery = session.get(WebhookDelivery, request.delivery_id, populate_existing=True)
    if delivery is None:  # the endpoint was deleted meanwhile
        return
    gone = result.status_code == 410
    if result.ok:
        values.update(status="succeeded", delivered_at=now, next_attempt_at=None, failures=0)
    elif gone:
        values.update(
            status="failed",
            next_attempt_at=None,
            last_error="HTTP 410: the endpoint is gone and was disabled",
        )
    else:
        failures = delivery.failures + 1
        retry_at = next_attempt_at(failures, now, delivery.give_up_at)
        values.update(
            status="pending" if retry_at else "failed", next_attempt_at=retry_at, failures=failures
        )
    session.add(
        WebhookAttempt(
            tenant_id=delivery.tenant_id,
            delivery_id=request.delivery_id,
            number=request.number,
            trigger="manual" if manual else "automatic",
            started_at=result.started_at,
            duration_ms=result.duration_ms,
            status_code=result.status_code,
            outcome=outcome,
            error=(result.error or "")[:500] or None,
            response_excerpt=result.excerpt,
        )
    )
    moved = _rowcount(
        session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id == request.delivery_id,
                WebhookDelivery.status == "sending",
                WebhookDelivery.attempt_count == request.number,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    )
    if moved and values.get("next_attempt_at") is not None:
        tuition.jobs.defer(
            session,
            DELIVER_JOB,
            {"delivery_id": request.delivery_id},
            delivery.tenant_id,
            run_at=values["next_attempt_at"],
        )
    if gone:
        session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id == request.endpoint_id, WebhookEndpoint.enabled.is_(True))
            .values(
                enabled=False,
                disabled_at=now,
                updated_at=now,
                disabled_reason=f"The endpoint answered 410 Gone on "
                f"{now.isoformat(timespec='seconds')}.",
            )
            .execution_options(synchronize_session=False)
        )


# -- the sweep ----------------------------------------------------------------------------


def sweep(tuition: Host, now: datetime) -> dict[str, int]:
    """Attempt every due delivery of the tenants that enabled the plugin (cron, through
    ``tuition jobs sweep``): the safety net under the retries' delayed jobs, for one that
    was lost or is late, and a claim whose sender died. Safe to run concurrently with
    them and with itself: each attempt is claimed first."""
    clock = Clock(now)
    with tuition.session() as session:
        due = session.execute(
            select(WebhookDelivery.tenant_id, WebhookDelivery.id)
            .where(_due(now))
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(SWEEP_BATCH)
        ).all()
    by_tenant: dict[str, list[str]] = defaultdict(list)
    for tenant_id, delivery_id in due:
        by_tenant[tenant_id].append(delivery_id)
    counts = {"attempted": 0, "succeeded": 0, "failed": 0}
    for tenant_id, ids in sorted(by_tenant.items()):
        with tuition.session(tenant_id) as session:
            tenant = tuition.services.tenant(session, tenant_id)
        if tenant is None or PLUGIN not in tuition.hooks(tenant).enabled:
            continue
        for delivery_id in ids:
            outcome = attempt(tuition, tenant_id, delivery_id, clock)
            if outcome is not None:
                counts["attempted"] += 1
                counts[outcome] += 1
    return counts
