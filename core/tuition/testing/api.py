"""A small client for tests: tenants, students and authenticated calls in one line each."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import update

from tuition.models import Course, Student, Tenant
from tuition.services.auth import issue_token
from tuition.testing.conformance import check_response

OPERATOR_TOKEN = "op_test_operator_token"
_counter = itertools.count(1)


@dataclass
class TenantHandle:
    """A tenant created through the API, with its keys."""

    id: str
    slug: str
    publishable_key: str
    secret_key: str
    admin: dict[str, str] = field(default_factory=dict)
    storefront: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.admin = {"Authorization": f"Bearer {self.secret_key}"}
        self.storefront = {"X-Tenant-Key": self.publishable_key}

    def as_student(self, token: str) -> dict[str, str]:
        return {**self.storefront, "Authorization": f"Bearer {token}"}


@dataclass
class StudentHandle:
    id: str
    email: str
    token: str
    headers: dict[str, str]


class Api:
    """Drives the public API through a Flask test client, asserting the expected status and
    that every JSON answer matches the OpenAPI document (:mod:`tuition.testing.conformance`)."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def call(self, method: str, path: str, *, expect: int | None = None, **kwargs: Any) -> Any:
        response = self.client.open(path, method=method, **kwargs)
        if expect is not None:
            assert response.status_code == expect, (
                f"{method} {path}: {response.status_code} {response.get_data(as_text=True)}"
            )
        check_response(self.client.application, method, path, response)
        return response

    def create_tenant(self, plugins: dict[str, Any] | None = None, **extra: Any) -> TenantHandle:
        slug = extra.pop("slug", f"site-{next(_counter)}")
        body = {
            "slug": slug,
            "name": slug.title(),
            "plugins": plugins if plugins is not None else {"free_enrollment": {}},
            **extra,
        }
        data = self.call(
            "POST",
            "/v1/tenants",
            json=body,
            expect=201,
            headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"},
        ).get_json()
        return TenantHandle(data["id"], data["slug"], data["publishable_key"], data["secret_key"])

    def create_course(
        self, tenant: TenantHandle, slug: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        body = {
            "slug": slug or f"course-{next(_counter)}",
            "title": "A course",
            "pricing_model": "free",
            "status": "published",
            **fields,
        }
        return self.call(
            "POST", "/v1/admin/courses", json=body, headers=tenant.admin, expect=201
        ).get_json()

    def publish_unchecked(self, tenant: TenantHandle, slug: str) -> None:
        """Publish course ``slug`` behind the admin API's back, which refuses to publish a
        course nobody could buy (``plugin_plan_rejected``): the state a deployment change
        (a plugin uninstalled) or an older version can leave, to test how such a course is
        shown and refused."""
        runtime = self.client.application.extensions["tuition"]
        with runtime.session(tenant.id) as session:
            session.execute(
                update(Course)
                .values(status="published")
                .where(Course.tenant_id == tenant.id, Course.slug == slug)
            )
            session.commit()

    def signup(
        self, tenant: TenantHandle, email: str | None = None, **fields: Any
    ) -> StudentHandle:
        email = email or f"student{next(_counter)}@example.com"
        body = {"email": email, "password": "correct horse battery", **fields}
        data = self.call(
            "POST", "/v1/auth/signup", json=body, headers=tenant.storefront, expect=201
        ).get_json()
        return StudentHandle(
            data["student"]["id"], email, data["token"], tenant.as_student(data["token"])
        )

    def add_students(
        self, tenant: TenantHandle, count: int, *, prefix: str = "student"
    ) -> list[StudentHandle]:
        """``count`` students of ``tenant``, each with a signed token, made behind the
        API's back in one transaction: many buyers for a concurrency test without as many
        signups. Their emails start with ``prefix``; they have no password, so they cannot
        log in, and their tokens are what signup would have returned."""
        runtime = self.client.application.extensions["tuition"]
        batch = next(_counter)
        emails = [f"{prefix}{batch}-{i}@example.com" for i in range(count)]
        with runtime.session(tenant.id) as session:
            students = [Student(tenant_id=tenant.id, email=email) for email in emails]
            session.add_all(students)
            session.commit()
            row = session.get(Tenant, tenant.id)
            assert row is not None, f"no tenant {tenant.id}"
            tokens = [issue_token(runtime, row, student)[0] for student in students]
            ids = [student.id for student in students]
        return [
            StudentHandle(id_, email, token, tenant.as_student(token))
            for id_, email, token in zip(ids, emails, tokens, strict=True)
        ]

    def enroll(
        self,
        tenant: TenantHandle,
        student: StudentHandle,
        course: str,
        expect: int | None = 201,
        **kwargs: Any,
    ) -> Any:
        return self.call(
            "POST",
            "/v1/enrollments",
            json={"course": course},
            headers={**student.headers, **kwargs.pop("headers", {})},
            expect=expect,
            **kwargs,
        )
