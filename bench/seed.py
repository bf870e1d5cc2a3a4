"""Seed a Tuition database at scale, fast: tenants, keys, courses, students, enrollments.

    .venv/bin/python bench/seed.py DATABASE_URL --tenants 100 --students 10000 \\
        [--per-student 10] [--enrollments 1000000] [--courses 50]

Writes straight into a migrated database (as its owner) with PostgreSQL ``COPY`` through
psycopg (``--method executemany`` uses SQLAlchemy Core ``insert()`` in batches instead):
no API calls, no password hashing, no ORM units of work. Every tenant gets a publishable
key (returned in clear, for the load), the ``free_enrollment`` plugin and ``--courses``
published free courses; students are spread evenly over the tenants and each takes
``--per-student`` distinct courses of their tenant (capped at ``--enrollments`` in all),
mostly active, a few completed or canceled, so the partial unique index and the status
filters see a realistic mix. Seat counters match the live enrollments. Ends with
``VACUUM ANALYZE`` (what autovacuum would have done on a live database).

:func:`seed` is what ``bench/scale.py`` calls; this script runs it on its own.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import secrets
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, create_engine, insert
from sqlalchemy.pool import NullPool

from tuition.db import new_id, utcnow
from tuition.models import ApiKey, Course, Enrollment, Student, Tenant, TenantPlugin

BATCH = 5000
#: Status mix of the seeded enrollments (weights): mostly active.
STATUS_MIX = (("active", 90), ("completed", 6), ("canceled", 4))
LIVE = frozenset({"active", "completed"})


@dataclass
class SeedStats:
    """What :func:`seed` wrote, for the callers' load and reports."""

    tenants: list[tuple[str, str]] = field(default_factory=list)  # (tenant id, pk_ key)
    students: dict[str, list[str]] = field(default_factory=dict)  # tenant id -> student ids
    courses: int = 0
    enrollments: int = 0
    seconds: float = 0.0
    rows_per_second: float = 0.0


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _copy(
    conn: Connection,
    model: type[Any],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    method: str,
) -> int:
    """Write ``rows`` (tuples in ``columns`` order) into ``model``'s table; answer the count."""
    count = 0
    table: Table = model.__table__
    if method == "copy":
        raw: Any = conn.connection.driver_connection  # psycopg.Connection
        names = ", ".join(f'"{c}"' for c in columns)
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(dict(zip(columns, row, strict=True)))
        if len(batch) >= BATCH:
            conn.execute(insert(table), batch)
            count += len(batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)
        count += len(batch)
    return count


def seed(
    database_url: str,
    *,
    tenants: int,
    students: int,
    per_student: int = 10,
    max_enrollments: int = 1_000_000,
    courses: int = 50,
    method: str = "copy",
    rng_seed: int = 7,
    progress: bool = True,
) -> SeedStats:
    """Fill the migrated, empty database at ``database_url`` (connect as its owner)."""
    if tenants < 1 or students < tenants or courses < 1:
        raise ValueError("need tenants >= 1, students >= tenants, courses >= 1")
    per_student = min(per_student, courses)
    rng = random.Random(rng_seed)
    stats = SeedStats()
    started = time.perf_counter()
    now = utcnow()
    engine = create_engine(database_url, poolclass=NullPool)

    def say(message: str) -> None:
        if progress:
            print(f"    seed {time.perf_counter() - started:6.1f} s  {message}", flush=True)

    tenant_rows, key_rows, plugin_rows = [], [], []
    for n in range(tenants):
        tenant_id, key = new_id("ten"), "pk_" + secrets.token_urlsafe(24)
        stats.tenants.append((tenant_id, key))
        tenant_rows.append((tenant_id, f"scale-{n:05d}", f"Scale tenant {n}", 1, now))
        key_rows.append(
            (
                new_id("key"),
                tenant_id,
                "publishable",
                hashlib.sha256(key.encode()).hexdigest(),
                key[-4:],
                key,
                now,
            )
        )
        plugin_rows.append((tenant_id, "free_enrollment", True, _json({}), now))
    course_ids: dict[str, list[str]] = {}
    course_rows = []
    for tenant_id, _key in stats.tenants:
        ids = [new_id("crs") for _ in range(courses)]
        course_ids[tenant_id] = ids
        for i, course_id in enumerate(ids):
            created = now - timedelta(days=365) + timedelta(minutes=i)
            course_rows.append(
                [
                    course_id,
                    tenant_id,
                    f"course-{i:03d}",
                    f"Course {i}",
                    "A course of the scale benchmark.",
                    "published",
                    "free",
                    0,
                    _json({}),
                    created,
                    created,
                ]
            )
    seats: dict[str, int] = {}
    budget = max_enrollments

    def student_rows() -> Iterator[tuple[Any, ...]]:
        for index in range(students):
            tenant_id = stats.tenants[index % tenants][0]
            student_id = new_id("stu")
            stats.students.setdefault(tenant_id, []).append(student_id)
            yield (
                student_id,
                tenant_id,
                f"s{index}@scale.example",
                "email",
                now - timedelta(days=rng.randrange(1, 300)),
            )

    def enrollment_rows() -> Iterator[tuple[Any, ...]]:
        nonlocal budget
        statuses = [s for s, _w in STATUS_MIX]
        weights = [w for _s, w in STATUS_MIX]
        for tenant_id, ids in stats.students.items():
            offered = course_ids[tenant_id]
            for student_id in ids:
                if budget <= 0:
                    return
                taken = rng.sample(offered, min(per_student, budget))
                budget -= len(taken)
                for order, course_id in enumerate(taken):
                    status = rng.choices(statuses, weights)[0]
                    at: datetime = now - timedelta(days=200) + timedelta(hours=order)
                    if status in LIVE:
                        seats[course_id] = seats.get(course_id, 0) + 1
                    yield (
                        new_id("enr"),
                        tenant_id,
                        student_id,
                        course_id,
                        status,
                        "free",
                        at,
                        at if status in LIVE else None,
                        at + timedelta(days=30) if status == "completed" else None,
                        at + timedelta(days=1) if status == "canceled" else None,
                    )

    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT set_config('app.tenant_id', '*', true)")
            _copy(
                conn,
                Tenant,
                ("id", "slug", "name", "config_version", "created_at"),
                tenant_rows,
                method,
            )
            _copy(
                conn,
                ApiKey,
                ("id", "tenant_id", "kind", "key_hash", "hint", "public_value", "created_at"),
                key_rows,
                method,
            )
            _copy(
                conn,
                TenantPlugin,
                ("tenant_id", "plugin", "enabled", "settings", "updated_at"),
                plugin_rows,
                method,
            )
            say(f"{tenants} tenants with keys and plugins")
            stats.courses = _copy(
                conn,
                Course,
                (
                    "id",
                    "tenant_id",
                    "slug",
                    "title",
                    "summary",
                    "status",
                    "pricing_model",
                    "seats_taken",
                    "attributes",
                    "created_at",
                    "updated_at",
                ),
                course_rows,
                method,
            )
            say(f"{stats.courses} courses")
            made = _copy(
                conn,
                Student,
                ("id", "tenant_id", "email", "signup_method", "created_at"),
                student_rows(),
                method,
            )
            say(f"{made} students")
            stats.enrollments = _copy(
                conn,
                Enrollment,
                (
                    "id",
                    "tenant_id",
                    "student_id",
                    "course_id",
                    "status",
                    "source",
                    "created_at",
                    "activated_at",
                    "completed_at",
                    "ended_at",
                ),
                enrollment_rows(),
                method,
            )
            say(f"{stats.enrollments} enrollments")
            if seats:
                conn.exec_driver_sql(
                    "CREATE TEMPORARY TABLE bench_seats (id varchar(32), n integer) ON COMMIT DROP"
                )
                raw: Any = conn.connection.driver_connection
                with raw.cursor() as cursor, cursor.copy("COPY bench_seats FROM STDIN") as copy:
                    for course_id, n in seats.items():
                        copy.write_row((course_id, n))
                conn.exec_driver_sql(
                    "UPDATE courses SET seats_taken = bench_seats.n "
                    "FROM bench_seats WHERE courses.id = bench_seats.id"
                )
            say("seat counters")
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        say("VACUUM ANALYZE")
    finally:
        engine.dispose()
    stats.seconds = time.perf_counter() - started
    rows = tenants * 3 + stats.courses + students + stats.enrollments
    stats.rows_per_second = rows / stats.seconds if stats.seconds else 0.0
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url", help="a migrated, empty database; connect as owner")
    parser.add_argument("--tenants", type=int, default=100)
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--per-student", type=int, default=10)
    parser.add_argument("--enrollments", type=int, default=1_000_000, help="cap, in all")
    parser.add_argument("--courses", type=int, default=50, help="per tenant")
    parser.add_argument("--method", choices=("copy", "executemany"), default="copy")
    args = parser.parse_args(argv)
    stats = seed(
        args.database_url,
        tenants=args.tenants,
        students=args.students,
        per_student=args.per_student,
        max_enrollments=args.enrollments,
        courses=args.courses,
        method=args.method,
    )
    print(
        f"seeded {len(stats.tenants)} tenants, {stats.courses} courses, "
        f"{sum(len(s) for s in stats.students.values())} students, {stats.enrollments} "
        f"enrollments in {stats.seconds:.1f} s ({stats.rows_per_second:,.0f} rows/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
