"""Helpers for tests of the discounts plugin (and of plugins or sites built on it): a site
with the plugin, the dummy provider and a paid course, with one-liners over the plugin's
admin API, enrolling with a code, paying at the dummy provider and quoting."""

from __future__ import annotations

from typing import Any

PRICE: dict[str, Any] = {"amount": 4900, "currency": "EUR"}


class Shop:
    """A site with the discounts plugin, the dummy provider and a paid course ``pro``,
    with one-liners over the plugin's admin API."""

    def __init__(self, api: Any, **plugins: Any) -> None:
        self.api = api
        self.tenant: Any = api.create_tenant(
            {
                "free_enrollment": {},
                "dummy_provider": {},
                "discounts": {},
                "recorder": {},
                **plugins,
            }
        )
        api.create_course(self.tenant, "pro", pricing_model="one_time", price=PRICE)

    def admin(self, method: str, path: str, expect: int | None = None, **kwargs: Any) -> Any:
        response = self.api.call(
            method, f"/v1/admin/discounts{path}", headers=self.tenant.admin, expect=expect, **kwargs
        )
        return response.get_json() if expect is not None and expect != 204 else response

    def code(self, code: str = "LAUNCH", **fields: Any) -> dict[str, Any]:
        body = {"code": code, "percent_off": 20, **fields}
        created: dict[str, Any] = self.admin("POST", "/codes", json=body, expect=201)
        return created

    def student(self) -> Any:
        return self.api.signup(self.tenant)

    def enroll(self, student: Any, course: str = "pro", code: str | None = None, **kw: Any) -> Any:
        body: dict[str, Any] = {"course": course}
        if code is not None:
            body["code"] = code
        return self.api.call("POST", "/v1/enrollments", json=body, headers=student.headers, **kw)

    def pay(self, order_id: str) -> None:
        self.api.call(
            "POST",
            f"/v1/dummy/checkout/{self.tenant.slug}/{order_id}",
            json={"outcome": "pay"},
            expect=200,
        )

    def quote(self, course: str = "pro", code: str | None = None, **kw: Any) -> dict[str, Any]:
        query = f"?code={code}" if code is not None else ""
        headers = kw.pop("headers", self.tenant.storefront)
        found: dict[str, Any] = self.api.call(
            "GET", f"/v1/courses/{course}/quote{query}", headers=headers, expect=200, **kw
        ).get_json()
        return found
