"""The free mini-course → paid course funnel: offers on activation and on completion, in
the dashboard and recommendations with their reason, as events, at the offer price."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.testing.recorders import Recorder

PRO = {"amount": 4900, "currency": "EUR"}
OFFER = {
    "message": "Ready for more? 40% off for you.",
    "price": {"amount": 2900, "currency": "EUR"},
}


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


def funnel(api: Any, *plugins: str) -> Any:
    tenant = api.create_tenant(
        {"free_enrollment": {}, "dummy_provider": {}, "recorder": {}, **{p: {} for p in plugins}}
    )
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRO)
    attributes = {"next_course": {"offers": {"pro": OFFER}}} if plugins else {}
    api.create_course(tenant, "mini", next_courses=["pro"], attributes=attributes)
    return tenant


def recommendations(api: Any, student: Any) -> list[tuple[str, str, float]]:
    items = api.call(
        "GET", "/v1/me/recommendations", headers=student.headers, expect=200
    ).get_json()["items"]
    return [(i["course"]["slug"], i["reason"], i["score"]) for i in items]


def test_mini_course_leads_to_the_paid_course_at_the_offer_price(
    api: Any, recorder: Recorder
) -> None:
    tenant = funnel(api, "next_course")
    student = api.signup(tenant)
    mini = api.enroll(tenant, student, "mini").get_json()
    offered = recorder.events("next_course.offered")
    assert [
        (o["from_course"], o["course"], o["trigger"], o["message"], o["price"]) for o in offered
    ] == [("mini", "pro", "activated", OFFER["message"], OFFER["price"])]
    assert recommendations(api, student) == [("pro", OFFER["message"], 50.0)]

    for _ in range(2):  # completing twice offers once more, not twice
        api.call(
            "POST", f"/v1/me/enrollments/{mini['id']}/complete", headers=student.headers, expect=200
        )
    assert [o["trigger"] for o in recorder.events("next_course.offered")] == [
        "activated",
        "completed",
    ]
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()
    assert [(r["course"]["slug"], r["reason"], r["score"]) for r in board["recommendations"]] == [
        ("pro", OFFER["message"], 100.0)
    ]

    # The quote says what the enrollment will charge: the offer price, for this student.
    quoted = api.call(
        "GET", "/v1/courses/pro/quote", headers=student.headers, expect=200
    ).get_json()
    assert (quoted["list_price"], quoted["discount"], quoted["total"]) == (4900, 2000, 2900)
    assert (quoted["reason"], quoted["code"], quoted["problem"]) == (OFFER["message"], None, None)
    nobody = api.call("GET", "/v1/courses/pro/quote", headers=tenant.storefront, expect=200)
    assert (nobody.get_json()["total"], nobody.get_json()["reason"]) == (4900, None)

    checkout = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]
    assert (checkout["amount"], checkout["list_price"]) == (2900, 4900)
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{checkout['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    assert [e["amount"] for e in recorder.events("order.paid")] == [2900]
    assert recommendations(api, student) == []  # owned now


def test_without_a_message_the_reason_names_the_previous_course(api: Any) -> None:
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}, "next_course": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRO)
    api.create_course(tenant, "mini", title="SQL in a day", next_courses=["pro"])
    student = api.signup(tenant)
    api.enroll(tenant, student, "mini")
    assert recommendations(api, student) == [
        ("pro", "Students of SQL in a day continue with this.", 50.0)
    ]
    checkout = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]
    assert checkout["amount"] == 4900 and "list_price" not in checkout


def test_no_offer_for_a_course_already_owned_or_unpublished(api: Any, recorder: Recorder) -> None:
    tenant = funnel(api, "next_course")
    api.create_course(tenant, "draft", status="draft")
    api.call(
        "PATCH",
        "/v1/admin/courses/mini",
        json={"next_courses": ["pro", "draft"]},
        headers=tenant.admin,
        expect=200,
    )
    student = api.signup(tenant)
    api.enroll(tenant, student, "pro", expect=202)  # pending: already has it
    api.enroll(tenant, student, "mini")
    assert recorder.events("next_course.offered") == []


def test_turned_off_it_stays_silent(api: Any, recorder: Recorder) -> None:
    tenant = funnel(api)
    student = api.signup(tenant)
    mini = api.enroll(tenant, student, "mini").get_json()
    api.call(
        "POST", f"/v1/me/enrollments/{mini['id']}/complete", headers=student.headers, expect=200
    )
    assert recorder.events("next_course.offered") == []
    assert recommendations(api, student) == []
    checkout = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]
    assert checkout["amount"] == 4900


def test_offer_settings_are_validated(api: Any) -> None:
    tenant = funnel(api, "next_course")
    refused = api.call(
        "PATCH",
        "/v1/admin/courses/mini",
        headers=tenant.admin,
        json={
            "attributes": {
                "next_course": {"offers": {"pro": {"price": {"amount": -1, "currency": "EUR"}}}}
            }
        },
    )
    assert refused.status_code == 422
    assert "next_course" in str(refused.get_json()["errors"])
