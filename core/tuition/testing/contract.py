"""Contract tests every payment provider runs: subclass :class:`ProviderContract` in the
plugin's tests and implement its three provider-specific methods.

The tests drive the public API only (enroll → checkout → signed webhook → order), with a
recording plugin to count post-enrollment actions, on every database backend the core
fixtures offer::

    class TestDummyContract(ProviderContract):
        provider = "dummy"
        plugin = "dummy_provider"

        def settings(self): return {}
        def pay_at_provider(self, api, tenant, order): ...
        def signed_webhook(self, tenant, order, kind, event_id): ...
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tuition.db import utcnow
from tuition.plugin_api import PluginInfo, hookimpl
from tuition.testing.api import Api, TenantHandle
from tuition.testing.chores import reconcile

PRICE = {"amount": 4900, "currency": "EUR"}


class _Counter:
    TUITION_PLUGIN = PluginInfo(title="Contract counter", category="test")

    def __init__(self) -> None:
        self.activations: list[str] = []

    @hookimpl
    def tuition_after_enrollment(self, enrollment: Any) -> None:
        self.activations.append(enrollment.id)


class ProviderContract:
    """The behaviour Tuition relies on from every payment provider."""

    #: The provider's name (webhook path segment, ``order.provider``).
    provider: str = ""
    #: The plugin that registers it (what a tenant enables).
    plugin: str = ""
    #: Keys the 202 checkout must carry for the frontend besides Tuition's own.
    frontend_keys: tuple[str, ...] = ()
    #: Settings that must be refused when missing (credentials).
    required_settings: tuple[str, ...] = ()
    currency: str = "EUR"

    # -- implemented by each provider's test class -------------------------------------

    def settings(self) -> dict[str, Any]:
        """The tenant settings of the plugin under test."""
        raise NotImplementedError

    def pay_at_provider(self, api: Api, tenant: TenantHandle, order: dict[str, Any]) -> None:
        """Make the provider consider ``order`` paid, without delivering any webhook."""
        raise NotImplementedError

    def signed_webhook(
        self, tenant: TenantHandle, order: dict[str, Any], kind: str, event_id: str
    ) -> tuple[bytes, dict[str, str]]:
        """A webhook body and headers exactly as the provider would sign them, meaning
        ``kind`` (``payment.succeeded`` or ``checkout.expired``) for ``order``."""
        raise NotImplementedError

    # -- fixtures ------------------------------------------------------------------------

    @pytest.fixture
    def counter(self) -> _Counter:
        return _Counter()

    @pytest.fixture
    def tuition_plugins(self, counter: _Counter) -> list[tuple[str, Any]]:
        return [("contract_counter", counter)]

    @pytest.fixture
    def site(self, api: Api) -> TenantHandle:
        tenant = api.create_tenant(
            {self.plugin: {"settings": self.settings()}, "contract_counter": {}}
        )
        api.create_course(
            tenant,
            "paid",
            pricing_model="one_time",
            capacity=3,
            price={**PRICE, "currency": self.currency},
        )
        return tenant

    def _buy(self, api: Api, site: TenantHandle) -> tuple[Any, dict[str, Any]]:
        student = api.signup(site)
        body = api.enroll(site, student, "paid", expect=202).get_json()
        order = api.call(
            "GET",
            f"/v1/admin/orders/{body['checkout']['order_id']}",
            headers=site.admin,
            expect=200,
        ).get_json()
        return student, {**order, "checkout": body["checkout"]}

    def _deliver(
        self, api: Api, site: TenantHandle, body: bytes, headers: dict[str, str], expect: int = 200
    ) -> Any:
        return api.call(
            "POST",
            f"/v1/webhooks/{self.provider}/{site.slug}",
            data=body,
            headers=headers,
            expect=expect,
        )

    def _order(self, api: Api, site: TenantHandle, order_id: str) -> dict[str, Any]:
        return api.call(
            "GET", f"/v1/admin/orders/{order_id}", headers=site.admin, expect=200
        ).get_json()

    # -- the contract --------------------------------------------------------------------

    def test_checkout_gives_the_frontend_what_it_needs(self, api: Api, site: TenantHandle) -> None:
        _, order = self._buy(api, site)
        checkout = order["checkout"]
        assert checkout["provider"] == self.provider
        assert (checkout["amount"], checkout["currency"]) == (4900, self.currency)
        for key in self.frontend_keys:
            assert checkout.get(key), f"checkout lacks {key!r}"
        assert order["status"] == "pending" and order["enrollment_status"] == "pending"
        assert order["provider_reference"], "create_checkout must return a reference"

    def test_a_verified_payment_fulfils_exactly_once(
        self, api: Api, site: TenantHandle, counter: _Counter
    ) -> None:
        _, order = self._buy(api, site)
        self.pay_at_provider(api, site, order)
        body, headers = self.signed_webhook(site, order, "payment.succeeded", "evt_contract_1")
        self._deliver(api, site, body, headers)
        self._deliver(api, site, body, headers)  # a duplicate delivery
        paid = self._order(api, site, order["id"])
        assert (paid["status"], paid["enrollment_status"]) == ("paid", "active")
        assert counter.activations == [order["enrollment_id"]]

    def test_events_out_of_order_converge(
        self, api: Api, site: TenantHandle, counter: _Counter
    ) -> None:
        _, order = self._buy(api, site)
        self.pay_at_provider(api, site, order)
        paid = self.signed_webhook(site, order, "payment.succeeded", "evt_contract_2")
        expired = self.signed_webhook(site, order, "checkout.expired", "evt_contract_3")
        self._deliver(api, site, *paid)
        self._deliver(api, site, *expired)
        final = self._order(api, site, order["id"])
        assert (final["status"], final["enrollment_status"]) == ("paid", "active")
        assert len(counter.activations) == 1

    def test_a_bad_signature_is_refused_and_stores_nothing(
        self, api: Api, site: TenantHandle
    ) -> None:
        _, order = self._buy(api, site)
        body, headers = self.signed_webhook(site, order, "payment.succeeded", "evt_forged")
        tampered = body.replace(b"4900", b"4901") if b"4900" in body else body + b" "
        response = self._deliver(api, site, tampered, headers, expect=400)
        assert response.get_json()["code"] == "invalid_webhook"
        events = api.call("GET", "/v1/admin/payment-events", headers=site.admin).get_json()
        assert events["total"] == 0
        assert self._order(api, site, order["id"])["status"] == "pending"

    def test_reconcile_fulfils_when_no_webhook_came(
        self, api: Api, site: TenantHandle, runtime: Any, counter: _Counter
    ) -> None:
        _, order = self._buy(api, site)
        self.pay_at_provider(api, site, order)
        assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"fulfilled": 1}
        assert self._order(api, site, order["id"])["status"] == "paid"
        assert len(counter.activations) == 1

    def test_refunds_match_declared_capabilities(
        self, api: Api, site: TenantHandle, runtime: Any
    ) -> None:
        caps = runtime.plugins.payment_providers(frozenset({self.plugin}))[self.provider][
            1
        ].capabilities
        assert self.currency in caps.currencies
        _, order = self._buy(api, site)
        self.pay_at_provider(api, site, order)
        self._deliver(
            api, site, *self.signed_webhook(site, order, "payment.succeeded", "evt_contract_4")
        )
        url = f"/v1/admin/orders/{order['id']}/refund"
        if not caps.refunds:
            api.call("POST", url, json={}, headers=site.admin, expect=409)
            return
        if caps.partial_refunds:
            part = api.call(
                "POST", url, json={"amount": 900}, headers=site.admin, expect=200
            ).get_json()
            assert part["order"]["refunded_amount"] == 900
        else:
            api.call("POST", url, json={"amount": 900}, headers=site.admin, expect=409)
        full = api.call("POST", url, json={}, headers=site.admin, expect=200).get_json()
        assert full["order"]["status"] == "refunded"
        assert full["order"]["refunded_amount"] == 4900
        assert full["order"]["enrollment_status"] == "refunded"

    def test_settings_refuse_missing_credentials(self, api: Api, site: TenantHandle) -> None:
        if not self.required_settings:
            return
        problem = api.call(
            "PUT",
            f"/v1/admin/plugins/{self.plugin}",
            json={"enabled": True, "settings": {}},
            headers=site.admin,
            expect=422,
        ).get_json()
        for name in self.required_settings:
            assert f"settings.{name}" in problem["errors"]
