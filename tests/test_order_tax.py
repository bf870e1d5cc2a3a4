"""Core's side of taxes: a tax plugin's ``OrderTax`` (``tuition_order_tax``) sets what the
order charges and records tax, breakdown and billing details on the order, its events, the
checkout and the quote; refunds give the tax back in proportion; a plugin refusing the
billing details refuses the request with nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import fields

from tuition.plugin_api import (
    EnrollmentContext,
    OrderTax,
    PluginInfo,
    QuoteContext,
    TuitionError,
    hookimpl,
)
from tuition.testing.recorders import Recorder

PRICE = {"amount": 4900, "currency": "EUR"}


class BadCountry(TuitionError):
    status, code, title = 422, "billing_country_invalid", "Invalid billing country"


class NetTax:
    """Adds 20 % to net prices for buyers in FR; refuses the country XX."""

    TUITION_PLUGIN = PluginInfo(title="Net tax", category="test")

    @hookimpl
    def tuition_problem_codes(self) -> dict[str, str]:
        return {"billing_country_invalid": "test"}

    @hookimpl
    def tuition_enrollment_fields(self) -> dict[str, fields.Field]:
        return {"tax_country": fields.String(load_default=None)}

    @hookimpl
    def tuition_order_tax(
        self, ctx: EnrollmentContext | QuoteContext, amount: int, currency: str
    ) -> OrderTax | None:
        country = ctx.request.get("tax_country") or ctx.request.get("country")
        if country == "XX":
            raise BadCountry("No such country.")
        if country != "FR":
            return None
        tax = amount * 20 // 100
        return OrderTax(
            net=amount,
            tax=tax,
            gross=amount + tax,
            breakdown={"rate": "20.00", "name": "TVA", "country": "FR"},
            billing={"country": country},
        )


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder), ("net_tax", NetTax())]


def shop(api: Any) -> Any:
    tenant = api.create_tenant({"dummy_provider": {}, "recorder": {}, "net_tax": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    return tenant


def buy(api: Any, student: Any, expect: int | None = 202, **body: Any) -> Any:
    return api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", **body},
        headers=student.headers,
        expect=expect,
    )


def test_the_order_charges_and_records_the_tax(api: Any, recorder: Recorder) -> None:
    tenant = shop(api)
    student = api.signup(tenant)
    checkout = buy(api, student, tax_country="FR").get_json()["checkout"]
    assert (checkout["amount"], checkout["net_amount"], checkout["tax_amount"]) == (5880, 4900, 980)
    assert checkout["tax"]["name"] == "TVA"
    oid = checkout["order_id"]
    found = api.call("GET", f"/v1/orders/{oid}", headers=student.headers, expect=200).get_json()
    assert (found["amount"], found["tax_amount"], found["list_amount"]) == (5880, 980, 4900)
    assert found["tax"] == {"rate": "20.00", "name": "TVA", "country": "FR"}
    assert found["billing"] == {"country": "FR"}
    assert found["tax_refunded_amount"] == 0
    api.call("POST", f"/v1/dummy/checkout/{tenant.slug}/{oid}", json={"outcome": "pay"}, expect=200)
    (paid,) = recorder.events("order.paid")
    assert (paid["amount"], paid["tax_amount"], paid["billing"]) == (5880, 980, {"country": "FR"})
    # Refunds give the tax back in proportion, rounded half up; all of it in the end.
    refunds = "/v1/admin/orders/" + oid + "/refund"
    api.call("POST", refunds, json={"amount": 1000}, headers=tenant.admin, expect=200)
    admin = api.call("GET", f"/v1/admin/orders/{oid}", headers=tenant.admin, expect=200)
    assert admin.get_json()["tax_refunded_amount"] == 167  # 980 * 1000 / 5880 = 166.67
    api.call("POST", refunds, json={}, headers=tenant.admin, expect=200)
    admin = api.call("GET", f"/v1/admin/orders/{oid}", headers=tenant.admin, expect=200)
    assert admin.get_json()["tax_refunded_amount"] == 980
    assert recorder.events("order.refunded")[-1]["tax_refunded_amount"] == 980


def test_an_untaxed_buyer_pays_the_price(api: Any) -> None:
    tenant = shop(api)
    student = api.signup(tenant)
    checkout = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]
    found = api.call(
        "GET", f"/v1/orders/{checkout['order_id']}", headers=student.headers, expect=200
    ).get_json()
    assert (found["amount"], found["tax_amount"], found["tax"], found["billing"]) == (
        4900,
        0,
        None,
        None,
    )
    assert "tax_amount" not in checkout


def test_the_quote_carries_net_tax_and_gross(api: Any) -> None:
    tenant = shop(api)
    quoted = api.call(
        "GET", "/v1/courses/pro/quote?country=FR", headers=tenant.storefront, expect=200
    ).get_json()
    assert (quoted["list_price"], quoted["net"], quoted["tax_amount"], quoted["total"]) == (
        4900,
        4900,
        980,
        5880,
    )
    assert quoted["tax"]["rate"] == "20.00"
    plain = api.call("GET", "/v1/courses/pro/quote", headers=tenant.storefront, expect=200)
    assert (plain.get_json()["total"], plain.get_json()["tax"]) == (4900, None)


def test_billing_details_the_plugin_refuses_write_nothing(api: Any) -> None:
    tenant = shop(api)
    student = api.signup(tenant)
    refused = buy(api, student, expect=None, tax_country="XX")
    assert refused.status_code == 422 and refused.get_json()["code"] == "billing_country_invalid"
    quoted = api.call("GET", "/v1/courses/pro/quote?country=XX", headers=tenant.storefront)
    assert quoted.status_code == 422 and quoted.get_json()["code"] == "billing_country_invalid"
    orders = api.call("GET", "/v1/admin/orders", headers=tenant.admin, expect=200).get_json()
    assert orders["items"] == []
    mine = api.call("GET", "/v1/me/enrollments", headers=student.headers, expect=200).get_json()
    assert mine["items"] == []


def test_order_tax_refuses_amounts_that_do_not_add_up() -> None:
    with pytest.raises(ValueError, match="must equal gross"):
        OrderTax(net=100, tax=20, gross=121)
