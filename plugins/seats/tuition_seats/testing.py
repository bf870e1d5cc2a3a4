"""Helpers for tests of the seats plugin (and of sites built on it): a site with the plugin,
the dummy provider and a paid course, with one-liners to buy seats, pay, redeem and read
purchases."""

from __future__ import annotations

from typing import Any

PRICE: dict[str, Any] = {"amount": 4900, "currency": "EUR"}


class Team:
    """A site with the seats plugin, the dummy provider and a paid course ``pro``."""

    def __init__(self, api: Any, capacity: int | None = None, **plugins: Any) -> None:
        self.api = api
        self.tenant: Any = api.create_tenant(
            {
                "dummy_provider": {},
                "seats": {"settings": {"redeem_url": "https://shop.example/redeem?code={code}"}},
                "recorder": {},
                **plugins,
            }
        )
        course: dict[str, Any] = {"pricing_model": "one_time", "price": PRICE}
        if capacity is not None:
            course["capacity"] = capacity
        api.create_course(self.tenant, "pro", **course)

    def student(self) -> Any:
        return self.api.signup(self.tenant)

    def buy(self, buyer: Any, seats: int, expect: int | None = 202, **body: Any) -> Any:
        response = self.api.call(
            "POST",
            "/v1/enrollments",
            json={"course": "pro", "seats": seats, **body},
            headers=buyer.headers,
            expect=expect,
        )
        return response.get_json()

    def pay(self, order_id: str) -> None:
        self.api.call(
            "POST",
            f"/v1/dummy/checkout/{self.tenant.slug}/{order_id}",
            json={"outcome": "pay"},
            expect=200,
        )

    def bought(self, buyer: Any, seats: int) -> dict[str, Any]:
        """Buy ``seats`` and pay: the buyer's purchase, with its codes."""
        checkout = self.buy(buyer, seats)["checkout"]
        self.pay(checkout["order_id"])
        (listed,) = self.mine(buyer)["items"]
        return self.mine(buyer, listed["id"])

    def mine(self, buyer: Any, purchase_id: str | None = None, expect: int = 200) -> Any:
        path = "/v1/me/seat-purchases" + (f"/{purchase_id}" if purchase_id else "")
        return self.api.call("GET", path, headers=buyer.headers, expect=expect).get_json()

    def redeem(self, student: Any, code: str, expect: int | None = 200, **kw: Any) -> Any:
        headers = {**student.headers, **kw.pop("headers", {})}
        response = self.api.call(
            "POST", "/v1/seats/redeem", json={"code": code}, headers=headers, expect=expect, **kw
        )
        return response.get_json()

    def admin(self, method: str, path: str, expect: int | None = 200, **kw: Any) -> Any:
        return self.api.call(
            method, f"/v1/admin/seats{path}", headers=self.tenant.admin, expect=expect, **kw
        ).get_json()

    def course(self) -> dict[str, Any]:
        found: dict[str, Any] = self.api.call(
            "GET", "/v1/admin/courses/pro", headers=self.tenant.admin, expect=200
        ).get_json()
        return found
