"""Seed a running Tuition: a tenant, 50 free courses and students with tokens.

The tenant, the courses and one reading student go through the public HTTP API, and so
do the enrollments of the student whose dashboard is read (:data:`OWNED_COURSES`). The
students who enroll during the benchmark are inserted with SQLAlchemy and get their tokens
from :func:`tuition.services.auth.issue_token`: signing up hundreds of them would hash as
many passwords with argon2, which measures nothing the benchmark is about.
"""

from __future__ import annotations

import http.client
import json
import math
from dataclasses import dataclass
from typing import Any

from tuition.config import Settings
from tuition.db import new_id
from tuition.models import Student, Tenant
from tuition.runtime import Tuition
from tuition.services.auth import issue_token

COURSE_COUNT = 50
OWNED_COURSES = 5  # free courses the dashboard's student is enrolled in


@dataclass
class TuitionFixture:
    """What the load needs: keys, course slugs, a reading student, enrolling ones and
    (``owner_token``) a student enrolled in :data:`OWNED_COURSES` courses, for the
    dashboard."""

    publishable_key: str
    course_slugs: list[str]
    reader_token: str
    student_tokens: list[str]
    owner_token: str = ""


def api(
    port: int,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    expect: int = 200,
) -> Any:
    """One JSON call to Tuition on ``127.0.0.1:port``; raises unless it answers ``expect``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = None if body is None else json.dumps(body)
        conn.request(
            method,
            path,
            body=payload,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        response = conn.getresponse()
        text = response.read().decode()
    finally:
        conn.close()
    if response.status != expect:
        raise RuntimeError(f"{method} {path}: {response.status} {text[:500]}")
    return json.loads(text) if text else None


def seed(port: int, *, operator_token: str, settings: Settings, students: int) -> TuitionFixture:
    """Create the tenant and courses over HTTP, then ``students`` students in the database."""
    tenant = api(
        port,
        "POST",
        "/v1/tenants",
        expect=201,
        body={"slug": "bench-school", "name": "Bench School", "plugins": {"free_enrollment": {}}},
        headers={"Authorization": f"Bearer {operator_token}"},
    )
    admin = {"Authorization": f"Bearer {tenant['secret_key']}"}
    slugs = [f"course-{i:02d}" for i in range(1, COURSE_COUNT + 1)]
    for i, slug in enumerate(slugs, start=1):
        api(
            port,
            "POST",
            "/v1/admin/courses",
            expect=201,
            headers=admin,
            body={
                "slug": slug,
                "title": f"Course {i}",
                "summary": "A course for the benchmark.",
                "pricing_model": "free",
                "status": "published",
            },
        )
    storefront = {"X-Tenant-Key": tenant["publishable_key"]}
    reader = api(
        port,
        "POST",
        "/v1/auth/signup",
        expect=201,
        headers=storefront,
        body={"email": "reader@bench.example", "password": "correct horse battery"},
    )
    (owner,) = _students(settings, tenant["id"], 1, prefix="owner")
    for slug in slugs[:OWNED_COURSES]:
        api(
            port,
            "POST",
            "/v1/enrollments",
            expect=201,
            headers={**storefront, "Authorization": f"Bearer {owner}"},
            body={"course": slug},
        )
    return TuitionFixture(
        tenant["publishable_key"],
        slugs,
        reader["token"],
        _students(settings, tenant["id"], students),
        owner,
    )


def _students(settings: Settings, tenant_id: str, count: int, prefix: str = "student") -> list[str]:
    """Insert ``count`` students of ``tenant_id`` and answer a token for each."""
    rt = Tuition(settings)
    try:
        with rt.session(tenant_id) as session:
            tenant = session.get(Tenant, tenant_id)
            assert tenant is not None
            rows = [
                Student(
                    id=new_id("stu"),
                    tenant_id=tenant_id,
                    signup_method="email",
                    email=f"{prefix}{i}@bench.example",
                )
                for i in range(count)
            ]
            session.add_all(rows)
            session.commit()
            return [issue_token(rt, tenant, s)[0] for s in rows]
    finally:
        rt.close()


# -- the paying tenant: paid courses, payers, and orders waiting for their webhook --------

SHOP_SLUG = "bench-shop"
PAID_PRICE = 4900
PAID_CURRENCY = "EUR"


@dataclass(frozen=True)
class PendingOrder:
    """An order waiting for its payment: what the provider's webhook names."""

    id: str
    amount: int
    currency: str


@dataclass
class ShopFixture:
    """A tenant selling paid courses through the ``dummy`` provider."""

    tenant_id: str
    slug: str
    publishable_key: str
    course_slugs: list[str]
    student_tokens: list[str]  # students who enroll (each pair once) during the load
    webhook_secret: str
    orders: list[PendingOrder]  # pending orders, each paid once during the load


def seed_shop(
    port: int,
    *,
    operator_token: str,
    settings: Settings,
    students: int,
    orders: int,
    webhook_secret: str,
) -> ShopFixture:
    """Create the paying tenant and its 50 ``one_time`` courses over HTTP, then insert
    ``students`` enrolling students (with tokens) and ``orders`` pending orders."""
    tenant = api(
        port,
        "POST",
        "/v1/tenants",
        expect=201,
        body={
            "slug": SHOP_SLUG,
            "name": "Bench Shop",
            "plugins": {"dummy_provider": {"settings": {"webhook_secret": webhook_secret}}},
        },
        headers={"Authorization": f"Bearer {operator_token}"},
    )
    admin = {"Authorization": f"Bearer {tenant['secret_key']}"}
    slugs = [f"paid-{i:02d}" for i in range(1, COURSE_COUNT + 1)]
    for i, slug in enumerate(slugs, start=1):
        api(
            port,
            "POST",
            "/v1/admin/courses",
            expect=201,
            headers=admin,
            body={
                "slug": slug,
                "title": f"Paid course {i}",
                "summary": "Paid, for the bench.",
                "pricing_model": "one_time",
                "status": "published",
                "price": {"amount": PAID_PRICE, "currency": PAID_CURRENCY},
            },
        )
    tokens = _students(settings, tenant["id"], students, prefix="payer")
    pending = pending_orders(settings.database_url, tenant["id"], orders)
    return ShopFixture(
        tenant["id"], SHOP_SLUG, tenant["publishable_key"], slugs, tokens, webhook_secret, pending
    )


def pending_orders(
    database_url: str, tenant_id: str, count: int, batch: int = 5000
) -> list[PendingOrder]:
    """Insert ``count`` pending orders of ``tenant_id`` (each with its pending enrollment
    and its own (student, course) pair) in batches with SQLAlchemy Core, as the paid
    enrollment route would leave them: seat held, checkout open for a day."""
    from datetime import timedelta

    from sqlalchemy import create_engine, insert, select, update
    from sqlalchemy.pool import NullPool

    from tuition import rls
    from tuition.db import utcnow
    from tuition.models import Course, Enrollment, Order

    engine = create_engine(database_url, poolclass=NullPool)
    made: list[PendingOrder] = []
    now = utcnow()
    try:
        with engine.begin() as conn:
            rls.set_tenant(conn, rls.ALL_TENANTS)
            courses = list(
                conn.execute(
                    select(
                        Course.id, Course.slug, Course.price_amount, Course.price_currency
                    ).where(Course.tenant_id == tenant_id)
                )
            )
            if not courses and count:
                raise RuntimeError("the shop has no courses")
            for start in range(0, count, batch):
                size = min(batch, count - start)
                buyers = math.ceil(size / len(courses))
                student_rows = [
                    {
                        "id": new_id("stu"),
                        "tenant_id": tenant_id,
                        "signup_method": "email",
                        "created_at": now,
                        "email": f"buyer{start + i}@bench.example",
                    }
                    for i in range(buyers)
                ]
                conn.execute(insert(Student), student_rows)
                enrollments, order_rows = [], []
                for i in range(size):
                    student = student_rows[i // len(courses)]["id"]
                    course = courses[i % len(courses)]
                    enrollment_id, order_id = new_id("enr"), new_id("ord")
                    enrollments.append(
                        {
                            "id": enrollment_id,
                            "tenant_id": tenant_id,
                            "student_id": student,
                            "course_id": course.id,
                            "status": "pending",
                            "source": "one_time",
                            "created_at": now,
                        }
                    )
                    order_rows.append(
                        {
                            "id": order_id,
                            "tenant_id": tenant_id,
                            "student_id": student,
                            "course_id": course.id,
                            "enrollment_id": enrollment_id,
                            "provider": "dummy",
                            "amount": course.price_amount,
                            "currency": course.price_currency,
                            "status": "pending",
                            "refunded_amount": 0,
                            "provider_reference": f"dpay_{order_id}",
                            "checkout": {"pay_url": f"/v1/dummy/checkout/{SHOP_SLUG}/{order_id}"},
                            "expires_at": now + timedelta(days=1),
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    made.append(PendingOrder(order_id, course.price_amount, course.price_currency))
                conn.execute(insert(Enrollment), enrollments)
                conn.execute(insert(Order), order_rows)
            for index, course in enumerate(courses):  # the seats these orders hold
                held = count // len(courses) + (1 if index < count % len(courses) else 0)
                conn.execute(
                    update(Course)
                    .where(Course.id == course.id)
                    .values(seats_taken=Course.seats_taken + held)
                )
    finally:
        engine.dispose()
    return made
