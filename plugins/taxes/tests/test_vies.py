"""The optional VIES look-up against a local fake of VIES's REST API: a registered ID gets
the reverse charge with VIES's consultation number recorded, an unregistered one 422
``vat_id_invalid``, VIES down or hanging lets the sale go on recorded as unverified, and a
definite answer is not asked again within the cache period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from tuition.plugin_api import utcnow
from tuition.testing.api import Api
from tuition_taxes.testing import FR_VAT_ID, GERMAN_SELLER, FakeVies, Shop

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

REGISTERED = "FR40303265045"  # FR_VAT_ID, compact
#: Passes python-stdnum's check digits (its own example) but VIES does not know it.
UNREGISTERED = "DE136695976"


@pytest.fixture
def vies(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeVies]:
    monkeypatch.setenv("TUITION_OUTBOUND_ALLOWED_HOSTS", "127.0.0.1")
    with FakeVies(registered={REGISTERED}) as fake:
        yield fake


def shop_with_vies(api: Api, vies: FakeVies, **extra: Any) -> Shop:
    settings = {**GERMAN_SELLER, "vies_check": True, "vies_url": vies.url, **extra}
    return Shop(api, settings)


def test_a_registered_id_gets_the_reverse_charge_and_is_asked_once(
    api: Api, vies: FakeVies
) -> None:
    shop = shop_with_vies(api, vies)
    checkout = shop.buy(billing_country="FR", vat_id=FR_VAT_ID, company_name="Acme")["checkout"]
    assert (checkout["amount"], checkout["tax_amount"]) == (10000, 0)
    order = shop.order(checkout["order_id"])
    assert order["tax"]["reverse_charge"] is True
    check = order["billing"]["vat_id_check"]
    assert (check["source"], check["status"]) == ("vies", "valid")
    assert check["request_identifier"].startswith("WAPI") and check["checked_at"]
    # Another sale and a quote for the same ID within the cache period: VIES is not asked.
    again = shop.buy(billing_country="FR", vat_id=REGISTERED)["checkout"]
    assert shop.order(again["order_id"])["billing"]["vat_id_check"]["status"] == "valid"
    assert shop.quote(country="FR", vat_id=REGISTERED)["tax"]["reverse_charge"] is True
    assert vies.asked == [REGISTERED]


def test_an_id_vies_does_not_know_is_refused_and_writes_no_order(api: Api, vies: FakeVies) -> None:
    shop = shop_with_vies(api, vies)
    refused = shop.buy(expect=422, billing_country="FR", vat_id="FR 12 345678901")
    # python-stdnum refuses this one first, without asking VIES.
    assert refused["code"] == "vat_id_invalid" and vies.asked == []
    shop_de = shop_with_vies(api, vies, seller_country="FR", rules=[])
    refused = shop_de.buy(expect=422, billing_country="DE", vat_id=UNREGISTERED)
    assert refused["code"] == "vat_id_invalid"
    assert "VIES" in refused["detail"]
    quoted = shop_de.quote(expect=422, country="DE", vat_id=UNREGISTERED)
    assert quoted["code"] == "vat_id_invalid"
    assert vies.asked == [UNREGISTERED]  # the answer was kept: the quote did not ask
    orders = api.call("GET", "/v1/admin/orders", headers=shop_de.tenant.admin, expect=200)
    assert orders.get_json()["items"] == []


@pytest.mark.parametrize("failure", ["down", "hang"])
def test_when_vies_fails_the_sale_goes_on_unverified(
    api: Api, vies: FakeVies, failure: str
) -> None:
    setattr(vies, failure, True)
    shop = shop_with_vies(api, vies, vies_timeout_seconds=0.3)
    checkout = shop.buy(billing_country="FR", vat_id=FR_VAT_ID)["checkout"]
    order = shop.order(checkout["order_id"])
    assert order["tax"]["reverse_charge"] is True  # the offline check still holds
    assert order["billing"]["vat_id_check"] == {
        "source": "vies",
        "status": "unverified",
        "checked_at": None,
        "request_identifier": None,
    }
    # Nothing was kept: the next sale asks again, and VIES, back, verifies it.
    setattr(vies, failure, False)
    later = shop.buy(billing_country="FR", vat_id=FR_VAT_ID)["checkout"]
    assert shop.order(later["order_id"])["billing"]["vat_id_check"]["status"] == "valid"
    assert vies.asked == [REGISTERED, REGISTERED]


def test_an_answer_older_than_the_cache_period_is_asked_again(
    api: Api, vies: FakeVies, runtime: Any
) -> None:
    shop = shop_with_vies(api, vies, vies_cache_hours=1)
    shop.buy(billing_country="FR", vat_id=FR_VAT_ID)
    with runtime.transaction() as session:
        session.execute(
            text("UPDATE taxes_vat_checks SET checked_at = :at"),
            {"at": utcnow() - timedelta(hours=2)},
        )
    shop.buy(billing_country="FR", vat_id=FR_VAT_ID)
    assert vies.asked == [REGISTERED, REGISTERED]


def test_off_by_default_vies_is_never_asked(api: Api, vies: FakeVies) -> None:
    shop = Shop(api, {**GERMAN_SELLER, "vies_url": vies.url})
    checkout = shop.buy(billing_country="FR", vat_id=FR_VAT_ID)["checkout"]
    assert "vat_id_check" not in shop.order(checkout["order_id"])["billing"]
    assert vies.asked == []


def test_the_vies_url_follows_the_outbound_policy(api: Api) -> None:
    tenant = api.create_tenant({"dummy_provider": {}})
    refused = api.call(
        "PUT",
        "/v1/admin/plugins/taxes",
        json={
            "enabled": True,
            "settings": {**GERMAN_SELLER, "vies_check": True, "vies_url": "http://10.0.0.1/"},
        },
        headers=tenant.admin,
    )
    assert refused.status_code == 422
    assert "vies_url" in str(refused.get_json())


def test_the_students_export_shows_the_checks_and_erasure_keeps_them(
    api: Api, vies: FakeVies
) -> None:
    shop = shop_with_vies(api, vies)
    buyer = api.signup(shop.tenant, "buyer@example.com")
    api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "billing_country": "FR", "vat_id": FR_VAT_ID},
        headers=buyer.headers,
        expect=202,
    )
    export = api.call("GET", "/v1/me/export", headers=buyer.headers, expect=200).get_json()
    [check] = export["plugins"]["taxes"]["vat_id_checks"]
    assert (check["vat_id"], check["valid"]) == (REGISTERED, True)
    report = api.call(
        "POST", f"/v1/admin/students/{buyer.id}/erasure", headers=shop.tenant.admin, expect=200
    ).get_json()
    assert "taxes_vat_checks" in report["plugins"]["taxes"]["kept"]
