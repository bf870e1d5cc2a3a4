"""200 buyers at once for a code limited to 10: exactly 10 redemptions, every other buyer
refused with ``code_exhausted`` and nothing written for them, on both databases."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask

from tuition.testing.api import Api
from tuition_discounts.testing import Shop

BUYERS = 200
LIMIT = 10
#: Requests in flight at once: each holds up to three connections (its own, the dummy
#: provider's ledger, a job's), and PostgreSQL serves every test of the machine.
AT_ONCE = 16


def test_two_hundred_buyers_ten_redemptions(app: Flask, api: Api) -> None:
    shop = Shop(api)
    code = shop.code("RUSH", percent_off=50, max_redemptions=LIMIT)
    buyers = api.add_students(shop.tenant, BUYERS)

    def buy(headers: dict[str, str]) -> tuple[int, Any]:
        response = app.test_client().post(
            "/v1/enrollments", json={"course": "pro", "code": "rush"}, headers=headers
        )
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        answers = list(pool.map(buy, [b.headers for b in buyers]))

    won = [body for status, body in answers if status == 202]
    refused = [body["code"] for status, body in answers if status != 202]
    assert len(won) == LIMIT
    assert refused == ["code_exhausted"] * (BUYERS - LIMIT)
    assert {body["checkout"]["amount"] for body in won} == {2450}
    found = shop.admin("GET", f"/codes/{code['id']}", expect=200)
    assert (found["redeemed"], found["totals"]["redemptions"]) == (LIMIT, LIMIT)
    orders = api.call(
        "GET", "/v1/admin/orders?page_size=100", headers=shop.tenant.admin, expect=200
    ).get_json()
    assert sorted(o["discount_code"] for o in orders["items"]) == ["RUSH"] * LIMIT
