"""No oversell and no duplicate enrollment under concurrent requests, on both databases."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from tuition.models import Course, Enrollment, Student
from tuition.services.auth import issue_token


def _students(runtime, tenant, count: int) -> list[dict[str, str]]:
    with runtime.session(tenant.id) as session:
        students = [
            Student(tenant_id=tenant.id, email=f"buyer{i}@example.com") for i in range(count)
        ]
        session.add_all(students)
        session.commit()
        from tuition.models import Tenant

        row = session.get(Tenant, tenant.id)
        return [tenant.as_student(issue_token(runtime, row, s)[0]) for s in students]


def _race(app, headers: list[dict[str, str]], course: str) -> list[int]:
    barrier = threading.Barrier(len(headers))

    def buy(h: dict[str, str]) -> int:
        client = app.test_client()
        barrier.wait()
        return client.post("/v1/enrollments", json={"course": course}, headers=h).status_code

    with ThreadPoolExecutor(max_workers=len(headers)) as pool:
        return list(pool.map(buy, headers))


def test_fifty_buyers_five_seats(app, api, tenant, runtime):
    api.create_course(tenant, "tiny", capacity=5)
    statuses = _race(app, _students(runtime, tenant, 50), "tiny")
    assert statuses.count(201) == 5
    assert statuses.count(409) == 45
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(Enrollment)) == 5
        assert session.scalar(select(Course.seats_taken).where(Course.slug == "tiny")) == 5


def test_one_student_twenty_clicks(app, api, tenant, runtime):
    api.create_course(tenant, "popular", capacity=100)
    headers = _students(runtime, tenant, 1) * 20
    statuses = _race(app, headers, "popular")
    assert statuses.count(201) == 1 and statuses.count(409) == 19
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(Enrollment)) == 1
        assert session.scalar(select(Course.seats_taken).where(Course.slug == "popular")) == 1
