"""The job seam: an outbox table, dispatched after commit to rq (Redis) or run inline.

A job is a row in ``jobs`` written in the same transaction as the change that caused it,
so it exists exactly when that change committed. After the commit the row is handed to rq
(``TUITION_REDIS_URL`` set; ``tuition worker`` runs it) or run inline in this process. If
Redis cannot be reached the row stays ``pending`` and ``tuition jobs flush`` hands it over
later: a job is never lost and never runs before its data is visible.

A job may also wait for a time (``defer(..., run_at=…)``, for retries on a schedule): with
rq it goes to rq's scheduler (``Queue.enqueue_at``; ``tuition worker`` runs the scheduler),
which hands it to the queue once due. Inline, nothing can wait in the process: the row
stays ``pending`` with its ``run_at`` and ``tuition jobs sweep`` (cron) runs it once due.
Either way a row left behind (Redis lost the scheduled job) is dispatched again by the
outbox flush, 10 minutes after its time.

Jobs of a *batched* name (``JobRunner(batched=…)``: the payment inbox's
``payment_event``) are not handed to rq one by one: after the commit that wrote them, the
tenant's *drain* is queued, once until a worker starts it (a Redis flag), and that worker
claims the tenant's waiting jobs of the name one after the other and runs each exactly as
a single job runs (its work and its ``done`` in one commit). A webhook storm then costs rq
one job per burst rather than one per event. A failing job of a drain goes back to the
outbox with its retry time and is retried on its own.
"""

from __future__ import annotations

import logging
import math
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

import structlog
from sqlalchemy import Connection, Table, or_, select, update
from sqlalchemy.orm import Session

from tuition import logs
from tuition.db import new_id, utcnow
from tuition.models import Enrollment, Job
from tuition.plugin_api.jobs import JobHandler
from tuition.plugin_api.values import DomainEvent, JobContext
from tuition.services import audit, enrollment_imports

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)

_HANDLERS: dict[str, JobHandler] = {}
#: What a core job does when it fails for good: ``(tuition, tenant_id, payload, error)``.
GaveUp = Callable[["Tuition", "str | None", dict[str, Any], str], None]
_GAVE_UP: dict[str, GaveUp] = {}
MAX_ATTEMPTS = 5
RETRY_INTERVALS = [5, 30, 120, 600]
_PENDING_KEY = "tuition_pending_jobs"
#: After Redis failed, requests stop trying to reach it for this long (jobs stay pending
#: in the outbox; a worker or ``tuition jobs flush`` hands them over later).
QUEUE_RETRY_SECONDS = 5.0
#: A job running or queued this long is taken for lost (its worker died) and dispatched
#: again; longer than any job should take, as a live one would then run twice.
STUCK_AFTER = timedelta(minutes=10)
#: A drain claims this many jobs per statement: one, so that a worker that dies holds only
#: the job it was running (a claimed job waits ``STUCK_AFTER`` before another worker takes
#: it over) and two workers share a burst. It runs at most ``DRAIN_MAX`` before handing
#: the rest to a drain queued anew (other tenants' jobs get their turn meanwhile).
DRAIN_CLAIM = 1
DRAIN_MAX = 500
#: How long the "drain queued" flag lives: past it (the drain was lost, or waits in a long
#: queue) the next job of the tenant queues another one; one that finds nothing is cheap.
DRAIN_FLAG_SECONDS = 60

_worker_tuition: Tuition | None = None
_jobs = cast(Table, Job.__table__)


def job_handler(name: str) -> Callable[[JobHandler], JobHandler]:
    """Register a core function that runs jobs called ``name`` (plugins register theirs
    through ``tuition_job_handlers``)."""

    def register(func: JobHandler) -> JobHandler:
        _HANDLERS[name] = func
        return func

    return register


def when_given_up(name: str) -> Callable[[GaveUp], GaveUp]:
    """Register what core does once a job called ``name`` has failed for good (its last
    attempt), in a transaction of its own: e.g. mark the import it ran ``failed``."""

    def register(func: GaveUp) -> GaveUp:
        _GAVE_UP[name] = func
        return func

    return register


class JobRunner:
    """Defers jobs inside a transaction and dispatches them once it commits."""

    def __init__(self, tuition: Tuition, *, batched: Iterable[str] = ()) -> None:
        self.tuition = tuition
        self.redis_url = tuition.settings.redis_url
        #: Job names run by per-tenant drains with rq (see the module).
        self.batched = frozenset(batched)
        self._queue: Any = None
        self._queue_down_until = 0.0

    @property
    def mode(self) -> str:
        return "rq" if self.redis_url else "inline"

    def queue(self) -> Any:
        """The rq queue (created on first use)."""
        if self._queue is None:
            from redis import Redis
            from rq import Queue

            assert self.redis_url, "no TUITION_REDIS_URL configured"
            connection = Redis.from_url(self.redis_url, socket_timeout=5, socket_connect_timeout=1)
            self._queue = Queue(self.tuition.settings.job_queue, connection=connection)
        return self._queue

    def defer(
        self,
        session: Session,
        name: str,
        payload: dict[str, Any],
        tenant_id: str | None = None,
        *,
        run_at: datetime | None = None,
        delay: timedelta | None = None,
    ) -> Job:
        """Write a job in ``session``'s transaction; it is dispatched after the commit.

        With ``run_at`` (or ``delay`` from now) it runs no earlier than that: rq's scheduler
        holds it until then; inline, it waits in the outbox for ``tuition jobs sweep``
        (cron) to run it once due. A time already past runs it at once."""
        if self.handler(name) is None:
            raise KeyError(f"no job handler named {name!r}")
        if delay is not None:
            if run_at is not None:
                raise ValueError("give run_at or delay, not both")
            run_at = utcnow() + delay
        if run_at is not None and run_at.tzinfo is None:
            raise ValueError("run_at must be an aware datetime")
        job = Job(
            id=new_id("job"),
            name=name,
            payload=payload,
            tenant_id=tenant_id,
            request_id=logs.current("request_id"),
            run_at=run_at,
        )
        session.add(job)
        pending: list[Job] | None = session.info.get(_PENDING_KEY)
        if pending is None:
            pending = session.info[_PENDING_KEY] = []
            _watch(session, self)
        pending.append(job)
        return job

    def handler(self, name: str) -> JobHandler | None:
        """What runs jobs called ``name``: core's own, else a plugin's."""
        return _HANDLERS.get(name) or self.tuition.plugins.job_handler(name)

    def dispatch_committed(self, jobs: Iterable[Job | _Waiting]) -> None:
        """Hand the jobs a commit just wrote (none waiting for a time) over: batched ones
        to their tenant's drain (with rq), the others as :meth:`dispatch` does."""
        single: list[str] = []
        drains: dict[tuple[str, str], list[str]] = {}
        for job in jobs:
            if self.redis_url and job.name in self.batched and job.tenant_id:
                drains.setdefault((job.name, job.tenant_id), []).append(job.id)
            else:
                single.append(job.id)
        for (name, tenant_id), ids in drains.items():
            self._enqueue_drain(name, tenant_id, ids)
        self.dispatch(single)

    def dispatch(self, job_ids: Iterable[str]) -> None:
        """Hand committed jobs to rq, or run them now when no Redis is configured."""
        for job_id in job_ids:
            if self.redis_url:
                self._enqueue(job_id)
            else:
                self.run(job_id, raise_errors=False)

    def dispatch_at(self, job_id: str, run_at: datetime) -> None:
        """Hand a committed job that waits for ``run_at`` to rq's scheduler; inline it stays
        ``pending`` for the sweep (nothing in this process could wake it up later)."""
        if run_at <= utcnow():
            self.dispatch([job_id])
        elif self.redis_url:
            self._enqueue(job_id, run_at)
        else:
            log.debug(
                "job %s waits for %s (tuition jobs sweep runs it)", job_id, run_at.isoformat()
            )

    def _enqueue(self, job_id: str, run_at: datetime | None = None) -> None:
        from rq import Retry

        if time.monotonic() < self._queue_down_until:
            return  # Redis failed moments ago: leave the job pending, don't wait on it again
        options: dict[str, Any] = {
            "job_id": rq_job_id(job_id),
            "retry": Retry(max=MAX_ATTEMPTS - 1, interval=RETRY_INTERVALS),
            "failure_ttl": 7 * 24 * 3600,
        }
        try:
            if run_at is None:
                self.queue().enqueue("tuition.jobs.execute", job_id, **options)
            else:
                self.queue().enqueue_at(
                    _whole_second_after(run_at), "tuition.jobs.execute", job_id, **options
                )
        except Exception:
            log.warning("job %s stays pending: the queue is unreachable", job_id, exc_info=True)
            self._queue_down_until = time.monotonic() + QUEUE_RETRY_SECONDS
            return
        with self._bookkeeping(durable=False) as conn:
            conn.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "pending")
                .values(status="enqueued", updated_at=utcnow())
            )

    def _drain_flag(self, name: str, tenant_id: str) -> str:
        return f"{self.tuition.settings.job_queue}:drain:{name}:{tenant_id}"

    def _enqueue_drain(self, name: str, tenant_id: str, job_ids: list[str]) -> None:
        """Make sure a drain of ``tenant_id``'s ``name`` jobs is queued (one Redis ``SET
        NX``: a drain queued but not started yet takes ``job_ids`` too). The rows stay
        ``pending`` (for a batched job: waiting for a drain); if Redis fails, the flush
        queues the drain later."""
        if time.monotonic() < self._queue_down_until:
            return
        flag = self._drain_flag(name, tenant_id)
        try:
            queue = self.queue()
            if queue.connection.set(flag, b"1", nx=True, ex=DRAIN_FLAG_SECONDS):
                try:
                    queue.enqueue(
                        "tuition.jobs.drain",
                        name,
                        tenant_id,
                        job_id=f"tuition-drain-{new_id('drn')}",
                        failure_ttl=7 * 24 * 3600,
                    )
                except Exception:
                    queue.connection.delete(flag)
                    raise
        except Exception:
            log.warning(
                "%d %s job(s) stay pending: the queue is unreachable",
                len(job_ids),
                name,
                exc_info=True,
            )
            self._queue_down_until = time.monotonic() + QUEUE_RETRY_SECONDS
            return

    def run_drain(self, name: str, tenant_id: str) -> int:
        """Run ``tenant_id``'s waiting ``name`` jobs (a drain, see the module), claimed
        ``DRAIN_CLAIM`` at a time, each in a transaction of its own; returns how many ran.
        The flag goes first, so a job committed from now on queues a drain anew."""
        self.queue().connection.delete(self._drain_flag(name, tenant_id))
        ran = 0
        while ran < DRAIN_MAX:
            claimed = self._claim_waiting(name, tenant_id, min(DRAIN_CLAIM, DRAIN_MAX - ran))
            if not claimed:
                return ran
            for job_id, payload, attempts, request_id in claimed:
                self._run_claimed(
                    job_id, name, payload, tenant_id, attempts, request_id, in_drain=True
                )
            ran += len(claimed)
        self._enqueue_drain(name, tenant_id, [])  # more may wait: a fresh drain takes them
        return ran

    def _claim_waiting(
        self, name: str, tenant_id: str, limit: int
    ) -> list[tuple[str, dict[str, Any], int, str | None]]:
        """Claim (``running``, one more attempt) up to ``limit`` of ``tenant_id``'s due
        ``name`` jobs, oldest first, skipping rows another drain is claiming."""
        now = utcnow()
        waiting = (
            select(_jobs.c.id)
            .where(
                _jobs.c.status.in_(("pending", "enqueued")),
                _jobs.c.tenant_id == tenant_id,
                _jobs.c.name == name,
                or_(_jobs.c.run_at.is_(None), _jobs.c.run_at <= now),
            )
            .order_by(_jobs.c.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        with self._bookkeeping(durable=False) as conn:
            rows = conn.execute(
                update(_jobs)
                .where(_jobs.c.id.in_(waiting), _jobs.c.status.in_(("pending", "enqueued")))
                .values(status="running", attempts=_jobs.c.attempts + 1, updated_at=now)
                .returning(
                    _jobs.c.created_at,
                    _jobs.c.id,
                    _jobs.c.payload,
                    _jobs.c.attempts,
                    _jobs.c.request_id,
                )
            ).all()
        return [
            (job_id, payload, attempts, request)
            for _, job_id, payload, attempts, request in sorted(
                rows, key=lambda row: (row[0], row[1])
            )
        ]

    @contextmanager
    def _bookkeeping(self, *, durable: bool = True) -> Iterator[Connection]:
        """A connection for the ``jobs`` table alone (it is not under row-level security:
        no tenant to set), committing what it runs when the block ends. ``durable=False``
        on PostgreSQL is the bookkeeping pool: each statement commits at once and does not
        wait for the WAL flush, for writes whose loss in a crash only makes a job run again
        (the ``enqueued`` mark, the claim, a failure's status); the claim of a second copy
        then finds nothing to take."""
        quick = self.tuition.bookkeeping_engine
        if not durable and quick is not None:
            with quick.connect() as conn:
                yield conn
            return
        with self.tuition.engine.begin() as conn:
            yield conn

    def run(self, job_id: str, *, raise_errors: bool = True) -> bool:
        """Run one job now. Returns False when another runner claimed it or it is done."""
        with self._bookkeeping(durable=False) as conn:
            row = conn.execute(
                update(Job)
                .where(Job.id == job_id, Job.status.in_(("pending", "enqueued")))
                .values(status="running", attempts=Job.attempts + 1, updated_at=utcnow())
                .returning(Job.name, Job.payload, Job.tenant_id, Job.attempts, Job.request_id)
            ).first()
        if row is None:
            return False
        name, payload, tenant_id, attempts, request_id = row
        return self._run_claimed(
            job_id, name, payload, tenant_id, attempts, request_id, raise_errors=raise_errors
        )

    def _run_claimed(
        self,
        job_id: str,
        name: str,
        payload: dict[str, Any],
        tenant_id: str | None,
        attempts: int,
        request_id: str | None,
        *,
        raise_errors: bool = False,
        in_drain: bool = False,
    ) -> bool:
        """Run a job this runner claimed. A failure before the last attempt is retried:
        by rq (``raise_errors``: re-raised into rq's ``Retry``), or, for a job of a drain,
        back in the outbox with its retry time, handed to rq's scheduler on its own."""
        outer = structlog.contextvars.get_contextvars()  # an inline job runs inside a request
        logs.clear()
        logs.bind(job_id=job_id, job=name, request_id=request_id or job_id)
        try:
            self._execute(job_id, name, payload, tenant_id)
            log.info("job done", extra={"attempt": attempts})
        except Exception as exc:
            final = attempts >= MAX_ATTEMPTS or not self.redis_url
            log.exception("job %s (%s) failed, attempt %d", job_id, name, attempts)
            error = "".join(traceback.format_exception_only(exc)).strip()
            if in_drain and not final:
                retry_at = utcnow() + timedelta(seconds=RETRY_INTERVALS[attempts - 1])
                self._finish(job_id, "pending", error, run_at=retry_at)
                self.dispatch_at(job_id, retry_at)
                return True
            self._finish(job_id, "failed" if final else "pending", error)
            if final:
                self._give_up(name, tenant_id, payload, error)
            if raise_errors and not final:
                raise
            return True
        finally:
            logs.clear()
            logs.bind(**outer)
        return True

    def _execute(
        self, job_id: str, name: str, payload: dict[str, Any], tenant_id: str | None
    ) -> None:
        """Run the handler in a session whose transaction the runner owns: committed when
        the handler returns, together with the job's ``done`` (so a job whose work
        committed is never run again), rolled back when it raises (a handler need not
        commit; the jobs it defers are dispatched by this commit)."""
        handler = self.handler(name)
        if handler is None:
            raise KeyError(f"no job handler named {name!r} in this worker")
        self.tuition.ensure_secret_key()  # a job worker signs and decrypts with the API's key
        with self.tuition.session(tenant_id) as session:
            audit.set_actor(session, f"job:{name}")
            tenant = self.tuition.tenants.by_id(session, tenant_id) if tenant_id else None
            # The handler starts with no transaction open (the tenant stays loaded: sessions
            # do not expire on commit): a handler that calls out over the network writes
            # through ``host.transaction`` units and holds none across the call.
            session.commit()
            ctx = JobContext(
                tuition=self.tuition,
                session=session,
                tenant=tenant,  # type: ignore[arg-type]
                settings=tenant.plugin_settings() if tenant else {},
            )
            try:
                handler(ctx, payload)
                session.connection().execute(
                    update(_jobs)
                    .where(_jobs.c.id == job_id)
                    .values(status="done", last_error=None, updated_at=utcnow())
                )
            except BaseException:
                session.rollback()
                raise
            session.commit()

    def _give_up(
        self, name: str, tenant_id: str | None, payload: dict[str, Any], error: str
    ) -> None:
        gave_up = _GAVE_UP.get(name)
        if gave_up is None:
            return
        try:
            gave_up(self.tuition, tenant_id, payload, error)
        except Exception:
            log.exception("recording that job %s failed for good failed", name)

    def _finish(
        self, job_id: str, status: str, error: str | None, *, run_at: datetime | None = None
    ) -> None:
        values: dict[str, Any] = {"status": status, "last_error": error, "updated_at": utcnow()}
        if run_at is not None:
            values["run_at"] = run_at
        with self._bookkeeping(durable=False) as conn:
            conn.execute(update(Job).where(Job.id == job_id).values(**values))

    def flush(self, *, older_than: timedelta = STUCK_AFTER, now: datetime | None = None) -> int:
        """Dispatch jobs left pending (queue was down; inline jobs waiting for their
        ``run_at``) that are due at ``now`` (default: the current time), and jobs running or
        queued for longer than ``older_than`` (their worker died, or Redis lost them; a
        scheduled one counts from its ``run_at``); returns the count."""
        cutoff = utcnow() - older_than
        now = now or utcnow()
        self._queue_down_until = 0.0  # a flush is a deliberate retry of the queue
        with self.tuition.session() as session, session.begin():
            session.execute(
                update(Job)
                .where(
                    Job.status.in_(("running", "enqueued")),
                    Job.updated_at < cutoff,
                    or_(Job.run_at.is_(None), Job.run_at < cutoff),
                )
                .values(status="pending")
            )
            rows = session.execute(
                select(Job.id, Job.name, Job.tenant_id)
                .where(Job.status == "pending", or_(Job.run_at.is_(None), Job.run_at <= now))
                .order_by(Job.created_at)
            ).all()
        self.dispatch_committed(
            _Waiting(job_id, name, tenant_id) for job_id, name, tenant_id in rows
        )
        return len(rows)


@dataclass(frozen=True)
class _Waiting:
    """A committed job the flush hands over (what :meth:`JobRunner.dispatch_committed`
    reads of it)."""

    id: str
    name: str
    tenant_id: str | None


def rq_job_id(job_id: str) -> str:
    """The id rq knows outbox job ``job_id`` by (in its queue and registries)."""
    return f"tuition-{job_id}"


def _whole_second_after(moment: datetime) -> datetime:
    """``moment`` rounded up to a whole second: rq's scheduler keeps whole seconds
    (rounding down), and a job must not run before its time."""
    return datetime.fromtimestamp(math.ceil(moment.timestamp()), UTC)


def _watch(session: Session, runner: JobRunner) -> None:
    """Dispatch the session's deferred jobs after it commits; forget them on rollback."""
    from sqlalchemy import event

    # SQLAlchemy fires both events for SAVEPOINTs too: a released savepoint must not
    # dispatch (the rows are not committed yet), a rolled-back one forgets only its own jobs.
    def after_commit(sess: Session) -> None:
        if sess.in_nested_transaction():
            return
        pending: list[Job] = sess.info.pop(_PENDING_KEY, None) or []
        sess.info[_PENDING_KEY] = []
        runner.dispatch_committed([job for job in pending if job.run_at is None])
        for job in pending:
            if job.run_at is not None:
                runner.dispatch_at(job.id, job.run_at)

    def after_soft_rollback(sess: Session, previous: Any) -> None:
        if previous.nested:
            sess.info[_PENDING_KEY] = [
                job for job in sess.info.get(_PENDING_KEY) or [] if job in sess
            ]
            return
        sess.info[_PENDING_KEY] = []

    event.listen(session, "after_commit", after_commit)
    event.listen(session, "after_soft_rollback", after_soft_rollback)


def execute(job_id: str) -> None:
    """rq entry point: run ``job_id`` with the worker's application."""
    if _worker_tuition is None:
        raise RuntimeError("tuition.jobs.execute runs inside `tuition worker` only")
    _worker_tuition.jobs.run(job_id)


def drain(name: str, tenant_id: str) -> None:
    """rq entry point: run ``tenant_id``'s waiting ``name`` jobs with the worker's
    application (:meth:`JobRunner.run_drain`)."""
    if _worker_tuition is None:
        raise RuntimeError("tuition.jobs.drain runs inside `tuition worker` only")
    _worker_tuition.jobs.run_drain(name, tenant_id)


#: How often a worker hands over outbox jobs left pending (e.g. while Redis was down).
OUTBOX_FLUSH_SECONDS = 30


def run_worker(tuition: Tuition, *, burst: bool = False) -> None:
    """Run an rq worker for ``tuition``'s queue (``tuition worker``), with rq's scheduler,
    which moves delayed jobs (``defer(..., run_at=…)``) to the queue when due (in burst
    mode: those due at start). Besides running jobs, it hands over outbox jobs left
    pending every ``OUTBOX_FLUSH_SECONDS``, so jobs written while Redis was down run once
    it is back, without anyone calling ``tuition jobs flush``."""
    from rq import SimpleWorker

    class OutboxWorker(SimpleWorker):
        def run_maintenance_tasks(self) -> None:
            super().run_maintenance_tasks()
            try:
                tuition.jobs.flush()
            except Exception:  # the database may be away too; the next round retries
                log.warning("outbox flush failed", exc_info=True)

    global _worker_tuition
    _worker_tuition = tuition
    queue = tuition.jobs.queue()
    worker = OutboxWorker(
        [queue], connection=queue.connection, maintenance_interval=OUTBOX_FLUSH_SECONDS
    )
    worker.work(burst=burst, with_scheduler=True)


# -- core job handlers ------------------------------------------------------------------


@job_handler("hook")
def _run_plugin_hook(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Call one plugin's implementation of a broadcast hook (after-enrollment, events)."""
    hook, plugin = payload["hook"], payload["plugin"]
    kwargs: dict[str, Any] = {"job": ctx}
    if hook == "tuition_after_enrollment":
        enrollment = ctx.session.get(Enrollment, payload["enrollment_id"])
        if enrollment is None:
            log.warning("enrollment %s is gone; %s skipped", payload["enrollment_id"], plugin)
            return
        kwargs["enrollment"] = enrollment
    elif hook == "tuition_event":
        kwargs["event"] = DomainEvent(**payload["event"])
    else:
        raise ValueError(f"hook {hook!r} cannot run as a job")
    registry = cast("Tuition", ctx.tuition).plugins
    if plugin not in registry.plugins:
        raise RuntimeError(f"plugin {plugin!r} is not installed in this worker")
    registry.call_one(hook, plugin, **kwargs)


@job_handler(enrollment_imports.IMPORT_JOB)
def _run_enrollment_import(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Enroll the lines of a CSV import, each in a transaction of its own (the job's own
    session stays unused); a repeated run resumes after the last line done."""
    enrollment_imports.run_in_own_transactions(
        cast("Tuition", ctx.tuition), ctx.tenant.id, payload["import_id"]
    )


@when_given_up(enrollment_imports.IMPORT_JOB)
def _enrollment_import_failed(
    tuition: Tuition, tenant_id: str | None, payload: dict[str, Any], error: str
) -> None:
    """An import whose job failed for good is ``failed`` (with the error), not ``running``."""
    assert tenant_id is not None
    enrollment_imports.mark_failed_in_own_transaction(
        tuition, tenant_id, payload["import_id"], error
    )
