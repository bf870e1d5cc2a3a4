"""The discounted amount is what each provider charges: the dummy provider, Stripe (the
local Stripe-speaking server; ``price_data`` instead of the course's synced price) and
PayPal (its local server)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tuition.testing.api import Api
from tuition.testing.cli import run_cli
from tuition_discounts.testing import PRICE, Shop
from tuition_paypal_provider.testing import FakePayPal
from tuition_paypal_provider.testing import serving as serving_paypal
from tuition_stripe_provider.testing import FakeStripe, signed_webhook, stripe_server


@pytest.fixture
def fake_stripe(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeStripe]:
    yield from stripe_server(monkeypatch)


@pytest.fixture
def fake_paypal(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePayPal]:
    yield from serving_paypal(monkeypatch)


def site(api: Api, provider: str, settings: dict[str, Any], **course: Any) -> Any:
    tenant = api.create_tenant({provider: {"settings": settings}, "discounts": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE, **course)
    api.call(
        "POST",
        "/v1/admin/discounts/codes",
        json={"code": "QUARTER", "percent_off": 25},
        headers=tenant.admin,
        expect=201,
    )
    return tenant


def buy(api: Api, tenant: Any, code: str | None = "quarter") -> dict[str, Any]:
    student = api.signup(tenant)
    body: dict[str, Any] = {"course": "pro", **({"code": code} if code else {})}
    checkout: dict[str, Any] = api.call(
        "POST", "/v1/enrollments", json=body, headers=student.headers, expect=202
    ).get_json()["checkout"]
    return checkout


def test_the_dummy_provider_charges_the_discount(shop: Shop) -> None:
    shop.code("QUARTER", percent_off=25)
    checkout = shop.enroll(shop.student(), code="quarter", expect=202).get_json()["checkout"]
    page = shop.api.client.get(checkout["pay_url"])
    assert "36.75 EUR" in page.get_data(as_text=True)
    shop.pay(checkout["order_id"])
    order = shop.api.call(
        "GET", f"/v1/admin/orders/{checkout['order_id']}", headers=shop.tenant.admin, expect=200
    ).get_json()
    assert (order["status"], order["amount"], order["paid_amount"]) == ("paid", 3675, 3675)


def test_stripe_charges_the_discount_with_price_data(
    api: Api, fake_stripe: FakeStripe, db_url: str
) -> None:
    settings = {
        "secret_key": "sk_test_discounts",
        "publishable_key": "pk_test_discounts",
        "webhook_secret": "whsec_discounts",
        "return_url": "https://shop.example/paid?session={CHECKOUT_SESSION_ID}",
        "api_base": fake_stripe.url,
        "max_network_retries": 0,
        "timeout_seconds": 5,
    }
    tenant = site(api, "stripe_provider", settings)
    synced = run_cli(["stripe", "sync-products", "--tenant", tenant.slug], database_url=db_url)
    assert synced.exit_code == 0, synced.output
    course = api.call("GET", "/v1/admin/courses/pro", headers=tenant.admin, expect=200)
    stripe = course.get_json()["attributes"]["stripe_provider"]
    # Set by hand, without the synced amount: the price is taken as the course's price.
    hand_set = {k: stripe[k] for k in ("stripe_product_id", "stripe_price_id")}
    api.call(
        "PATCH",
        "/v1/admin/courses/pro",
        json={"attributes": {"stripe_provider": hand_set}},
        headers=tenant.admin,
        expect=200,
    )
    full = buy(api, tenant, code=None)
    checkout = buy(api, tenant)
    assert checkout["amount"] == 3675
    at_list, discounted = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert at_list.params["line_items"] == [{"price": stripe["stripe_price_id"], "quantity": "1"}]
    assert discounted.params["line_items"] == [
        {
            "price_data": {
                "currency": "eur",
                "unit_amount": "3675",
                "product": stripe["stripe_product_id"],
            },
            "quantity": "1",
        }
    ]
    assert full["amount"] == 4900
    # Stripe reports what it charged; the order is paid (no amount mismatch).
    session = fake_stripe.complete(checkout["session_id"], "paid")
    assert session["amount_total"] == 3675
    body, headers = signed_webhook(
        fake_stripe.event("checkout.session.completed", session), settings["webhook_secret"]
    )
    api.call("POST", f"/v1/webhooks/stripe/{tenant.slug}", data=body, headers=headers, expect=200)
    order = api.call(
        "GET", f"/v1/admin/orders/{checkout['order_id']}", headers=tenant.admin, expect=200
    ).get_json()
    assert (order["status"], order["paid_amount"], order["discount_code"]) == (
        "paid",
        3675,
        "QUARTER",
    )


def test_paypal_charges_the_discount(api: Api, fake_paypal: FakePayPal) -> None:
    fake_paypal.add_account("client-discounts", "secret-discounts")
    settings = {
        "client_id": "client-discounts",
        "client_secret": "secret-discounts",
        "webhook_id": "WH-DISCOUNTS",
        "environment": "sandbox",
        "api_base": fake_paypal.url,
        "cert_hosts": ["127.0.0.1"],
        "timeout_seconds": 5,
    }
    tenant = site(api, "paypal_provider", settings)
    checkout = buy(api, tenant)
    assert checkout["amount"] == 3675
    unit = fake_paypal.order_requests[-1]["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "EUR", "value": "36.75"}
