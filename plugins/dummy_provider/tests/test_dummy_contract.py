"""The dummy provider passes core's provider contract."""

from __future__ import annotations

import json
from typing import Any

from tuition.testing.api import Api, TenantHandle
from tuition.testing.contract import ProviderContract
from tuition_dummy_provider.provider import sign


class TestDummyProviderContract(ProviderContract):
    provider = "dummy"
    plugin = "dummy_provider"
    frontend_keys = ("pay_url",)

    def settings(self) -> dict[str, Any]:
        return {"withhold_webhooks": True, "webhook_secret": "contract-secret"}

    def pay_at_provider(self, api: Api, tenant: TenantHandle, order: dict[str, Any]) -> None:
        api.call(
            "POST",
            f"/v1/dummy/checkout/{tenant.slug}/{order['id']}",
            json={"outcome": "pay"},
            expect=200,
        )

    def signed_webhook(
        self, tenant: TenantHandle, order: dict[str, Any], kind: str, event_id: str
    ) -> tuple[bytes, dict[str, str]]:
        body = json.dumps(
            {
                "id": event_id,
                "type": kind,
                "tenant_id": tenant.id,
                "order_id": order["id"],
                "amount": order["amount"],
                "currency": order["currency"],
            }
        ).encode()
        return body, {
            "Dummy-Signature": sign("contract-secret", body),
            "Content-Type": "application/json",
        }
