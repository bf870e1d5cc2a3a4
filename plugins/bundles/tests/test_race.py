"""Forty buyers at once for bundles whose course ``advanced`` has five seats: exactly five
bundles held, every other buyer refused with ``bundle_course_full`` and nothing held for
them in any course, on both databases."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask

from tuition.testing.api import Api
from tuition_bundles.testing import BundleShop

BUYERS = 40
SEATS = 5
#: Requests in flight at once (each holds a few connections; PostgreSQL is shared).
AT_ONCE = 8


def test_forty_buyers_five_bundles(app: Flask, api: Api) -> None:
    shop = BundleShop(api, advanced=SEATS)
    buyers = api.add_students(shop.tenant, BUYERS)

    def buy(headers: dict[str, str]) -> tuple[int, Any]:
        response = app.test_client().post(
            "/v1/enrollments", json={"course": "trio"}, headers=headers
        )
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        answers = list(pool.map(buy, [b.headers for b in buyers]))

    won = [body for status, body in answers if status == 202]
    refused = [body["code"] for status, body in answers if status != 202]
    assert len(won) == SEATS
    assert refused == ["bundle_course_full"] * (BUYERS - SEATS)
    assert shop.seats() == {"intro": SEATS, "advanced": SEATS, "expert": SEATS, "trio": SEATS}
