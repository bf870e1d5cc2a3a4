"""Bundles end to end through the REST API with the dummy provider: one order, every
member course active together on payment, seats held and released together, owned courses
left out and credited, refunds ending everything, duplicate webhooks changing nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tuition.plugin_api import Host, utcnow
from tuition.testing.api import Api
from tuition.testing.chores import reconcile
from tuition.testing.payments import expire_checkouts
from tuition_bundles.testing import BUNDLE_PRICE, MEMBERS, BundleShop, price

#: These flows run on SQLite: the backend is not their point, and CI's time is bounded.
#: PostgreSQL runs the plugin's race, rq and provider tests.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def problem_of(response: Any) -> tuple[int, str]:
    return response.status_code, response.get_json()["code"]


def refund(shop: BundleShop, order_id: str, body: dict[str, Any]) -> None:
    shop.api.call(
        "POST",
        f"/v1/admin/orders/{order_id}/refund",
        json=body,
        headers=shop.tenant.admin,
        expect=200,
    )


def test_a_paid_bundle_activates_every_course_with_one_order(shop: BundleShop) -> None:
    student = shop.student()
    checkout = shop.enroll(student, expect=202).get_json()["checkout"]
    assert checkout["amount"] == BUNDLE_PRICE
    # Pending: only the bundle's enrollment; the member courses' seats are held.
    assert shop.owned(student) == {"trio": "pending"}
    assert shop.seats() == {"intro": 1, "advanced": 1, "expert": 1, "trio": 1}

    shop.pay(checkout["order_id"])
    assert shop.owned(student) == {
        "trio": "active",
        "intro": "active",
        "advanced": "active",
        "expert": "active",
    }
    # Each seat counted once: the held seat became the member enrollment's.
    assert shop.seats() == {"intro": 1, "advanced": 1, "expert": 1, "trio": 1}
    orders = shop.api.call(
        "GET", "/v1/admin/orders", headers=shop.tenant.admin, expect=200
    ).get_json()["items"]
    assert [(o["course"], o["amount"], o["status"]) for o in orders] == [
        ("trio", BUNDLE_PRICE, "paid")
    ]


def test_the_catalogue_and_dashboard_show_the_bundle(shop: BundleShop) -> None:
    student = shop.student()
    listed = shop.api.call(
        "GET", "/v1/courses/trio", headers=student.headers, expect=200
    ).get_json()
    assert listed["enroll_state"] == "available"
    assert listed["extensions"]["bundle"] == {
        "courses": [{"slug": s, "title": "A course", "owned": False} for s in MEMBERS],
        "owned": [],
    }
    shop.buy(student)
    listed = shop.api.call(
        "GET", "/v1/courses/trio", headers=student.headers, expect=200
    ).get_json()
    assert listed["enroll_state"] == "enrolled"
    dashboard = shop.api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200)
    board = dashboard.get_json()["owned"]
    owned = {o["course"]["slug"]: o["course"]["enroll_state"] for o in board}
    assert owned == dict.fromkeys(["trio", *MEMBERS], "enrolled")


def test_an_expired_checkout_releases_every_seat_and_enrolls_nobody(
    api: Api, runtime: Host
) -> None:
    shop = BundleShop(api, expert=1)
    student = shop.student()
    checkout = shop.enroll(student, expect=202).get_json()["checkout"]
    # The last seat of expert is held for the bundle: nobody else gets it meanwhile.
    assert problem_of(shop.enroll(shop.student(), "expert")) == (409, "course_full")

    expire_checkouts(runtime, order_ids=[checkout["order_id"]])
    assert reconcile(runtime, utcnow() + timedelta(minutes=1)) == {"expired": 1}
    assert shop.owned(student) == {"trio": "expired"}
    assert shop.seats() == {"intro": 0, "advanced": 0, "expert": 0, "trio": 0}
    shop.enroll(shop.student(), "expert", expect=202)


def test_a_failed_payment_releases_every_seat(shop: BundleShop) -> None:
    student = shop.student()
    checkout = shop.enroll(student, expect=202).get_json()["checkout"]
    shop.api.call(
        "POST",
        f"/v1/dummy/checkout/{shop.tenant.slug}/{checkout['order_id']}",
        json={"outcome": "decline"},
        expect=200,
    )
    assert shop.owned(student) == {"trio": "canceled"}
    assert shop.seats() == {"intro": 0, "advanced": 0, "expert": 0, "trio": 0}


def test_a_full_member_course_refuses_the_bundle_with_a_clear_problem(api: Api) -> None:
    shop = BundleShop(api, advanced=1)
    shop.buy(shop.student(), "advanced")
    response = shop.enroll(shop.student())
    assert problem_of(response) == (409, "bundle_course_full")
    assert response.get_json()["course"] == "advanced"
    # Nothing half-written: no seat held, no order.
    assert shop.seats() == {"intro": 0, "advanced": 1, "expert": 0, "trio": 0}


def test_a_refund_ends_every_enrollment_the_bundle_made(shop: BundleShop) -> None:
    student = shop.student()
    checkout = shop.buy(student)
    refund(shop, checkout["order_id"], {})
    assert shop.owned(student) == {
        "trio": "refunded",
        "intro": "canceled",
        "advanced": "canceled",
        "expert": "canceled",
    }
    assert shop.seats() == {"intro": 0, "advanced": 0, "expert": 0, "trio": 0}


def test_the_admin_ends_one_course_of_a_bundle(shop: BundleShop) -> None:
    """A partial refund is the owner's decision: the order is refunded in part and one
    member enrollment ended by hand; a full refund later ends the others, once."""
    student = shop.student()
    checkout = shop.buy(student)
    intro = shop.enrollment_ids(student)["intro"]
    refund(shop, checkout["order_id"], {"amount": 1000})
    shop.api.call(
        "POST",
        f"/v1/admin/enrollments/{intro}/end",
        json={},
        headers=shop.tenant.admin,
        expect=200,
    )
    assert shop.owned(student)["intro"] == "canceled"
    assert shop.owned(student)["advanced"] == "active"
    assert shop.seats()["intro"] == 0
    refund(shop, checkout["order_id"], {})
    assert set(shop.owned(student).values()) == {"refunded", "canceled"}
    assert shop.seats() == {"intro": 0, "advanced": 0, "expert": 0, "trio": 0}


def test_a_duplicate_webhook_enrolls_nobody_twice(api: Api, runtime: Host) -> None:
    shop = BundleShop(api, {"dummy_provider": {"settings": {"duplicate_webhooks": 3}}})
    student = shop.student()
    checkout = shop.buy(student)
    shop.pay(checkout["order_id"])  # the buyer pays again: already settled
    reconcile(runtime, utcnow() + timedelta(minutes=1))  # and the provider is asked too
    items = shop.api.call(
        "GET", "/v1/me/enrollments?page_size=100", headers=student.headers, expect=200
    ).get_json()["items"]
    assert sorted(i["course"] for i in items) == sorted(["trio", *MEMBERS])
    assert shop.seats() == {"intro": 1, "advanced": 1, "expert": 1, "trio": 1}


def test_owned_courses_are_left_out_and_credited(shop: BundleShop) -> None:
    student = shop.student()
    shop.buy(student, "intro")  # 20.00 of the members' 100.00 list prices
    quote = shop.quote(student)
    assert (quote["list_price"], quote["discount"], quote["total"], quote["reason"]) == (
        BUNDLE_PRICE,
        1400,
        5600,
        "bundle_credit",
    )
    assert quote["extensions"]["bundle"]["owned"] == ["intro"]
    assert quote["extensions"]["bundle"]["credit"] == 1400
    assert [c["owned"] for c in quote["extensions"]["bundle"]["courses"]] == [True, False, False]
    listed = shop.api.call(
        "GET", "/v1/courses/trio", headers=student.headers, expect=200
    ).get_json()
    assert listed["extensions"]["bundle"]["owned"] == ["intro"]
    # Without a student nothing is owned: the list price.
    assert shop.quote()["total"] == BUNDLE_PRICE

    checkout = shop.enroll(student, expect=202).get_json()["checkout"]
    assert checkout["amount"] == 5600
    intro_seats = shop.seats()["intro"]
    shop.pay(checkout["order_id"])
    enrollments = shop.api.call(
        "GET", "/v1/me/enrollments?page_size=100", headers=student.headers, expect=200
    ).get_json()["items"]
    assert sorted(i["course"] for i in enrollments) == sorted(["trio", *MEMBERS])
    assert shop.seats()["intro"] == intro_seats == 1


def test_a_student_owning_every_course_cannot_buy_the_bundle(shop: BundleShop) -> None:
    student = shop.student()
    for slug in MEMBERS:
        shop.buy(student, slug)
    listed = shop.api.call(
        "GET", "/v1/courses/trio", headers=student.headers, expect=200
    ).get_json()
    assert listed["enroll_state"] == "bundle_owned"
    assert problem_of(shop.enroll(student)) == (409, "bundle_owned")


def test_admin_crud_validates_and_paginates(shop: BundleShop) -> None:
    page = shop.admin("GET", "?page_size=1", expect=200)
    assert (page["total"], page["items"][0]["course"]) == (1, "trio")
    found = page["items"][0]
    assert [c["slug"] for c in found["courses"]] == list(MEMBERS)
    assert found["list_total"] == [{"amount": 10000, "currency": "EUR"}]
    for courses, field in (
        (["intro", "intro"], "courses.1"),
        (["intro", "nope"], "courses.1"),
        (["trio", "intro"], "courses.0"),
    ):
        response = shop.admin("PUT", "/trio", json={"courses": courses})
        assert problem_of(response) == (422, "validation_error")
        assert field in response.get_json()["errors"]
    assert problem_of(shop.admin("PUT", "/trio", json={"courses": ["intro"]})) == (
        422,
        "validation_error",
    )
    shop.api.create_course(shop.tenant, "duo", pricing_model="one_time", price=price(1000))
    response = shop.admin("PUT", "/duo", json={"courses": ["trio", "intro"]})
    assert "courses.0" in response.get_json()["errors"]  # a bundle of bundles
    assert problem_of(shop.admin("GET", "/intro")) == (404, "not_found")
    assert problem_of(shop.admin("PUT", "/missing", json={"courses": ["intro", "expert"]})) == (
        404,
        "not_found",
    )
    shop.admin("PUT", "/duo", json={"courses": ["intro", "expert"]}, expect=200)
    assert shop.admin("GET", "", expect=200)["total"] == 2
    shop.admin("DELETE", "/duo", expect=204)
    assert shop.admin("GET", "", expect=200)["total"] == 1


def test_the_paths_do_not_exist_without_the_plugin(api: Api) -> None:
    tenant = api.create_tenant({"free_enrollment": {}})
    api.call("GET", "/v1/admin/bundles", headers=tenant.admin, expect=404)


def test_money_after_the_checkout_expired_enrolls_if_seats_are_free(
    shop: BundleShop, runtime: Host
) -> None:
    student = shop.student()
    checkout = shop.enroll(student, expect=202).get_json()["checkout"]
    expire_checkouts(runtime, order_ids=[checkout["order_id"]])
    reconcile(runtime, utcnow() + timedelta(minutes=1))
    assert shop.seats() == {"intro": 0, "advanced": 0, "expert": 0, "trio": 0}
    shop.pay(checkout["order_id"])  # the buyer paid anyway
    assert shop.owned(student) == {"trio": "active", **dict.fromkeys(MEMBERS, "active")}
    assert shop.seats() == {"intro": 1, "advanced": 1, "expert": 1, "trio": 1}


def test_money_after_a_members_last_seat_went_is_refunded(api: Api, runtime: Host) -> None:
    shop = BundleShop(api, expert=1)
    student = shop.student()
    checkout = shop.enroll(student, expect=202).get_json()["checkout"]
    expire_checkouts(runtime, order_ids=[checkout["order_id"]])
    reconcile(runtime, utcnow() + timedelta(minutes=1))
    other = shop.student()
    shop.buy(other, "expert")  # the last seat of expert goes to someone else
    shop.pay(checkout["order_id"])
    assert shop.owned(student) == {"trio": "expired"}  # enrolled in nothing
    order = shop.api.call(
        "GET", f"/v1/admin/orders/{checkout['order_id']}", headers=shop.tenant.admin, expect=200
    ).get_json()
    assert order["status"] == "refunded"
    assert shop.seats() == {"intro": 0, "advanced": 0, "expert": 1, "trio": 0}
    assert shop.owned(other) == {"expert": "active"}


def test_the_owner_ending_the_bundle_ends_its_courses(shop: BundleShop) -> None:
    student = shop.student()
    shop.buy(student)
    trio = shop.enrollment_ids(student)["trio"]
    shop.api.call(
        "POST",
        f"/v1/admin/enrollments/{trio}/end",
        json={},
        headers=shop.tenant.admin,
        expect=200,
    )
    assert set(shop.owned(student).values()) == {"canceled"}
    assert shop.seats() == {"intro": 0, "advanced": 0, "expert": 0, "trio": 0}
