"""Helpers for tests of the taxes plugin (and of sites built on it): a German seller's
settings and a site with the plugin, a provider and a paid course, with one-liners to
quote, buy, read an order and pay at the dummy provider."""

from __future__ import annotations

from typing import Any

#: A German seller's settings: gross prices, FR and DE rules, a rule for New York, and
#: buyers elsewhere outside the scope of EU VAT.
GERMAN_SELLER: dict[str, Any] = {
    "seller_country": "DE",
    "prices_include_tax": True,
    "rules": [
        {"country": "DE", "name": "MwSt.", "rates": {"standard": 19, "reduced": 7}},
        {"country": "FR", "name": "TVA", "rates": {"standard": "20", "reduced": "5.5"}},
        {"country": "US", "region": "NY", "name": "Sales tax", "rates": {"standard": "8.875"}},
    ],
    "default_rule": {"name": "Not subject to EU VAT", "rates": {"standard": 0}},
}

#: 119.00 EUR gross at DE 19 %: 100.00 net.
PRICE = {"amount": 11900, "currency": "EUR"}
#: Valid VAT IDs (format and check digits; python-stdnum's own examples).
FR_VAT_ID = "FR 40 303 265 045"
DE_VAT_ID = "DE 136,695 976"


class Shop:
    """A German seller's site with the taxes plugin, a provider and the course ``pro``."""

    def __init__(
        self, api: Any, settings: dict[str, Any] | None = None, provider: Any = None
    ) -> None:
        self.api = api
        providers = provider or {"dummy_provider": {}}
        self.tenant: Any = api.create_tenant(
            {**providers, "recorder": {}, "taxes": {"settings": settings or GERMAN_SELLER}}
        )
        api.create_course(self.tenant, "pro", pricing_model="one_time", price=PRICE)

    def quote(self, expect: int | None = 200, **query: str) -> Any:
        path = "/v1/courses/pro/quote"
        if query:
            path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        answer = self.api.call("GET", path, headers=self.tenant.storefront, expect=expect)
        return answer.get_json()

    def buy(self, expect: int | None = 202, **billing: Any) -> Any:
        student = self.api.signup(self.tenant)
        answer = self.api.call(
            "POST",
            "/v1/enrollments",
            json={"course": "pro", **billing},
            headers=student.headers,
            expect=expect,
        )
        return answer.get_json()

    def order(self, order_id: str) -> dict[str, Any]:
        found: dict[str, Any] = self.api.call(
            "GET", f"/v1/admin/orders/{order_id}", headers=self.tenant.admin, expect=200
        ).get_json()
        return found

    def pay(self, order_id: str) -> None:
        self.api.call(
            "POST",
            f"/v1/dummy/checkout/{self.tenant.slug}/{order_id}",
            json={"outcome": "pay"},
            expect=200,
        )
