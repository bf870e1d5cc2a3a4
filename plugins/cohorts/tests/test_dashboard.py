"""The dashboard with the cohorts plugin: courses sold per cohort are offered too."""

from __future__ import annotations

from typing import Any

from tuition.testing.api import TenantHandle
from tuition_cohorts.testing import add_cohort, enroll


def test_the_dashboard_offers_courses_sold_per_cohort(api: Any, cohort_site: TenantHandle) -> None:
    tenant = cohort_site
    api.create_course(tenant, "bootcamp")  # open cohorts: choose_cohort
    add_cohort(api, tenant, "bootcamp", "spring", 3)
    add_cohort(api, tenant, "bootcamp", "autumn", 0)
    api.create_course(tenant, "sold-out")  # every cohort full: full (waitlist), no button
    add_cohort(api, tenant, "sold-out", "spring", 0)
    api.create_course(tenant, "plain")  # no cohorts: available
    api.create_course(tenant, "owned")
    add_cohort(api, tenant, "owned", "spring", 3)
    student = api.signup(tenant)
    enroll(api, student, "owned", "spring")

    board = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()

    available = {c["slug"]: c for c in board["available"]}
    assert sorted(available) == ["bootcamp", "plain"]
    bootcamp = available["bootcamp"]
    assert bootcamp["enroll_state"] == "choose_cohort"
    assert [
        c["slug"] for c in bootcamp["extensions"]["cohorts"] if c["enroll_state"] == "available"
    ] == ["spring"]
    assert available["plain"]["enroll_state"] == "available"
    assert [o["course"]["slug"] for o in board["owned"]] == ["owned"]


def test_choose_cohort_is_documented_as_an_enroll_state(client: Any) -> None:
    course = client.get("/openapi.json").get_json()["components"]["schemas"]["CourseOut"]
    state = course["properties"]["enroll_state"]
    assert "choose_cohort" in state["enum"] and "choose_cohort" in state["description"]
