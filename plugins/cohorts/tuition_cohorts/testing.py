"""Helpers for tests of the cohorts plugin (and of plugins built on it): a site with the
plugin on, cohorts through the admin API, enrolling with a cohort, paying at the dummy
provider."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from .models import Cohort

PRICE = {"amount": 90000, "currency": "EUR"}


def make_site(api: Any, **cohorts_settings: Any) -> Any:
    return api.create_tenant(
        {
            "free_enrollment": {},
            "dummy_provider": {},
            "recorder": {},
            "cohorts": {"settings": cohorts_settings},
        }
    )


def add_cohort(
    api: Any, tenant: Any, course: str, slug: str, capacity: int, **fields: Any
) -> dict[str, Any]:
    body = {"slug": slug, "name": slug.replace("-", " ").title(), "capacity": capacity, **fields}
    return api.call(
        "POST", f"/v1/admin/courses/{course}/cohorts", json=body, headers=tenant.admin, expect=201
    ).get_json()


def paid_course(api: Any, tenant: Any, slug: str = "bootcamp", capacity: int = 2) -> None:
    api.create_course(tenant, slug, pricing_model="one_time", price=PRICE)
    add_cohort(api, tenant, slug, "spring", capacity)


def enroll(api: Any, student: Any, course: str, cohort: str | None = None) -> Any:
    body = {"course": course} if cohort is None else {"course": course, "cohort": cohort}
    return api.call("POST", "/v1/enrollments", json=body, headers=student.headers)


def pay(api: Any, tenant: Any, order_id: str, outcome: str = "pay") -> None:
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{order_id}",
        json={"outcome": outcome},
        expect=200,
    )


def cohort_view(api: Any, tenant: Any, course: str, student: Any = None) -> dict[str, Any]:
    headers = student.headers if student else tenant.storefront
    return api.call("GET", f"/v1/courses/{course}", headers=headers, expect=200).get_json()


def seats(runtime: Any, tenant: Any, slug: str = "spring") -> int:
    with runtime.session(tenant.id) as session:
        return session.scalar(select(Cohort.seats_taken).where(Cohort.slug == slug)) or 0
