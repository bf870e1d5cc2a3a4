"""The PayPal provider passes core's provider contract, against the fake PayPal."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tuition.testing.api import Api, TenantHandle
from tuition.testing.contract import ProviderContract
from tuition_paypal_provider.testing import FakePayPal


class TestPayPalContract(ProviderContract):
    provider = "paypal"
    plugin = "paypal_provider"
    frontend_keys = ("paypal_order_id", "approve_url")
    required_settings = ("client_id", "client_secret", "webhook_id")

    fake: FakePayPal
    webhook_id: str

    @pytest.fixture(autouse=True)
    def _use_fake(self, fake: FakePayPal) -> None:
        self.fake = fake

    def settings(self) -> dict[str, Any]:
        token = secrets.token_hex(6)
        self.fake.add_account(f"client-{token}", f"secret-{token}")
        self.webhook_id = f"WH-{token.upper()}"
        return {
            "client_id": f"client-{token}",
            "client_secret": f"secret-{token}",
            "webhook_id": self.webhook_id,
            "api_base": self.fake.url,
            "cert_hosts": ["127.0.0.1"],
            "timeout_seconds": 5,
        }

    def pay_at_provider(self, api: Api, tenant: TenantHandle, order: dict[str, Any]) -> None:
        # The buyer approves at PayPal; capturing is Tuition's job (webhook or reconcile).
        self.fake.approve(order["provider_reference"])
        self.fake.take_events()  # PayPal's own webhooks are not delivered here

    def signed_webhook(
        self, tenant: TenantHandle, order: dict[str, Any], kind: str, event_id: str
    ) -> tuple[bytes, dict[str, str]]:
        resource = self.fake._public(self.fake.orders[order["provider_reference"]])
        event_type = {
            "payment.succeeded": "CHECKOUT.ORDER.APPROVED",
            "checkout.expired": "CHECKOUT.ORDER.VOIDED",
        }[kind]
        resource["status"] = "APPROVED" if kind == "payment.succeeded" else "VOIDED"
        event = self.fake.event(event_type, "checkout-order", resource)
        event["id"] = event_id
        return self.fake.signed(event, self.webhook_id)
