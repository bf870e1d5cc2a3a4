"""Team seats through the REST API with the dummy provider: buying N seats in one order,
redeeming them with codes or the link, what the buyer and the site owner see, capacity,
refunds and the refusals (problem codes), on both databases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tuition.plugin_api import Host, utcnow
from tuition.testing.api import Api
from tuition.testing.chores import reconcile
from tuition.testing.payments import expire_checkouts
from tuition.testing.recorders import Recorder
from tuition_seats.testing import Team

#: These flows run on SQLite: the backend is not their point, and CI's time is bounded.
#: PostgreSQL runs the plugin's race, rq and provider tests.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def enrollments(team: Team, student: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = team.api.call(
        "GET", "/v1/me/enrollments", headers=student.headers, expect=200
    ).get_json()["items"]
    return found


def test_an_order_of_seats_charges_each_and_issues_codes_once_paid(
    api: Api, recorder: Recorder
) -> None:
    team = Team(api, capacity=10)
    buyer = team.student()
    checkout = team.buy(buyer, 3)["checkout"]
    assert (checkout["amount"], checkout["list_price"], checkout["quantity"]) == (14700, 14700, 3)
    (pending,) = team.mine(buyer)["items"]
    assert (pending["status"], pending["seats"], pending["remaining"], pending["link"]) == (
        "pending",
        3,
        0,
        None,
    )
    assert team.mine(buyer, pending["id"])["codes"] == []
    assert team.course()["seats_taken"] == 3  # the buyer's seat and the two set aside

    team.pay(checkout["order_id"])
    bought = team.mine(buyer, pending["id"])
    assert (bought["status"], bought["redeemed"], bought["remaining"]) == ("active", 0, 2)
    assert bought["order_id"] == checkout["order_id"]
    assert bought["link"] == f"https://shop.example/redeem?code={bought['link_code']}"
    assert [c["status"] for c in bought["codes"]] == ["unused", "unused"]
    assert len({c["code"] for c in bought["codes"]}) == 2
    order = api.call(
        "GET", f"/v1/admin/orders/{checkout['order_id']}", headers=team.tenant.admin, expect=200
    ).get_json()
    assert (order["status"], order["amount"], order["list_amount"]) == ("paid", 14700, 14700)
    assert [e["status"] for e in enrollments(team, buyer)] == ["active"]  # the first seat
    assert team.course()["seats_taken"] == 3
    (purchased,) = recorder.events("seats.purchased")
    assert (purchased["purchase_id"], purchased["seats"]) == (bought["id"], 3)


def test_redeeming_enrolls_until_the_seats_are_used_and_the_buyer_sees_who(
    api: Api, recorder: Recorder
) -> None:
    team = Team(api, capacity=10)
    buyer = team.student()
    bought = team.bought(buyer, 3)
    first, second, late = team.student(), team.student(), team.student()

    code = bought["codes"][0]["code"]
    redeemed = team.redeem(first, f"  {code.lower()} ")  # case and spaces do not matter
    assert (redeemed["course"], redeemed["enrollment_status"]) == ("pro", "active")
    assert [e["status"] for e in enrollments(team, first)] == ["active"]
    team.redeem(second, bought["link_code"])  # the link takes the next unused seat
    refused = team.redeem(late, bought["link_code"], expect=409)
    assert refused["code"] == "seats_exhausted"
    assert enrollments(team, late) == []
    assert team.redeem(late, code, expect=409)["code"] == "seat_already_redeemed"

    seen = team.mine(buyer, bought["id"])
    assert (seen["redeemed"], seen["remaining"]) == (2, 0)
    who = {(c["student_email"], c["redeemed_with"], c["status"]) for c in seen["codes"]}
    assert who == {
        (first.email, "code", "redeemed"),
        (second.email, "link", "redeemed"),
    }
    assert all(c["redeemed_at"] is not None for c in seen["codes"])
    assert team.course()["seats_taken"] == 3  # the seats set aside were handed over
    assert [e["student_id"] for e in recorder.events("seats.redeemed")] == [first.id, second.id]


def test_a_student_who_has_the_course_gets_a_problem_and_uses_nothing(team: Team) -> None:
    buyer = team.student()
    bought = team.bought(buyer, 2)
    refused = team.redeem(buyer, bought["codes"][0]["code"], expect=409)
    assert refused["code"] == "already_enrolled"
    again = team.mine(buyer, bought["id"])
    assert (again["remaining"], again["codes"][0]["status"]) == (1, "unused")


def test_redeeming_is_idempotent_with_an_idempotency_key(team: Team) -> None:
    bought = team.bought(team.student(), 3)
    student = team.student()
    key = {"Idempotency-Key": "redeem-1"}
    first = team.redeem(student, bought["link_code"], headers=key)
    response = team.api.call(
        "POST",
        "/v1/seats/redeem",
        json={"code": bought["link_code"]},
        headers={**student.headers, **key},
        expect=200,
    )
    assert response.headers["Idempotent-Replayed"] == "true"
    assert response.get_json() == first
    buyer_view = team.admin("GET", f"/purchases/{bought['id']}")
    assert (buyer_view["redeemed"], buyer_view["remaining"]) == (1, 1)
    assert len(enrollments(team, student)) == 1


def test_unknown_and_foreign_codes_are_invalid(api: Api) -> None:
    team, other = Team(api), Team(api)
    bought = other.bought(other.student(), 2)
    student = team.student()
    assert team.redeem(student, "SEAT-NOPE", expect=422)["code"] == "seat_code_invalid"
    refused = team.redeem(student, bought["codes"][0]["code"], expect=422)
    assert refused["code"] == "seat_code_invalid"  # another site's code does not exist here


def test_more_seats_than_the_course_has_left_are_refused_and_nothing_is_held(api: Api) -> None:
    team = Team(api, capacity=5)
    buyer = team.student()
    refused = team.buy(buyer, 6, expect=409)
    assert (refused["code"], refused["seats_left"], refused["seats_requested"]) == (
        "seats_unavailable",
        5,
        6,
    )
    assert team.course()["seats_taken"] == 0
    assert team.mine(buyer)["items"] == []
    team.buy(buyer, 5)
    assert team.course()["seats_taken"] == 5
    assert team.api.enroll(team.tenant, team.student(), "pro", expect=409).get_json()["code"] == (
        "course_full"
    )


def test_an_unpaid_checkout_gives_the_seats_back(api: Api) -> None:
    team = Team(api, capacity=10)
    buyer = team.student()
    checkout = team.buy(buyer, 4)["checkout"]
    assert team.course()["seats_taken"] == 4
    api.call(
        "POST",
        f"/v1/dummy/checkout/{team.tenant.slug}/{checkout['order_id']}",
        json={"outcome": "decline"},
        expect=200,
    )
    (purchase,) = team.mine(buyer)["items"]
    assert (purchase["status"], purchase["link_code"]) == ("canceled", None)
    assert team.course()["seats_taken"] == 0


def test_a_refund_voids_unused_codes_and_redeemed_seats_stay(api: Api, recorder: Recorder) -> None:
    team = Team(api, capacity=10)
    buyer = team.student()
    bought = team.bought(buyer, 3)
    kept = team.student()
    team.redeem(kept, bought["codes"][0]["code"])
    api.call(
        "POST",
        f"/v1/admin/orders/{bought['order_id']}/refund",
        json={},
        headers=team.tenant.admin,
        expect=200,
    )
    after = team.mine(buyer, bought["id"])
    assert (after["status"], after["remaining"], after["link_code"]) == ("refunded", 0, None)
    assert [c["status"] for c in after["codes"]] == ["redeemed", "void"]
    late = team.student()
    assert team.redeem(late, bought["codes"][1]["code"], expect=409)["code"] == "seat_code_void"
    assert team.redeem(late, bought["link_code"], expect=409)["code"] == "seat_code_void"
    assert [e["status"] for e in enrollments(team, kept)] == ["active"]
    assert team.course()["seats_taken"] == 1  # the redeemed seat only
    (voided,) = recorder.events("seats.voided")
    assert voided["codes_voided"] == 1


def test_the_site_owner_lists_purchases_and_redemptions_and_revokes_a_code(team: Team) -> None:
    buyer = team.student()
    bought = team.bought(buyer, 3)
    student = team.student()
    team.redeem(student, bought["codes"][0]["code"])

    listed = team.admin("GET", "/purchases?course=pro&status=active")
    assert [(p["id"], p["redeemed"], p["remaining"]) for p in listed["items"]] == [
        (bought["id"], 1, 1)
    ]
    assert team.admin("GET", "/purchases?status=refunded")["items"] == []
    detail = team.admin("GET", f"/purchases/{bought['id']}")
    assert detail["codes"][0]["student_email"] == student.email
    redemptions = team.admin("GET", "/redemptions")
    assert [(r["student_id"], r["course"]) for r in redemptions["items"]] == [(student.id, "pro")]

    unused = bought["codes"][1]
    replacement = team.admin("POST", f"/codes/{unused['id']}/revoke")
    assert (replacement["status"], replacement["code"] != unused["code"]) == ("unused", True)
    late = team.student()
    assert team.redeem(late, unused["code"], expect=409)["code"] == "seat_code_void"
    team.redeem(late, replacement["code"])
    codes = team.admin("GET", f"/purchases/{bought['id']}")["codes"]
    assert [c["status"] for c in codes] == ["redeemed", "revoked", "redeemed"]
    assert codes[1]["replaced_by"] == replacement["id"]
    used = bought["codes"][0]["id"]
    assert team.admin("POST", f"/codes/{used}/revoke", expect=409)["code"] == (
        "seat_already_redeemed"
    )
    assert team.admin("GET", "/purchases/spu_nope", expect=404)["code"] == "not_found"
    assert team.admin("POST", "/codes/sco_nope/revoke", expect=404)["code"] == "not_found"


def test_a_buyer_sees_only_their_own_purchases(team: Team) -> None:
    bought = team.bought(team.student(), 2)
    stranger = team.student()
    assert team.mine(stranger)["items"] == []
    assert team.mine(stranger, bought["id"], expect=404)["code"] == "not_found"


def test_seats_are_sold_only_for_paid_courses_within_the_limit(api: Api) -> None:
    team = Team(api, free_enrollment={})
    api.call(
        "PUT",
        "/v1/admin/plugins/seats",
        json={"enabled": True, "settings": {"max_seats": 5}},
        headers=team.tenant.admin,
        expect=200,
    )
    api.create_course(team.tenant, "intro", pricing_model="free")
    buyer = team.student()
    assert team.buy(buyer, 6, expect=422)["code"] == "seats_not_sold"
    free = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "intro", "seats": 2},
        headers=buyer.headers,
        expect=422,
    ).get_json()
    assert free["code"] == "seats_not_sold"
    assert team.buy(buyer, 1, expect=422)["code"] == "validation_error"
    assert team.mine(buyer)["items"] == []


def test_the_plugin_exists_only_where_it_is_enabled(api: Api) -> None:
    tenant = api.create_tenant({"dummy_provider": {}})
    api.create_course(
        tenant, "pro", pricing_model="one_time", price={"amount": 100, "currency": "EUR"}
    )
    student = api.signup(tenant)
    api.call("POST", "/v1/seats/redeem", json={"code": "x"}, headers=student.headers, expect=404)
    unknown = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "seats": 3},
        headers=student.headers,
        expect=422,
    ).get_json()
    assert unknown["code"] == "validation_error"
    team = Team(api)
    api.call(
        "POST", "/v1/seats/redeem", json={"code": "x"}, headers=team.tenant.storefront, expect=401
    )


def test_late_money_sets_the_seats_aside_again_or_is_refunded(
    api: Api, runtime: Host, recorder: Recorder
) -> None:
    team = Team(api, capacity=4)
    roomy, late = team.student(), team.student()
    first = team.buy(roomy, 2)["checkout"]
    second = team.buy(late, 2)["checkout"]
    expire_checkouts(runtime, order_ids=[first["order_id"], second["order_id"]])
    assert reconcile(runtime, utcnow() + timedelta(minutes=1)) == {"expired": 2}
    assert team.course()["seats_taken"] == 0
    team.pay(first["order_id"])  # 4 seats left: the purchase takes its 2 again
    (active,) = team.mine(roomy)["items"]
    assert (active["status"], active["remaining"]) == ("active", 1)
    assert team.course()["seats_taken"] == 2
    team.api.enroll(team.tenant, team.student(), "pro", expect=202)  # one seat left
    # The late buyer's money arrives: the buyer's seat is free, the team's is not.
    team.pay(second["order_id"])
    (refund,) = recorder.events("order.refund_scheduled")
    assert (refund["order_id"], refund["reason"]) == (second["order_id"], "seats_unavailable")
    (gone,) = team.mine(late)["items"]
    assert (gone["status"], gone["link_code"]) == ("canceled", None)
    assert team.mine(late, gone["id"])["codes"] == []
    assert team.course()["seats_taken"] == 3


def test_the_site_owner_grants_seats_by_hand(team: Team) -> None:
    buyer = team.student()
    made = team.api.call(
        "POST",
        "/v1/admin/enrollments",
        json={"course": "pro", "student": buyer.id, "complimentary": True, "seats": 3},
        headers=team.tenant.admin,
        expect=201,
    ).get_json()
    assert made["status"] == "active"
    (granted,) = team.mine(buyer)["items"]
    assert (granted["status"], granted["order_id"], granted["remaining"]) == ("active", None, 2)
    assert team.course()["seats_taken"] == 3
    team.redeem(team.student(), granted["link_code"])
    assert team.course()["seats_taken"] == 3
