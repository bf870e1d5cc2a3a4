"""CPU per applied webhook event in a burst rq worker, next to the bare insert route.

    .venv/bin/python bench/profile_jobs.py [--events 300] [--rounds 5] [--profile]

The workers' half of issue 17's webhook goal (events applied/s ÷ events accepted/s) is
set by how much CPU a worker spends per event: rq's own bookkeeping, loading the tenant,
the job row's claim and ``done``, the inbox row and the order/enrollment change. This
tool measures it in one process, steadily on a busy machine (CPU time, not wall time):

1. a fresh PostgreSQL database, migrated, the app logged in as the non-owner role (so
   row-level security applies), jobs on a private rq queue, seeded like
   ``bench/profile_routes.py`` (the dummy provider's shop with pending orders);
2. per round: ``--events`` first deliveries of ``payment.succeeded`` through the webhook
   route (not timed: each stores its event and job and enqueues it), then a burst
   ``tuition worker`` (``tuition.jobs.run_worker(burst=True)``, a runtime of its own as
   the CLI builds it) applies them all: this process's CPU time over the events applied
   is the figure; then the bare app's ``POST /insert`` ``--events`` times, for scale;
3. prints per round and the medians: worker CPU ms per event, the intake's CPU ms per
   webhook, the bare insert's, and the ratio bare insert ÷ worker per event (≥ 1.0 means
   a worker applies an event for less CPU than the bare route spends on an insert).

PostgreSQL's and Redis's own CPU are not in these figures (other processes). With
``--profile`` the worker's rounds run under cProfile (CPU timer) and the top functions
and the time per package are printed; ``--sql`` prints the SQL of one applied event.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import itertools
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline_app
import machine
import tuition_seed
from databases import APP_ROLE, Databases
from jobqueue import JobQueue, unfinished_jobs
from profile_routes import Route, SqlCounter, build_routes, prepare, print_profile
from sqlalchemy import create_engine

from tuition.app import create_app
from tuition.jobs import run_worker
from tuition.runtime import Tuition


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=300, help="events applied per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile the worker (CPU)")
    parser.add_argument("--top", type=int, default=30, help="functions listed per table")
    parser.add_argument("--sql", action="store_true", help="print one applied event's SQL")
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--db-role", default=APP_ROLE, help="'' = owner (RLS bypassed)")
    parser.add_argument("--redis-url", default=machine.DEFAULT_REDIS_URL)
    parser.add_argument("--server-url", default=machine.DEFAULT_SERVER_URL)
    return parser.parse_args(argv)


def _cpu(call: Any, times: int, expect: int, name: str) -> float:
    started = time.process_time()
    for _ in range(times):
        response = call()
        if response.status_code != expect:
            raise RuntimeError(f"{name}: {response.status_code}")
    return (time.process_time() - started) / times


def bare_insert(dbs: Databases, suffix: str) -> Route:
    """The bare app's ``POST /insert`` in this process, on a database of this run's own
    (other benchmarks on the machine use profile_routes.py's)."""
    url = dbs.create(f"tuition_bench_jobs_baseline_{suffix}")
    engine = create_engine(url)
    baseline_app.seed(engine)
    engine.dispose()
    client = baseline_app.create_app(url).test_client()
    courses = itertools.cycle(range(tuition_seed.COURSE_COUNT))
    return Route(
        "bare POST /insert", 201, lambda: client.post("/insert", json={"course": next(courses)})
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    print(machine.describe(args.server_url, args.redis_url))
    dbs = Databases(args.server_url)
    queue = JobQueue("rq", args.redis_url)
    with contextlib.ExitStack() as cleanup:  # also after an error or Ctrl-C
        cleanup.callback(dbs.drop_all)
        cleanup.callback(queue.drop)
        suffix = secrets.token_hex(4)
        owner_url, settings = prepare(dbs, f"tuition_bench_jobs_{suffix}", args, queue)
        app = create_app(settings)
        total = args.events * (args.rounds + 1)
        seed_args = SimpleNamespace(requests=total, warmup=0, routes=["webhook"])
        routes = build_routes(app, seed_args, settings, owner_url)  # type: ignore[arg-type]
        webhook = routes["webhook"]
        insert = bare_insert(dbs, suffix)
        worker = Tuition(settings)  # as `tuition worker` builds it: a runtime of its own
        sql = SqlCounter()
        sql.attach(worker.engine)
        if worker.bookkeeping_engine is not None:
            sql.attach(worker.bookkeeping_engine)
        print(
            f"worker CPU per applied event: login {args.db_role or 'owner'}, "
            f"{queue.describe()}; {args.rounds} rounds of {args.events} events "
            "(+1 untimed warm-up round)",
            flush=True,
        )

        def deliver() -> float:
            return _cpu(webhook.call, args.events, 200, webhook.name)

        def apply(profiler: cProfile.Profile | None) -> tuple[float, float]:
            sql.statements = 0
            started = time.process_time()
            if profiler is not None:
                profiler.enable()
            run_worker(worker, burst=True)
            if profiler is not None:
                profiler.disable()
            left = unfinished_jobs(owner_url)
            if left:
                raise RuntimeError(f"{left} jobs not done after the burst worker")
            return (time.process_time() - started) / args.events, sql.statements / args.events

        deliver()
        apply(None)  # warm-up: caches, compiled statements, imports
        if args.sql:
            sql.recording = []
            webhook.call()
            run_worker(worker, burst=True)
            print(f"\n--- the SQL of one applied event ({len(sql.recording)}) ---")
            for n, statement in enumerate(sql.recording, start=1):
                print(f"  {n:2}. {statement[:220]}")
            sql.recording = None
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        intake, applied, bare, statements = [], [], [], []
        for number in range(1, args.rounds + 1):
            intake.append(deliver())
            cpu, count = apply(profiler)
            applied.append(cpu)
            statements.append(count)
            bare.append(_cpu(insert.call, args.events, insert.expect, insert.name))
            print(
                f"  round {number}: worker {applied[-1] * 1000:6.2f} ms/event "
                f"({count:.1f} statements), intake {intake[-1] * 1000:6.2f} ms/webhook, "
                f"bare insert {bare[-1] * 1000:6.2f} ms/request",
                flush=True,
            )
        ratios = [b / a for a, b in zip(applied, bare, strict=True)]
        intake_ratios = [b / a for a, b in zip(intake, bare, strict=True)]
        print(
            f"\nmedians: worker {statistics.median(applied) * 1000:.2f} ms CPU per applied "
            f"event ({statistics.median(statements):.1f} statements); intake "
            f"{statistics.median(intake) * 1000:.2f} ms per webhook; bare insert "
            f"{statistics.median(bare) * 1000:.2f} ms per request\n"
            f"ratio bare insert ÷ worker per event: {statistics.median(ratios):.2f}x; "
            f"bare insert ÷ intake: {statistics.median(intake_ratios):.2f}x"
        )
        if profiler is not None:
            stats = pstats.Stats(profiler)
            print_profile(stats, sum(applied) * args.events, args.top)
        for runtime in (worker, app.extensions["tuition"]):
            runtime.close()


if __name__ == "__main__":
    main()
