"""The site owner enrolls students into a cohort by hand (``POST /v1/admin/enrollments``
with ``cohort``): the same field, checks and seat pool as a student's own enrollment,
beyond capacity only when asked (``take_seat: false``), and ending it frees the seat."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tuition.testing.recorders import Recorder
from tuition_cohorts.models import CohortSeat
from tuition_cohorts.testing import add_cohort, enroll, make_site, seats

ENROLL = "/v1/admin/enrollments"


@pytest.fixture
def tuition_plugins() -> list[tuple[str, Any]]:
    return [("recorder", Recorder())]


def by_hand(api: Any, tenant: Any, expect: int, **body: Any) -> dict[str, Any]:
    body = {"course": "bootcamp", "complimentary": True, **body}
    return api.call("POST", ENROLL, json=body, headers=tenant.admin, expect=expect).get_json()


def test_owner_enrolls_into_a_cohort_past_its_deadline_and_ends_it(api: Any, runtime: Any):
    tenant = make_site(api)
    api.create_course(tenant, "bootcamp")
    add_cohort(api, tenant, "bootcamp", "spring", 1, enrollment_deadline="2020-01-01T00:00:00Z")
    add_cohort(api, tenant, "bootcamp", "autumn", 1)

    assert by_hand(api, tenant, 422, email="a@example.com")["code"] == "cohort_required"
    assert by_hand(api, tenant, 422, email="a@example.com", cohort="winter")["code"] == (
        "unknown_cohort"
    )
    made = by_hand(api, tenant, 201, email="a@example.com", cohort="spring")
    assert made["status"] == "active" and made["invited"] is True
    assert seats(runtime, tenant, "spring") == 1
    # A student's own enrollment is refused by the deadline the owner may pass.
    student = api.signup(tenant)
    assert enroll(api, student, "bootcamp", "spring").get_json()["code"] == "registration_closed"
    # Full: refused when taking a seat, accepted beyond capacity, explicitly.
    full = by_hand(api, tenant, 409, student=student.id, cohort="spring")
    assert full["code"] == "cohort_full"
    extra = by_hand(api, tenant, 201, student=student.id, cohort="spring", take_seat=False)
    assert extra["take_seat"] is False and seats(runtime, tenant, "spring") == 1
    with runtime.session(tenant.id) as session:
        rows = {
            row.enrollment_id: (row.status, row.counted)
            for row in session.scalars(select(CohortSeat))
        }
    assert rows == {made["id"]: ("taken", True), extra["id"]: ("taken", False)}

    # Ending the extra enrollment gives no seat back; ending the counted one does.
    api.call("POST", f"{ENROLL}/{extra['id']}/end", headers=tenant.admin, expect=200)
    assert seats(runtime, tenant, "spring") == 1
    api.call("POST", f"{ENROLL}/{made['id']}/end", headers=tenant.admin, expect=200)
    assert seats(runtime, tenant, "spring") == 0
    with runtime.session(tenant.id) as session:
        statuses = {row.status for row in session.scalars(select(CohortSeat))}
    assert statuses == {"released"}
    by_hand(api, tenant, 201, student=student.id, cohort="spring")
    assert seats(runtime, tenant, "spring") == 1


def test_an_import_fills_cohorts_and_reports_the_full_one(api: Any, runtime: Any):
    tenant = make_site(api)
    api.create_course(tenant, "bootcamp")
    add_cohort(api, tenant, "bootcamp", "spring", 1)
    content = (
        "email,name,course,cohort\n"
        "a@example.com,A,bootcamp,spring\n"
        "b@example.com,B,bootcamp,spring\n"
        "c@example.com,C,bootcamp,\n"
    )
    headers = {**tenant.admin, "Content-Type": "text/csv"}
    started = api.call(
        "POST", f"{ENROLL}:import", data=content, headers=headers, expect=202
    ).get_json()
    done = api.call(
        "GET", f"{ENROLL}:import/{started['id']}", headers=tenant.admin, expect=200
    ).get_json()
    assert (done["enrolled"], done["failed"]) == (1, 2)
    assert [(e["line"], e["code"]) for e in done["errors"]] == [
        (3, "cohort_full"),
        (4, "cohort_required"),
    ]
    assert seats(runtime, tenant, "spring") == 1
