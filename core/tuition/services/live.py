"""Live events: each student's recent domain events, streamed as Server-Sent Events.

Every domain event whose data names a ``student_id`` (core's ``order.*`` and
``enrollment.*``, and the plugins' own, such as ``cohort.session_booked``) is written to
``live_events`` by :func:`record`, in the transaction that caused it: a change that rolls
back leaves no event, a committed one always has its row. The row's ``id`` is the
stream's event id, so a client that reconnects with ``Last-Event-ID`` gets what it missed
(within ``live_retention_hours``; ``tuition jobs sweep`` drops older rows).

Waking the streams of other processes once the row is committed: with ``TUITION_REDIS_URL``
the committing process publishes on the student's Redis channel and every stream of that
student (in any process) subscribed to it re-reads the table at once; a stream also
re-reads on every heartbeat, so a lost publication delays an event by one heartbeat at
most. Without Redis (the embedded defaults) a stream re-reads the table every
:data:`POLL_SECONDS`. A stream holds no database connection while it waits: each read is
a short session of its own.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, event, func, or_, select, true
from sqlalchemy.orm import Session, sessionmaker

from tuition.db import append, utcnow
from tuition.models import LiveEvent
from tuition.plugin_api import DomainEvent

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)

#: How often a stream re-reads the table when no Redis wakes it.
POLL_SECONDS = 1.0
#: What the client waits before reconnecting (the SSE ``retry:`` field), in milliseconds.
RETRY_MS = 2000
#: Events sent per read at most (a resume after a long gap goes on at the next read).
BATCH = 100
#: Ids are taken at insert and committed in any order: a stream also sends, once, an
#: event with a lower id than one it sent if it was written this recently.
LATE_SECONDS = 30
_WAKE = "tuition_live_wake"


#: Events that ask for a mail, not changes of a student's status: never streamed.
NOT_STREAMED = frozenset(
    {"student.email_verification_requested", "student.password_reset_requested"}
)


def record(tuition: Tuition, session: Session, tenant_id: str, domain_event: DomainEvent) -> None:
    """Add ``domain_event`` to its student's live stream (if its data names a student and
    it is not a mail request, :data:`NOT_STREAMED`), in ``session``'s transaction; the
    student's streams wake up once it commits."""
    student_id = domain_event.data.get("student_id")
    if not isinstance(student_id, str) or not student_id or domain_event.type in NOT_STREAMED:
        return
    order_id, enrollment_id = (domain_event.data.get(k) for k in ("order_id", "enrollment_id"))
    append(
        session,
        LiveEvent,
        tenant_id=tenant_id,
        student_id=student_id,
        order_id=order_id if isinstance(order_id, str) else None,
        enrollment_id=enrollment_id if isinstance(enrollment_id, str) else None,
        type=domain_event.type,
        data={"occurred_at": domain_event.occurred_at, "data": domain_event.data},
        created_at=utcnow(),
    )
    wake: tuple[LiveBus, set[str]] | None = session.info.get(_WAKE)
    if wake is None:
        wake = session.info[_WAKE] = (tuition.live, set())
    wake[1].add(tuition.live.channel(tenant_id, student_id))


def watch_commits(factory: sessionmaker[Session]) -> None:
    """Make ``factory``'s sessions publish their wake-ups after the (outermost) commit
    and forget them on rollback."""
    event.listen(factory, "after_commit", _publish_after_commit)
    event.listen(factory, "after_soft_rollback", _forget_after_rollback)


def _publish_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    wake = session.info.pop(_WAKE, None)
    if wake is not None:
        bus, channels = wake
        bus.publish(channels)


def _forget_after_rollback(session: Session, previous: Any) -> None:
    if not previous.nested:
        session.info.pop(_WAKE, None)


def latest_id(session: Session, student_id: str) -> int:
    """The id of the student's latest live event (0 without any): where a new stream of
    ``/v1/me/events`` starts."""
    found = session.scalar(select(func.max(LiveEvent.id)).where(LiveEvent.student_id == student_id))
    return int(found or 0)


def prune(tuition: Tuition, now: datetime) -> int:
    """``tuition jobs sweep``: drop the live events older than ``live_retention_hours``,
    of every tenant. Returns how many."""
    cutoff = now - timedelta(hours=tuition.settings.live_retention_hours)
    with tuition.transaction() as session:
        result = session.execute(
            delete(LiveEvent)
            .where(LiveEvent.created_at < cutoff)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)


# -- waking streams across processes -----------------------------------------------------------


class LiveBus:
    """Wakes the streams of a student, in every process, after an event was committed:
    Redis pub/sub when ``redis_url`` is set, otherwise nothing to publish (streams poll)."""

    def __init__(self, redis_url: str | None, prefix: str, *, retry_after: float = 5.0) -> None:
        self.redis_url = redis_url
        self.prefix = prefix
        self.retry_after = retry_after
        self._client: Any = None
        self._down_until = 0.0

    def channel(self, tenant_id: str, student_id: str) -> str:
        return f"{self.prefix}:live:{tenant_id}:{student_id}"

    def _redis(self) -> Any:
        if self._client is None:
            from redis import Redis

            assert self.redis_url
            self._client = Redis.from_url(
                self.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5
            )
        return self._client

    def publish(self, channels: set[str]) -> None:
        """Tell the subscribers of ``channels``; a failure is logged, never raised (the
        streams re-read the table on their next heartbeat anyway)."""
        if not self.redis_url or not channels or time.monotonic() < self._down_until:
            return
        try:
            for channel in sorted(channels):
                self._redis().publish(channel, "1")
        except Exception:
            self._down_until = time.monotonic() + self.retry_after
            log.warning("live events: Redis failed publishing; streams poll", exc_info=True)

    def waiter(self, channel: str) -> Waiter:
        """Something a stream waits on for a wake-up of ``channel`` (subscribed at once)."""
        if self.redis_url and time.monotonic() >= self._down_until:
            try:
                pubsub = self._redis().pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(channel)
                return RedisWaiter(pubsub)
            except Exception:
                log.warning("live events: Redis failed subscribing; polling", exc_info=True)
        return PollWaiter()


class Waiter:
    """Waits for a wake-up (or ``timeout`` seconds); the stream then re-reads the table."""

    def wait(self, timeout: float) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Let go of what the waiter holds."""


class PollWaiter(Waiter):
    def wait(self, timeout: float) -> None:
        time.sleep(max(0.0, min(timeout, POLL_SECONDS)))


class RedisWaiter(Waiter):
    def __init__(self, pubsub: Any) -> None:
        self.pubsub = pubsub

    def wait(self, timeout: float) -> None:
        end = time.monotonic() + max(0.0, timeout)
        try:
            while True:
                left = end - time.monotonic()
                if left <= 0:
                    return
                # socket_timeout is 0.5 s: wait in slices shorter than it
                if self.pubsub.get_message(timeout=min(left, 0.4)) is not None:
                    return
        except Exception:  # Redis went away: poll for the rest of this stream
            log.warning("live events: Redis failed while waiting; polling", exc_info=True)
            time.sleep(max(0.0, min(end - time.monotonic(), POLL_SECONDS)))

    def close(self) -> None:
        try:
            self.pubsub.close()
        except Exception:
            log.debug("live events: closing the subscription failed", exc_info=True)


# -- the stream --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreamScope:
    """Whose events a stream sends: a student's, or those of one of their orders (the
    order's own and its enrollment's: activation, bookings)."""

    tenant_id: str
    student_id: str
    order_id: str | None = None
    enrollment_id: str | None = None


def _read(
    tuition: Tuition, scope: StreamScope, after: int, floor: int, seen: set[int]
) -> tuple[list[LiveEvent], list[LiveEvent]]:
    """The next events after ``after`` (at most :data:`BATCH`), and the late ones: ids
    between ``floor`` and ``after`` this stream has not sent (``seen``), written in the
    last :data:`LATE_SECONDS` by a transaction that committed after a later id's. A short
    session of its own."""
    with tuition.session(scope.tenant_id) as session:
        mine = LiveEvent.student_id == scope.student_id
        if scope.order_id is not None:
            about = LiveEvent.order_id == scope.order_id
            if scope.enrollment_id is not None:
                about = or_(about, LiveEvent.enrollment_id == scope.enrollment_id)
            mine = and_(mine, about)
        rows = session.scalars(
            select(LiveEvent).where(mine, LiveEvent.id > after).order_by(LiveEvent.id).limit(BATCH)
        ).all()
        late = session.scalars(
            select(LiveEvent)
            .where(
                mine,
                LiveEvent.id > floor,
                LiveEvent.id < after,
                LiveEvent.id.not_in(seen) if seen else true(),
                LiveEvent.created_at >= utcnow() - timedelta(seconds=LATE_SECONDS),
            )
            .order_by(LiveEvent.id)
            .limit(BATCH)
        ).all()
        return list(rows), list(late)


def frame(row: LiveEvent) -> str:
    """One event as an SSE frame: ``id`` (for ``Last-Event-ID``) and a JSON ``data`` line
    (``id``, ``type``, ``occurred_at``, ``order_id`` and the domain event's ``data``)."""
    body = {
        "id": row.id,
        "type": row.type,
        "order_id": row.order_id,
        "occurred_at": row.data.get("occurred_at"),
        "data": row.data.get("data", {}),
    }
    return f"id: {row.id}\ndata: {json.dumps(body, separators=(',', ':'), sort_keys=True)}\n\n"


def stream(tuition: Tuition, scope: StreamScope, after: int) -> Iterator[str]:
    """The SSE body: events after ``after`` as they are committed, a heartbeat comment every
    ``live_heartbeat_seconds``, for ``live_stream_seconds``; then it ends (the client
    reconnects with ``Last-Event-ID``). Runs after the request's session is closed.

    Delivery is at least once: an event committed late (see :data:`LATE_SECONDS`) comes
    after a later id, and a client resuming from its lower id gets the later one again."""
    settings = tuition.settings
    start = time.monotonic()
    deadline = start + settings.live_stream_seconds
    beat = float(settings.live_heartbeat_seconds)
    yield f"retry: {RETRY_MS}\n: stream of {settings.live_stream_seconds} s\n\n"
    waiter = tuition.live.waiter(tuition.live.channel(scope.tenant_id, scope.student_id))
    floor, seen = after, set[int]()
    try:
        next_beat = start + beat
        while True:
            batch, late = _read(tuition, scope, after, floor, seen)
            for row in [*late, *batch]:
                seen.add(row.id)
                yield frame(row)
            if batch:
                after = batch[-1].id
            now = time.monotonic()
            if now >= deadline:
                return
            if len(batch) == BATCH:
                continue  # more are waiting
            if now >= next_beat:
                yield ": heartbeat\n\n"
                next_beat = now + beat
            waiter.wait(min(deadline, next_beat) - now)
    finally:
        waiter.close()
