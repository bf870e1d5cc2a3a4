"""Invoices of orders the taxes plugin taxed: a German seller's invoice to a French
consumer shows the French rate and the order's net/tax split; one to a French company with
a VAT ID is a reverse charge, with its legal note and the buyer's VAT ID."""

from __future__ import annotations

from typing import Any

from tuition.testing.api import Api
from tuition_invoices.testing import Shop
from tuition_taxes.testing import FR_VAT_ID, GERMAN_SELLER

from .test_invoices import pdf_text


def buy(shop: Shop, **billing: Any) -> tuple[Any, dict[str, Any]]:
    """A new student buys ``pro`` with ``billing`` and pays: the student and the order."""
    student = shop.student()
    checkout = shop.api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", **billing},
        headers=student.headers,
        expect=202,
    ).get_json()["checkout"]
    shop.pay(checkout["order_id"])
    order = shop.api.call(
        "GET", f"/v1/admin/orders/{checkout['order_id']}", headers=shop.tenant.admin, expect=200
    ).get_json()
    return student, order


def test_a_french_consumer_and_a_french_company(api: Api) -> None:
    shop = Shop(api, taxes={"settings": GERMAN_SELLER})

    consumer, order = buy(shop, billing_country="FR")
    invoice = shop.mine(consumer)["items"][0]
    assert order["tax_amount"] > 0 and order["tax"]["rate"] == "20"
    assert (invoice["net"], invoice["tax"], invoice["gross"]) == (
        order["amount"] - order["tax_amount"],
        order["tax_amount"],
        order["amount"],
    )
    (entry,) = invoice["breakdown"]
    assert (entry["rate"], entry["country"], entry["reverse_charge"]) == ("20", "FR", False)
    assert invoice["buyer"]["country"] == "FR"
    text = pdf_text(shop.mine(consumer, f"/{invoice['id']}.pdf").data)
    assert "TVA" in text and "20" in text
    assert f"{order['tax_amount'] / 100:.2f} EUR" in text

    company, order = buy(shop, billing_country="FR", vat_id=FR_VAT_ID, company_name="Exemple SA")
    invoice = shop.mine(company)["items"][0]
    assert order["tax_amount"] == 0 and order["tax"]["reverse_charge"] is True
    assert (invoice["tax"], invoice["gross"]) == (0, order["amount"])
    assert invoice["breakdown"][0]["reverse_charge"] is True
    assert invoice["buyer"]["company_name"] == "Exemple SA"
    assert invoice["buyer"]["vat_id"] == order["billing"]["vat_id"]
    assert invoice["notes"][0] == order["tax"]["note"]
    text = pdf_text(shop.mine(company, f"/{invoice['id']}.pdf").data)
    assert "Exemple SA" in text and order["billing"]["vat_id"] in text
    assert order["tax"]["note"].split()[0] in text
