"""The Stripe provider passes core's provider contract, against the fake Stripe API."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.testing.api import Api, TenantHandle
from tuition.testing.contract import ProviderContract
from tuition_stripe_provider.testing import FakeStripe, signed_webhook

WEBHOOK_SECRET = "whsec_contract"


class TestStripeProviderContract(ProviderContract):
    provider = "stripe"
    plugin = "stripe_provider"
    frontend_keys = ("client_secret", "publishable_key")
    required_settings = ("secret_key", "publishable_key", "webhook_secret", "return_url")

    @pytest.fixture(autouse=True)
    def _fake(self, fake_stripe: FakeStripe) -> None:
        self.fake = fake_stripe

    def settings(self) -> dict[str, Any]:
        return {
            "secret_key": "sk_test_contract",
            "publishable_key": "pk_test_contract",
            "webhook_secret": WEBHOOK_SECRET,
            "return_url": "https://shop.example/paid?session={CHECKOUT_SESSION_ID}",
            "api_base": self.fake.url,
            "max_network_retries": 0,
        }

    def pay_at_provider(self, api: Api, tenant: TenantHandle, order: dict[str, Any]) -> None:
        self.fake.complete(order["provider_reference"])

    def signed_webhook(
        self, tenant: TenantHandle, order: dict[str, Any], kind: str, event_id: str
    ) -> tuple[bytes, dict[str, str]]:
        session = self.fake.get(order["provider_reference"])
        if kind == "checkout.expired":
            event = self.fake.event(
                "checkout.session.expired", {**session, "status": "expired"}, event_id=event_id
            )
        else:
            event = self.fake.event("checkout.session.completed", session, event_id=event_id)
        return signed_webhook(event, WEBHOOK_SECRET)
