"""The bootcamp demo tenant sells a cohort end to end with the dummy provider: enroll →
pay → single-option steps booked automatically → the other steps booked through the API →
dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tuition.plugin_api import Host
from tuition.testing.api import StudentHandle
from tuition.testing.tenants import sync_tenant_files

DEMO = Path(__file__).resolve().parents[3] / "tenants"
STOREFRONT = {"X-Tenant-Key": "pk_demo_web_bootcamp"}


def test_bootcamp_demo_sells_a_cohort_end_to_end(api: Any, runtime: Host) -> None:
    sync_tenant_files(runtime, DEMO)
    signed = api.call(
        "POST",
        "/v1/auth/signup",
        headers=STOREFRONT,
        expect=201,
        json={
            "email": "ada@example.com",
            "password": "correct horse battery",
            "intended_course": "web-bootcamp",
        },
    ).get_json()
    me = StudentHandle(
        signed["student"]["id"],
        "ada@example.com",
        signed["token"],
        {**STOREFRONT, "Authorization": f"Bearer {signed['token']}"},
    )

    course = api.call("GET", "/v1/courses/web-bootcamp", headers=me.headers, expect=200).get_json()
    assert course["enroll_state"] == "choose_cohort"
    assert [c["slug"] for c in course["extensions"]["cohorts"]] == ["spring-2027", "autumn-2027"]

    started = api.call(
        "POST",
        "/v1/enrollments",
        headers=me.headers,
        expect=202,
        json={"course": "web-bootcamp", "cohort": "spring-2027"},
    ).get_json()
    order_id = started["checkout"]["order_id"]
    api.call(
        "POST", f"/v1/dummy/checkout/web-bootcamp/{order_id}", json={"outcome": "pay"}, expect=200
    )

    steps = api.call(
        "GET", f"/v1/me/enrollments/{started['id']}/steps", headers=me.headers, expect=200
    ).get_json()["steps"]
    by_label = {s["step"]: s for s in steps}
    assert [s["step"] for s in steps] == ["kickoff", "mentoring", "demo-day"]
    assert by_label["kickoff"]["status"] == "booked"  # one option: booked automatically
    assert by_label["kickoff"]["option"]["location"] == "Campus Berlin, room 1"
    assert by_label["mentoring"]["status"] == "unbooked"
    assert len(by_label["mentoring"]["options"]) == 2

    thursday = next(o for o in by_label["mentoring"]["options"] if o["name"] == "Thursday mornings")
    afternoon = next(
        o for o in by_label["demo-day"]["options"] if o["name"] == "Demo day, afternoon"
    )
    booked = api.call(
        "POST",
        f"/v1/me/enrollments/{started['id']}/bookings",
        headers=me.headers,
        expect=200,
        json={
            "selections": [
                {"step": "mentoring", "option": thursday["id"]},
                {"step": "demo-day", "option": afternoon["id"]},
            ]
        },
    ).get_json()
    assert [s["status"] for s in booked["steps"]] == ["booked"] * 3

    board = api.call("GET", "/v1/me/dashboard", headers=me.headers, expect=200).get_json()
    owned = {o["course"]["slug"]: o["enrollment"]["status"] for o in board["owned"]}
    assert owned == {"web-bootcamp": "active"}
    assert "bootcamp-orientation" in [c["slug"] for c in board["available"]]
