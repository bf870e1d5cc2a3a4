"""How fast "students also took" answers on a large tenant, next to a baseline query.

    .venv/bin/python bench/recommendations.py [--enrollments 100000] [--calls 200]

Creates a fresh PostgreSQL database, migrates it, seeds one tenant with ``--courses``
courses, ``--enrollments`` active enrollments spread over students who each took a few
courses in order, then times, interleaved, for random students:

* baseline: the student's own enrollments (one indexed SELECT), the least any
  recommendation needs;
* also_took: the plugin's recommendation query through its hook.

Prints p50/p99 and calls per second for both; asserts nothing. The database is dropped at
the end, also on errors.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from databases import Databases

from tuition import migrate
from tuition.config import Settings
from tuition.db import new_id, utcnow
from tuition.models import Course, Enrollment, Student, Tenant, TenantPlugin
from tuition.plugin_api import CatalogContext
from tuition.runtime import Tuition


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enrollments", type=int, default=100_000)
    parser.add_argument("--courses", type=int, default=200)
    parser.add_argument("--per-student", type=int, default=4)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--server-url", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    return parser.parse_args()


def seed(url: str, args: argparse.Namespace) -> tuple[str, list[str]]:
    engine = create_engine(url)
    tenant_id = new_id("ten")
    now = utcnow()
    students = args.enrollments // args.per_student
    rng = random.Random(7)
    with engine.begin() as conn:
        conn.execute(
            insert(Tenant),
            [
                {
                    "id": tenant_id,
                    "slug": "bench",
                    "name": "Bench",
                    "config_version": 1,
                    "created_at": now,
                }
            ],
        )
        conn.execute(
            insert(TenantPlugin),
            [
                {
                    "tenant_id": tenant_id,
                    "plugin": "also_took",
                    "enabled": True,
                    "settings": {},
                    "updated_at": now,
                }
            ],
        )
        courses = [
            {
                "id": new_id("crs"),
                "tenant_id": tenant_id,
                "slug": f"c{i}",
                "title": f"Course {i}",
                "summary": "",
                "status": "published",
                "pricing_model": "free",
                "seats_taken": 0,
                "attributes": {},
                "created_at": now,
                "updated_at": now,
            }
            for i in range(args.courses)
        ]
        conn.execute(insert(Course), courses)
        ids = [c["id"] for c in courses]
        weights = [1 / (i + 1) for i in range(len(ids))]  # a few popular courses
        student_ids = [new_id("stu") for _ in range(students)]
        for start in range(0, students, 5000):
            chunk = student_ids[start : start + 5000]
            conn.execute(
                insert(Student),
                [
                    {
                        "id": s,
                        "tenant_id": tenant_id,
                        "email": f"{s}@bench.test",
                        "signup_method": "email",
                        "created_at": now,
                    }
                    for s in chunk
                ],
            )
            rows = []
            for s in chunk:
                taken = set()
                while len(taken) < args.per_student:
                    taken.add(rng.choices(ids, weights)[0])
                for order, course_id in enumerate(taken):
                    at = now - timedelta(days=30) + timedelta(hours=order)
                    rows.append(
                        {
                            "id": new_id("enr"),
                            "tenant_id": tenant_id,
                            "student_id": s,
                            "course_id": course_id,
                            "status": "active",
                            "source": "free",
                            "created_at": at,
                            "activated_at": at,
                        }
                    )
            conn.execute(insert(Enrollment), rows)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")  # what autovacuum does on a live database
    engine.dispose()
    return tenant_id, student_ids


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    args = parse_args()
    databases = Databases(args.server_url)
    try:
        url = databases.create("tuition_bench_recommendations")
        runtime = Tuition(Settings(database_url=url, password_hashing="fast"))
        migrate.upgrade(runtime.engine)
        started = time.perf_counter()
        tenant_id, student_ids = seed(url, args)
        print(
            f"seeded {args.enrollments} enrollments, {len(student_ids)} students, "
            f"{args.courses} courses in {time.perf_counter() - started:.1f} s"
        )
        rng = random.Random(11)
        timings: dict[str, list[float]] = {"baseline": [], "also_took": []}
        with runtime.session(tenant_id) as session:
            tenant = session.get(Tenant, tenant_id)
            assert tenant is not None
            hooks = runtime.hooks(tenant)
            for _ in range(args.calls):
                student = session.get(Student, rng.choice(student_ids))
                assert student is not None
                began = time.perf_counter()
                list(
                    session.scalars(
                        select(Enrollment.course_id).where(Enrollment.student_id == student.id)
                    )
                )
                timings["baseline"].append(time.perf_counter() - began)
                ctx = CatalogContext(
                    tuition=runtime,
                    session=session,
                    tenant=tenant,
                    student=student,
                    courses=[],
                    states={},
                    settings=tenant.plugin_settings(),
                    now=utcnow(),
                )
                began = time.perf_counter()
                found = hooks.recommendations(ctx, 10)
                timings["also_took"].append(time.perf_counter() - began)
                assert found, "the plugin recommended nothing"
        runtime.close()
        print(f"{'query':<10} {'p50 ms':>8} {'p99 ms':>8} {'calls/s':>9}")
        for name, values in timings.items():
            print(
                f"{name:<10} {percentile(values, 0.5) * 1000:8.2f} "
                f"{percentile(values, 0.99) * 1000:8.2f} "
                f"{1 / statistics.mean(values):9.0f}"
            )
    finally:
        databases.drop_all()


if __name__ == "__main__":
    main()
