"""Concurrent purchases get unique, gapless invoice numbers: 200 on PostgreSQL, 24 on
SQLite (one writer at a time there: the point is that nothing breaks or skips). A number
taken in a transaction that rolls back is given back."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from flask import Flask

from tuition.testing.api import Api
from tuition_invoices import numbering
from tuition_invoices.testing import Shop

#: Requests in flight at once: a payment holds up to three connections (the request's,
#: the dummy provider's ledger, the inline job's) of the app's pool of 15.
AT_ONCE = 5


def test_concurrent_purchases_number_gaplessly(app: Flask, api: Api, backend: str) -> None:
    buyers_count = 200 if backend == "postgresql" else 24
    shop = Shop(api)
    buyers = api.add_students(shop.tenant, buyers_count)

    def enroll(headers: dict[str, str]) -> str:
        response = app.test_client().post(
            "/v1/enrollments", json={"course": "pro"}, headers=headers
        )
        assert response.status_code == 202, response.get_data(as_text=True)
        order_id: str = response.get_json()["checkout"]["order_id"]
        return order_id

    def pay(order_id: str) -> int:
        return (
            app.test_client()
            .post(f"/v1/dummy/checkout/{shop.tenant.slug}/{order_id}", json={"outcome": "pay"})
            .status_code
        )

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        orders = list(pool.map(enroll, [b.headers for b in buyers]))
        assert set(pool.map(pay, orders)) == {200}

    found: list[dict[str, str]] = []
    for page in range(1, buyers_count // 100 + 2):
        found += shop.admin(f"?page={page}&page_size=100")["items"]
    year = datetime.now(UTC).year
    assert sorted(i["number"] for i in found) == [
        f"INV-{year}-{n:05d}" for n in range(1, buyers_count + 1)
    ]
    assert sorted(i["order_id"] for i in found) == sorted(orders)


def test_a_rolled_back_number_is_given_back(app: Flask, api: Api) -> None:
    shop = Shop(api)
    runtime = app.extensions["tuition"]
    tenant_id = shop.tenant.id
    with runtime.transaction(tenant_id) as session:
        assert numbering.take(session, tenant_id, "T-") == 1
    with pytest.raises(RuntimeError), runtime.transaction(tenant_id) as session:
        assert numbering.take(session, tenant_id, "T-") == 2
        raise RuntimeError("the order's transaction failed")
    with runtime.transaction(tenant_id) as session:
        assert numbering.take(session, tenant_id, "T-") == 2
        assert numbering.take(session, tenant_id, "U-") == 1
