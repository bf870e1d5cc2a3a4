"""Completing an enrollment (student or admin/LMS) and the recommendations endpoint."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.testing.recorders import Recorder


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


def _site(api: Any) -> Any:
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}, "recorder": {}})
    api.create_course(tenant, "mini")
    api.create_course(
        tenant, "pro", pricing_model="one_time", price={"amount": 9900, "currency": "EUR"}
    )
    return tenant


def test_student_completes_once_and_the_event_is_emitted_once(api: Any, recorder: Recorder) -> None:
    tenant = _site(api)
    student = api.signup(tenant)
    enrollment = api.enroll(tenant, student, "mini").get_json()
    path = f"/v1/me/enrollments/{enrollment['id']}/complete"
    done = api.call("POST", path, headers=student.headers, expect=200).get_json()
    assert done["status"] == "completed" and done["completed_at"] is not None
    again = api.call("POST", path, headers=student.headers, expect=200).get_json()
    assert again["completed_at"] == done["completed_at"]
    completed = recorder.events("enrollment.completed")
    assert [(e["enrollment_id"], e["course"], e["cause"]) for e in completed] == [
        (enrollment["id"], "mini", "student")
    ]
    course = api.call("GET", "/v1/courses/mini", headers=student.headers).get_json()
    assert course["enroll_state"] == "enrolled"


def test_only_active_own_enrollments_complete(api: Any) -> None:
    tenant = _site(api)
    student, other = api.signup(tenant), api.signup(tenant)
    pending = api.enroll(tenant, student, "pro", expect=202).get_json()
    refused = api.call(
        "POST", f"/v1/me/enrollments/{pending['id']}/complete", headers=student.headers, expect=409
    ).get_json()
    assert refused["code"] == "enrollment_not_active"
    mine = api.enroll(tenant, student, "mini").get_json()
    api.call("POST", f"/v1/me/enrollments/{mine['id']}/complete", headers=other.headers, expect=404)
    api.call("POST", "/v1/me/enrollments/enr_missing/complete", headers=student.headers, expect=404)


def test_admin_marks_progress_for_its_own_tenant_only(api: Any, recorder: Recorder) -> None:
    tenant, elsewhere = _site(api), _site(api)
    student = api.signup(tenant)
    enrollment = api.enroll(tenant, student, "mini").get_json()
    api.call(
        "POST",
        f"/v1/admin/enrollments/{enrollment['id']}/complete",
        headers=elsewhere.admin,
        expect=404,
    )
    done = api.call(
        "POST",
        f"/v1/admin/enrollments/{enrollment['id']}/complete",
        headers=tenant.admin,
        expect=200,
    ).get_json()
    assert done["status"] == "completed" and done["student_id"] == student.id
    assert [e["cause"] for e in recorder.events("enrollment.completed")] == ["admin"]


def test_recommendations_are_ranked_and_never_owned(api: Any, recorder: Recorder) -> None:
    tenant = _site(api)
    api.create_course(tenant, "extra")
    student = api.signup(tenant)
    api.enroll(tenant, student, "mini")
    recorder.recommend = ["mini", "pro", "extra"]  # scores 0, 1, 2
    items = api.call(
        "GET", "/v1/me/recommendations", headers=student.headers, expect=200
    ).get_json()["items"]
    assert [(i["course"]["slug"], i["reason"]) for i in items] == [
        ("extra", "because extra"),
        ("pro", "because pro"),
    ]
    assert items[1]["course"]["enroll_state"] == "available"
    one = api.call(
        "GET", "/v1/me/recommendations?limit=1", headers=student.headers, expect=200
    ).get_json()["items"]
    assert [i["course"]["slug"] for i in one] == ["extra"]
    api.call("GET", "/v1/me/recommendations?limit=0", headers=student.headers, expect=422)
    api.call("GET", "/v1/me/recommendations", headers=tenant.storefront, expect=401)
