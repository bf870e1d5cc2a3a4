"""The seam between orders and invoices: an order without tax data is untaxed; one with
the tax a tax plugin records (``tax_amount``, ``tax``, ``billing``) shows it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tuition_invoices.content import order_content, share
from tuition_invoices.rendering import money


def _order(**extra: Any) -> Any:
    values: dict[str, Any] = {
        "amount": 11900,
        "list_amount": 11900,
        "tax_amount": 0,
        "tax": None,
        "billing": None,
    }
    values.update(extra)
    return SimpleNamespace(
        id="ord_1",
        currency="EUR",
        discount_amount=0,
        discount_code=None,
        student_id="stu_1",
        customer_email="ana@example.com",
        student=SimpleNamespace(name="Ana", email="ana@example.com"),
        course=SimpleNamespace(title="Pro course", slug="pro"),
        **values,
    )


def test_an_order_without_tax_data_is_untaxed() -> None:
    content = order_content(_order())
    assert (content.net, content.tax, content.gross) == (11900, 0, 11900)
    assert [(b["rate"], b["tax"], b["name"]) for b in content.breakdown] == [(None, 0, None)]
    assert len(content.lines) == 1 and content.notes == []


def test_the_tax_a_tax_plugin_recorded_is_printed() -> None:
    content = order_content(
        _order(
            tax_amount=1900,
            tax={"rate": "19", "name": "DE VAT", "country": "DE", "reverse_charge": False},
            billing={"country": "DE", "vat_id": None, "company_name": "Muster AG"},
        )
    )
    assert (content.net, content.tax, content.gross) == (10000, 1900, 11900)
    assert content.lines[0]["rate"] == "19"
    assert content.breakdown[0]["name"] == "DE VAT"
    assert (content.buyer["company_name"], content.buyer["country"]) == ("Muster AG", "DE")
    reverse = order_content(
        _order(
            amount=10000,
            list_amount=10000,
            tax_amount=0,
            tax={"rate": "0", "name": "Reverse charge", "reverse_charge": True, "note": "RC"},
            billing={"country": "FR", "vat_id": "FR40303265045", "company_name": "SA"},
        )
    )
    assert reverse.breakdown[0]["reverse_charge"] is True and reverse.notes == ["RC"]
    assert reverse.buyer["vat_id"] == "FR40303265045"


def test_a_refunds_share_of_the_tax_rounds_half_away_from_zero() -> None:
    assert share(1900, 1000, 11900) == 160  # 159.66
    assert share(1900, 11900, 11900) == 1900
    assert share(-5, 1, 2) == -3 and share(5, 1, 2) == 3
    assert share(100, 1, 0) == 0


def test_amounts_are_written_the_way_each_language_writes_them() -> None:
    assert money(123456789, "EUR", "en") == "1,234,567.89 EUR"
    assert money(123456789, "EUR", "de") == "1.234.567,89 EUR"
    assert money(123456789, "EUR", "fr") == "1\u00a0234\u00a0567,89 EUR"
    assert money(-5, "JPY", "fr") == "-5 JPY"
