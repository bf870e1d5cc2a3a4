"""Benchmark Tuition against a bare Flask + SQLAlchemy baseline, side by side.

    .venv/bin/python bench/run.py [--duration 6] [--rounds 3] [--connections 8] ...

Creates two fresh PostgreSQL databases, starts the baseline and Tuition under the same
gunicorn settings on loopback ports, seeds both, then runs the pairs interleaved
(baseline, Tuition, baseline, Tuition ...) for several rounds and prints the medians with
each Tuition route's ratio to its baseline. Servers and databases go away at the end,
also on errors, Ctrl-C, SIGTERM or the overall time limit. It prints figures; it asserts
nothing about speed.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import secrets
import signal
import sys
from pathlib import Path
from types import FrameType

import baseline_app
import loadgen
import report
import targets
import tuition_seed
from databases import Databases
from servers import Gunicorn, GunicornSettings
from sqlalchemy import create_engine

from tuition import migrate
from tuition.config import Settings

BENCH_DIR = Path(__file__).resolve().parent
ASSUMED_MAX_RPS = 3000  # sizes the pool of fresh (student, course) pairs generously
SETUP_BUDGET_SECONDS = 180


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per timed run")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="untimed seconds per route before the first round")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (>= 1)")
    parser.add_argument("--connections", type=int, default=8,
                        help="concurrent client connections (closed loop)")
    parser.add_argument("--workers", type=int, default=2 * cores,
                        help="gunicorn workers for each app (default: 2 x cores)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--students", type=int, default=0,
                        help="enrolling students to create (0: enough for the run)")
    parser.add_argument("--server-url", default="postgresql+psycopg://postgres@127.0.0.1:5432",
                        help="PostgreSQL server; the benchmark creates and drops its databases")
    parser.add_argument("--maintenance-db", default="postgres",
                        help="database to connect to for CREATE/DROP DATABASE")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.duration <= 0 or args.connections < 1:
        parser.error("--rounds, --duration and --connections must be positive")
    return args


def _raise_exit(signum: int, _frame: FrameType | None) -> None:
    reason = "time limit reached" if signum == signal.SIGALRM else f"signal {signum}"
    raise SystemExit(f"benchmark stopped: {reason}")


def _students_needed(args: argparse.Namespace) -> int:
    if args.students:
        return int(args.students)
    seconds = float(args.warmup + args.rounds * args.duration)
    return math.ceil(seconds * ASSUMED_MAX_RPS / tuition_seed.COURSE_COUNT)


def _env(**extra: str) -> dict[str, str]:
    """This process's environment without any TUITION_* or BENCH_* setting, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUITION_", "BENCH_"))}
    return {**env, **extra}


def benchmark(args: argparse.Namespace, dbs: Databases, servers: list[Gunicorn]) -> None:
    """Set up both apps, run the interleaved rounds and print the table."""
    gunicorn = GunicornSettings(args.workers, args.worker_class, args.threads)
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, "
          f"Python {platform.python_version()}")
    print(f"servers: {gunicorn.describe()}; load: {args.connections} connections, "
          f"{args.rounds} rounds x {args.duration:g} s, warm-up {args.warmup:g} s")

    baseline_url = dbs.create("tuition_bench_baseline")
    engine = create_engine(baseline_url)
    baseline_app.seed(engine)
    engine.dispose()
    tuition_url = dbs.create("tuition_bench")
    engine = create_engine(tuition_url)
    migrate.upgrade(engine)
    engine.dispose()

    operator_token, secret_key = secrets.token_urlsafe(24), secrets.token_urlsafe(32)
    servers.append(Gunicorn("baseline", "baseline_app:app", gunicorn,
                            _env(BENCH_DATABASE_URL=baseline_url), pythonpath=BENCH_DIR))
    servers.append(Gunicorn("tuition", "tuition.wsgi:app", gunicorn, _env(
        TUITION_DATABASE_URL=tuition_url, TUITION_OPERATOR_TOKEN=operator_token,
        TUITION_SECRET_KEY=secret_key, TUITION_RATE_LIMITS="off")))
    baseline, tuition = servers
    baseline.wait_ready("/select50")
    tuition.wait_ready("/readyz")
    fixture = tuition_seed.seed(
        tuition.port, operator_token=operator_token, students=_students_needed(args),
        settings=Settings(database_url=tuition_url, secret_key=secret_key))
    print(f"seeded: 50 courses each; {len(fixture.student_tokens)} enrolling students")

    targets.verify(baseline.port, tuition.port, fixture)
    routes = targets.build(baseline.port, tuition.port, fixture)
    for target in routes:
        loadgen.run(target.name, target.port, target.factory,
                    connections=args.connections, duration=args.warmup)
    results: dict[str, list[loadgen.RunResult]] = {t.name: [] for t in routes}
    for round_no in range(1, args.rounds + 1):
        for target in routes:
            result = loadgen.run(target.name, target.port, target.factory,
                                 connections=args.connections, duration=args.duration)
            results[target.name].append(result)
            print(report.progress_line(round_no, result), flush=True)
    print(f"\nmedians over {args.rounds} rounds; ratios are medians of per-round "
          "Tuition/baseline ratios:\n")
    print(report.table(routes, results))
    print()
    print(report.round_ratios(routes, results))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    per_route = (args.warmup + loadgen.GRACE_SECONDS
                 + args.rounds * (args.duration + loadgen.GRACE_SECONDS))
    budget = SETUP_BUDGET_SECONDS + 4 * per_route
    signal.signal(signal.SIGTERM, _raise_exit)
    signal.signal(signal.SIGALRM, _raise_exit)
    signal.alarm(math.ceil(budget))
    dbs = Databases(args.server_url, args.maintenance_db)
    servers: list[Gunicorn] = []
    try:
        benchmark(args, dbs, servers)
    finally:
        signal.alarm(0)
        for server in servers:
            server.stop()
        dbs.drop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
