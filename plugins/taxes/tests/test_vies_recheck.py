"""VAT IDs VIES could not check at the sale are asked again by the sweep: with backoff
while VIES stays down, then recorded valid (with the consultation number) or invalid (in
the audit log and the admin's list), once per paid order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from tuition.plugin_api import utcnow
from tuition.testing.api import Api
from tuition.testing.chores import sweep
from tuition_taxes.testing import DE_VAT_ID, FR_VAT_ID, GERMAN_SELLER, FakeVies, Shop

REGISTERED = "FR40303265045"
UNREGISTERED = "DE136695976"  # DE_VAT_ID, compact: VIES does not know it


@pytest.fixture
def vies(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeVies]:
    monkeypatch.setenv("TUITION_OUTBOUND_ALLOWED_HOSTS", "127.0.0.1")
    with FakeVies(registered={REGISTERED}) as fake:
        yield fake


def rechecks(shop: Shop, **query: str) -> list[dict[str, Any]]:
    path = "/v1/admin/taxes/vat-rechecks"
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    page = shop.api.call("GET", path, headers=shop.tenant.admin, expect=200).get_json()
    return sorted(page["items"], key=lambda r: r["vat_id"])


def test_unverified_ids_are_checked_again_with_backoff(
    api: Api, vies: FakeVies, runtime: Any
) -> None:
    vies.down = True
    shop = Shop(api, {**GERMAN_SELLER, "vies_check": True, "vies_url": vies.url})
    company = shop.buy(billing_country="FR", vat_id=FR_VAT_ID)["checkout"]["order_id"]
    home = shop.buy(billing_country="DE", vat_id=DE_VAT_ID)["checkout"]["order_id"]
    unpaid = shop.buy(billing_country="FR", vat_id=FR_VAT_ID)["checkout"]["order_id"]
    shop.pay(company)
    shop.pay(home)
    asked = len(vies.asked)
    assert [(r["order_id"], r["status"]) for r in rechecks(shop)] == [
        (home, "unverified"),
        (company, "unverified"),
    ]  # an unpaid sale is no sale: not kept
    assert unpaid not in {r["order_id"] for r in rechecks(shop)}

    # VIES still down: asked once each, then left alone until the backoff passed.
    assert sweep(runtime)["taxes"] == {"valid": 0, "invalid": 0, "unverified": 2}
    waiting = rechecks(shop)
    assert [r["attempts"] for r in waiting] == [1, 1] and all(r["reason"] for r in waiting)
    vies.down = False
    assert sweep(runtime)["taxes"] == {"valid": 0, "invalid": 0, "unverified": 0}
    assert len(vies.asked) == asked + 2

    later = utcnow() + timedelta(minutes=16)
    assert sweep(runtime, later)["taxes"] == {"valid": 1, "invalid": 1, "unverified": 0}
    invalid, valid = rechecks(shop)
    assert (valid["order_id"], valid["status"]) == (company, "valid")
    assert valid["request_identifier"].startswith("WAPI") and valid["checked_at"]
    assert (invalid["order_id"], invalid["status"]) == (home, "invalid")
    assert [r["order_id"] for r in rechecks(shop, status="invalid")] == [home]
    audit = api.call("GET", "/v1/admin/audit?object_type=order", headers=shop.tenant.admin)
    entries = [e for e in audit.get_json()["items"] if e["action"] == "vat_id_invalid"]
    assert [e["object_id"] for e in entries] == [home]
    assert entries[0]["after"]["vat_id_check"] == "invalid"
    # Answered: never asked again.
    assert sweep(runtime, later + timedelta(days=2))["taxes"]["valid"] == 0
    assert len(vies.asked) == asked + 4
