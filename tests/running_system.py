"""The system running as in production, for tests that kill parts of it: gunicorn serving
the API, ``tuition worker`` processes on an rq queue of the test's own on Redis, a database of
the test's own, the tenant's mail going to a real SMTP server (aiosmtpd) in the test process.
Used by ``test_crash_windows`` and ``test_webhook_storm`` (the ``shop`` fixture lives in
``tests/conftest.py``).

Where a process dies is chosen with :class:`CrashPoint`, a plugin the crashing process loads
by name (``TUITION_EXTRA_PLUGINS``, this module on its ``PYTHONPATH``) and arms with
``TUITION_TEST_CRASH_AT``. It listens to SQLAlchemy's session events: when a transaction
that wrote the named rows has committed, and before anything else happens in that process
(core dispatches a transaction's jobs in its own ``after_commit`` listener, which runs after
this class-level one), it writes its pid to ``TUITION_TEST_CRASH_MARKER`` and sleeps; the
test then SIGKILLs it. Crash points: ``webhook_stored``, ``payment_applied``,
``mail_claimed:<template>`` (see ``test_crash_windows``).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, update
from sqlalchemy.orm import Session

from bench.servers import GunicornSettings, QuickGunicorn, RqWorker
from tuition.jobs import rq_job_id
from tuition.models import Job
from tuition.testing.queues import RqQueue
from tuition_email_notifications.testing import SmtpServer

CRASH_AT = "TUITION_TEST_CRASH_AT"
CRASH_MARKER = "TUITION_TEST_CRASH_MARKER"
#: A paused process that was not killed (the test died) exits by itself after this long,
#: and never goes on past its crash point.
PAUSE_SECONDS = 120
CONFIRMATION, RECEIPT = "enrollment_confirmation", "payment_receipt"
SIGNUP_MAIL_REQUEST = "student.email_verification_requested"

# -- the crash point (runs inside the process that dies) -------------------------------------

_ARMED = "tuition_test_crash_armed"
_installed = False


class CrashPoint:
    """Loaded by ``TUITION_EXTRA_PLUGINS=crashpoint=running_system:CrashPoint``; arms
    itself when ``TUITION_TEST_CRASH_AT`` names a crash point, else does nothing. It has
    no hooks: it only listens to every SQLAlchemy session of the process."""

    def __init__(self) -> None:
        global _installed
        point = os.environ.get(CRASH_AT)
        if not point or _installed:
            return
        _installed = True  # Settings are read more than once in a process (the CLI)
        event.listen(Session, "after_flush", functools.partial(_note, point))
        event.listen(Engine, "after_cursor_execute", functools.partial(_note_statement, point))
        event.listen(Session, "after_commit", functools.partial(_pause_after_commit, point))
        event.listen(Session, "after_soft_rollback", _disarm)


def _matches(point: str, row: Any) -> bool:
    table = getattr(row, "__tablename__", "")
    if point == "webhook_stored":
        return bool(table == "payment_events")
    if point == "payment_applied":  # order transitions are written without a flush
        return False
    if point.startswith("mail_claimed:"):
        return bool(
            table == "email_sent_mails"
            and row.status == "sending"
            and row.template == point.split(":", 1)[1]
        )
    raise ValueError(f"unknown crash point {point!r}")


def _note(point: str, session: Session, _flush_context: Any) -> None:
    """After a flush (``session.new`` still lists what it inserted): remember a match."""
    if any(_matches(point, row) for row in session.new):
        session.info[_ARMED] = True


#: Rows written by Core statements (no flush), per thread: the webhook's stored event.
_core_writes = threading.local()
_CORE_INSERTS = {"webhook_stored": "INSERT INTO payment_events"}


def _note_statement(
    point: str, _conn: Any, cursor: Any, statement: str, parameters: Any, *_args: Any
) -> None:
    prefix = _CORE_INSERTS.get(point)
    if prefix and statement.startswith(prefix) and cursor.rowcount != 0:
        _core_writes.armed = True
    if (
        point == "payment_applied"
        and "INSERT INTO order_transitions" in statement
        and "paid" in _values(parameters)
    ):  # an order's transition to paid, written with the transaction's other log rows
        _core_writes.armed = True


def _values(parameters: Any) -> list[Any]:
    """The values of a statement's parameters (one set or many, by name or position)."""
    sets = parameters if isinstance(parameters, list) else [parameters]
    return [
        value for one in sets for value in (one.values() if isinstance(one, dict) else one or ())
    ]


def _disarm(_session: Session, _previous: Any) -> None:
    _core_writes.armed = False


def _pause_after_commit(point: str, session: Session) -> None:
    """The outermost commit of a matching transaction is durable: stop here for good."""
    if session.in_nested_transaction():
        return
    armed = session.info.pop(_ARMED, False) or getattr(_core_writes, "armed", False)
    _core_writes.armed = False
    if not armed:
        return
    marker = Path(os.environ[CRASH_MARKER])
    try:  # one crash per test: a respawned process (gunicorn's) goes on normally
        os.close(os.open(f"{marker}.lock", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return
    staged = marker.with_suffix(".tmp")
    staged.write_text(f"{os.getpid()} {point}\n")
    staged.rename(marker)
    time.sleep(PAUSE_SECONDS)  # the test SIGKILLs this process meanwhile
    os._exit(70)


# -- processes (the test's side) -------------------------------------------------------------

TESTS_DIR = Path(__file__).resolve().parent
REPO = TESTS_DIR.parent
TUITION = str(Path(sys.executable).with_name("tuition"))
OPERATOR_TOKEN = "op_running_system_operator_token"
PRICE: dict[str, Any] = {"amount": 4900, "currency": "EUR"}
HTTP_TIMEOUT = 30.0
WAIT_SECONDS = 60.0


SERVER = GunicornSettings(workers=2, worker_class="gthread", threads=2, preload=True)


@dataclass
class Shop:
    """One test's running system, and how to restart parts of it."""

    db_url: str
    queue: RqQueue
    engine: Engine
    smtp: SmtpServer
    tmp: Path
    marker: Path
    server: QuickGunicorn | None = None
    workers: list[RqWorker] | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}"

    def env(self, crash_at: str | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TUITION_")}
        env.update(
            TUITION_DATABASE_URL=self.db_url,
            TUITION_REDIS_URL=self.queue.redis_url,
            TUITION_JOB_QUEUE=self.queue.name,
            TUITION_OPERATOR_TOKEN=OPERATOR_TOKEN,
            TUITION_SECRET_KEY="crash-windows-secret-key-not-for-production",
            TUITION_RATE_LIMITS="off",
            TUITION_PASSWORD_HASHING="fast",
            TUITION_OUTBOUND_ALLOWED_HOSTS="127.0.0.1",
        )  # the SMTP server
        if crash_at:
            path = [str(TESTS_DIR), str(REPO), env.get("PYTHONPATH", "")]
            env.update(
                TUITION_EXTRA_PLUGINS="crashpoint=running_system:CrashPoint",
                PYTHONPATH=os.pathsep.join(p for p in path if p),
                **{CRASH_AT: crash_at, CRASH_MARKER: str(self.marker)},
            )
        return env

    def start_server(self, crash_at: str | None = None) -> None:
        self.server = QuickGunicorn("crash-windows", "tuition.wsgi:app", SERVER, self.env(crash_at))
        self.server.wait_ready("/readyz")

    def start_worker(self, crash_at: str | None = None) -> RqWorker:
        assert self.workers is not None
        log = self.tmp / f"worker-{len(self.workers)}.log"
        worker = RqWorker("worker", self.env(crash_at), log)
        self.workers.append(worker)
        return worker

    def cli(self, *args: str) -> str:
        return self.cli_at_once([*args])[0]

    def cli_at_once(self, *commands: list[str]) -> list[str]:
        """Run ``tuition`` commands side by side (as cron and an operator might); their
        outputs, each asserted to have succeeded."""
        running = [
            subprocess.Popen(
                [TUITION, *args],
                env=self.env(),
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for args in commands
        ]
        outputs = []
        for args, process in zip(commands, running, strict=True):
            try:
                out, err = process.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                out, err = process.communicate()
            assert process.returncode == 0, f"tuition {' '.join(args)}: {err[-3000:]}"
            outputs.append(out)
        return outputs

    def logs(self) -> str:
        parts = []
        if self.server is not None:
            parts.append(f"--- gunicorn ---\n{self.server.log_tail(40)}")
        for number, worker in enumerate(self.workers or []):
            parts.append(f"--- worker {number} ---\n{worker.log_tail()}")
        return "\n".join(parts)

    def wait_for_crash_point(self, process: subprocess.Popen[bytes]) -> tuple[int, str]:
        """The pid and crash point of the process paused at its crash point."""
        deadline = time.monotonic() + WAIT_SECONDS
        while not self.marker.exists():
            if process.poll() is not None:
                pytest.fail(f"the process to crash exited first\n{self.logs()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no process reached its crash point\n{self.logs()}")
            time.sleep(0.05)
        pid, point = self.marker.read_text().split()
        return int(pid), point

    def drain(self, *, mails: int) -> None:
        """Wait until no job is pending, enqueued or running and ``mails`` mails arrived."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            with self.engine.connect() as conn:
                waiting = conn.scalar(
                    select(func.count())
                    .select_from(Job)
                    .where(Job.status.in_(("pending", "enqueued", "running")))
                )
            if not waiting and len(self.smtp.received) >= mails:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"not drained: {self.jobs()}, mails {self.smtp.kinds}\n{self.logs()}")
            time.sleep(0.2)

    def jobs(self) -> list[tuple[str, str, str | None]]:
        """(name, status, event type) of every job, oldest first; but the verification
        mail request every signup makes (its mail is off in these shops), which is no
        part of any payment's window."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(Job.name, Job.status, Job.payload).order_by(Job.created_at, Job.id)
            ).all()
        found = []
        for name, status, payload in rows:
            event = payload.get("event")
            kind = event.get("type") if isinstance(event, dict) else None
            if kind != SIGNUP_MAIL_REQUEST:
                found.append((name, status, kind))
        return found

    def age(self, model: Any, status: str, by: timedelta) -> int:
        """Move ``updated_at`` of ``model`` rows in ``status`` back by ``by`` (time passes)."""
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(model.id, model.updated_at).where(model.status == status)
            ).all()
            for row_id, updated_at in rows:
                conn.execute(
                    update(model).where(model.id == row_id).values(updated_at=updated_at - by)
                )
        return len(rows)

    def queued(self) -> int:
        """Jobs waiting on the rq queue, but signups' verification mail requests."""
        from redis import Redis
        from rq import Queue

        with self.engine.connect() as conn:
            ignored = {
                rq_job_id(job_id)
                for job_id, payload in conn.execute(select(Job.id, Job.payload))
                if isinstance(payload.get("event"), dict)
                and payload["event"].get("type") == SIGNUP_MAIL_REQUEST
            }
        with Redis.from_url(self.queue.redis_url) as connection:
            waiting = Queue(self.queue.name, connection=connection).get_job_ids()
        return len([job_id for job_id in waiting if job_id not in ignored])
