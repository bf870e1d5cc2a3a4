"""Discount codes end to end through the REST API: the discounted order, each problem
code, limits, the redemption given back when a checkout expires, 100 % codes, quotes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tuition.plugin_api import Host, utcnow
from tuition.testing.chores import reconcile
from tuition.testing.payments import expire_checkouts
from tuition.testing.recorders import Recorder
from tuition_discounts.testing import PRICE, Shop


def problem_of(response: Any) -> tuple[int, str]:
    return response.status_code, response.get_json()["code"]


def test_a_percent_code_discounts_the_order_and_counts_as_used(
    shop: Shop, recorder: Recorder
) -> None:
    code = shop.code("Launch-20", description="Launch week")
    assert code["code"] == "LAUNCH-20"  # stored normalised
    student = shop.student()
    checkout = shop.enroll(student, code="launch-20", expect=202).get_json()["checkout"]
    assert (checkout["amount"], checkout["list_price"], checkout["discount_code"]) == (
        3920,
        4900,
        "LAUNCH-20",
    )
    assert checkout["price_reason"] == "Launch week"
    held = shop.admin("GET", f"/codes/{code['id']}", expect=200)
    assert (held["redeemed"], held["totals"]["redemptions"], held["totals"]["used"]) == (1, 1, 0)

    shop.pay(checkout["order_id"])
    (paid,) = recorder.events("order.paid")
    assert (paid["amount"], paid["list_amount"], paid["discount_amount"]) == (3920, 4900, 980)
    assert paid["discount_code"] == "LAUNCH-20"
    found = shop.admin("GET", f"/codes/{code['id']}", expect=200)
    assert found["totals"] == {
        "redemptions": 1,
        "used": 1,
        "revenue": {"EUR": 3920},
        "discount_given": {"EUR": 980},
    }
    (redemption,) = shop.admin("GET", f"/codes/{code['id']}/redemptions", expect=200)["items"]
    assert (redemption["status"], redemption["course"], redemption["student_id"]) == (
        "used",
        "pro",
        student.id,
    )
    assert redemption["order_id"] == checkout["order_id"]


def test_a_fixed_amount_per_currency(shop: Shop) -> None:
    shop.code("TENOFF", percent_off=None, amounts_off={"EUR": 1000, "USD": 1200})
    checkout = shop.enroll(shop.student(), code="tenoff", expect=202).get_json()["checkout"]
    assert checkout["amount"] == 3900


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"active": False}, "code_invalid"),
        ({"valid_until": "2001-01-01T00:00:00Z"}, "code_expired"),
        ({"valid_from": "2099-01-01T00:00:00Z"}, "code_expired"),
        ({"courses": ["other"]}, "code_not_applicable"),
        ({"percent_off": None, "amounts_off": {"USD": 500}}, "code_not_applicable"),
        ({"min_price": {"EUR": 5000}}, "code_not_applicable"),
        ({"max_redemptions": 0}, "code_exhausted"),
    ],
)
def test_refused_codes_answer_their_problem_and_write_nothing(
    shop: Shop, fields: dict[str, Any], code: str
) -> None:
    shop.api.create_course(shop.tenant, "other")
    created = shop.code("SPRING", **fields)
    student = shop.student()
    refused = shop.enroll(student, code="spring")
    assert problem_of(refused) == (422 if code.endswith(("invalid", "applicable")) else 409, code)
    assert shop.quote(code="spring")["problem"]["code"] == code
    found = shop.admin("GET", f"/codes/{created['id']}", expect=200)
    assert (found["redeemed"], found["totals"]["redemptions"]) == (0, 0)
    mine = shop.api.call("GET", "/v1/me/enrollments", headers=student.headers, expect=200)
    assert mine.get_json()["items"] == []


def test_an_unknown_code(shop: Shop) -> None:
    assert problem_of(shop.enroll(shop.student(), code="NOPE")) == (422, "code_invalid")


def test_the_total_limit_and_the_per_student_limit(shop: Shop) -> None:
    shop.api.create_course(shop.tenant, "second", pricing_model="one_time", price=PRICE)
    shop.code("ONCE", max_redemptions=2)  # per student: 1 by default
    first = shop.student()
    shop.enroll(first, code="once", expect=202)
    assert problem_of(shop.enroll(first, "second", code="once")) == (409, "code_already_used")
    shop.enroll(shop.student(), code="once", expect=202)
    assert problem_of(shop.enroll(shop.student(), code="once")) == (409, "code_exhausted")


def test_an_expired_checkout_gives_the_redemption_back(shop: Shop, runtime: Host) -> None:
    code = shop.code("LAST", max_redemptions=1)
    first = shop.student()
    checkout = shop.enroll(first, code="last", expect=202).get_json()["checkout"]
    assert problem_of(shop.enroll(shop.student(), code="last")) == (409, "code_exhausted")

    expire_checkouts(runtime, order_ids=[checkout["order_id"]])
    assert reconcile(runtime, utcnow() + timedelta(minutes=1)) == {"expired": 1}
    found = shop.admin("GET", f"/codes/{code['id']}", expect=200)
    assert (found["redeemed"], found["totals"]["redemptions"]) == (0, 0)
    (released,) = shop.admin("GET", f"/codes/{code['id']}/redemptions", expect=200)["items"]
    assert released["status"] == "released" and released["released_at"] is not None

    # The use is free again: for someone else, or for the same student.
    shop.enroll(first, code="last", expect=202)
    found = shop.admin("GET", f"/codes/{code['id']}", expect=200)
    assert found["redeemed"] == 1


def test_a_hundred_percent_code_enrolls_without_a_provider(shop: Shop, recorder: Recorder) -> None:
    code = shop.code("FREE", percent_off=100)
    student = shop.student()
    enrolled = shop.enroll(student, code="free", expect=201).get_json()
    assert (enrolled["status"], enrolled["checkout"]) == ("active", None)
    (paid,) = recorder.events("order.paid")
    assert (paid["provider"], paid["amount"], paid["discount_amount"]) == ("none", 0, 4900)
    assert [slug for slug, _status in recorder.activated] == ["pro"]
    found = shop.admin("GET", f"/codes/{code['id']}", expect=200)
    assert found["totals"] == {
        "redemptions": 1,
        "used": 1,
        "revenue": {"EUR": 0},
        "discount_given": {"EUR": 4900},
    }


def test_a_quote_before_checkout(shop: Shop) -> None:
    shop.code("HALF", percent_off=50)
    assert shop.quote(code="half") == {
        "course": "pro",
        "currency": "EUR",
        "list_price": 4900,
        "discount": 2450,
        "total": 2450,
        "code": "HALF",
        "reason": "Code HALF",
        "problem": None,
        "net": 2450,
        "tax_amount": 0,
        "tax": None,
        "extensions": {},
    }
    unknown = shop.quote(code="nope")
    assert (unknown["total"], unknown["problem"]["code"]) == (4900, "code_invalid")
    assert shop.quote()["total"] == 4900
    # Quoting takes nothing; the catalogue keeps the list price.
    assert shop.admin("GET", "/codes", expect=200)["items"][0]["redeemed"] == 0
    course = shop.api.call("GET", "/v1/courses/pro", headers=shop.tenant.storefront, expect=200)
    assert course.get_json()["price"] == PRICE


def test_a_quote_knows_the_students_uses(shop: Shop) -> None:
    shop.code("ONCE")
    student = shop.student()
    assert shop.quote(code="once", headers=student.headers)["problem"] is None
    shop.enroll(student, code="once", expect=202)
    shop.api.create_course(shop.tenant, "second", pricing_model="one_time", price=PRICE)
    again = shop.quote("second", code="once", headers=student.headers)
    assert again["problem"]["code"] == "code_already_used"
    assert shop.quote("second", code="once")["problem"] is None  # nobody signed in


def test_without_the_plugin_a_code_is_an_unknown_field(api: Any) -> None:
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    student = api.signup(tenant)
    refused = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "code": "X"},
        headers=student.headers,
        expect=422,
    )
    assert "code" in refused.get_json()["errors"]
    api.call("GET", "/v1/admin/discounts/codes", headers=tenant.admin, expect=404)
