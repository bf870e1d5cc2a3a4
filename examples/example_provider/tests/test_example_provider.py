"""The example provider: core's provider contract, plus what is specific to this plugin.

No conftest is needed: ``app``, ``api``, ``runtime``, … come from core's pytest plugin.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from tuition.testing.api import Api, TenantHandle
from tuition.testing.contract import ProviderContract
from tuition.testing.plugins import described

SECRET = "contract-shared-secret"


def signed(
    purpose: str, message: dict[str, Any], secret: str = SECRET
) -> tuple[bytes, dict[str, str]]:
    """The wire format of the README, written out again rather than imported from the
    plugin, so that a change to the format fails here."""
    body = json.dumps(message).encode()
    ts = int(time.time())
    mac = hmac.new(secret.encode(), f"{ts}.{purpose}.".encode() + body, hashlib.sha256)
    return body, {
        "Example-Signature": f"t={ts},v1={mac.hexdigest()}",
        "Content-Type": "application/json",
    }


def note(order: dict[str, Any]) -> dict[str, Any]:
    return {"order_id": order["id"], "amount": order["amount"], "currency": order["currency"]}


class TestExampleProviderContract(ProviderContract):
    provider = "example"
    plugin = "example_provider"
    frontend_keys = ("redirect_url",)
    required_settings = ("shared_secret",)

    def settings(self) -> dict[str, Any]:
        return {"shared_secret": SECRET}

    def pay_at_provider(self, api: Api, tenant: TenantHandle, order: dict[str, Any]) -> None:
        # The provider's side records the payment in its ledger; no webhook is sent.
        body, headers = signed("note", note(order))
        api.call("POST", f"/v1/example/notes/{tenant.slug}", data=body, headers=headers, expect=200)

    def signed_webhook(
        self, tenant: TenantHandle, order: dict[str, Any], kind: str, event_id: str
    ) -> tuple[bytes, dict[str, str]]:
        return signed(
            "webhook", {"id": event_id, "type": kind, "tenant_id": tenant.id, **note(order)}
        )


# -- beyond the contract -----------------------------------------------------------------------


def _shop(api: Api, settings: dict[str, Any] | None = None) -> tuple[TenantHandle, Any, dict]:
    tenant = api.create_tenant(
        {"example_provider": {"settings": settings or {"shared_secret": SECRET}}}
    )
    api.create_course(
        tenant, "paid", pricing_model="one_time", price={"amount": 2500, "currency": "EUR"}
    )
    student = api.signup(tenant)
    checkout = api.enroll(tenant, student, "paid", expect=202).get_json()["checkout"]
    order = {"id": checkout["order_id"], "amount": 2500, "currency": "EUR"}
    return tenant, student, order


def test_registers_provider_settings_blueprint_and_migrations(runtime: Any) -> None:
    row = described(runtime, "example_provider")
    assert (row["status"], row["category"]) == ("loaded", "payment")
    assert row["payment_providers"] == ["example"]
    assert row["settings"] == ["checkout_url", "shared_secret"]
    assert row["migrations"]


def test_the_return_page_sees_a_noted_payment(api: Api) -> None:
    tenant, student, order = _shop(api)
    refresh = f"/v1/orders/{order['id']}/refresh"
    assert (
        api.call("POST", refresh, headers=student.headers, expect=200).get_json()["status"]
        == "pending"
    )
    body, headers = signed("note", note(order))
    notes = f"/v1/example/notes/{tenant.slug}"
    assert api.call("POST", notes, data=body, headers=headers, expect=200).get_json() == {
        "recorded": True
    }
    assert api.call("POST", notes, data=body, headers=headers, expect=200).get_json() == {
        "recorded": False
    }
    paid = api.call("POST", refresh, headers=student.headers, expect=200).get_json()
    assert (paid["status"], paid["enrollment_status"]) == ("paid", "active")


def test_forged_or_misdirected_notes_record_nothing(api: Api) -> None:
    tenant, student, order = _shop(api)
    notes = f"/v1/example/notes/{tenant.slug}"
    for body, headers in (
        signed("note", note(order), secret="not-the-secret"),
        signed("webhook", note(order)),
    ):  # a webhook's signature
        problem = api.call("POST", notes, data=body, headers=headers, expect=400).get_json()
        assert problem["code"] == "invalid_webhook"
    status = api.call(
        "POST", f"/v1/orders/{order['id']}/refresh", headers=student.headers, expect=200
    ).get_json()["status"]
    assert status == "pending"


def test_notes_do_not_exist_for_tenants_without_the_plugin(api: Api) -> None:
    other = api.create_tenant({"free_enrollment": {}})
    body, headers = signed("note", {"order_id": "ord_x", "amount": 1, "currency": "EUR"})
    api.call("POST", f"/v1/example/notes/{other.slug}", data=body, headers=headers, expect=404)


def test_the_secret_is_redacted_and_may_be_an_env_reference(api: Api, monkeypatch: Any) -> None:
    tenant, _student, order = _shop(api)
    shown = api.call(
        "GET", "/v1/admin/plugins/example_provider", headers=tenant.admin, expect=200
    ).get_json()["settings"]
    assert shown["shared_secret"] == "[redacted]"
    monkeypatch.setenv("TUITION_SECRET_EXAMPLE_SHARED", "secret-from-the-environment")
    shown = api.call(
        "PUT",
        "/v1/admin/plugins/example_provider",
        headers=tenant.admin,
        json={"enabled": True, "settings": {"shared_secret": "env:TUITION_SECRET_EXAMPLE_SHARED"}},
        expect=200,
    ).get_json()["settings"]
    assert shown["shared_secret"] == "env:TUITION_SECRET_EXAMPLE_SHARED"
    body, headers = signed("note", note(order), secret="secret-from-the-environment")
    api.call("POST", f"/v1/example/notes/{tenant.slug}", data=body, headers=headers, expect=200)
