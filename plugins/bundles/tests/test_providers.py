"""A bundle paid through Stripe (the local Stripe-speaking server, signed webhook) and
PayPal (its local server): one charge of the bundle's price, every course active."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tuition.testing.api import Api
from tuition_bundles.testing import BUNDLE_PRICE, MEMBERS, BundleShop
from tuition_paypal_provider.testing import FakePayPal
from tuition_paypal_provider.testing import serving as serving_paypal
from tuition_stripe_provider.testing import FakeStripe, signed_webhook, stripe_server


@pytest.fixture
def fake_stripe(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeStripe]:
    yield from stripe_server(monkeypatch)


@pytest.fixture
def fake_paypal(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePayPal]:
    yield from serving_paypal(monkeypatch)


def every_course_active(shop: BundleShop, student: Any) -> None:
    assert shop.owned(student) == {"trio": "active", **dict.fromkeys(MEMBERS, "active")}


def test_a_bundle_paid_with_stripe(api: Api, fake_stripe: FakeStripe) -> None:
    settings = {
        "secret_key": "sk_test_bundles",
        "publishable_key": "pk_test_bundles",
        "webhook_secret": "whsec_bundles",
        "return_url": "https://shop.example/paid?session={CHECKOUT_SESSION_ID}",
        "api_base": fake_stripe.url,
        "max_network_retries": 0,
        "timeout_seconds": 5,
    }
    shop = BundleShop(api, {"stripe_provider": {"settings": settings}})
    student = shop.student()
    checkout = shop.enroll(student, expect=202).get_json()["checkout"]
    assert checkout["amount"] == BUNDLE_PRICE
    session = fake_stripe.complete(checkout["session_id"], "paid")
    body, headers = signed_webhook(
        fake_stripe.event("checkout.session.completed", session), settings["webhook_secret"]
    )
    for _ in range(2):  # a duplicate webhook changes nothing
        api.call(
            "POST",
            f"/v1/webhooks/stripe/{shop.tenant.slug}",
            data=body,
            headers=headers,
            expect=200,
        )
    every_course_active(shop, student)
    assert shop.seats() == {**dict.fromkeys(MEMBERS, 1), "trio": 1}


def test_a_bundle_paid_with_paypal(api: Api, fake_paypal: FakePayPal) -> None:
    fake_paypal.add_account("client-bundles", "secret-bundles")
    settings = {
        "client_id": "client-bundles",
        "client_secret": "secret-bundles",
        "webhook_id": "WH-BUNDLES",
        "environment": "sandbox",
        "api_base": fake_paypal.url,
        "cert_hosts": ["127.0.0.1"],
        "timeout_seconds": 5,
    }
    shop = BundleShop(api, {"paypal_provider": {"settings": settings}})
    student = shop.student()
    checkout = shop.enroll(student, expect=202).get_json()["checkout"]
    unit = fake_paypal.order_requests[-1]["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "EUR", "value": "70.00"}
    fake_paypal.approve(checkout["paypal_order_id"])
    shop.api.call(  # the buyer's return page asks; PayPal captures
        "POST", f"/v1/orders/{checkout['order_id']}/refresh", headers=student.headers, expect=200
    )
    every_course_active(shop, student)
