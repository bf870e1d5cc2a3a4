"""Crash windows: a process is SIGKILLed at the worst moment of a paid enrollment, then the
system is restarted the way an operator would; the enrollment activates exactly once and
each mail goes out exactly once.

Everything runs as it does in production: gunicorn serves the API, ``tuition worker``
processes run the jobs from an rq queue of this test's own on Redis, PostgreSQL holds a
database of this test's own, and the tenant's mail goes to a real SMTP server (aiosmtpd)
in this process.

Where to die is chosen with :class:`CrashPoint`, a plugin the crashing process loads by
name (``TUITION_EXTRA_PLUGINS``, this module on its ``PYTHONPATH``) and arms with
``TUITION_TEST_CRASH_AT``. It listens to SQLAlchemy's session events: when a transaction
that wrote the named rows has committed, and before anything else happens in that process
(core dispatches a transaction's jobs in its own ``after_commit`` listener, which runs after
this class-level one), it writes its pid to ``TUITION_TEST_CRASH_MARKER`` and sleeps. The
test then SIGKILLs that process: a real death, with the commit durable and nothing after it
done. Crash points:

``webhook_stored``
    The webhook request committed the payment event and its job, the job was not handed
    to the queue yet (the web worker dies: the job stays ``pending`` in the outbox).
``payment_applied``
    The worker's ``payment_event`` job committed: the order is paid, the enrollment active,
    their follow-up jobs (the mails among them) written but not handed over; the job itself
    stays ``running``.
``mail_claimed:<template>``
    The worker claimed the mail (its ``email_sent_mails`` row is ``sending``) and dies
    before talking to the SMTP server.

Restarting means what an operator or cron does: ``tuition jobs flush``, ``tuition payments
reconcile``, ``tuition jobs sweep``, or a new ``tuition worker`` (which hands over outbox
jobs when it starts). Leases are honoured, not skipped: a job left ``running`` is taken
over once it is 30 s old, a mail left ``sending`` once it is 15 minutes old; the test ages
those rows (moves ``updated_at`` back) instead of waiting, as if the restart came later.
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, event, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from bench.servers import GunicornSettings, QuickGunicorn, RqWorker
from tuition.db import make_engine
from tuition.jobs import STUCK_AFTER
from tuition.models import AuditEntry, Course, Enrollment, Job, Order, OrderTransition, PaymentEvent
from tuition.testing.databases import backends
from tuition.testing.queues import RqQueue
from tuition_dummy_provider.models import DummyPayment
from tuition_email_notifications.delivery import LEASE
from tuition_email_notifications.models import SentMail
from tuition_email_notifications.testing import SmtpServer, free_port, mail_settings

CRASH_AT = "TUITION_TEST_CRASH_AT"
CRASH_MARKER = "TUITION_TEST_CRASH_MARKER"
#: A paused process that was not killed (the test died) exits by itself after this long,
#: and never goes on past its crash point.
PAUSE_SECONDS = 120
CONFIRMATION, RECEIPT = "enrollment_confirmation", "payment_receipt"

# -- the crash point (runs inside the process that dies) -------------------------------------

_ARMED = "tuition_test_crash_armed"
_installed = False


class CrashPoint:
    """Loaded by ``TUITION_EXTRA_PLUGINS=crashpoint=test_crash_windows:CrashPoint``; arms
    itself when ``TUITION_TEST_CRASH_AT`` names a crash point, else does nothing. It has
    no hooks: it only listens to every SQLAlchemy session of the process."""

    def __init__(self) -> None:
        global _installed
        point = os.environ.get(CRASH_AT)
        if not point or _installed:
            return
        _installed = True  # Settings are read more than once in a process (the CLI)
        event.listen(Session, "after_flush", functools.partial(_note, point))
        event.listen(Session, "after_commit", functools.partial(_pause_after_commit, point))


def _matches(point: str, row: Any) -> bool:
    table = getattr(row, "__tablename__", "")
    if point == "webhook_stored":
        return bool(table == "payment_events")
    if point == "payment_applied":
        return bool(table == "order_transitions" and row.to_status == "paid")
    if point.startswith("mail_claimed:"):
        return bool(table == "email_sent_mails" and row.status == "sending"
                    and row.template == point.split(":", 1)[1])
    raise ValueError(f"unknown crash point {point!r}")


def _note(point: str, session: Session, _flush_context: Any) -> None:
    """After a flush (``session.new`` still lists what it inserted): remember a match."""
    if any(_matches(point, row) for row in session.new):
        session.info[_ARMED] = True


def _pause_after_commit(point: str, session: Session) -> None:
    """The outermost commit of a matching transaction is durable: stop here for good."""
    if session.in_nested_transaction() or not session.info.pop(_ARMED, False):
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
OPERATOR_TOKEN = "op_crash_windows_operator_token"
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
        env.update(TUITION_DATABASE_URL=self.db_url, TUITION_REDIS_URL=self.queue.redis_url,
                   TUITION_JOB_QUEUE=self.queue.name, TUITION_OPERATOR_TOKEN=OPERATOR_TOKEN,
                   TUITION_SECRET_KEY="crash-windows-secret-key-not-for-production",
                   TUITION_RATE_LIMITS="off", TUITION_PASSWORD_HASHING="fast")
        if crash_at:
            path = [str(TESTS_DIR), str(REPO), env.get("PYTHONPATH", "")]
            env.update(TUITION_EXTRA_PLUGINS="crashpoint=test_crash_windows:CrashPoint",
                       PYTHONPATH=os.pathsep.join(p for p in path if p),
                       **{CRASH_AT: crash_at, CRASH_MARKER: str(self.marker)})
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
        running = [subprocess.Popen([TUITION, *args], env=self.env(), text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                   for args in commands]
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
                waiting = conn.scalar(select(func.count()).select_from(Job).where(
                    Job.status.in_(("pending", "enqueued", "running"))))
            if not waiting and len(self.smtp.received) >= mails:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"not drained: {self.jobs()}, mails {self.smtp.kinds}\n"
                            f"{self.logs()}")
            time.sleep(0.2)

    def jobs(self) -> list[tuple[str, str, str | None]]:
        """(name, status, event type) of every job, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(Job.name, Job.status, Job.payload)
                                .order_by(Job.created_at, Job.id)).all()
        return [(name, status, (payload.get("event") or {}).get("type")
                 if isinstance(payload.get("event"), dict) else None)
                for name, status, payload in rows]

    def age(self, model: Any, status: str, by: timedelta) -> int:
        """Move ``updated_at`` of ``model`` rows in ``status`` back by ``by`` (time passes)."""
        with self.engine.begin() as conn:
            rows = conn.execute(select(model.id, model.updated_at)
                                .where(model.status == status)).all()
            for row_id, updated_at in rows:
                conn.execute(update(model).where(model.id == row_id)
                             .values(updated_at=updated_at - by))
        return len(rows)

    def queued(self) -> int:
        from redis import Redis
        from rq import Queue

        with Redis.from_url(self.queue.redis_url) as connection:
            return int(Queue(self.queue.name, connection=connection).count)


@pytest.fixture
def shop(db_url: str, rq_queue: RqQueue, tmp_path: Path) -> Iterator[Shop]:
    """A database and an rq queue of this test's own, an SMTP server; the test starts
    gunicorn and the workers it needs, and every one of them is stopped afterwards."""
    smtp = SmtpServer(free_port()).start()
    engine = make_engine(db_url, poolclass=NullPool)
    shop = Shop(db_url, rq_queue, engine, smtp, tmp_path, tmp_path / "crash-point",
                workers=[])
    try:
        yield shop
    finally:
        for worker in shop.workers or []:
            worker.stop()
        if shop.server is not None:
            shop.server.stop()
        engine.dispose()
        smtp.stop()


# -- buying ---------------------------------------------------------------------------------


@dataclass
class Purchase:
    tenant_slug: str
    tenant_id: str
    student_headers: dict[str, str]
    order_id: str
    pay_url: str


def start_purchase(shop: Shop) -> Purchase:
    """A tenant with the dummy provider and mail to the test's SMTP server, a paid course,
    a student who enrolled (202) and has yet to pay."""
    url = shop.url
    operator = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
    plugins: dict[str, Any] = {
        "dummy_provider": {}, "email_notifications": {"settings": mail_settings(shop.smtp.port)}}
    made = requests.post(f"{url}/v1/tenants", headers=operator, timeout=HTTP_TIMEOUT,
                         json={"slug": "crash-shop", "name": "Crash Shop", "plugins": plugins})
    assert made.status_code == 201, made.text
    tenant = made.json()
    admin = {"Authorization": f"Bearer {tenant['secret_key']}"}
    storefront = {"X-Tenant-Key": tenant["publishable_key"]}
    course = requests.post(f"{url}/v1/admin/courses", headers=admin, timeout=HTTP_TIMEOUT,
                           json={"slug": "pro", "title": "Pottery Pro", "capacity": 5,
                                 "pricing_model": "one_time", "price": PRICE,
                                 "status": "published"})
    assert course.status_code == 201, course.text
    signup = requests.post(f"{url}/v1/auth/signup", headers=storefront, timeout=HTTP_TIMEOUT,
                           json={"email": "ada@example.com", "password": "correct horse battery"})
    assert signup.status_code == 201, signup.text
    student = {**storefront, "Authorization": f"Bearer {signup.json()['token']}"}
    enroll = requests.post(f"{url}/v1/enrollments", json={"course": "pro"}, headers=student,
                           timeout=HTTP_TIMEOUT)
    assert enroll.status_code == 202, enroll.text
    checkout = enroll.json()["checkout"]
    return Purchase(tenant["slug"], tenant["id"], student, checkout["order_id"],
                    checkout["pay_url"])


def pay(shop: Shop, purchase: Purchase) -> requests.Response:
    answer = requests.post(f"{shop.url}{purchase.pay_url}", json={"outcome": "pay"},
                           timeout=HTTP_TIMEOUT)
    assert answer.status_code == 200, answer.text
    return answer


# -- what must hold -------------------------------------------------------------------------


@dataclass
class State:
    order: str
    transitions: list[tuple[str | None, str]]
    enrollment: str
    activations: int  # audit entries of the enrollment becoming active
    paid_audits: int
    events: list[tuple[str, str]]  # payment events (kind, status)
    ledger: tuple[str, int] | None  # the provider's side: (status, refunded)
    seats_taken: int
    mails: list[tuple[str, str]]  # email_sent_mails (template, status)
    event_ids: dict[str, int]  # domain event type -> distinct events emitted


def state(shop: Shop, purchase: Purchase) -> State:
    with shop.engine.connect() as conn:
        order_status, enrollment_id = conn.execute(
            select(Order.status, Order.enrollment_id).where(Order.id == purchase.order_id)).one()
        transitions = [(before, after) for before, after in conn.execute(
            select(OrderTransition.from_status, OrderTransition.to_status)
            .where(OrderTransition.order_id == purchase.order_id))]
        enrollment = conn.scalar(select(Enrollment.status)
                                 .where(Enrollment.id == enrollment_id))
        audits = Counter((kind, action) for kind, action in conn.execute(
            select(AuditEntry.object_type, AuditEntry.action)
            .where(AuditEntry.object_id.in_((enrollment_id, purchase.order_id)))))
        events = [(kind, status) for kind, status in conn.execute(
            select(PaymentEvent.kind, PaymentEvent.status)
            .where(PaymentEvent.order_id == purchase.order_id))]
        ledger = conn.execute(select(DummyPayment.status, DummyPayment.refunded_amount)
                              .where(DummyPayment.order_id == purchase.order_id)).first()
        seats = conn.scalar(select(Course.seats_taken).where(
            Course.tenant_id == purchase.tenant_id, Course.slug == "pro"))
        mails = [(template, status) for template, status in conn.execute(
            select(SentMail.template, SentMail.status).order_by(SentMail.template))]
        emitted: dict[str, set[str]] = {}
        for payload in conn.scalars(select(Job.payload).where(Job.name == "hook")):
            if isinstance(payload.get("event"), dict):
                emitted.setdefault(payload["event"]["type"], set()).add(payload["event"]["id"])
    return State(
        order=order_status, enrollment=str(enrollment),
        transitions=sorted(transitions, key=lambda t: (t[0] is not None, t[0] or "", t[1])),
        activations=audits[("enrollment", "status.active")],
        paid_audits=audits[("order", "status.paid")], events=events,
        ledger=(ledger[0], ledger[1]) if ledger else None, seats_taken=int(seats or 0),
        mails=mails, event_ids={kind: len(ids) for kind, ids in emitted.items()})


def assert_exactly_once(shop: Shop, purchase: Purchase) -> None:
    """Paid and active once, one payment event, each mail sent once, every job done."""
    now = state(shop, purchase)
    assert now.order == "paid" and now.enrollment == "active", now
    assert now.transitions == [(None, "pending"), ("pending", "paid")], now.transitions
    assert (now.activations, now.paid_audits) == (1, 1), now
    assert now.events == [("payment.succeeded", "processed")], now.events
    assert now.ledger == ("paid", 0) and now.seats_taken == 1, now
    assert now.event_ids.get("enrollment.activated") == 1, now.event_ids
    assert now.event_ids.get("order.paid") == 1, now.event_ids
    assert now.mails == [(CONFIRMATION, "sent"), (RECEIPT, "sent")], now.mails
    assert shop.smtp.kinds == [CONFIRMATION, RECEIPT], shop.smtp.kinds
    assert {status for _, status, _ in shop.jobs()} == {"done"}, shop.jobs()


def restart_again_changes_nothing(shop: Shop, purchase: Purchase) -> None:
    """Every recovery path once more, and the provider retrying its webhook (it never got
    an answer from the process that died): nothing is applied or sent a second time."""
    retried = requests.post(f"{shop.url}{purchase.pay_url}/webhooks", json={},
                            timeout=HTTP_TIMEOUT)
    assert retried.status_code == 200 and retried.json()["webhooks_sent"] == 1, retried.text
    flushed, reconciled, _swept = shop.cli_at_once(
        ["jobs", "flush"], ["payments", "reconcile", "--older-than", "0"], ["jobs", "sweep"])
    assert "dispatched 0 job(s)" in flushed
    assert "nothing to reconcile" in reconciled
    shop.drain(mails=2)
    time.sleep(1.0)  # a duplicate mail would be on its way by now
    assert_exactly_once(shop, purchase)


# -- the tests ------------------------------------------------------------------------------

# PostgreSQL only (skipped, as an empty parameter set, under TUITION_TEST_DATABASES=sqlite).
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.parametrize(
    "db_url", [b for b in backends() if b == "postgresql"], indirect=True)]


@pytest.mark.parametrize("recovery", ["worker", "flush", "reconcile"])
def test_web_process_dies_after_storing_the_webhook(shop: Shop, recovery: str) -> None:
    """(a) Paid, the webhook stored with its job, the web worker SIGKILLed before the job
    reached the queue; then a worker starts (it hands over outbox jobs), or an operator
    runs ``tuition jobs flush`` or ``tuition payments reconcile`` first."""
    shop.start_server(crash_at="webhook_stored")
    assert shop.server is not None
    purchase = start_purchase(shop)
    answer: list[Any] = []

    def pay_and_wait() -> None:
        try:
            answer.append(requests.post(f"{shop.url}{purchase.pay_url}",
                                        json={"outcome": "pay"}, timeout=HTTP_TIMEOUT))
        except requests.RequestException as exc:
            answer.append(exc)

    buyer = threading.Thread(target=pay_and_wait)
    buyer.start()
    pid, point = shop.wait_for_crash_point(shop.server.process)
    assert point == "webhook_stored"
    assert _parent_of(pid) == shop.server.process.pid  # one of this test's web workers
    os.kill(pid, signal.SIGKILL)
    buyer.join(timeout=HTTP_TIMEOUT + 5)
    assert answer and not isinstance(answer[0], requests.Response), answer  # no answer

    crashed = state(shop, purchase)
    assert (crashed.order, crashed.enrollment, crashed.ledger) == (
        "pending", "pending", ("paid", 0)), crashed
    assert crashed.events == [("payment.succeeded", "received")]
    assert shop.jobs() == [("payment_event", "pending", None)] and shop.queued() == 0
    assert shop.smtp.received == []

    if recovery == "flush":
        assert "dispatched 1 job(s)" in shop.cli("jobs", "flush")
    elif recovery == "reconcile":
        assert "fulfilled: 1" in shop.cli("payments", "reconcile", "--older-than", "0")
        assert state(shop, purchase).order == "paid"
    shop.start_worker()
    shop.drain(mails=2)
    assert_exactly_once(shop, purchase)
    restart_again_changes_nothing(shop, purchase)


@pytest.mark.parametrize("crash_at", ["payment_applied", f"mail_claimed:{CONFIRMATION}"])
def test_worker_dies_before_the_mail_is_sent(shop: Shop, crash_at: str) -> None:
    """(b) The worker applies the payment and dies before the confirmation is sent: right
    after the payment's commit (its follow-up jobs never reach the queue), or after
    claiming the mail, before the SMTP conversation. A new worker starts; jobs left
    ``running`` are taken over once their lease is up, a mail left ``sending`` by the
    sweep once its lease is up."""
    shop.start_server()
    purchase = start_purchase(shop)
    doomed = shop.start_worker(crash_at=crash_at)
    pay(shop, purchase)
    pid, point = shop.wait_for_crash_point(doomed.process)
    assert (pid, point) == (doomed.process.pid, crash_at)
    doomed.kill()

    crashed = state(shop, purchase)
    assert (crashed.order, crashed.enrollment, crashed.activations) == ("paid", "active", 1)
    jobs = shop.jobs()
    if crash_at == "payment_applied":
        # The job stays running; what it wrote after it, the mails' jobs among them, stays
        # in the outbox, never handed to the queue.
        assert [j for j in jobs if j[1] in ("running", "enqueued")] == [
            ("payment_event", "running", None)], jobs
        assert {("hook", "pending", "enrollment.activated"),
                ("hook", "pending", "order.paid")} <= set(jobs), jobs
        assert crashed.mails == [] and shop.smtp.received == [] and shop.queued() == 0
    else:
        assert (CONFIRMATION, "sending") in crashed.mails, crashed.mails
        assert ("hook", "running", "enrollment.activated") in jobs, jobs
        assert CONFIRMATION not in shop.smtp.kinds

    # The restart, later: the dead worker's job lease (30 s) is up, a new worker starts.
    assert shop.age(Job, "running", STUCK_AFTER + timedelta(minutes=1)) == 1
    shop.start_worker()
    if crash_at.startswith("mail_claimed"):
        # The job runs again but leaves the claimed mail alone: the dead process might
        # have sent it already. Its claim is taken over by the sweep after its lease.
        shop.drain(mails=1)
        assert state(shop, purchase).mails == [(CONFIRMATION, "sending"), (RECEIPT, "sent")]
        assert shop.smtp.kinds == [RECEIPT]
        assert shop.age(SentMail, "sending", LEASE + timedelta(minutes=1)) == 1
        assert "mails_sent=1" in shop.cli("jobs", "sweep")
    shop.drain(mails=2)
    assert_exactly_once(shop, purchase)
    restart_again_changes_nothing(shop, purchase)


def _parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])
