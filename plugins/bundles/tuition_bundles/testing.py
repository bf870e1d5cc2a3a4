"""Helpers for tests of the bundles plugin (and of sites built on it): a site with the
plugin, the dummy provider, three paid courses and a bundle of them, with one-liners over
the REST API."""

from __future__ import annotations

from typing import Any

MEMBERS = ("intro", "advanced", "expert")
#: The member courses' prices (EUR, minor units) and the bundle's.
PRICES = {"intro": 2000, "advanced": 3000, "expert": 5000}
BUNDLE_PRICE = 7000


def price(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


class BundleShop:
    """A site with the bundles plugin and the dummy provider (unless ``plugins`` name
    others), the courses ``intro``, ``advanced``, ``expert`` and the bundle ``trio``."""

    def __init__(self, api: Any, plugins: dict[str, Any] | None = None, **capacity: int) -> None:
        self.api = api
        chosen = plugins or {"dummy_provider": {}}
        self.tenant: Any = api.create_tenant(
            {"free_enrollment": {}, "bundles": {}, "recorder": {}, **chosen}
        )
        for slug in MEMBERS:
            extra = {"capacity": capacity[slug]} if slug in capacity else {}
            api.create_course(
                self.tenant, slug, pricing_model="one_time", price=price(PRICES[slug]), **extra
            )
        api.create_course(self.tenant, "trio", pricing_model="one_time", price=price(BUNDLE_PRICE))
        self.admin("PUT", "/trio", json={"courses": list(MEMBERS)}, expect=200)

    def admin(self, method: str, path: str, expect: int | None = None, **kwargs: Any) -> Any:
        response = self.api.call(
            method, f"/v1/admin/bundles{path}", headers=self.tenant.admin, expect=expect, **kwargs
        )
        return response.get_json() if expect is not None and expect != 204 else response

    def student(self) -> Any:
        return self.api.signup(self.tenant)

    def enroll(self, student: Any, course: str = "trio", **kw: Any) -> Any:
        return self.api.call(
            "POST", "/v1/enrollments", json={"course": course}, headers=student.headers, **kw
        )

    def buy(self, student: Any, course: str = "trio") -> dict[str, Any]:
        """Enroll and pay at the dummy provider; the paid checkout."""
        checkout: dict[str, Any] = self.enroll(student, course, expect=202).get_json()["checkout"]
        self.pay(checkout["order_id"])
        return checkout

    def pay(self, order_id: str) -> None:
        self.api.call(
            "POST",
            f"/v1/dummy/checkout/{self.tenant.slug}/{order_id}",
            json={"outcome": "pay"},
            expect=200,
        )

    def owned(self, student: Any) -> dict[str, str]:
        """The student's enrollments: course slug → status (the latest per course)."""
        items = self.api.call(
            "GET", "/v1/me/enrollments?page_size=100", headers=student.headers, expect=200
        ).get_json()["items"]
        return {item["course"]: item["status"] for item in reversed(items)}  # newest wins

    def enrollment_ids(self, student: Any) -> dict[str, str]:
        """The student's enrollments: course slug → id (the latest per course)."""
        items = self.api.call(
            "GET", "/v1/me/enrollments?page_size=100", headers=student.headers, expect=200
        ).get_json()["items"]
        return {item["course"]: item["id"] for item in reversed(items)}

    def seats(self) -> dict[str, int]:
        """Seats taken per course."""
        found: dict[str, int] = {}
        for slug in (*MEMBERS, "trio"):
            course = self.api.call(
                "GET", f"/v1/admin/courses/{slug}", headers=self.tenant.admin, expect=200
            ).get_json()
            found[slug] = course["seats_taken"]
        return found

    def quote(self, student: Any | None = None, course: str = "trio") -> dict[str, Any]:
        headers = student.headers if student is not None else self.tenant.storefront
        found: dict[str, Any] = self.api.call(
            "GET", f"/v1/courses/{course}/quote", headers=headers, expect=200
        ).get_json()
        return found
