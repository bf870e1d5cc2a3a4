"""Profile Tuition's hot routes in one process: cProfile, SQL counts and where time goes.

    .venv/bin/python bench/profile_routes.py [--requests 2000] [--routes catalogue,enroll]

Creates a fresh PostgreSQL database, migrates it, builds the app in this process (as the
benchmark's servers run it: a non-owner login so row-level security applies, rate limits
off, ``--log-level`` WARNING), seeds it the way ``bench/run.py`` does, then sends each
route ``--requests`` requests through Flask's test client (no HTTP, no gunicorn) under
cProfile, after ``--warmup`` unprofiled ones. For each route it prints:

* requests/s of this single process and the mean time per request;
* SQL statements per request and the share of the time spent inside the driver's
  ``execute`` (a round trip to PostgreSQL, which runs on the same cores);
* the time by package (tottime summed over each package's functions: where the
  Python time goes: SQLAlchemy, marshmallow, Flask/werkzeug, psycopg, Tuition, ...);
* the top functions by cumulative and by own time;
* with ``--sql``, the distinct SQL statements of one request.

The database (and with ``--jobs rq`` the private queue) is dropped at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import itertools
import os
import pstats
import re
import secrets
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline_app
import machine
import tuition_seed
from databases import APP_ROLE, Databases
from jobqueue import JobQueue
from loadgen import json_body
from sqlalchemy import create_engine, event
from targets import Webhooks

from tuition import logs, migrate
from tuition.app import create_app
from tuition.config import Settings
from tuition_dummy_provider.provider import SIGNATURE_HEADER, sign

ROUTES = ("catalogue", "enroll", "paid", "webhook", "webhook_dup", "dashboard")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="profiled requests/route")
    parser.add_argument("--warmup", type=int, default=50, help="unprofiled requests first")
    parser.add_argument(
        "--routes",
        default="catalogue,enroll,paid,webhook",
        help=f"comma list out of {','.join(ROUTES)}",
    )
    parser.add_argument("--top", type=int, default=25, help="functions listed per table")
    parser.add_argument("--sql", action="store_true", help="print one request's SQL")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="instead of profiling: this process's CPU time per request (unprofiled), next "
        "to the bare app's matching route, interleaved; steady on a busy machine",
    )
    parser.add_argument(
        "--timer",
        choices=("wall", "cpu"),
        default="wall",
        help="what cProfile counts: wall time, or this process's CPU (steady on a busy machine)",
    )
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--db-role", default=APP_ROLE, help="'' = owner (RLS bypassed)")
    parser.add_argument("--jobs", choices=("inline", "rq"), default="inline")
    parser.add_argument("--redis-url", default=machine.DEFAULT_REDIS_URL)
    parser.add_argument("--server-url", default=machine.DEFAULT_SERVER_URL)
    parser.add_argument(
        "--save",
        metavar="DIR",
        help="also write each route's pstats file to DIR (for snakeviz etc.)",
    )
    args = parser.parse_args(argv)
    args.routes = [r.strip() for r in args.routes.split(",") if r.strip()]
    unknown = set(args.routes) - set(ROUTES)
    if unknown:
        parser.error(f"unknown routes: {', '.join(sorted(unknown))}")
    return args


@dataclass
class SqlCounter:
    """Counts statements and the time spent in the driver's execute, per request."""

    statements: int = 0
    seconds: float = 0.0
    recording: list[str] | None = None
    _started: list[float] = field(default_factory=list)

    def attach(self, engine: Any) -> None:
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements += 1
        if self.recording is not None:
            self.recording.append(" ".join(statement.split()))
        self._started.append(time.perf_counter())

    def _after(self, *_args: Any) -> None:
        if self._started:
            self.seconds += time.perf_counter() - self._started.pop()


@dataclass
class GcPauses:
    """Time spent in the cyclic garbage collector, per generation (``gc.callbacks``)."""

    pauses: dict[int, list[float]] = field(default_factory=dict)
    _started: float = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.setdefault(int(info["generation"]), []).append(
                time.perf_counter() - self._started
            )

    def summary(self) -> str:
        parts = []
        for generation, values in sorted(self.pauses.items()):
            parts.append(
                f"gen{generation}: {len(values)} x, max {max(values) * 1000:.1f} ms, "
                f"total {sum(values) * 1000:.0f} ms"
            )
        return "; ".join(parts) or "no collection"


@dataclass
class Route:
    name: str
    expect: int
    call: Callable[[], Any]  # sends one request, returns the response


def _package(filename: str, funcname: str) -> str:
    """A readable owner of a profiled function: a package, a Tuition module, or C code."""
    if filename == "~":  # built-in: name the extension it belongs to when visible
        for name in ("psycopg", "select", "socket", "json", "hmac", "_hashlib", "zlib"):
            if name in funcname:
                return f"{name} (C)"
        return "builtins (C)"
    path = filename.replace(os.sep, "/")
    found = re.search(r"/core/(tuition/[^/]+)", path)
    if found:
        return found.group(1).removesuffix(".py")
    found = re.search(r"/plugins/[^/]+/(tuition_[a-z_]+)", path)
    if found:
        return found.group(1)
    found = re.search(r"site-packages/([^/]+)", path)
    if found:
        return found.group(1).removesuffix(".py")
    found = re.search(r"/python3\.\d+/([^/]+)", path)
    if found:
        return "stdlib:" + found.group(1).removesuffix(".py")
    return path.rsplit("/", 1)[-1]


def by_package(stats: pstats.Stats, total: float) -> str:
    """Own time (tottime) summed per package, largest first."""
    owners: Counter[str] = Counter()
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, funcname), (_cc, _nc, tottime, _ct, _callers) in raw.items():
        owners[_package(filename, funcname)] += tottime
    lines = [f"    {'package':<34} {'own s':>8} {'share':>6}"]
    for owner, seconds in owners.most_common(18):
        lines.append(f"    {owner:<34} {seconds:8.2f} {seconds / total:6.1%}")
    return "\n".join(lines)


def top(stats: pstats.Stats, key: str, count: int) -> str:
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats(key).print_stats(count)
    text = out.getvalue()
    start = text.find("   ncalls")
    return text[start:] if start >= 0 else text


def print_profile(stats: pstats.Stats, total: float, count: int) -> None:
    """Own time per package, then the top ``count`` functions by cumulative and own time."""
    print("  own time by package:")
    print(by_package(stats, total))
    print(f"  top {count} by cumulative time:")
    print(top(stats, "cumulative", count))
    print(f"  top {count} by own time:")
    print(top(stats, "tottime", count))


BARE_PAIR = {
    "catalogue": "select50",
    "dashboard": "select50",
    "enroll": "insert",
    "paid": "insert",
    "webhook": "insert",
    "webhook_dup": "insert",
}


def bare_routes(dbs: Databases) -> dict[str, Route]:
    """The bare Flask + SQLAlchemy app's routes, in this process, on a fresh database."""
    url = dbs.create("tuition_bench_profile_baseline")
    engine = create_engine(url)
    baseline_app.seed(engine)
    engine.dispose()
    client = baseline_app.create_app(url).test_client()
    courses = itertools.cycle(range(tuition_seed.COURSE_COUNT))
    return {
        "select50": Route("bare GET /select50", 200, lambda: client.get("/select50")),
        "insert": Route(
            "bare POST /insert", 201, lambda: client.post("/insert", json={"course": next(courses)})
        ),
    }


def _cpu_per_request(route: Route, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        response = route.call()
        if response.status_code != route.expect:
            raise RuntimeError(f"{route.name}: {response.status_code}")
    return (time.process_time() - started) / requests


def cpu_side_by_side(
    route: Route, bare: Route, args: argparse.Namespace, sql: SqlCounter, rounds: int = 5
) -> None:
    """This process's CPU per request of ``route`` and ``bare``, interleaved in ``rounds``
    (Python's share of a request: PostgreSQL's and Redis's CPU are not in it)."""
    for _ in range(args.warmup):
        route.call()
        bare.call()
    per_round = max(1, args.requests // rounds)
    ours: list[float] = []
    theirs: list[float] = []
    sql.statements = 0
    for _ in range(rounds):
        ours.append(_cpu_per_request(route, per_round))
        theirs.append(_cpu_per_request(bare, per_round))
    statements = sql.statements / (per_round * rounds)
    mine, base = statistics.median(ours), statistics.median(theirs)
    print(
        f"  {route.name:45} CPU {mine * 1000:6.2f} ms/request ({statements:.1f} statements)"
        f"  {bare.name:20} {base * 1000:6.2f} ms  ratio {base / mine:.2f}x",
        flush=True,
    )


def profile(route: Route, args: argparse.Namespace, sql: SqlCounter) -> None:
    for _ in range(args.warmup):
        response = route.call()
        if response.status_code != route.expect:
            raise RuntimeError(
                f"{route.name}: {response.status_code} {response.get_data(as_text=True)[:300]}"
            )
    if args.sql:
        sql.recording = []
        route.call()
        print(f"\n--- {route.name}: the SQL of one request ({len(sql.recording)}) ---")
        for n, statement in enumerate(sql.recording, start=1):
            print(f"  {n:2}. {statement[:220]}")
        sql.recording = None
    sql.statements, sql.seconds = 0, 0.0
    statuses: Counter[int] = Counter()
    profiler = cProfile.Profile(time.process_time) if args.timer == "cpu" else cProfile.Profile()
    collector = GcPauses()
    gc.callbacks.append(collector)
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.requests):
        statuses[route.call().status_code] += 1
    profiler.disable()
    elapsed = time.perf_counter() - started
    gc.callbacks.remove(collector)
    stats = pstats.Stats(profiler)
    n = args.requests
    print(
        f"\n=== {route.name}: {n} requests in {elapsed:.1f} s = {n / elapsed:.1f} req/s "
        f"in one process, {elapsed / n * 1000:.2f} ms each (profiler overhead included) ==="
    )
    print(f"  statuses: {dict(statuses)}")
    print(
        f"  garbage collector pauses: {collector.summary()} "
        f"(objects tracked now: {len(gc.get_objects()):,})"
    )
    print(
        f"  SQL: {sql.statements / n:.1f} statements/request, "
        f"{sql.seconds / n * 1000:.2f} ms/request inside execute "
        f"({sql.seconds / elapsed:.0%} of the time)"
    )
    print_profile(stats, elapsed, args.top)
    if args.save:
        Path(args.save).mkdir(parents=True, exist_ok=True)
        filename = re.sub(r"[^A-Za-z0-9_.-]+", "_", route.name).strip("_")
        stats.dump_stats(str(Path(args.save) / f"{filename}.pstats"))


def build_routes(
    app: Any, args: argparse.Namespace, settings: Settings, owner_url: str
) -> dict[str, Route]:
    """Seed two tenants through the test client and the database; one Route per name."""
    client = app.test_client()
    operator = {"Authorization": f"Bearer {settings.operator_token}"}

    def call(method: str, path: str, expect: int, **kwargs: Any) -> Any:
        response = client.open(path, method=method, **kwargs)
        if response.status_code != expect:
            raise RuntimeError(
                f"{method} {path}: {response.status_code} {response.get_data(as_text=True)[:300]}"
            )
        return response.get_json()

    total = args.requests + args.warmup + 2
    school = call(
        "POST",
        "/v1/tenants",
        201,
        headers=operator,
        json={"slug": "bench-school", "name": "Bench School", "plugins": {"free_enrollment": {}}},
    )
    secret = secrets.token_urlsafe(24)
    shop = call(
        "POST",
        "/v1/tenants",
        201,
        headers=operator,
        json={
            "slug": tuition_seed.SHOP_SLUG,
            "name": "Bench Shop",
            "plugins": {"dummy_provider": {"settings": {"webhook_secret": secret}}},
        },
    )
    free = [f"course-{i:02d}" for i in range(1, tuition_seed.COURSE_COUNT + 1)]
    paid = [f"paid-{i:02d}" for i in range(1, tuition_seed.COURSE_COUNT + 1)]
    for slug in free:
        call(
            "POST",
            "/v1/admin/courses",
            201,
            headers={"Authorization": f"Bearer {school['secret_key']}"},
            json={
                "slug": slug,
                "title": slug,
                "summary": "A course for the benchmark.",
                "pricing_model": "free",
                "status": "published",
            },
        )
    for slug in paid:
        call(
            "POST",
            "/v1/admin/courses",
            201,
            headers={"Authorization": f"Bearer {shop['secret_key']}"},
            json={
                "slug": slug,
                "title": slug,
                "summary": "Paid, for the bench.",
                "pricing_model": "one_time",
                "status": "published",
                "price": {
                    "amount": tuition_seed.PAID_PRICE,
                    "currency": tuition_seed.PAID_CURRENCY,
                },
            },
        )
    owner = Settings(database_url=owner_url, secret_key=settings.secret_key)
    needed = total // tuition_seed.COURSE_COUNT + 2
    readers = tuition_seed._students(owner, school["id"], 1, prefix="reader")
    enrollers = tuition_seed._students(owner, school["id"], needed)
    payers = tuition_seed._students(owner, shop["id"], needed, prefix="payer")
    orders = (
        tuition_seed.pending_orders(owner_url, shop["id"], total)
        if {"webhook", "webhook_dup"} & set(args.routes)
        else []
    )
    fixture = tuition_seed.ShopFixture(
        shop["id"], tuition_seed.SHOP_SLUG, shop["publishable_key"], paid, payers, secret, orders
    )
    school_key = {"X-Tenant-Key": school["publishable_key"]}
    shop_key = {"X-Tenant-Key": shop["publishable_key"]}
    free_pairs: Iterator[tuple[str, str]] = itertools.product(enrollers, free)
    paid_pairs: Iterator[tuple[str, str]] = itertools.product(payers, paid)
    webhooks = Webhooks(0, fixture, orders)
    order_iter = iter(orders)

    def enroll(pairs: Iterator[tuple[str, str]], key: dict[str, str]) -> Any:
        token, slug = next(pairs)
        return client.post(
            "/v1/enrollments",
            json={"course": slug},
            headers={**key, "Authorization": f"Bearer {token}"},
        )

    def webhook(order: tuition_seed.PendingOrder) -> Any:
        body = json_body(webhooks.event(order))
        return client.post(
            f"/v1/webhooks/dummy/{tuition_seed.SHOP_SLUG}",
            data=body,
            headers={SIGNATURE_HEADER: sign(secret, body), "Content-Type": "application/json"},
        )

    delivered: list[tuition_seed.PendingOrder] = []

    def fresh_webhook() -> Any:
        order = next(order_iter)
        delivered.append(order)
        return webhook(order)

    counter = itertools.count()

    def duplicate_webhook() -> Any:
        if not delivered:
            fresh_webhook()
        return webhook(delivered[next(counter) % min(len(delivered), 500)])

    reader = {**school_key, "Authorization": f"Bearer {readers[0]}"}
    return {
        "catalogue": Route(
            "catalogue GET /v1/courses?page_size=50",
            200,
            lambda: client.get("/v1/courses?page_size=50", headers=reader),
        ),
        "dashboard": Route(
            "dashboard GET /v1/me/dashboard",
            200,
            lambda: client.get("/v1/me/dashboard", headers=reader),
        ),
        "enroll": Route(
            "free enroll POST /v1/enrollments", 201, lambda: enroll(free_pairs, school_key)
        ),
        "paid": Route(
            "paid enroll POST /v1/enrollments", 202, lambda: enroll(paid_pairs, shop_key)
        ),
        "webhook": Route("webhook POST /v1/webhooks/dummy (fresh)", 200, fresh_webhook),
        "webhook_dup": Route("webhook POST /v1/webhooks/dummy (duplicate)", 200, duplicate_webhook),
    }


def prepare(
    dbs: Databases, name: str, args: argparse.Namespace, queue: JobQueue
) -> tuple[str, Settings]:
    """A fresh migrated database ``name`` (its owner's URL) and the settings the app runs
    with: logged in as ``args.db_role`` (RLS applies), rate limits off, ``queue``'s jobs;
    the log configured at ``args.log_level``, to nowhere."""
    owner_url = dbs.create(name)
    engine = create_engine(owner_url)
    migrate.upgrade(engine)
    engine.dispose()
    app_url = owner_url
    if args.db_role:
        dbs.ensure_role(args.db_role)
        app_url = dbs.grant(owner_url, args.db_role)
    logs.configure("json", args.log_level, stream=open(os.devnull, "w"))  # noqa: SIM115
    settings = Settings(
        database_url=app_url,
        secret_key=secrets.token_urlsafe(32),
        operator_token=secrets.token_urlsafe(24),
        rate_limits=False,
        redis_url=queue.redis_url if queue.mode == "rq" else None,
        job_queue=queue.name,
    )
    return owner_url, settings


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(machine.describe(args.server_url, args.redis_url))
    dbs = Databases(args.server_url)
    queue = JobQueue(args.jobs, args.redis_url)
    try:
        owner_url, settings = prepare(dbs, "tuition_bench_profile", args, queue)
        app = create_app(settings)
        sql = SqlCounter()
        sql.attach(app.extensions["tuition"].engine)
        print(
            f"profiling in one process: login {args.db_role or 'owner'}, "
            f"{queue.describe()}, log level {args.log_level}; "
            f"{args.requests} requests per route after {args.warmup} warm-up",
            flush=True,
        )
        routes = build_routes(app, args, settings, owner_url)
        if args.cpu:
            bare = bare_routes(dbs)
            for name in args.routes:
                cpu_side_by_side(routes[name], bare[BARE_PAIR[name]], args, sql)
        for name in [] if args.cpu else args.routes:
            profile(routes[name], args, sql)
        app.extensions["tuition"].close()
    finally:
        queue.drop()
        dbs.drop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
