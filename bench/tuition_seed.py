"""Seed a running Tuition: a tenant, 50 free courses and students with tokens.

The tenant, the courses and one reading student go through the public HTTP API. The
students who enroll during the benchmark are inserted with SQLAlchemy and get their tokens
from :func:`tuition.services.auth.issue_token`: signing up hundreds of them would hash as
many passwords with argon2, which measures nothing the benchmark is about.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any

from tuition.config import Settings
from tuition.db import new_id
from tuition.models import Student, Tenant
from tuition.runtime import Tuition
from tuition.services.auth import issue_token

COURSE_COUNT = 50


@dataclass
class TuitionFixture:
    """What the load needs: keys, course slugs, a reading student and enrolling ones."""

    publishable_key: str
    course_slugs: list[str]
    reader_token: str
    student_tokens: list[str]


def api(port: int, method: str, path: str, body: Any = None,
        headers: dict[str, str] | None = None, expect: int = 200) -> Any:
    """One JSON call to Tuition on ``127.0.0.1:port``; raises unless it answers ``expect``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = None if body is None else json.dumps(body)
        conn.request(method, path, body=payload,
                     headers={"Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        text = response.read().decode()
    finally:
        conn.close()
    if response.status != expect:
        raise RuntimeError(f"{method} {path}: {response.status} {text[:500]}")
    return json.loads(text) if text else None


def seed(port: int, *, operator_token: str, settings: Settings,
         students: int) -> TuitionFixture:
    """Create the tenant and courses over HTTP, then ``students`` students in the database."""
    tenant = api(port, "POST", "/v1/tenants", expect=201,
                 body={"slug": "bench-school", "name": "Bench School",
                       "plugins": {"free_enrollment": {}}},
                 headers={"Authorization": f"Bearer {operator_token}"})
    admin = {"Authorization": f"Bearer {tenant['secret_key']}"}
    slugs = [f"course-{i:02d}" for i in range(1, COURSE_COUNT + 1)]
    for i, slug in enumerate(slugs, start=1):
        api(port, "POST", "/v1/admin/courses", expect=201, headers=admin,
            body={"slug": slug, "title": f"Course {i}", "summary": "A course for the benchmark.",
                  "pricing_model": "free", "status": "published"})
    storefront = {"X-Tenant-Key": tenant["publishable_key"]}
    reader = api(port, "POST", "/v1/auth/signup", expect=201, headers=storefront,
                 body={"email": "reader@bench.example", "password": "correct horse battery"})
    return TuitionFixture(tenant["publishable_key"], slugs, reader["token"],
                          _students(settings, tenant["id"], students))


def _students(settings: Settings, tenant_id: str, count: int) -> list[str]:
    """Insert ``count`` students of ``tenant_id`` and answer a token for each."""
    rt = Tuition(settings)
    try:
        with rt.session(tenant_id) as session:
            tenant = session.get(Tenant, tenant_id)
            assert tenant is not None
            rows = [Student(id=new_id("stu"), tenant_id=tenant_id, signup_method="email",
                            email=f"student{i}@bench.example") for i in range(count)]
            session.add_all(rows)
            session.commit()
            return [issue_token(rt, tenant, s)[0] for s in rows]
    finally:
        rt.close()
