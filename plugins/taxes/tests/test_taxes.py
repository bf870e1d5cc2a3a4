"""The issue's cases through the quote, the order and the dummy provider's charge: a
German seller (gross prices, 119.00 EUR = 100.00 net + 19 %) selling to a French consumer
(FR 20 %), a French company with a valid VAT ID (reverse charge), a US consumer (the
configured rule) and a German consumer (DE 19 %); refused billing details."""

from __future__ import annotations

import pytest

from tuition.testing.api import Api
from tuition.testing.recorders import Recorder
from tuition_taxes.testing import DE_VAT_ID, FR_VAT_ID, GERMAN_SELLER, Shop

#: These flows run on SQLite: the backend is not their point, and CI's time is bounded.
#: PostgreSQL runs the plugin's race, rq and provider tests.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

CASES = [
    # billing, quote query, (net, tax, gross), rate, name, reverse charge, category
    ({"billing_country": "FR"}, {"country": "FR"}, (10000, 2000, 12000), "20", "TVA", False, "S"),
    (
        {"billing_country": "FR", "vat_id": FR_VAT_ID, "company_name": "Acme SARL"},
        {"country": "FR", "vat_id": FR_VAT_ID.replace(" ", "")},
        (10000, 0, 10000),
        "0",
        "Reverse charge",
        True,
        "AE",
    ),
    (
        {"billing_country": "US", "billing_region": "CA"},
        {"country": "US", "region": "CA"},
        (10000, 0, 10000),
        "0",
        "Not subject to EU VAT",
        False,
        "O",
    ),
    ({"billing_country": "DE"}, {"country": "DE"}, (10000, 1900, 11900), "19", "MwSt.", False, "S"),
    # The seller's own country is taxed, VAT ID or not.
    (
        {"billing_country": "DE", "vat_id": DE_VAT_ID},
        {"country": "DE", "vat_id": "DE136695976"},
        (10000, 1900, 11900),
        "19",
        "MwSt.",
        False,
        "S",
    ),
]


@pytest.mark.parametrize(
    ("billing", "query", "amounts", "rate", "name", "reverse", "category"),
    CASES,
    ids=["fr-consumer", "fr-company", "us-consumer", "de-consumer", "de-company"],
)
def test_quote_order_and_charge_carry_the_tax(
    shop: Shop,
    recorder: Recorder,
    billing: dict[str, str],
    query: dict[str, str],
    amounts: tuple[int, int, int],
    rate: str,
    name: str,
    reverse: bool,
    category: str,
) -> None:
    net, tax, gross = amounts
    quoted = shop.quote(**query)
    assert (quoted["net"], quoted["tax_amount"], quoted["total"]) == amounts
    assert (quoted["tax"]["rate"], quoted["tax"]["name"]) == (rate, name)
    checkout = shop.buy(**billing)["checkout"]
    assert (checkout["amount"], checkout["net_amount"], checkout["tax_amount"]) == (gross, net, tax)
    order = shop.order(checkout["order_id"])
    assert (order["amount"], order["tax_amount"], order["list_amount"]) == (gross, tax, 11900)
    recorded = order["tax"]
    assert (recorded["net"], recorded["tax"], recorded["gross"]) == amounts
    assert (recorded["rate"], recorded["name"], recorded["reverse_charge"]) == (rate, name, reverse)
    assert recorded["category"] == category
    if reverse:
        assert "Article 196" in recorded["note"]
    else:
        assert recorded["note"] is None
    assert order["billing"]["country"] == billing["billing_country"]
    assert order["billing"]["company_name"] == billing.get("company_name")
    # The dummy provider charges the gross and shows it; the order is paid with it.
    page = shop.api.client.get(checkout["pay_url"]).get_data(as_text=True)
    assert f"{gross / 100:.2f} EUR" in page
    assert f"{tax / 100:.2f} EUR" in page and ("Article 196" in page) == reverse
    shop.pay(checkout["order_id"])
    order = shop.order(checkout["order_id"])
    assert (order["status"], order["paid_amount"]) == ("paid", gross)
    (paid,) = recorder.events("order.paid")
    assert (paid["amount"], paid["tax_amount"], paid["tax"]["rate"]) == (gross, tax, rate)


def test_the_vat_id_is_recorded_compact_with_the_company(shop: Shop) -> None:
    checkout = shop.buy(billing_country="FR", vat_id="40 303 265 045", company_name="Acme")[
        "checkout"
    ]
    assert shop.order(checkout["order_id"])["billing"] == {
        "country": "FR",
        "region": None,
        "vat_id": "FR40303265045",
        "company_name": "Acme",
    }


@pytest.mark.parametrize(
    ("billing", "code"),
    [
        ({"billing_country": "FR", "vat_id": "FR40303265046"}, "vat_id_invalid"),
        ({"billing_country": "FR", "vat_id": "DE136695976"}, "vat_id_country_mismatch"),
        ({"billing_country": "XX"}, "billing_country_invalid"),
        ({}, "billing_country_required"),
    ],
)
def test_refused_billing_details_write_nothing(
    shop: Shop, billing: dict[str, str], code: str
) -> None:
    refused = shop.buy(expect=422, **billing)
    assert refused["code"] == code
    orders = shop.api.call("GET", "/v1/admin/orders", headers=shop.tenant.admin, expect=200)
    assert orders.get_json()["items"] == []


def test_the_quote_refuses_bad_billing_details_and_defaults_to_home(shop: Shop) -> None:
    assert shop.quote(expect=422, country="FR", vat_id="FR12345")["code"] == "vat_id_invalid"
    assert shop.quote(expect=422, country="ZZ")["code"] == "billing_country_invalid"
    home = shop.quote()
    assert (home["net"], home["tax_amount"], home["total"], home["tax"]["country"]) == (
        10000,
        1900,
        11900,
        "DE",
    )


def test_net_prices_get_the_tax_added(api: Api) -> None:
    shop = Shop(api, {**GERMAN_SELLER, "prices_include_tax": False})
    assert shop.quote(country="FR")["total"] == 14280  # 119.00 net + 20 %
    checkout = shop.buy(billing_country="FR")["checkout"]
    order = shop.order(checkout["order_id"])
    assert (order["amount"], order["tax_amount"], order["tax"]["net"]) == (14280, 2380, 11900)


def test_keep_gross_if_rate_changes(api: Api) -> None:
    shop = Shop(api, {**GERMAN_SELLER, "keep_gross_if_rate_changes": True})
    fr = shop.quote(country="FR")
    assert (fr["net"], fr["tax_amount"], fr["total"]) == (9917, 1983, 11900)
    # The reverse charge still takes the tax off.
    rc = shop.quote(country="FR", vat_id="FR40303265045")
    assert (rc["net"], rc["tax_amount"], rc["total"]) == (10000, 0, 10000)


def test_tax_classes_and_regions(api: Api) -> None:
    shop = Shop(api)
    admin = shop.tenant.admin
    for slug, tax_class in (("book", "reduced"), ("exam", "exempt")):
        api.create_course(
            shop.tenant,
            slug,
            pricing_model="one_time",
            price={"amount": 10700, "currency": "EUR"},
            attributes={"taxes": {"tax_class": tax_class}},
        )
    front = shop.tenant.storefront
    quote = api.call("GET", "/v1/courses/book/quote?country=FR", headers=front, expect=200)
    # 107.00 gross at DE 7 % = 100.00 net; FR reduced 5.5 %.
    assert (quote.get_json()["net"], quote.get_json()["tax_amount"]) == (10000, 550)
    quote = api.call("GET", "/v1/courses/exam/quote?country=FR", headers=front, expect=200)
    assert quote.get_json()["tax_amount"] == 0 and quote.get_json()["tax"]["category"] == "E"
    # New York has its own rule; other states fall to the default.
    ny = shop.quote(country="US", region="NY")
    assert (ny["tax"]["name"], ny["tax"]["rate"], ny["tax_amount"]) == ("Sales tax", "8.875", 888)
    refused = api.call(
        "PATCH",
        "/v1/admin/courses/pro",
        json={"attributes": {"taxes": {"tax_class": "luxury"}}},
        headers=admin,
    )
    assert refused.status_code == 422


def test_refunds_give_the_tax_back_in_proportion(shop: Shop, recorder: Recorder) -> None:
    checkout = shop.buy(billing_country="FR")["checkout"]
    shop.pay(checkout["order_id"])
    refund = f"/v1/admin/orders/{checkout['order_id']}/refund"
    admin = shop.tenant.admin
    shop.api.call("POST", refund, json={"amount": 3000}, headers=admin, expect=200)
    assert shop.order(checkout["order_id"])["tax_refunded_amount"] == 500  # 2000 * 3000/12000
    shop.api.call("POST", refund, json={}, headers=admin, expect=200)
    order = shop.order(checkout["order_id"])
    assert (order["status"], order["tax_refunded_amount"]) == ("refunded", 2000)
    assert recorder.events("order.refunded")[-1]["tax_refunded_amount"] == 2000


def test_settings_are_validated(api: Api) -> None:
    tenant = api.create_tenant({"dummy_provider": {}})
    bad = [
        {"prices_include_tax": True},  # no seller country
        {"seller_country": "XX"},
        {"seller_country": "DE", "rules": [{"country": "FR", "name": "TVA", "rates": {}}]},
        {
            "seller_country": "DE",
            "rules": [{"country": "FR", "name": "T", "rates": {"standard": 120}}],
        },
    ]
    for settings in bad:
        answer = api.call(
            "PUT",
            "/v1/admin/plugins/taxes",
            json={"enabled": True, "settings": settings},
            headers=tenant.admin,
        )
        assert answer.status_code == 422, settings
    good = api.call(
        "PUT",
        "/v1/admin/plugins/taxes",
        json={"enabled": True, "settings": GERMAN_SELLER},
        headers=tenant.admin,
        expect=200,
    ).get_json()
    assert good["settings"]["rules"][0]["rates"] == {"standard": "19", "reduced": "7"}


def test_a_discount_is_taken_before_the_tax(api: Api) -> None:
    shop = Shop(api, provider={"dummy_provider": {}, "discounts": {}})
    api.call(
        "POST",
        "/v1/admin/discounts/codes",
        json={"code": "QUARTER", "percent_off": 25},
        headers=shop.tenant.admin,
        expect=201,
    )
    # 119.00 less 25 % = 89.25 gross at DE 19 % = 75.00 net; FR 20 %: 90.00.
    quoted = shop.quote(country="FR", code="QUARTER")
    assert (quoted["discount"], quoted["net"], quoted["tax_amount"], quoted["total"]) == (
        2975,
        7500,
        1500,
        9000,
    )
    checkout = shop.buy(billing_country="FR", code="QUARTER")["checkout"]
    order = shop.order(checkout["order_id"])
    assert (order["list_amount"], order["discount_amount"], order["discount_code"]) == (
        11900,
        2975,
        "QUARTER",
    )
    assert (order["amount"], order["tax_amount"], order["tax"]["net"]) == (9000, 1500, 7500)
