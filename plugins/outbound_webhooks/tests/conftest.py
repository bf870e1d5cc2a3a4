"""Shared fixtures of the outbound webhooks tests: a real HTTP receiver on 127.0.0.1 and
one-liners over the admin API (core's ``api``, ``runtime`` … come from core's pytest
plugin)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition_outbound_webhooks.testing import Answer, Received, Receiver

__all__ = ["Answer", "Received", "Receiver"]

WEBHOOK_PLUGINS: dict[str, Any] = {"free_enrollment": {}, "outbound_webhooks": {}}


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    """A running receiver; 127.0.0.1 is on the operator's outbound allow-list."""
    monkeypatch.setenv("TUITION_OUTBOUND_ALLOWED_HOSTS", "127.0.0.1")
    found = Receiver()
    try:
        yield found
    finally:
        found.close()


class Hooks:
    """One-liners over the webhooks admin API for one tenant."""

    def __init__(self, api: Api, tenant: TenantHandle) -> None:
        self.api, self.tenant = api, tenant

    def call(self, method: str, path: str, expect: int | None = None, **kwargs: Any) -> Any:
        response = self.api.call(method, path, headers=self.tenant.admin, expect=expect, **kwargs)
        return response.get_json() if expect is not None and expect != 204 else response

    def endpoint(self, url: str, events: list[str] | None = None, **fields: Any) -> dict[str, Any]:
        body = {"url": url, "events": events or ["*"], **fields}
        return self.call("POST", "/v1/admin/webhook-endpoints", json=body, expect=201)

    def get_endpoint(self, endpoint_id: str) -> dict[str, Any]:
        return self.call("GET", f"/v1/admin/webhook-endpoints/{endpoint_id}", expect=200)

    def deliveries(self, endpoint_id: str, **query: Any) -> list[dict[str, Any]]:
        page = self.call(
            "GET",
            f"/v1/admin/webhook-endpoints/{endpoint_id}/deliveries",
            query_string={"page_size": 100, **query},
            expect=200,
        )
        items: list[dict[str, Any]] = page["items"]
        return items

    def delivery(self, delivery_id: str) -> dict[str, Any]:
        return self.call("GET", f"/v1/admin/webhook-deliveries/{delivery_id}", expect=200)

    def only_delivery(self, endpoint_id: str) -> dict[str, Any]:
        items = self.deliveries(endpoint_id)
        assert len(items) == 1, items
        return self.delivery(items[0]["id"])

    def course(self, slug: str = "yoga", **fields: Any) -> dict[str, Any]:
        return self.api.create_course(self.tenant, slug, **fields)

    def enroll(self, course: str = "yoga", student: StudentHandle | None = None) -> Any:
        # Made behind the API's back: a signup's own event would be delivered too.
        student = student or self.api.add_students(self.tenant, 1)[0]
        return self.api.enroll(self.tenant, student, course).get_json()


@pytest.fixture
def site(api: Api) -> TenantHandle:
    """A tenant with free enrollment and outbound webhooks."""
    return api.create_tenant(WEBHOOK_PLUGINS)


@pytest.fixture
def hooks(api: Api, site: TenantHandle) -> Hooks:
    return Hooks(api, site)


@pytest.fixture
def hooks_for(api: Api) -> Callable[[TenantHandle], Hooks]:
    """``hooks_for(tenant)``: the one-liners for another tenant."""
    return lambda tenant: Hooks(api, tenant)
