"""Access codes for private courses (unlisted, ``code_required``) and the admin API:
create, search, change, delete, batches, late money after a released use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tuition.plugin_api import Host, utcnow
from tuition.testing.chores import reconcile
from tuition.testing.payments import expire_checkouts
from tuition.testing.recorders import Recorder
from tuition_discounts.testing import Shop

PRIVATE = {"discounts": {"code_required": True}}


def states(shop: Shop, headers: dict[str, str]) -> dict[str, str]:
    listed = shop.api.call("GET", "/v1/courses", headers=headers, expect=200).get_json()
    return {c["slug"]: c["enroll_state"] for c in listed["items"]}


def test_a_private_course_takes_enrollments_with_its_access_code(shop: Shop) -> None:
    shop.api.create_course(shop.tenant, "inner-circle", attributes=PRIVATE, unlisted=True)
    shop.api.create_course(shop.tenant, "club", attributes=PRIVATE)
    shop.code("EVERYONE", percent_off=10)  # every course: unlocks none of them
    invite = shop.code("INNER", percent_off=0, courses=["inner-circle"], max_redemptions=5)
    student = shop.student()

    assert states(shop, student.headers) == {"pro": "available", "club": "code_required"}
    private = shop.api.call("GET", "/v1/courses/inner-circle", headers=student.headers)
    assert private.get_json()["enroll_state"] == "code_required"
    board = shop.api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert sorted(c["slug"] for c in board["available"]) == ["club", "pro"]

    refused = shop.enroll(student, "inner-circle")
    assert (refused.status_code, refused.get_json()["code"]) == (409, "code_required")
    assert shop.quote("inner-circle")["problem"]["code"] == "code_required"
    wrong = shop.enroll(student, "inner-circle", code="everyone")
    assert (wrong.status_code, wrong.get_json()["code"]) == (422, "code_not_applicable")

    assert shop.quote("inner-circle", code="inner")["problem"] is None
    enrolled = shop.enroll(student, "inner-circle", code="Inner", expect=201).get_json()
    assert enrolled["status"] == "active"
    found = shop.admin("GET", f"/codes/{invite['id']}", expect=200)
    assert (found["redeemed"], found["totals"]["used"]) == (1, 1)


def test_admin_creates_searches_changes_and_deletes_codes(shop: Shop) -> None:
    summer = shop.code("summer-25", percent_off=25, courses=["pro"])
    shop.code("WINTER", percent_off=None, amounts_off={"EUR": 500})
    taken = shop.admin("POST", "/codes", json={"code": "Summer-25", "percent_off": 5})
    assert (taken.status_code, taken.get_json()["code"]) == (409, "code_exists")
    both = shop.admin(
        "POST", "/codes", json={"code": "BOTH", "percent_off": 5, "amounts_off": {"EUR": 1}}
    )
    assert both.status_code == 422 and "percent_off" in both.get_json()["errors"]
    dates = shop.admin(
        "POST",
        "/codes",
        json={
            "code": "DATES",
            "percent_off": 5,
            "valid_from": "2030-01-02T00:00:00Z",
            "valid_until": "2030-01-01T00:00:00Z",
        },
    )
    assert dates.status_code == 422 and "valid_until" in dates.get_json()["errors"]

    page = shop.admin("GET", "/codes?search=summ", expect=200)
    assert [c["code"] for c in page["items"]] == ["SUMMER-25"] and page["total"] == 1
    assert shop.admin("GET", "/codes", expect=200)["total"] == 2

    changed = shop.admin("PATCH", f"/codes/{summer['id']}", json={"active": False}, expect=200)
    assert changed["active"] is False
    refused = shop.enroll(shop.student(), code="summer-25")
    assert refused.get_json()["code"] == "code_invalid"
    shop.admin("PATCH", f"/codes/{summer['id']}", json={"active": True}, expect=200)
    shop.enroll(shop.student(), code="summer-25", expect=202)

    in_use = shop.admin("DELETE", f"/codes/{summer['id']}")
    assert (in_use.status_code, in_use.get_json()["code"]) == (409, "code_in_use")
    lower = shop.admin("PATCH", f"/codes/{summer['id']}", json={"max_redemptions": 0})
    assert lower.status_code == 409
    winter = shop.admin("GET", "/codes?search=winter", expect=200)["items"][0]
    shop.admin("DELETE", f"/codes/{winter['id']}", expect=204)
    shop.admin("GET", f"/codes/{winter['id']}", expect=404)


def test_generate_a_batch_of_unique_codes(shop: Shop) -> None:
    made = shop.admin(
        "POST",
        "/codes:generate",
        json={"count": 25, "prefix": "vip-", "percent_off": 100, "max_redemptions": 1},
        expect=201,
    )["items"]
    texts = [c["code"] for c in made]
    assert len(set(texts)) == 25
    assert all(t.startswith("VIP-") and len(t) == 12 for t in texts)
    assert {(c["percent_off"], c["max_redemptions"]) for c in made} == {(100, 1)}
    student = shop.student()
    shop.enroll(student, code=texts[0].lower(), expect=201)
    other = shop.enroll(shop.student(), code=texts[0])
    assert other.get_json()["code"] == "code_exhausted"
    assert shop.admin("GET", "/codes?page_size=100", expect=200)["total"] == 25


def test_late_money_takes_the_use_again_or_is_refunded(
    shop: Shop, runtime: Host, recorder: Recorder
) -> None:
    code = shop.code("LATE", max_redemptions=1)
    first = shop.student()
    checkout = shop.enroll(first, code="late", expect=202).get_json()["checkout"]
    expire_checkouts(runtime, order_ids=[checkout["order_id"]])
    assert reconcile(runtime, utcnow() + timedelta(minutes=1)) == {"expired": 1}
    # Someone else takes the only use; then the first buyer's money arrives.
    shop.enroll(shop.student(), code="late", expect=202)
    shop.pay(checkout["order_id"])
    (refund,) = recorder.events("order.refund_scheduled")
    assert (refund["order_id"], refund["reason"]) == (checkout["order_id"], "code_exhausted")
    found = shop.admin("GET", f"/codes/{code['id']}", expect=200)
    assert found["redeemed"] == 1


def test_late_money_with_a_use_left_activates(shop: Shop, runtime: Host) -> None:
    code = shop.code("ROOMY", max_redemptions=5)
    student = shop.student()
    checkout = shop.enroll(student, code="roomy", expect=202).get_json()["checkout"]
    expire_checkouts(runtime, order_ids=[checkout["order_id"]])
    reconcile(runtime, utcnow() + timedelta(minutes=1))
    assert shop.admin("GET", f"/codes/{code['id']}", expect=200)["redeemed"] == 0
    shop.pay(checkout["order_id"])
    found = shop.admin("GET", f"/codes/{code['id']}", expect=200)
    assert (found["redeemed"], found["totals"]["used"]) == (1, 1)
    mine: Any = shop.api.call("GET", "/v1/me/enrollments", headers=student.headers).get_json()
    assert [e["status"] for e in mine["items"]] == ["active"]
