"""Memory under a soak of mixed traffic: peak RSS per worker and its growth over time.

    .venv/bin/python bench/soak.py [--minutes 10] [--interval 5] [--connections 8]

Creates a fresh PostgreSQL database, starts Tuition under gunicorn (same settings as
``bench/run.py``, as a non-owner login) with its jobs on a private rq queue and
``--rq-workers`` ``tuition worker`` processes, seeds a free-course tenant and a paying one
(dummy provider), then sends ``--minutes`` of closed-loop mixed traffic, each request drawn
at random with these weights:

    catalogue (GET /v1/courses, a random student)    40
    free enrollment (POST /v1/enrollments)           20
    paid enrollment (POST /v1/enrollments, 202)      15
    pay on the dummy's hosted page (POST …/checkout)  10   (settles, posts its webhook)
    provider webhook, first delivery                 10
    provider webhook, duplicate delivery              5

Every few seconds (``--interval``) it reads ``VmRSS`` of every gunicorn and rq process
from ``/proc``. It prints the curve (a table and a sparkline per process), each process's
peak and its growth from the end of the warm-up (``--warmup``, default a fifth of the run,
at most 60 s) to the end, and the targets: peak per gunicorn worker <= 150 MB, per rq
worker <= 150 MB, growth <= 5 %. Then it waits for the job backlog to drain and removes
everything it made (database, queue, processes). A one-minute run validates the tooling;
the target is about ten.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import secrets
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jobqueue
import loadgen
import machine
import memory
import tuition_seed
from databases import APP_ROLE, Databases
from jobqueue import JobQueue
from servers import Gunicorn, GunicornSettings, RqWorker
from sqlalchemy import create_engine
from targets import DuplicateWebhooks, FreshEnrollments, Webhooks

from tuition import migrate
from tuition.config import Settings

MAX_RSS_MB = 150  # the figure, in MB (10^6 bytes); /proc reports KiB
MAX_RSS_MIB = MAX_RSS_MB * 1e6 / 2**20  # 143.05 MiB
MAX_GROWTH = 0.05
ASSUMED_MAX_RPS = 400  # sizes the pools of fresh pairs and pending orders generously
MIX = (
    ("catalogue", 40),
    ("free enroll", 20),
    ("paid enroll", 15),
    ("pay page", 10),
    ("webhook", 10),
    ("webhook dup", 5),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between samples")
    parser.add_argument(
        "--warmup",
        type=float,
        default=None,
        help="seconds before the growth baseline (default: min(60, run/5))",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2 * cores, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rq-workers", type=int, default=1)
    parser.add_argument("--db-role", default=APP_ROLE)
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--redis-url", default=machine.DEFAULT_REDIS_URL)
    parser.add_argument("--server-url", default=machine.DEFAULT_SERVER_URL)
    args = parser.parse_args(argv)
    seconds = args.minutes * 60
    if args.warmup is None:
        args.warmup = min(60.0, seconds / 5)
    if seconds <= args.warmup + 3 * args.interval:
        parser.error("--minutes too short for the warm-up and three samples")
    return args


class Mixed:
    """Draws each request from one of the weighted factories; a factory that has nothing
    left (or nothing yet, for duplicates) is replaced by a catalogue request, counted."""

    def __init__(self, factories: dict[str, loadgen.RequestFactory], seed: int = 5) -> None:
        self.factories = factories
        self.names = [name for name, _w in MIX]
        self.weights = [w for _n, w in MIX]
        self.rng = random.Random(seed)
        self.sent: Counter[str] = Counter()
        self.fallbacks: Counter[str] = Counter()

    def __call__(self) -> bytes:
        name = self.rng.choices(self.names, self.weights)[0]
        try:
            request = self.factories[name]()
        except loadgen.Exhausted:
            self.fallbacks[name] += 1
            name = "catalogue"
            request = self.factories[name]()
        self.sent[name] += 1
        return request


class PayPage:
    """``POST /v1/dummy/checkout/<shop>/<order>`` with ``{"outcome": "pay"}``: the buyer
    pays on the dummy's hosted page, which settles and posts the webhook in-process."""

    def __init__(
        self, port: int, shop: tuition_seed.ShopFixture, orders: list[tuition_seed.PendingOrder]
    ) -> None:
        self.port, self.slug, self.orders = port, shop.slug, iter(orders)

    def __call__(self) -> bytes:
        order = next(self.orders, None)
        if order is None:
            raise loadgen.Exhausted("no pending order left for the pay page")
        return loadgen.http_request(
            "POST", f"/v1/dummy/checkout/{self.slug}/{order.id}", self.port, body={"outcome": "pay"}
        )


def _raise_exit(signum: int, _frame: FrameType | None) -> None:
    reason = "time limit reached" if signum == signal.SIGALRM else f"signal {signum}"
    raise SystemExit(f"soak stopped: {reason}")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUITION_", "BENCH_"))}
    return {**env, **extra}


def build_mix(
    port: int, fixture: tuition_seed.TuitionFixture, shop: tuition_seed.ShopFixture
) -> Mixed:
    half = len(shop.orders) // 2
    webhooks = Webhooks(port, shop, shop.orders[half:])
    readers = [
        loadgen.http_request(
            "GET",
            "/v1/courses?page_size=50",
            port,
            {"X-Tenant-Key": fixture.publishable_key, "Authorization": f"Bearer {token}"},
        )
        for token in [fixture.reader_token, *fixture.student_tokens[:200]]
    ]
    rng = random.Random(9)
    catalogue: Callable[[], bytes] = lambda: rng.choice(readers)  # noqa: E731
    paying = tuition_seed.TuitionFixture(
        shop.publishable_key, shop.course_slugs, "", shop.student_tokens
    )
    return Mixed(
        {
            "catalogue": catalogue,
            "free enroll": FreshEnrollments(port, fixture),
            "paid enroll": FreshEnrollments(port, paying),
            "pay page": PayPage(port, shop, shop.orders[:half]),
            "webhook": webhooks,
            "webhook dup": DuplicateWebhooks(webhooks),
        }
    )


def soak(
    args: argparse.Namespace,
    dbs: Databases,
    servers: list[Gunicorn],
    workers: list[RqWorker],
    queue: JobQueue,
) -> bool:
    print(machine.describe(args.server_url, args.redis_url))
    gunicorn = GunicornSettings(args.workers, args.worker_class, args.threads)
    seconds = args.minutes * 60
    print(
        f"soak: {args.minutes:g} min of mixed traffic, {args.connections} connections; "
        f"{gunicorn.describe()}; {args.rq_workers} rq worker(s); {queue.describe()}; "
        f"RSS sampled every {args.interval:g} s; growth measured after "
        f"{args.warmup:g} s",
        flush=True,
    )
    url = dbs.create("tuition_bench_soak")
    engine = create_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    server_url = url
    if args.db_role:
        dbs.ensure_role(args.db_role)
        server_url = dbs.grant(url, args.db_role)
    operator_token, secret_key = secrets.token_urlsafe(24), secrets.token_urlsafe(32)
    env = _env(
        TUITION_DATABASE_URL=server_url,
        TUITION_OPERATOR_TOKEN=operator_token,
        TUITION_SECRET_KEY=secret_key,
        TUITION_RATE_LIMITS="off",
        TUITION_LOG_LEVEL=args.log_level,
        **queue.env(),
    )
    server = Gunicorn("tuition-soak", "tuition.wsgi:app", gunicorn, env)
    servers.append(server)
    workers.extend(RqWorker(f"rq-soak-{n}", env) for n in range(args.rq_workers))
    server.wait_ready("/readyz")
    expected = ASSUMED_MAX_RPS * seconds
    settings = Settings(database_url=url, secret_key=secret_key)
    fixture = tuition_seed.seed(
        server.port,
        operator_token=operator_token,
        settings=settings,
        students=math.ceil(expected * 0.20 / tuition_seed.COURSE_COUNT),
    )
    shop = tuition_seed.seed_shop(
        server.port,
        operator_token=operator_token,
        settings=settings,
        students=math.ceil(expected * 0.15 / tuition_seed.COURSE_COUNT),
        orders=math.ceil(expected * 0.20),
        webhook_secret=secrets.token_urlsafe(24),
    )
    print(
        f"seeded: {len(fixture.student_tokens)} enrolling and {len(shop.student_tokens)} "
        f"paying students, {len(shop.orders)} pending orders",
        flush=True,
    )
    mix = build_mix(server.port, fixture, shop)
    roots = {"gunicorn": server.process.pid}
    roots.update({f"rq{n}": w.process.pid for n, w in enumerate(workers)})
    sampler = memory.Sampler(roots, args.interval)
    sampler.start()
    try:
        result = loadgen.run(
            "mixed", server.port, mix, connections=args.connections, duration=seconds
        )
    finally:
        sampler.stop()
    for worker in workers:
        worker.check_alive()
    left, drained = jobqueue.drain(url, timeout=300)
    print(
        f"\nload: {result.requests} responses in {result.duration:.0f} s = "
        f"{result.rps:.1f} req/s; p50 {result.percentile_ms(50):.1f} ms, "
        f"p99 {result.percentile_ms(99):.1f} ms; errors {result.errors}"
    )
    print("  sent: " + ", ".join(f"{k} {v}" for k, v in mix.sent.most_common()))
    if mix.fallbacks:
        print(
            "  replaced by catalogue (pool empty): "
            + ", ".join(f"{k} {v}" for k, v in mix.fallbacks.items())
        )
    print("  statuses: " + ", ".join(f"{s} x {n}" for s, n in sorted(result.statuses.items())))
    print(
        f"  job backlog after the load: {'drained in' if not left else f'{left} left after'} "
        f"{drained:.1f} s"
    )
    return report(sampler, args, result)


def report(sampler: memory.Sampler, args: argparse.Namespace, result: loadgen.RunResult) -> bool:
    print(
        f"\nRSS (MiB) every {args.interval:g} s (gunicorn = master, gunicorn/c = its "
        "workers, rqN = `tuition worker`, rqN/c = a process it forked):\n"
    )
    print(memory.curve(sampler))
    grown = memory.growth(sampler, args.warmup)
    print(
        f"\n  {'process':<24} {'peak MiB':>9} {'after warm-up':>14} {'end':>8} {'growth':>8}  curve"
    )
    for g in grown:
        spark = memory.sparkline([rss for _t, rss in sampler.series(g.name)])
        print(
            f"  {g.name:<24} {g.peak_mib:9.1f} {g.start_mib:14.1f} {g.end_mib:8.1f} "
            f"{g.growth:+8.1%}  {spark}"
        )
    workers = [g for g in grown if g.name.startswith("gunicorn/child")]
    rq = [g for g in grown if g.name.startswith("rq")]
    checks = [
        (
            f"peak RSS per gunicorn worker <= {MAX_RSS_MB} MB ({MAX_RSS_MIB:.1f} MiB)",
            max((g.peak_mib for g in workers), default=math.nan),
        ),
        (
            f"peak RSS per rq worker process <= {MAX_RSS_MB} MB ({MAX_RSS_MIB:.1f} MiB)",
            max((g.peak_mib for g in rq), default=math.nan),
        ),
    ]
    ok = True
    print("\ntargets:")
    for goal, value in checks:
        passed = value <= MAX_RSS_MIB
        ok &= passed
        print(f"  {'PASS' if passed else 'MISS'}  {goal:<52} max {value:.1f} MiB")
    worst = max(grown, key=lambda g: g.growth, default=None)
    if worst is not None:
        passed = worst.growth <= MAX_GROWTH
        ok &= passed
        total_start = sum(g.start_mib for g in workers + rq)
        total_end = sum(g.end_mib for g in workers + rq)
        print(
            f"  {'PASS' if passed else 'MISS'}  {'growth <= 5 % over the soak, per process':<52}"
            f" worst {worst.growth:+.1%} ({worst.name}); all workers together "
            f"{total_end / total_start - 1 if total_start else 0:+.1%}"
        )
    unexpected = sum(n for s, n in result.statuses.items() if s not in (200, 201, 202))
    print(
        f"  {'PASS' if not unexpected and not result.errors else 'MISS'}  "
        f"{'no unexpected status, no connection error':<52} {unexpected} unexpected, "
        f"{result.errors} errors"
    )
    if args.minutes < 10:
        print(f"  ({args.minutes:g} min: a validation run; the target is over 10 minutes)")
    return ok


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_exit)
    signal.signal(signal.SIGALRM, _raise_exit)
    signal.alarm(math.ceil(600 + args.minutes * 60 + loadgen.GRACE_SECONDS + 300))
    dbs = Databases(args.server_url)
    queue = JobQueue("rq", args.redis_url)
    servers: list[Gunicorn] = []
    workers: list[RqWorker] = []
    started = time.perf_counter()
    try:
        soak(args, dbs, servers, workers, queue)
    finally:
        signal.alarm(0)
        for server in servers:
            server.stop()
        for worker in workers:
            worker.stop()
        queue.drop()
        dbs.drop_all()
        print(f"soak took {time.perf_counter() - started:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
