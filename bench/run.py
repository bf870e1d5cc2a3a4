"""Benchmark Tuition against a bare Flask + SQLAlchemy baseline, side by side.

    .venv/bin/python bench/run.py [--duration 6] [--rounds 3] [--connections 8] ...

Creates two fresh PostgreSQL databases, starts the baseline and Tuition under the same
gunicorn settings on loopback ports, seeds both, then runs the pairs interleaved
(baseline, Tuition, baseline, Tuition ...) for several rounds and prints the medians with
each Tuition route's ratio to its baseline, then issue 17's targets as PASS or MISS
(stretch values beside). Pairs: select-50 / catalogue, insert / free enrollment,
select-50 / dashboard, insert / paid enrollment, insert / webhook intake, insert /
duplicate webhook. With ``--jobs rq`` it also measures how fast the workers apply the
webhook events each timed intake run accepted (:class:`jobqueue.ApplyRate`). Servers,
workers, queue and databases go away at the end, also on errors, Ctrl-C, SIGTERM or the
overall time limit.
The exit status is 0 whether targets pass or not: it prints figures.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import signal
import sys
from pathlib import Path
from types import FrameType

import baseline_app
import goals
import jobqueue
import loadgen
import machine
import report
import targets
import tuition_seed
from databases import APP_ROLE, Databases
from jobqueue import JobQueue
from servers import Gunicorn, GunicornSettings, RqWorker
from sqlalchemy import create_engine

from tuition import migrate
from tuition.config import Settings
from tuition.services.payment_events import PROCESS_EVENT_JOB

BENCH_DIR = Path(__file__).resolve().parent
ASSUMED_MAX_RPS = 3000  # sizes the pool of fresh (student, course) pairs generously
ASSUMED_MAX_WEBHOOK_RPS = 1500  # sizes the pool of pending orders generously
SETUP_BUDGET_SECONDS = 300
DRAIN_TIMEOUT_SECONDS = 120.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per timed run")
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="untimed seconds per route before the first round"
    )
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (>= 1)")
    parser.add_argument(
        "--connections", type=int, default=8, help="concurrent client connections (closed loop)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * cores,
        help="gunicorn workers for each app (default: 2 x cores)",
    )
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument(
        "--students",
        type=int,
        default=0,
        help="enrolling students to create (0: enough for the run)",
    )
    parser.add_argument(
        "--server-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432",
        help="PostgreSQL server; the benchmark creates and drops its databases",
    )
    parser.add_argument(
        "--maintenance-db",
        default="postgres",
        help="database to connect to for CREATE/DROP DATABASE",
    )
    parser.add_argument(
        "--db-role",
        default=APP_ROLE,
        help="login Tuition's servers use: neither owner nor superuser, so "
        "row-level security applies (created if missing, granted like "
        "`tuition db grant`); '' = the --server-url user, RLS bypassed",
    )
    parser.add_argument(
        "--jobs",
        choices=("inline", "rq"),
        default="inline",
        help="inline: no Redis, a webhook's job runs in its request; rq: "
        "jobs go to a private rq queue run by --rq-workers workers",
    )
    parser.add_argument(
        "--redis-url", default=machine.DEFAULT_REDIS_URL, help="Redis for --jobs rq"
    )
    parser.add_argument(
        "--rq-workers", type=int, default=1, help="`tuition worker` processes for --jobs rq"
    )
    parser.add_argument(
        "--log-level",
        default="WARNING",
        help="TUITION_LOG_LEVEL of the servers (INFO adds a JSON access line per request)",
    )
    parser.add_argument(
        "--orders",
        type=int,
        default=0,
        help="pending orders to pre-create for webhooks (0: enough)",
    )
    parser.add_argument(
        "--no-payments",
        action="store_true",
        help="only the first three pairs (catalogue, free enrollment, dashboard)",
    )
    parser.add_argument(
        "--no-duplicate-webhooks", action="store_true", help="skip the duplicate-delivery pair"
    )
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


def _orders_needed(args: argparse.Namespace) -> int:
    if args.orders:
        return int(args.orders)
    return math.ceil(float(args.warmup + args.rounds * args.duration) * ASSUMED_MAX_WEBHOOK_RPS)


def _env(**extra: str) -> dict[str, str]:
    """This process's environment without any TUITION_* or BENCH_* setting, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUITION_", "BENCH_"))}
    return {**env, **extra}


def benchmark(
    args: argparse.Namespace,
    dbs: Databases,
    servers: list[Gunicorn],
    workers: list[RqWorker],
    queue: JobQueue,
) -> None:
    """Set up both apps, run the interleaved rounds and print the table."""
    gunicorn = GunicornSettings(args.workers, args.worker_class, args.threads)
    print(machine.describe(args.server_url, args.redis_url))
    print(
        f"servers: {gunicorn.describe()}; load: {args.connections} connections, "
        f"{args.rounds} rounds x {args.duration:g} s, warm-up {args.warmup:g} s"
    )
    print(
        f"tuition: {queue.describe()}; database login "
        f"{args.db_role or 'of --server-url (row-level security bypassed)'}; "
        f"TUITION_LOG_LEVEL={args.log_level}; rate limits off",
        flush=True,
    )

    baseline_url = dbs.create("tuition_bench_baseline")
    engine = create_engine(baseline_url)
    baseline_app.seed(engine)
    engine.dispose()
    tuition_url = dbs.create("tuition_bench")
    engine = create_engine(tuition_url)
    migrate.upgrade(engine)
    engine.dispose()
    server_url = tuition_url
    if args.db_role:
        dbs.ensure_role(args.db_role)
        server_url = dbs.grant(tuition_url, args.db_role)

    operator_token, secret_key = secrets.token_urlsafe(24), secrets.token_urlsafe(32)
    tuition_env = _env(
        TUITION_DATABASE_URL=server_url,
        TUITION_OPERATOR_TOKEN=operator_token,
        TUITION_SECRET_KEY=secret_key,
        TUITION_RATE_LIMITS="off",
        TUITION_LOG_LEVEL=args.log_level,
        **queue.env(),
    )
    servers.append(
        Gunicorn(
            "baseline",
            "baseline_app:app",
            gunicorn,
            _env(BENCH_DATABASE_URL=baseline_url),
            pythonpath=BENCH_DIR,
        )
    )
    servers.append(Gunicorn("tuition", "tuition.wsgi:app", gunicorn, tuition_env))
    if queue.mode == "rq":
        workers.extend(RqWorker(f"rq-{n}", tuition_env) for n in range(args.rq_workers))
    baseline, tuition = servers
    baseline.wait_ready("/select50")
    tuition.wait_ready("/readyz")
    settings = Settings(database_url=tuition_url, secret_key=secret_key)
    fixture = tuition_seed.seed(
        tuition.port,
        operator_token=operator_token,
        students=_students_needed(args),
        settings=settings,
    )
    print(f"seeded: 50 courses each; {len(fixture.student_tokens)} enrolling students")

    targets.verify(baseline.port, tuition.port, fixture)
    routes = targets.build(baseline.port, tuition.port, fixture)
    if not args.no_payments:
        shop = tuition_seed.seed_shop(
            tuition.port,
            operator_token=operator_token,
            settings=settings,
            students=_students_needed(args) + 1,
            orders=_orders_needed(args) + 1,
            webhook_secret=secrets.token_urlsafe(24),
        )
        print(
            f"seeded shop: 50 paid courses (dummy provider); {len(shop.student_tokens)} "
            f"paying students; {len(shop.orders)} pending orders for webhooks",
            flush=True,
        )
        targets.verify_payments(tuition.port, shop)
        routes += targets.build_payments(
            baseline.port, tuition.port, shop, duplicates=not args.no_duplicate_webhooks
        )
    for target in routes:
        loadgen.run(
            target.name,
            target.port,
            target.factory,
            connections=args.connections,
            duration=args.warmup,
        )
        _drain(queue, tuition_url, workers)
    results: dict[str, list[loadgen.RunResult]] = {t.name: [] for t in routes}
    applied: dict[int, jobqueue.ApplyRate] | None = {} if queue.mode == "rq" else None
    for round_no in range(1, args.rounds + 1):
        for target in routes:
            measure_apply = applied is not None and target.name == goals.WEBHOOKS
            before = jobqueue.latest_job(tuition_url, PROCESS_EVENT_JOB) if measure_apply else None
            result = loadgen.run(
                target.name,
                target.port,
                target.factory,
                connections=args.connections,
                duration=args.duration,
            )
            results[target.name].append(result)
            print(report.progress_line(round_no, result), flush=True)
            drained = _drain(queue, tuition_url, workers)
            if drained:
                print(f"           {drained}", flush=True)
            if measure_apply and applied is not None:
                rate = jobqueue.apply_rate(tuition_url, PROCESS_EVENT_JOB, before)
                if rate is not None:
                    applied[round_no] = rate
                    print(f"           ({rate.describe()})", flush=True)
    print(
        f"\nmedians over {args.rounds} rounds; ratios are medians of per-round "
        "Tuition/baseline ratios:\n"
    )
    print(report.table(routes, results))
    print()
    print(report.round_ratios(routes, results))
    print("\nstatuses over all rounds (warm-up excluded):")
    print(report.status_summary(routes, results))
    if applied:
        print("\nwebhook events: accepted by the intake runs vs applied by the workers:")
        for round_no, rate in applied.items():
            print(f"  round {round_no}  {rate.describe()}")
    print("\ntargets of issue 17 (required; stretch beside):")
    print(
        goals.summary(
            routes, results, args.rounds, None if applied is None else list(applied.values())
        )
    )


def _drain(queue: JobQueue, database_url: str, workers: list[RqWorker]) -> str:
    """With rq, wait (untimed) until the workers ran every job the last run caused, so a
    backlog never spends the CPU of the next measured run; describe it, if there was one."""
    if queue.mode != "rq":
        return ""
    for worker in workers:
        worker.check_alive()
    left, seconds = jobqueue.drain(database_url, DRAIN_TIMEOUT_SECONDS)
    if seconds < 0.1:
        return ""
    outcome = f"{left} jobs still unfinished after" if left else "jobs drained in"
    return f"(untimed: {outcome} {seconds:.1f} s)"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    per_route = (
        args.warmup + loadgen.GRACE_SECONDS + args.rounds * (args.duration + loadgen.GRACE_SECONDS)
    )
    route_count = 6 if args.no_payments else (10 if args.no_duplicate_webhooks else 12)
    drains = (args.rounds + 1) * route_count * DRAIN_TIMEOUT_SECONDS / 4 if args.jobs == "rq" else 0
    budget = SETUP_BUDGET_SECONDS + route_count * per_route + drains
    signal.signal(signal.SIGTERM, _raise_exit)
    signal.signal(signal.SIGALRM, _raise_exit)
    signal.alarm(math.ceil(budget))
    dbs = Databases(args.server_url, args.maintenance_db)
    queue = JobQueue(args.jobs, args.redis_url)
    servers: list[Gunicorn] = []
    workers: list[RqWorker] = []
    try:
        benchmark(args, dbs, servers, workers, queue)
    finally:
        signal.alarm(0)
        for server in servers:
            server.stop()
        for worker in workers:
            worker.stop()
        queue.drop()
        dbs.drop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
