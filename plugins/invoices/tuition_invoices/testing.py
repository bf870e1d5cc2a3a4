"""Helpers for tests of the invoices plugin (and of sites built on it): a site with the
plugin, the dummy provider and a paid course, with one-liners to buy, refund and read
invoices through the API."""

from __future__ import annotations

from typing import Any

PRICE: dict[str, Any] = {"amount": 4900, "currency": "EUR"}
SELLER: dict[str, Any] = {
    "seller_name": "Akademie Muster GmbH",
    "seller_address": ["Musterstraße 1", "10115 Berlin", "Germany"],
    "seller_vat_id": "DE123456789",
    "footer": "Bank: DE89 3704 0044 0532 0130 00",
    "legal_notes": ["Thank you for learning with us."],
}


class Shop:
    """A site with the invoices plugin (``settings``), the dummy provider and a paid
    course ``pro``."""

    def __init__(self, api: Any, settings: dict[str, Any] | None = None, **plugins: Any) -> None:
        self.api = api
        self.tenant: Any = api.create_tenant(
            {
                "dummy_provider": {},
                "invoices": {"settings": settings if settings is not None else SELLER},
                **plugins,
            }
        )
        api.create_course(
            self.tenant, "pro", title="Pro course", pricing_model="one_time", price=PRICE
        )

    def student(self, **fields: Any) -> Any:
        """A new student (signup ``fields`` such as ``locale``)."""
        return self.api.signup(self.tenant, **fields)

    def buy(self, student: Any, course: str = "pro") -> str:
        """Enroll ``student`` and pay at the dummy provider; the order's id."""
        checkout = self.api.call(
            "POST", "/v1/enrollments", json={"course": course}, headers=student.headers,
            expect=202,
        ).get_json()["checkout"]  # fmt: skip
        self.pay(checkout["order_id"])
        order_id: str = checkout["order_id"]
        return order_id

    def pay(self, order_id: str) -> None:
        self.api.call(
            "POST",
            f"/v1/dummy/checkout/{self.tenant.slug}/{order_id}",
            json={"outcome": "pay"},
            expect=200,
        )

    def refund(self, order_id: str, amount: int) -> dict[str, Any]:
        answer: dict[str, Any] = self.api.call(
            "POST",
            f"/v1/admin/orders/{order_id}/refund",
            json={"amount": amount},
            headers=self.tenant.admin,
            expect=200,
        ).get_json()
        return answer

    def mine(self, student: Any, path: str = "", expect: int = 200) -> Any:
        response = self.api.call(
            "GET", f"/v1/me/invoices{path}", headers=student.headers, expect=expect
        )
        return response.get_json() if "json" in response.headers["Content-Type"] else response

    def admin(self, path: str = "", expect: int = 200, headers: Any = None) -> Any:
        response = self.api.call(
            "GET",
            f"/v1/admin/invoices{path}",
            headers=headers or self.tenant.admin,
            expect=expect,
        )
        content_type = response.headers.get("Content-Type", "")
        return response.get_json() if "json" in content_type else response
