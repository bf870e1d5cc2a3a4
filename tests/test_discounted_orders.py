"""Core's side of discounts: an offer with a code recorded on the order (list price,
discount, code) and in order events, an offer of 0 enrolling without a provider, the price
quote, and unlisted courses."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.plugin_api import (
    EnrollmentContext,
    PluginInfo,
    PriceOffer,
    Problem,
    QuoteContext,
    hookimpl,
)
from tuition.testing.recorders import Recorder

PRICE = {"amount": 4900, "currency": "EUR"}


class Offers:
    """Offers ``amount`` with code ``T1``; a quote with ``?code=OLD`` gets a problem."""

    TUITION_PLUGIN = PluginInfo(title="Offers", category="test")

    def __init__(self) -> None:
        self.amount = 1000

    @hookimpl
    def tuition_problem_codes(self) -> dict[str, str]:
        return {"code_expired": "test"}

    @hookimpl
    def tuition_price_offers(self, ctx: EnrollmentContext) -> list[PriceOffer]:
        return [PriceOffer(self.amount, "EUR", "launch", code="T1")]

    @hookimpl
    def tuition_price_quote(self, ctx: QuoteContext) -> list[PriceOffer | Problem]:
        if ctx.request.get("code") == "OLD":
            return [Problem("code_expired", "That code ran out.")]
        return [PriceOffer(self.amount, "EUR", "launch", code="T1")]


@pytest.fixture
def offers() -> Offers:
    return Offers()


@pytest.fixture
def tuition_plugins(recorder: Recorder, offers: Offers) -> list[tuple[str, Any]]:
    return [("recorder", recorder), ("offers", offers)]


def shop(api: Any, *plugins: str) -> Any:
    tenant = api.create_tenant(
        {"free_enrollment": {}, "dummy_provider": {}, "recorder": {}, **{p: {} for p in plugins}}
    )
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    return tenant


def order(api: Any, student: Any, order_id: str) -> dict[str, Any]:
    return api.call("GET", f"/v1/orders/{order_id}", headers=student.headers, expect=200).get_json()


def test_the_order_records_list_price_discount_and_code(api: Any, recorder: Recorder) -> None:
    tenant = shop(api, "offers")
    student = api.signup(tenant)
    checkout = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]
    assert (checkout["amount"], checkout["list_price"], checkout["discount_code"]) == (
        1000,
        4900,
        "T1",
    )
    found = order(api, student, checkout["order_id"])
    assert (found["amount"], found["list_amount"], found["discount_amount"]) == (1000, 4900, 3900)
    assert found["discount_code"] == "T1"
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{checkout['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    (paid,) = recorder.events("order.paid")
    assert (paid["amount"], paid["list_amount"], paid["discount_code"]) == (1000, 4900, "T1")
    # The funnel report counts paid orders per code.
    api.enroll(tenant, api.signup(tenant), "pro", expect=202)  # not paid: not counted
    report = api.call("GET", "/v1/admin/reports/funnel", headers=tenant.admin, expect=200)
    (row,) = report.get_json()["courses"]
    assert (row["paid"], row["discount_codes"]) == (1, {"T1": 1})


def test_without_an_offer_the_order_has_no_discount(api: Any) -> None:
    tenant = shop(api)
    student = api.signup(tenant)
    checkout = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]
    found = order(api, student, checkout["order_id"])
    assert (found["amount"], found["list_amount"], found["discount_amount"]) == (4900, 4900, 0)
    assert found["discount_code"] is None and "discount_code" not in checkout


def test_an_offer_of_zero_enrolls_at_once_without_a_provider(
    api: Any, offers: Offers, recorder: Recorder
) -> None:
    offers.amount = 0
    tenant = shop(api, "offers")
    student = api.signup(tenant)
    enrolled = api.enroll(tenant, student, "pro", expect=201).get_json()
    assert enrolled["status"] == "active" and enrolled["checkout"] is None
    (paid,) = recorder.events("order.paid")
    assert (paid["provider"], paid["amount"], paid["list_amount"], paid["discount_code"]) == (
        "none",
        0,
        4900,
        "T1",
    )
    found = order(api, student, paid["order_id"])
    assert (found["status"], found["enrollment_status"], found["paid_amount"]) == (
        "paid",
        "active",
        0,
    )
    assert [slug for slug, _status in recorder.activated] == ["pro"]
    # Nothing to give back: a refund is refused, not sent to a provider.
    refused = api.call(
        "POST", f"/v1/admin/orders/{paid['order_id']}/refund", json={}, headers=tenant.admin
    )
    assert refused.status_code == 422
    assert refused.get_json()["code"] == "invalid_refund_amount"


def test_a_quote_shows_the_offer_and_the_codes_problem(api: Any) -> None:
    tenant = shop(api, "offers")
    quoted = api.call(
        "GET", "/v1/courses/pro/quote?code=NEW", headers=tenant.storefront, expect=200
    ).get_json()
    assert quoted == {
        "course": "pro",
        "currency": "EUR",
        "list_price": 4900,
        "discount": 3900,
        "total": 1000,
        "code": "T1",
        "reason": "launch",
        "problem": None,
        "net": 1000,
        "tax_amount": 0,
        "tax": None,
        "extensions": {},
    }
    refused = api.call(
        "GET", "/v1/courses/pro/quote?code=OLD", headers=tenant.storefront, expect=200
    ).get_json()
    assert (refused["total"], refused["discount"]) == (4900, 0)
    assert refused["problem"]["code"] == "code_expired"
    assert refused["problem"]["status"] == 409
    # The catalogue keeps the list price.
    course = api.call("GET", "/v1/courses/pro", headers=tenant.storefront, expect=200)
    assert course.get_json()["price"] == PRICE


def test_a_quote_without_plugins_is_the_list_price(api: Any) -> None:
    tenant = shop(api)
    api.create_course(tenant, "intro")
    student = api.signup(tenant)
    quoted = api.call("GET", "/v1/courses/pro/quote", headers=student.headers, expect=200)
    assert (quoted.get_json()["total"], quoted.get_json()["discount"]) == (4900, 0)
    free = api.call("GET", "/v1/courses/intro/quote", headers=tenant.storefront, expect=200)
    assert free.get_json()["currency"] is None and free.get_json()["total"] == 0
    api.call("GET", "/v1/courses/nope/quote", headers=tenant.storefront, expect=404)


def test_an_unlisted_course_is_reachable_by_slug_only(api: Any) -> None:
    tenant = api.create_tenant()
    api.create_course(tenant, "open")
    hidden = api.create_course(tenant, "private", unlisted=True)
    assert hidden["unlisted"] is True
    student = api.signup(tenant)
    listed = api.call("GET", "/v1/courses", headers=student.headers, expect=200).get_json()
    assert [c["slug"] for c in listed["items"]] == ["open"] and listed["total"] == 1
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()
    assert [c["slug"] for c in board["available"]] == ["open"]
    api.call("GET", "/v1/courses/private", headers=student.headers, expect=200)
    api.enroll(tenant, student, "private")
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()
    assert [o["course"]["slug"] for o in board["owned"]] == ["private"]
    shown = api.call(
        "PATCH",
        "/v1/admin/courses/private",
        json={"unlisted": False},
        headers=tenant.admin,
        expect=200,
    ).get_json()
    assert shown["unlisted"] is False
    listed = api.call("GET", "/v1/courses", headers=tenant.storefront, expect=200).get_json()
    assert [c["slug"] for c in listed["items"]] == ["open", "private"]
