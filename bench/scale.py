"""Does the storefront stay fast as the database grows? Catalogue and dashboard latency at
several scale points, next to the bare select-50 baseline, plus the query plans.

    .venv/bin/python bench/scale.py [--points 1x100,100x10000] [--full] [--requests 300]

A point ``TxS`` is T tenants and S students (spread evenly), each student enrolled in
``--per-student`` courses of their tenant (at most ``--enrollments`` in all); ``--full``
appends the biggest point, ``1000x100000`` with 1,000,000 enrollments (about 1.5 min of
seeding on a quiet 2-core machine; more when busy). For each point, a fresh database is
migrated and seeded with ``bench/seed.py`` (COPY), Tuition is started under gunicorn (as a
non-owner login, so row-level security applies), and for ``--rounds`` rounds, one after
the other: the baseline's ``GET /select50``, Tuition's ``GET /v1/courses?page_size=50``
and ``GET /v1/me/dashboard``, ``--requests`` requests each, every Tuition request for a
tenant and one of its students chosen at random (from ``--sample`` pre-issued tokens).

Prints p50/p99/req/s per point (medians over rounds), each point's change against the
first point, raw and normalised by the baseline measured in the same round (the machine's
mood cancels out of the latter), and whether each stays within ``--flat`` (20 %). At the
last point it captures the SQL of one catalogue and one dashboard request (a SQLAlchemy
event on a local app instance) and prints ``EXPLAIN (ANALYZE, BUFFERS)`` of each SELECT,
run with the tenant set as the app runs it (``--explain-as owner`` for the table owner,
whom row-level security does not filter here: the owner is a superuser), with a summary of
the scans and a warning for every sequential scan of a big table.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline_app
import loadgen
import machine
import seed
from databases import APP_ROLE, Databases
from servers import Gunicorn, GunicornSettings
from sqlalchemy import create_engine, event
from sqlalchemy.pool import NullPool

from tuition import migrate
from tuition.config import Settings
from tuition.models import Student, Tenant
from tuition.runtime import Tuition
from tuition.services.auth import issue_token

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_POINTS = "1x100,100x10000"
FULL_POINT = "1000x100000"
BIG_TABLES = (
    "enrollments",
    "students",
    "courses",
    "api_keys",
    "tenants",
    "tenant_plugins",
    "course_next",
    "course_prerequisites",
)
ROUTES = ("baseline GET /select50", "catalogue GET /v1/courses", "dashboard GET /v1/me/dashboard")


@dataclass(frozen=True)
class Point:
    tenants: int
    students: int

    @property
    def label(self) -> str:
        return f"{self.tenants}x{self.students}"


def parse_points(text: str) -> list[Point]:
    points = []
    for item in filter(None, (p.strip() for p in text.split(","))):
        found = re.fullmatch(r"(\d+)x(\d+)", item)
        if not found:
            raise argparse.ArgumentTypeError(f"a point is TENANTSxSTUDENTS, not {item!r}")
        points.append(Point(int(found.group(1)), int(found.group(2))))
    return points


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--points",
        type=parse_points,
        default=parse_points(DEFAULT_POINTS),
        help=f"TENANTSxSTUDENTS,... (default {DEFAULT_POINTS})",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help=f"append the biggest point, {FULL_POINT} (1M enrollments)",
    )
    parser.add_argument("--per-student", type=int, default=10)
    parser.add_argument("--enrollments", type=int, default=1_000_000, help="cap per point")
    parser.add_argument("--courses", type=int, default=50, help="per tenant")
    parser.add_argument("--requests", type=int, default=300, help="per route and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument(
        "--sample",
        type=int,
        default=2000,
        help="(tenant, student) pairs with tokens to draw requests from",
    )
    parser.add_argument("--flat", type=float, default=0.20, help="allowed change (0.20 = 20%%)")
    parser.add_argument("--workers", type=int, default=2 * cores)
    parser.add_argument("--method", choices=("copy", "executemany"), default="copy")
    parser.add_argument("--explain-as", choices=("app", "owner", "none"), default="app")
    parser.add_argument(
        "--plans",
        choices=("main", "all"),
        default="main",
        help="full plans of the statements on courses/enrollments, or all",
    )
    parser.add_argument("--db-role", default=APP_ROLE)
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--server-url", default=machine.DEFAULT_SERVER_URL)
    args = parser.parse_args(argv)
    if args.full:
        args.points.append(parse_points(FULL_POINT)[0])
    return args


def _raise_exit(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(f"scale benchmark stopped: signal {signum}")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUITION_", "BENCH_"))}
    return {**env, **extra}


class RandomTenantRequests:
    """A GET of ``path`` for a random (tenant, student) pair of the sample, each time."""

    def __init__(self, port: int, path: str, pairs: list[tuple[str, str]], seed_: int) -> None:
        self.rng = random.Random(seed_)
        self.requests = [
            loadgen.http_request(
                "GET", path, port, {"X-Tenant-Key": key, "Authorization": f"Bearer {token}"}
            )
            for key, token in pairs
        ]

    def __call__(self) -> bytes:
        return self.rng.choice(self.requests)


def tokens(
    stats: seed.SeedStats, secret_key: str, database_url: str, sample: int
) -> list[tuple[str, str, str, str]]:
    """``sample`` random (publishable key, token, tenant id, student id) of the seed."""
    rng = random.Random(3)
    keys = dict(stats.tenants)
    runtime = Tuition(Settings(database_url=database_url, secret_key=secret_key))
    chosen = []
    tenant_ids = list(stats.students)
    for _ in range(sample):
        tenant_id = rng.choice(tenant_ids)
        student_id = rng.choice(stats.students[tenant_id])
        token, _ttl = issue_token(runtime, Tenant(id=tenant_id), Student(id=student_id))
        chosen.append((keys[tenant_id], token, tenant_id, student_id))
    runtime.close()
    return chosen


@dataclass
class PointRun:
    """One measured point: the runs per route, the seed, the database and the tokens."""

    results: dict[str, list[loadgen.RunResult]]
    stats: seed.SeedStats
    owner_url: str
    app_url: str
    pairs: list[tuple[str, str, str, str]]  # (publishable key, token, tenant id, student id)
    secret_key: str


def measure(
    point: Point,
    args: argparse.Namespace,
    dbs: Databases,
    baseline: Gunicorn,
    servers: list[Gunicorn],
) -> PointRun:
    """Seed the point's database, serve it, run the rounds; answer the runs per route."""
    name = f"tuition_bench_scale_{point.tenants}_{point.students}"
    url = dbs.create(name)
    engine = create_engine(url, poolclass=NullPool)
    migrate.upgrade(engine)
    engine.dispose()
    enrollments = min(args.enrollments, point.students * min(args.per_student, args.courses))
    print(
        f"\n== point {point.label}: {point.tenants} tenants, {point.students} students, "
        f"{enrollments} enrollments, {point.tenants * args.courses} courses ==",
        flush=True,
    )
    stats = seed.seed(
        url,
        tenants=point.tenants,
        students=point.students,
        per_student=args.per_student,
        max_enrollments=args.enrollments,
        courses=args.courses,
        method=args.method,
    )
    print(f"  seeded in {stats.seconds:.1f} s ({stats.rows_per_second:,.0f} rows/s)")
    server_url = url
    if args.db_role:
        dbs.ensure_role(args.db_role)
        server_url = dbs.grant(url, args.db_role)
    secret_key = secrets.token_urlsafe(32)
    pairs = tokens(stats, secret_key, url, min(args.sample, point.students))
    settings = GunicornSettings(args.workers)
    server = Gunicorn(
        "tuition-scale",
        "tuition.wsgi:app",
        settings,
        _env(
            TUITION_DATABASE_URL=server_url,
            TUITION_SECRET_KEY=secret_key,
            TUITION_RATE_LIMITS="off",
            TUITION_LOG_LEVEL=args.log_level,
        ),
    )
    servers.append(server)
    try:
        server.wait_ready("/readyz")
        key_tokens = [(key, token) for key, token, _t, _s in pairs]
        factories: dict[str, tuple[int, loadgen.RequestFactory]] = {
            ROUTES[0]: (baseline.port, loadgen_constant(baseline.port)),
            ROUTES[1]: (
                server.port,
                RandomTenantRequests(server.port, "/v1/courses?page_size=50", key_tokens, 1),
            ),
            ROUTES[2]: (
                server.port,
                RandomTenantRequests(server.port, "/v1/me/dashboard", key_tokens, 2),
            ),
        }
        for route, (port, factory) in factories.items():  # warm every worker up
            loadgen.run(
                route,
                port,
                factory,
                connections=args.connections,
                duration=30,
                max_requests=max(20, args.workers * 5),
            )
        results: dict[str, list[loadgen.RunResult]] = {r: [] for r in ROUTES}
        for round_no in range(1, args.rounds + 1):
            for route, (port, factory) in factories.items():
                result = loadgen.run(
                    route,
                    port,
                    factory,
                    connections=args.connections,
                    duration=600,
                    max_requests=args.requests,
                )
                results[route].append(result)
                print(
                    f"  round {round_no}  {route:<32} {result.requests:5} req  "
                    f"{result.rps:7.1f} req/s  p50 {result.percentile_ms(50):7.2f} ms  "
                    f"p99 {result.percentile_ms(99):7.2f} ms  non-2xx {result.non_2xx}  "
                    f"errors {result.errors}",
                    flush=True,
                )
    finally:
        server.stop()
        servers.remove(server)
    return PointRun(results, stats, url, server_url, pairs, secret_key)


def loadgen_constant(port: int) -> loadgen.RequestFactory:
    request = loadgen.http_request("GET", "/select50", port)
    return lambda: request


# -- the report ---------------------------------------------------------------------------


def _median(runs: list[loadgen.RunResult], what: str) -> float:
    if what == "rps":
        return median(r.rps for r in runs)
    return median(r.percentile_ms(float(what)) for r in runs)


def _normalised(runs: list[loadgen.RunResult], base: list[loadgen.RunResult], pct: float) -> float:
    """Median over rounds of (route's percentile / baseline's percentile, same round)."""
    return median(
        r.percentile_ms(pct) / b.percentile_ms(pct) for r, b in zip(runs, base, strict=True)
    )


def report(
    points: list[Point],
    measured: dict[str, dict[str, list[loadgen.RunResult]]],
    seeded: dict[str, seed.SeedStats],
    flat: float,
) -> str:
    lines = [
        "| point | enrollments | seed s | route | p50 ms | p99 ms | req/s | "
        "p50/base | p99/base | non-2xx | errors |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for point in points:
        results = measured[point.label]
        stats = seeded[point.label]
        base = results[ROUTES[0]]
        for route in ROUTES:
            runs = results[route]
            norm = (
                ("", "")
                if route == ROUTES[0]
                else (f"{_normalised(runs, base, 50):.2f}x", f"{_normalised(runs, base, 99):.2f}x")
            )
            lines.append(
                f"| {point.label} | {stats.enrollments:,} | {stats.seconds:.0f} | {route} | "
                f"{_median(runs, '50'):.2f} | {_median(runs, '99'):.2f} | "
                f"{_median(runs, 'rps'):.1f} | {norm[0]} | {norm[1]} | "
                f"{sum(r.non_2xx for r in runs)} | {sum(r.errors for r in runs)} |"
            )
    if len(points) < 2:
        return "\n".join(lines)
    first = points[0].label
    lines += ["", f"change against the first point ({first}); flat means within {flat:.0%}:"]
    for route in ROUTES[1:]:
        for point in points[1:]:
            now, then = measured[point.label], measured[first]
            changes = {
                "p50": _median(now[route], "50") / _median(then[route], "50") - 1,
                "p99": _median(now[route], "99") / _median(then[route], "99") - 1,
                "p50/base": _normalised(now[route], now[ROUTES[0]], 50)
                / _normalised(then[route], then[ROUTES[0]], 50)
                - 1,
                "p99/base": _normalised(now[route], now[ROUTES[0]], 99)
                / _normalised(then[route], then[ROUTES[0]], 99)
                - 1,
            }
            shown = "  ".join(f"{k} {v:+.0%}" for k, v in changes.items())
            verdict = (
                "PASS"
                if all(abs(v) <= flat for k, v in changes.items() if "/base" in k)
                else "MISS"
            )
            lines.append(f"  {verdict}  {route:<32} {first} -> {point.label}:  {shown}")
    lines.append(
        "  (verdicts use the baseline-normalised figures; raw ones move with the machine's load)"
    )
    return "\n".join(lines)


# -- EXPLAIN ------------------------------------------------------------------------------


def capture_sql(
    app_url: str, secret_key: str, key: str, token: str
) -> dict[str, list[tuple[str, Any]]]:
    """The SQL of one catalogue and one dashboard request on a local app instance."""
    from tuition.app import create_app

    app = create_app(Settings(database_url=app_url, secret_key=secret_key, rate_limits=False))
    runtime = app.extensions["tuition"]
    captured: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append((statement, parameters))

    client = app.test_client()
    headers = {"X-Tenant-Key": key, "Authorization": f"Bearer {token}"}
    found: dict[str, list[tuple[str, Any]]] = {}
    for route, path in (
        ("catalogue", "/v1/courses?page_size=50"),
        ("dashboard", "/v1/me/dashboard"),
    ):
        client.get(path, headers=headers)  # first call: caches warm, like a live worker
        event.listen(runtime.engine, "before_cursor_execute", before)
        response = client.get(path, headers=headers)
        event.remove(runtime.engine, "before_cursor_execute", before)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")
        found[route] = [
            (s, p)
            for s, p in captured
            if s.lstrip().upper().startswith("SELECT") and "set_config" not in s
        ]
        captured.clear()
    runtime.close()
    return found


_SCAN = re.compile(
    r"(Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan|Bitmap Index Scan)"
    r"(?: Backward)?(?: using (\S+))? on (\S+)"
)


def _main_table(statement: str) -> str:
    """The first table a statement reads (``FROM (SELECT … FROM t`` gives ``t``)."""
    found = re.search(r"\bFROM\s+([a-z_]+)", statement)
    return found.group(1) if found else "?"


#: A sequential scan of a table this small is the right plan, not a missing index.
SMALL_TABLE_ROWS = 1000


def explain(
    owner_url: str,
    app_url: str,
    captured: dict[str, list[tuple[str, Any]]],
    tenant_id: str,
    as_: str,
    plans: str,
) -> str:
    url = app_url if as_ == "app" else owner_url
    engine = create_engine(url, poolclass=NullPool)
    who = "the app login (row-level security in force)" if as_ == "app" else "the table owner"
    out: list[str] = [f"EXPLAIN (ANALYZE, BUFFERS) as {who}, app.tenant_id = {tenant_id}:"]
    warnings: list[str] = []
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT set_config('app.tenant_id', '*', true)")
            rows = {
                name: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar() or 0)
                for name in BIG_TABLES
            }
        out.append("rows: " + ", ".join(f"{name} {n:,}" for name, n in rows.items()))
        for route, statements in captured.items():
            out.append(f"\n--- {route}: {len(statements)} SELECTs ---")
            for n, (statement, parameters) in enumerate(statements, start=1):
                with engine.begin() as conn:
                    conn.exec_driver_sql(
                        "SELECT set_config('app.tenant_id', %(t)s, true)", {"t": tenant_id}
                    )
                    plan = [
                        row[0]
                        for row in conn.exec_driver_sql(
                            "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
                        )
                    ]
                table = _main_table(statement)
                scans = sorted(
                    {
                        f"{kind}{' ' + index if index else ''} on {on}"
                        for kind, index, on in _SCAN.findall("\n".join(plan))
                    }
                )
                timing = next(
                    (
                        line.split(":", 1)[1].strip()
                        for line in plan
                        if line.startswith("Execution Time")
                    ),
                    "?",
                )
                out.append(f"{route} #{n} ({table}): {timing}; " + "; ".join(scans))
                for kind, _index, on in _SCAN.findall("\n".join(plan)):
                    if kind == "Seq Scan" and rows.get(on, 0) >= SMALL_TABLE_ROWS:
                        warnings.append(
                            f"{route} #{n}: sequential scan on {on} ({rows[on]:,} rows)"
                        )
                if plans == "all" or table in ("courses", "enrollments"):
                    out.append("    " + " ".join(statement.split())[:400])
                    out.extend("      " + line for line in plan)
    finally:
        engine.dispose()
    out.append("")
    out.extend(f"WARNING {w}" for w in warnings)
    if not warnings:
        out.append(
            f"no sequential scan of a table of {SMALL_TABLE_ROWS:,} rows or more: "
            "every lookup of a big table used an index"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_exit)
    print(machine.describe(args.server_url))
    print(
        f"points: {', '.join(p.label for p in args.points)}; {args.per_student} courses "
        f"per student (cap {args.enrollments:,}); {args.courses} courses per tenant; "
        f"{args.rounds} rounds x {args.requests} requests per route, {args.connections} "
        f"connections; login {args.db_role or 'owner'}; TUITION_LOG_LEVEL={args.log_level}",
        flush=True,
    )
    dbs = Databases(args.server_url)
    servers: list[Gunicorn] = []
    started = time.perf_counter()
    try:
        baseline_url = dbs.create("tuition_bench_scale_baseline")
        engine = create_engine(baseline_url)
        baseline_app.seed(engine)
        engine.dispose()
        baseline = Gunicorn(
            "baseline",
            "baseline_app:app",
            GunicornSettings(args.workers),
            _env(BENCH_DATABASE_URL=baseline_url),
            pythonpath=BENCH_DIR,
        )
        servers.append(baseline)
        baseline.wait_ready("/select50")
        measured: dict[str, dict[str, list[loadgen.RunResult]]] = {}
        seeded: dict[str, seed.SeedStats] = {}
        last: PointRun | None = None
        for index, point in enumerate(args.points):
            last = measure(point, args, dbs, baseline, servers)
            measured[point.label], seeded[point.label] = last.results, last.stats
            if index < len(args.points) - 1:
                dbs.drop(last.owner_url)
        print(
            f"\nmedians over {args.rounds} rounds of {args.requests} requests "
            f"(p50/base, p99/base: divided by the baseline's in the same round):\n"
        )
        print(report(args.points, measured, seeded, args.flat))
        if last is not None and args.explain_as != "none":
            key, token, tenant_id, _student = last.pairs[0]
            captured = capture_sql(last.app_url, last.secret_key, key, token)
            print()
            print(
                explain(
                    last.owner_url, last.app_url, captured, tenant_id, args.explain_as, args.plans
                )
            )
        print(f"\nscale benchmark took {time.perf_counter() - started:.0f} s")
    finally:
        for server in servers:
            server.stop()
        dbs.drop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
