"""Which tax applies to a buyer, and the amounts: pure functions, no database, no Flask.

Rounding (one order line, integer minor units, ``decimal.ROUND_HALF_UP``):

- prices entered **net**: ``tax = round(net * rate / 100)``, ``gross = net + tax``;
- prices entered **gross** (at the seller's own rate for the course's tax class):
  ``tax = round(gross * rate / (100 + rate))``, ``net = gross - tax``. When another rate
  applies to the buyer (another EU country, reverse charge, a country outside the scope),
  the net at the seller's rate is kept and the buyer's rate applied to it as for a net
  price, unless ``keep_gross_if_rate_changes`` keeps the gross for a non-zero rate.

``net + tax == gross`` always holds, so an invoice line adds up to the cent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

#: The EU member states by ISO 3166-1 alpha-2 code (Greece is GR here, EL in VAT IDs).
EU_COUNTRIES = frozenset(
    """AT BE BG CY CZ DE DK EE ES FI FR GR HR HU
    IE IT LT LU LV MT NL PL PT RO SE SI SK""".split()  # noqa: SIM905
)

#: Standard VAT rates of the member states as known when this release was made, used for
#: EU buyers whose country has no rule in the settings. Rates change: configure a rule
#: for every country you sell to, and check them (the site owner answers for them).
EU_STANDARD_RATES: Mapping[str, Decimal] = {
    cc: Decimal(rate)
    for cc, rate in {
        "AT": "20", "BE": "21", "BG": "20", "CY": "19", "CZ": "21", "DE": "19", "DK": "25",
        "EE": "24", "ES": "21", "FI": "25.5", "FR": "20", "GR": "24", "HR": "25", "HU": "27",
        "IE": "23", "IT": "22", "LT": "21", "LU": "17", "LV": "21", "MT": "18", "NL": "21",
        "PL": "23", "PT": "23", "RO": "21", "SE": "25", "SI": "22", "SK": "23",
    }.items()
}  # fmt: skip

TAX_CLASSES = ("standard", "reduced", "exempt")

DEFAULT_REVERSE_CHARGE_NOTE = (
    "Reverse charge: VAT to be accounted for by the recipient "
    "(Article 196, Council Directive 2006/112/EC)."
)


@dataclass(frozen=True)
class Billing:
    """The buyer's billing details, checked (``billing.checked``)."""

    country: str
    region: str | None = None
    vat_id: str | None = None
    company_name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "region": self.region,
            "vat_id": self.vat_id,
            "company_name": self.company_name,
        }


@dataclass(frozen=True)
class Applied:
    """The tax that applies to one buyer and course: the rule's name, its rate for the
    course's tax class, and why (``basis``)."""

    name: str
    rate: Decimal
    country: str | None
    region: str | None
    basis: str  # domestic | eu_consumer | eu_reverse_charge | rule | default
    reverse_charge: bool = False
    note: str | None = None


def _rate(rates: Mapping[str, Any], tax_class: str) -> Decimal:
    """A rule's rate for ``tax_class``: exempt is 0, reduced falls back to standard."""
    if tax_class == "exempt":
        return Decimal(0)
    value = rates.get(tax_class, rates.get("standard", "0"))
    return Decimal(str(value))


def find_rule(
    rules: Sequence[Mapping[str, Any]], country: str, region: str | None
) -> Mapping[str, Any] | None:
    """The rule for ``country`` and ``region`` (a region's rule before the country's)."""
    exact = [r for r in rules if r["country"] == country and r.get("region") == region]
    if region is not None and exact:
        return exact[0]
    whole = [r for r in rules if r["country"] == country and not r.get("region")]
    return whole[0] if whole else None


def _from_rule(rule: Mapping[str, Any], tax_class: str, basis: str) -> Applied:
    return Applied(
        name=rule["name"],
        rate=_rate(rule["rates"], tax_class),
        country=rule.get("country"),
        region=rule.get("region"),
        basis=basis,
    )


def _country_rule(
    settings: Mapping[str, Any], country: str, region: str | None, tax_class: str, basis: str
) -> Applied:
    """The configured rule for the country; for an EU country without one, its standard
    rate from :data:`EU_STANDARD_RATES`; otherwise the default rule."""
    rule = find_rule(settings.get("rules") or [], country, region)
    if rule is not None:
        return _from_rule(rule, tax_class, basis)
    if country in EU_STANDARD_RATES:
        rate = Decimal(0) if tax_class == "exempt" else EU_STANDARD_RATES[country]
        return Applied(name=f"VAT {country}", rate=rate, country=country, region=None, basis=basis)
    default = settings.get("default_rule") or {"name": "No tax", "rates": {"standard": "0"}}
    return Applied(
        name=default["name"],
        rate=_rate(default["rates"], tax_class),
        country=None,
        region=None,
        basis="default",
    )


def home(settings: Mapping[str, Any], tax_class: str) -> Applied:
    """The seller's own tax: what gross prices include."""
    return _country_rule(settings, settings["seller_country"], None, tax_class, "domestic")


def applicable(
    settings: Mapping[str, Any], billing: Billing, tax_class: str, vat_id_valid: bool
) -> Applied:
    """The tax for ``billing`` under the tenant's ``settings``.

    A seller in the EU taxes its own country always (consumers and businesses alike);
    an EU business of another member state with a valid VAT ID gets the reverse charge
    (0 % with the legal note); an EU consumer of another member state pays that state's
    rate (digital services); everyone else the rule for their country (and region) or
    the default rule. A seller outside the EU applies the rules and the default only.
    """
    seller = settings["seller_country"]
    buyer = billing.country
    if seller in EU_COUNTRIES and buyer in EU_COUNTRIES:
        if buyer == seller:
            return _country_rule(settings, buyer, billing.region, tax_class, "domestic")
        if billing.vat_id and vat_id_valid:
            return Applied(
                name="Reverse charge",
                rate=Decimal(0),
                country=buyer,
                region=None,
                basis="eu_reverse_charge",
                reverse_charge=True,
                note=settings.get("reverse_charge_note") or DEFAULT_REVERSE_CHARGE_NOTE,
            )
        return _country_rule(settings, buyer, billing.region, tax_class, "eu_consumer")
    basis = "domestic" if buyer == seller else "rule"
    return _country_rule(settings, buyer, billing.region, tax_class, basis)


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def tax_from_net(net: int, rate: Decimal) -> int:
    """The tax on ``net`` at ``rate`` percent, rounded half up to the minor unit."""
    return _round(Decimal(net) * rate / 100)


def tax_from_gross(gross: int, rate: Decimal) -> int:
    """The tax included in ``gross`` at ``rate`` percent, rounded half up."""
    return _round(Decimal(gross) * rate / (100 + rate))


def amounts(
    price: int,
    applied: Applied,
    home_rate: Decimal,
    prices_include_tax: bool,
    keep_gross_if_rate_changes: bool = False,
) -> tuple[int, int, int]:
    """``(net, tax, gross)`` of one line of ``price`` (minor units, as entered)."""
    if not prices_include_tax:
        tax = tax_from_net(price, applied.rate)
        return price, tax, price + tax
    if applied.rate == home_rate or (
        keep_gross_if_rate_changes and applied.rate > 0 and not applied.reverse_charge
    ):
        tax = tax_from_gross(price, applied.rate)
        return price - tax, tax, price
    net = price - tax_from_gross(price, home_rate)
    tax = tax_from_net(net, applied.rate)
    return net, tax, net + tax


def rate_text(rate: Decimal) -> str:
    """``20``, ``5.5``, ``8.875``: the rate as an invoice prints it."""
    return format(rate.normalize(), "f")


def category(applied: Applied, tax_class: str) -> str:
    """The UNCL 5305 tax category an e-invoice names: ``AE`` reverse charge, ``O``
    outside the scope (the default rule at 0 %), ``E`` exempt, ``AA`` reduced (lower
    rate), ``S`` standard."""
    if applied.reverse_charge:
        return "AE"
    if applied.basis == "default" and applied.rate == 0:
        return "O"
    if tax_class == "exempt":
        return "E"
    return "AA" if tax_class == "reduced" else "S"
