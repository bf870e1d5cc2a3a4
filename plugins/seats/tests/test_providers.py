"""A purchase of seats with Stripe (the local Stripe-speaking server: ``price_data`` for
the whole order) and PayPal (its local server): each charges seats times the price, and the
paid purchase issues its codes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tuition.testing.api import Api
from tuition_paypal_provider.testing import FakePayPal
from tuition_paypal_provider.testing import serving as serving_paypal
from tuition_seats.testing import PRICE
from tuition_stripe_provider.testing import FakeStripe, signed_webhook, stripe_server


@pytest.fixture
def fake_stripe(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeStripe]:
    yield from stripe_server(monkeypatch)


@pytest.fixture
def fake_paypal(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePayPal]:
    yield from serving_paypal(monkeypatch)


def site(api: Api, provider: str, settings: dict[str, Any]) -> Any:
    tenant = api.create_tenant({provider: {"settings": settings}, "seats": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    return tenant


def buy(api: Api, tenant: Any, seats: int) -> tuple[Any, dict[str, Any]]:
    buyer = api.signup(tenant)
    checkout: dict[str, Any] = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "seats": seats},
        headers=buyer.headers,
        expect=202,
    ).get_json()["checkout"]
    return buyer, checkout


def purchase(api: Api, buyer: Any) -> dict[str, Any]:
    (found,) = api.call(
        "GET", "/v1/me/seat-purchases", headers=buyer.headers, expect=200
    ).get_json()["items"]
    return dict(found)


def test_stripe_charges_every_seat(api: Api, fake_stripe: FakeStripe) -> None:
    settings = {
        "secret_key": "sk_test_seats",
        "publishable_key": "pk_test_seats",
        "webhook_secret": "whsec_seats",
        "return_url": "https://shop.example/paid?session={CHECKOUT_SESSION_ID}",
        "api_base": fake_stripe.url,
        "max_network_retries": 0,
        "timeout_seconds": 5,
    }
    tenant = site(api, "stripe_provider", settings)
    buyer, checkout = buy(api, tenant, 4)
    assert checkout["amount"] == 4 * 4900
    (call,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    (item,) = call.params["line_items"]
    assert item["price_data"]["unit_amount"] == str(4 * 4900)
    session = fake_stripe.complete(checkout["session_id"], "paid")
    assert session["amount_total"] == 4 * 4900
    body, headers = signed_webhook(
        fake_stripe.event("checkout.session.completed", session), settings["webhook_secret"]
    )
    api.call("POST", f"/v1/webhooks/stripe/{tenant.slug}", data=body, headers=headers, expect=200)
    bought = purchase(api, buyer)
    assert (bought["status"], bought["remaining"], bought["order_id"]) == (
        "active",
        3,
        checkout["order_id"],
    )


def test_paypal_charges_every_seat(api: Api, fake_paypal: FakePayPal) -> None:
    fake_paypal.add_account("client-seats", "secret-seats")
    settings = {
        "client_id": "client-seats",
        "client_secret": "secret-seats",
        "webhook_id": "WH-SEATS",
        "environment": "sandbox",
        "api_base": fake_paypal.url,
        "cert_hosts": ["127.0.0.1"],
        "timeout_seconds": 5,
    }
    tenant = site(api, "paypal_provider", settings)
    buyer, checkout = buy(api, tenant, 3)
    assert checkout["amount"] == 3 * 4900
    unit = fake_paypal.order_requests[-1]["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "EUR", "value": "147.00"}
    fake_paypal.approve(checkout["paypal_order_id"])
    fake_paypal.take_events()
    order = api.call(
        "POST", f"/v1/orders/{checkout['order_id']}/refresh", headers=buyer.headers, expect=200
    ).get_json()
    assert order["status"] == "paid"
    bought = purchase(api, buyer)
    assert (bought["status"], bought["remaining"]) == ("active", 2)
