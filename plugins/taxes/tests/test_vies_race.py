"""Concurrent first sales to the same VAT ID on PostgreSQL: both ask VIES (nothing is kept
yet), both sales go through verified, and VIES's answer is kept once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from tuition.testing.api import Api
from tuition_taxes.testing import FR_VAT_ID, GERMAN_SELLER, FakeVies, Shop

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)

BUYERS = 4


@pytest.fixture
def vies(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeVies]:
    monkeypatch.setenv("TUITION_OUTBOUND_ALLOWED_HOSTS", "127.0.0.1")
    with FakeVies(registered={"FR40303265045"}) as fake:
        fake.together = BUYERS
        yield fake


def test_concurrent_first_sales_ask_vies_and_keep_one_answer(
    app: Flask, api: Api, vies: FakeVies, runtime: Any
) -> None:
    shop = Shop(api, {**GERMAN_SELLER, "vies_check": True, "vies_url": vies.url})
    buyers = api.add_students(shop.tenant, BUYERS)

    def buy(headers: dict[str, str]) -> str:
        response = app.test_client().post(
            "/v1/enrollments",
            json={"course": "pro", "billing_country": "FR", "vat_id": FR_VAT_ID},
            headers=headers,
        )
        assert response.status_code == 202, response.get_data(as_text=True)
        order_id: str = response.get_json()["checkout"]["order_id"]
        return order_id

    with ThreadPoolExecutor(BUYERS) as pool:
        order_ids = list(pool.map(buy, [b.headers for b in buyers]))
    assert len(vies.asked) == BUYERS
    for order_id in order_ids:
        assert shop.order(order_id)["billing"]["vat_id_check"]["status"] == "valid"
    with runtime.session() as session:
        kept = session.execute(text("SELECT vat_id, valid FROM taxes_vat_checks")).all()
    assert [tuple(row) for row in kept] == [("FR40303265045", True)]
