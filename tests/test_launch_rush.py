"""Launch-day rush: 200 buyers at once for a 10-seat paid course, through real HTTP.

The API runs under gunicorn (several worker processes, threads in each) on a database of
its own. On PostgreSQL the jobs go to an rq queue of this test's own and a real
``tuition worker`` process runs them; on SQLite the embedded defaults apply (the same
gunicorn on a SQLite file, jobs inline, no Redis). Every buyer signs up, all of them wait
at a barrier, then all enroll at once; whoever is answered 202 pays at the dummy provider
(``{"outcome": "pay"}``), whose webhook the same server takes in. Once the jobs have
drained, the database must show exactly ``SEATS`` active enrollments and paid orders,
every other buyer refused at enrollment (409 ``course_full`` / ``cohort_full``) or, had
money arrived for a seat that was gone, refunded in full; seat counters equal to the active
enrollments and never above capacity; no answer 5xx; no job failed.

The same runs for a course whose seats are those of one cohort (cohorts plugin).
``TUITION_LONG_TESTS=1`` sends 1000 buyers instead of 200.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, func, select
from sqlalchemy.pool import NullPool

from bench.servers import GunicornSettings, QuickGunicorn, RqWorker
from tuition.db import make_engine
from tuition.models import Course, Enrollment, Job, Order, PaymentEvent, Tenant
from tuition.testing.databases import backends
from tuition.testing.queues import RqQueue
from tuition_cohorts.models import Cohort, CohortSeat
from tuition_dummy_provider.models import DummyPayment

BUYERS = 1000 if os.environ.get("TUITION_LONG_TESTS", "") not in ("", "0") else 200
SEATS = 10
PRICE: dict[str, Any] = {"amount": 4900, "currency": "EUR"}
OPERATOR_TOKEN = "op_launch_rush_operator_token"
PASSWORD = "correct horse battery"


#: gunicorn: 4 worker processes with 2 threads each, so 8 requests run at once (a paying
#: request holds up to 4 database connections: its own, the provider's ledger, the webhook
#: it sends to itself and, inline, the job's; PostgreSQL allows 100 for every test at once).
SERVER = GunicornSettings(workers=4, worker_class="gthread", threads=2, preload=True)
DRAIN_SECONDS = 60.0
HTTP_TIMEOUT = 60.0
TUITION = str(Path(sys.executable).with_name("tuition"))

#: SQLite with the embedded defaults; PostgreSQL with Redis and rq (both unless
#: TUITION_TEST_DATABASES names fewer).
STACKS = [
    pytest.param(
        backend,
        id="sqlite" if backend == "sqlite" else "postgresql-rq",
        marks=[] if backend == "sqlite" else [pytest.mark.postgres, pytest.mark.redis],
    )
    for backend in backends()
    if backend in ("sqlite", "postgresql")
]


def subprocess_env(db_url: str, queue: RqQueue | None) -> dict[str, str]:
    """This process's environment without any TUITION_* setting, plus the stack's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUITION_")}
    env.update(
        TUITION_DATABASE_URL=db_url,
        TUITION_OPERATOR_TOKEN=OPERATOR_TOKEN,
        TUITION_SECRET_KEY="launch-rush-secret-key-not-for-production",
        TUITION_RATE_LIMITS="off",
        TUITION_PASSWORD_HASHING="fast",
        TUITION_LOG_LEVEL="WARNING",
    )
    if queue is not None:
        env.update(TUITION_REDIS_URL=queue.redis_url, TUITION_JOB_QUEUE=queue.name)
    return env


@dataclass
class Stack:
    """The running API (``url``) with its database and, on PostgreSQL, its rq worker."""

    url: str
    engine: Engine
    server: QuickGunicorn
    worker: RqWorker | None

    def logs(self) -> str:
        text = f"--- gunicorn log ---\n{self.server.log_tail(60)}"
        if self.worker is not None:
            text += f"\n--- worker log ---\n{self.worker.log_tail()}"
        return text


@pytest.fixture
def stack(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> Iterator[Stack]:
    """gunicorn on ``db_url`` (already migrated by the fixture, plugins included) and, on
    PostgreSQL, an rq queue of this test's own with a ``tuition worker`` serving it."""
    queue: RqQueue | None = None
    if not db_url.startswith("sqlite"):
        queue = request.getfixturevalue("rq_queue")
    env = subprocess_env(db_url, queue)
    engine = make_engine(db_url, poolclass=NullPool)
    server: QuickGunicorn | None = None
    worker: RqWorker | None = None
    try:
        server = QuickGunicorn("launch-rush", "tuition.wsgi:app", SERVER, env)
        if queue is not None:
            worker = RqWorker(
                "worker", {**env, "TUITION_LOG_LEVEL": "INFO"}, tmp_path / "worker.log"
            )
        server.wait_ready("/readyz")
        yield Stack(f"http://127.0.0.1:{server.port}", engine, server, worker)
    finally:
        if worker is not None:
            worker.stop()
        if server is not None:
            server.stop()
        engine.dispose()


# -- the buyers ----------------------------------------------------------------------------


@dataclass
class Site:
    tenant_id: str
    slug: str
    storefront: dict[str, str]
    enroll_body: dict[str, str]
    refusal: str  # the problem code of a buyer who comes too late


def setup_site(url: str, kind: str) -> Site:
    """A tenant with the dummy provider and a 10-seat paid course (``plain``) or a paid
    course whose 10 seats are those of its one cohort (``cohort``)."""
    operator = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
    plugins: dict[str, Any] = {"dummy_provider": {}}
    if kind == "cohort":
        plugins["cohorts"] = {}
    slug = f"rush-{kind}"
    made = requests.post(
        f"{url}/v1/tenants",
        headers=operator,
        timeout=HTTP_TIMEOUT,
        json={"slug": slug, "name": "Launch Rush", "plugins": plugins},
    )
    assert made.status_code == 201, made.text
    tenant = made.json()
    admin = {"Authorization": f"Bearer {tenant['secret_key']}"}
    course: dict[str, Any] = {
        "slug": "launch",
        "title": "Launch Day",
        "pricing_model": "one_time",
        "price": PRICE,
        "status": "published",
    }
    if kind == "plain":
        course["capacity"] = SEATS
    answer = requests.post(
        f"{url}/v1/admin/courses", json=course, headers=admin, timeout=HTTP_TIMEOUT
    )
    assert answer.status_code == 201, answer.text
    enroll_body = {"course": "launch"}
    if kind == "cohort":
        answer = requests.post(
            f"{url}/v1/admin/courses/launch/cohorts",
            headers=admin,
            timeout=HTTP_TIMEOUT,
            json={"slug": "spring", "name": "Spring", "capacity": SEATS},
        )
        assert answer.status_code == 201, answer.text
        enroll_body["cohort"] = "spring"
    return Site(
        tenant["id"],
        slug,
        {"X-Tenant-Key": tenant["publishable_key"]},
        enroll_body,
        "course_full" if kind == "plain" else "cohort_full",
    )


@dataclass
class Buyer:
    number: int
    answers: list[tuple[str, int, str | None]] = field(default_factory=list)
    order_id: str | None = None
    paid: bool = False

    def status(self, step: str) -> int | None:
        return next((s for name, s, _ in self.answers if name == step), None)


def _code(response: requests.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


def rush(url: str, site: Site, buyers: int) -> list[Buyer]:
    """Every buyer signs up, waits for all the others, then enrolls and (on 202) pays."""
    barrier = threading.Barrier(buyers)

    def one(number: int) -> Buyer:
        buyer = Buyer(number)
        # A connection per request: the client pauses at the barrier for longer than
        # gunicorn keeps an idle connection open, and a POST is not retried on a closed one.
        http = requests.Session()
        http.headers["Connection"] = "close"
        token = None
        try:
            signup = http.post(
                f"{url}/v1/auth/signup",
                headers=site.storefront,
                timeout=HTTP_TIMEOUT,
                json={"email": f"buyer{number}@rush.test", "password": PASSWORD},
            )
            buyer.answers.append(("signup", signup.status_code, _code(signup)))
            if signup.status_code == 201:
                token = signup.json()["token"]
        except requests.RequestException as exc:
            buyer.answers.append(("signup", 0, repr(exc)))
        finally:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=120)  # all enroll at once, whatever happened before
        if token is None:
            return buyer
        headers = {**site.storefront, "Authorization": f"Bearer {token}"}
        try:
            enroll = http.post(
                f"{url}/v1/enrollments",
                json=site.enroll_body,
                headers=headers,
                timeout=HTTP_TIMEOUT,
            )
            buyer.answers.append(("enroll", enroll.status_code, _code(enroll)))
            if enroll.status_code != 202:
                return buyer
            checkout = enroll.json()["checkout"]
            buyer.order_id = checkout["order_id"]
            pay = http.post(
                f"{url}{checkout['pay_url']}", json={"outcome": "pay"}, timeout=HTTP_TIMEOUT
            )
            buyer.answers.append(("pay", pay.status_code, _code(pay)))
            buyer.paid = pay.status_code == 200 and pay.json().get("status") == "paid"
        except requests.RequestException as exc:
            buyer.answers.append(("http", 0, repr(exc)))
        finally:
            http.close()
        return buyer

    with ThreadPoolExecutor(max_workers=buyers) as pool:
        return list(pool.map(one, range(buyers)))


def drain(engine: Engine, stack: Stack, seconds: float = DRAIN_SECONDS) -> None:
    """Wait until no job is pending, enqueued or running (bounded)."""
    deadline = time.monotonic() + seconds
    while True:
        with engine.connect() as conn:
            waiting = conn.execute(
                select(Job.status, func.count())
                .where(Job.status.in_(("pending", "enqueued", "running")))
                .group_by(Job.status)
            ).all()
        if not waiting:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"jobs did not drain in {seconds:.0f}s: {waiting}\n{stack.logs()}")
        time.sleep(0.25)


# -- the test ------------------------------------------------------------------------------


@pytest.mark.parametrize("db_url", STACKS, indirect=True)
@pytest.mark.parametrize("kind", ["plain", "cohort"])
def test_launch_day_rush_sells_each_seat_once(stack: Stack, kind: str) -> None:
    started = time.monotonic()
    site = setup_site(stack.url, kind)
    buyers = rush(stack.url, site, BUYERS)
    rushed = time.monotonic()
    drain(stack.engine, stack)

    answers = [answer for buyer in buyers for answer in buyer.answers]
    assert not [a for a in answers if a[1] == 0 or a[1] >= 500], (
        f"errors or 5xx: {[a for a in answers if a[1] == 0 or a[1] >= 500][:10]}\n{stack.logs()}"
    )
    assert Counter(b.status("signup") for b in buyers) == {201: BUYERS}
    enrolls = Counter(
        (b.status("enroll"), next((c for n, _, c in b.answers if n == "enroll"), None))
        for b in buyers
    )
    holders = [b for b in buyers if b.status("enroll") == 202]
    # A hold is a seat: never more holds than seats, and with nobody abandoning a checkout
    # every seat goes to one of the first buyers through.
    assert enrolls == {(202, None): SEATS, (409, site.refusal): BUYERS - SEATS}, enrolls
    assert all(b.status("pay") == 200 and b.paid for b in holders), [b.answers for b in holders]

    with stack.engine.connect() as conn:
        tenant_id = conn.scalar(select(Tenant.id).where(Tenant.slug == site.slug))
        course_id, capacity, seats_taken = conn.execute(
            select(Course.id, Course.capacity, Course.seats_taken).where(
                Course.tenant_id == tenant_id, Course.slug == "launch"
            )
        ).one()
        enrollments = Counter(
            conn.scalars(select(Enrollment.status).where(Enrollment.course_id == course_id))
        )
        orders = conn.execute(
            select(Order.id, Order.status, Order.amount, Order.refunded_amount, Enrollment.status)
            .join(Enrollment, Enrollment.id == Order.enrollment_id)
            .where(Order.tenant_id == tenant_id)
        ).all()
        ledger = Counter(
            conn.scalars(select(DummyPayment.status).where(DummyPayment.tenant_id == tenant_id))
        )
        events = Counter(
            conn.scalars(select(PaymentEvent.status).where(PaymentEvent.tenant_id == tenant_id))
        )
        jobs = Counter(conn.scalars(select(Job.status)))
        if kind == "cohort":
            cohort_capacity, cohort_taken = conn.execute(
                select(Cohort.capacity, Cohort.seats_taken).where(Cohort.tenant_id == tenant_id)
            ).one()
            cohort_seats = Counter(
                conn.scalars(select(CohortSeat.status).where(CohortSeat.tenant_id == tenant_id))
            )

    active = enrollments["active"]
    order_states = Counter((status, enrollment) for _, status, _, _, enrollment in orders)
    paid_orders = order_states[("paid", "active")]
    refunded = [o for o in orders if o[1] == "refunded"]
    assert active == SEATS and paid_orders == SEATS, (enrollments, order_states)
    # Everyone else was refused, or refunded in full if money came for a seat that was gone.
    assert set(order_states) <= {
        ("paid", "active"),
        ("refunded", "canceled"),
        ("refunded", "expired"),
    }, order_states
    assert all(o[3] == o[2] for o in refunded), refunded
    assert {o[0] for o in orders} == {b.order_id for b in holders}
    assert set(enrollments) <= {"active", "canceled", "expired"}, enrollments
    assert ledger == {"paid": len(holders)} and events == {"processed": len(holders)}
    assert set(jobs) == {"done"}, jobs
    # Never oversold: the counter is the number of active enrollments, within capacity.
    if kind == "plain":
        assert seats_taken == active <= (capacity or 0), (seats_taken, active, capacity)
    else:
        assert cohort_taken == active == cohort_seats["taken"] <= cohort_capacity, (
            cohort_taken,
            active,
            cohort_seats,
            cohort_capacity,
        )
        assert set(cohort_seats) <= {"taken", "released", "lapsed"}, cohort_seats
    print(
        f"\n{kind} on {stack.engine.dialect.name}: {BUYERS} buyers, "
        f"{len(answers)} answers in {rushed - started:.1f}s, drained "
        f"{time.monotonic() - rushed:.1f}s later; enroll answers {dict(enrolls)}"
    )
