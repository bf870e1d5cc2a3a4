"""The tax arithmetic and rule choice on their own (no database): rounding half up per
line, net + tax == gross, and which rule applies to whom."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tuition_taxes import rules
from tuition_taxes.rules import Billing
from tuition_taxes.testing import GERMAN_SELLER


def test_rounding_is_half_up_on_the_tax() -> None:
    assert rules.tax_from_net(250, Decimal(1)) == 3  # 2.5 → 3 (not banker's 2)
    assert rules.tax_from_gross(101, Decimal(100)) == 51  # 50.5 → 51
    assert rules.tax_from_gross(11900, Decimal(19)) == 1900


@pytest.mark.parametrize("price", [1, 99, 100, 999, 11900, 12345, 4_999_999])
@pytest.mark.parametrize("rate", ["0", "5.5", "7", "19", "20", "8.875", "25.5"])
@pytest.mark.parametrize("gross_prices", [True, False])
def test_a_line_always_adds_up(price: int, rate: str, gross_prices: bool) -> None:
    applied = rules.Applied("T", Decimal(rate), "FR", None, "eu_consumer")
    net, tax, gross = rules.amounts(price, applied, Decimal(19), gross_prices)
    assert net + tax == gross and min(net, tax, gross) >= 0
    if not gross_prices:
        assert net == price


def test_who_pays_what() -> None:
    def applied(country: str, vat: bool = False, region: str | None = None) -> rules.Applied:
        billing = Billing(country, region, "X" if vat else None)
        return rules.applicable(GERMAN_SELLER, billing, "standard", vat)

    assert (applied("FR").rate, applied("FR").basis) == (Decimal(20), "eu_consumer")
    assert applied("FR", vat=True).reverse_charge
    assert applied("DE", vat=True).rate == Decimal(19)  # the seller's own country
    # An EU country without a rule: its standard rate from the built-in table.
    assert (applied("AT").rate, applied("AT").name) == (Decimal(20), "VAT AT")
    assert applied("US", region="NY").rate == Decimal("8.875")
    assert (applied("US").rate, applied("US").basis) == (Decimal(0), "default")
    assert rules.applicable(GERMAN_SELLER, Billing("FR"), "reduced", False).rate == Decimal("5.5")
    assert rules.applicable(GERMAN_SELLER, Billing("FR"), "exempt", False).rate == 0


def test_a_seller_outside_the_eu_applies_its_rules_only() -> None:
    settings = {
        "seller_country": "US",
        "rules": [{"country": "US", "region": "NY", "name": "Sales tax",
                   "rates": {"standard": "8.875"}}],
        "default_rule": {"name": "No tax", "rates": {"standard": "0"}},
    }  # fmt: skip
    billing = Billing("FR", vat_id="FR40303265045")
    assert rules.applicable(settings, billing, "standard", True).rate == Decimal(20)
    assert not rules.applicable(settings, billing, "standard", True).reverse_charge
    assert rules.applicable(settings, Billing("US", "TX"), "standard", False).rate == 0
