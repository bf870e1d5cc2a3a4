"""Shared fixtures of the cohorts plugin's tests (core's ``api``, ``runtime`` … come from
core's pytest plugin)."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.testing.api import Api, StudentHandle, TenantHandle

COHORT_PLUGINS: dict[str, Any] = {"cohorts": {}, "free_enrollment": {}, "dummy_provider": {}}


class CohortAdmin:
    """One-liners over the admin API of the cohorts plugin, for one tenant."""

    def __init__(self, api: Api, tenant: TenantHandle) -> None:
        self.api, self.tenant = api, tenant

    def call(self, method: str, path: str, expect: int | None = None, **kwargs: Any) -> Any:
        response = self.api.call(method, path, headers=self.tenant.admin, expect=expect, **kwargs)
        return response.get_json() if expect is not None and expect != 204 else response

    def course(self, slug: str, **fields: Any) -> dict[str, Any]:
        return self.api.create_course(self.tenant, slug, **fields)

    def cohort(self, course: str, slug: str = "spring", **fields: Any) -> dict[str, Any]:
        body = {"slug": slug, "name": slug.title(), "capacity": 10, **fields}
        return self.call("POST", f"/v1/admin/courses/{course}/cohorts", json=body, expect=201)

    def step(self, course: str, label: str, **fields: Any) -> dict[str, Any]:
        body = {"label": label, "title": label.title(), **fields}
        return self.call("POST", f"/v1/admin/courses/{course}/steps", json=body, expect=201)

    def option(self, cohort_id: str, step: str, **fields: Any) -> dict[str, Any]:
        body = {
            "step": step,
            "name": f"{step} session",
            "weekday": 0,
            "start_time": "18:00",
            "end_time": "19:30",
            "timezone": "Europe/Berlin",
            "capacity": 10,
            **fields,
        }
        return self.call("POST", f"/v1/admin/cohorts/{cohort_id}/options", json=body, expect=201)

    def enroll(
        self, student: StudentHandle, course: str, cohort: str = "spring", expect: int | None = 201
    ) -> Any:
        return self.api.call(
            "POST",
            "/v1/enrollments",
            json={"course": course, "cohort": cohort},
            headers=student.headers,
            expect=expect,
        ).get_json()


@pytest.fixture
def cohort_site(api: Api) -> TenantHandle:
    """A tenant with the cohorts plugin, free enrollment and the dummy payment provider."""
    return api.create_tenant(COHORT_PLUGINS)


@pytest.fixture
def cohort_admin(api: Api, cohort_site: TenantHandle) -> CohortAdmin:
    return CohortAdmin(api, cohort_site)
