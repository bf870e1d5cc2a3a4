"""The gross is what the real providers charge: Stripe (the local Stripe-speaking server:
inline ``price_data`` for the French consumer's 120.00 EUR, the tax in the metadata) and
PayPal (its local server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tuition.testing.api import Api
from tuition_paypal_provider.testing import FakePayPal
from tuition_paypal_provider.testing import serving as serving_paypal
from tuition_stripe_provider.testing import FakeStripe, signed_webhook, stripe_server
from tuition_taxes.testing import GERMAN_SELLER, Shop


@pytest.fixture
def fake_stripe(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeStripe]:
    yield from stripe_server(monkeypatch)


@pytest.fixture
def fake_paypal(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePayPal]:
    yield from serving_paypal(monkeypatch)


def test_stripe_charges_the_french_consumer_the_gross(api: Api, fake_stripe: FakeStripe) -> None:
    settings = {
        "secret_key": "sk_test_taxes",
        "publishable_key": "pk_test_taxes",
        "webhook_secret": "whsec_taxes",
        "return_url": "https://shop.example/paid?session={CHECKOUT_SESSION_ID}",
        "api_base": fake_stripe.url,
        "max_network_retries": 0,
        "timeout_seconds": 5,
    }
    shop = Shop(api, GERMAN_SELLER, provider={"stripe_provider": {"settings": settings}})
    checkout = shop.buy(billing_country="FR")["checkout"]
    assert (checkout["amount"], checkout["tax_amount"]) == (12000, 2000)
    (created,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    (item,) = created.params["line_items"]
    assert (item["price_data"]["unit_amount"], item["price_data"]["currency"]) == ("12000", "eur")
    metadata = created.params["metadata"]
    assert (metadata["tax_amount"], metadata["tax_rate"], metadata["tax_name"]) == (
        "2000",
        "20",
        "TVA",
    )
    session = fake_stripe.complete(checkout["session_id"], "paid")
    assert session["amount_total"] == 12000
    body, headers = signed_webhook(
        fake_stripe.event("checkout.session.completed", session), settings["webhook_secret"]
    )
    api.call(
        "POST", f"/v1/webhooks/stripe/{shop.tenant.slug}", data=body, headers=headers, expect=200
    )
    order = shop.order(checkout["order_id"])
    assert (order["status"], order["paid_amount"], order["tax_amount"]) == ("paid", 12000, 2000)


def test_paypal_charges_the_gross(api: Api, fake_paypal: FakePayPal) -> None:
    fake_paypal.add_account("client-taxes", "secret-taxes")
    settings = {
        "client_id": "client-taxes",
        "client_secret": "secret-taxes",
        "webhook_id": "WH-TAXES",
        "environment": "sandbox",
        "api_base": fake_paypal.url,
        "cert_hosts": ["127.0.0.1"],
        "timeout_seconds": 5,
    }
    shop = Shop(api, GERMAN_SELLER, provider={"paypal_provider": {"settings": settings}})
    checkout = shop.buy(billing_country="FR", vat_id="FR40303265045")["checkout"]
    assert checkout["amount"] == 10000  # reverse charge: the net
    unit = fake_paypal.order_requests[-1]["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "EUR", "value": "100.00"}
