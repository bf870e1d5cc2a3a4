"""The buyer's billing details: read from the enrollment request or the quote's query,
checked (country codes; VAT IDs' format and check digits with python-stdnum, offline),
or refused with a problem code of their own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as NumberInvalid
from stdnum.util import clean

from tuition.plugin_api import TuitionError

from .rules import EU_COUNTRIES, Billing

#: ISO 3166-1 alpha-2 country codes.
COUNTRIES = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN
    BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
    DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL
    GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM
    JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
    MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP
    NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
    SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW""".split()  # noqa: SIM905
)

PROBLEM_CODES = {
    "billing_country_required": "the billing country is needed to compute the tax (422)",
    "billing_country_invalid": "the billing country is not an ISO 3166-1 alpha-2 code (422)",
    "vat_id_invalid": "the VAT ID fails its format or check digits, or VIES says it is "
    "not registered (422)",
    "vat_id_country_mismatch": "the VAT ID belongs to another country than the billing "
    "country (422)",
}


class BillingRefused(TuitionError):
    """Billing details the tax cannot be computed for (422, with its own code)."""

    status, code, title = 422, "billing_invalid", "Invalid billing details"


def vat_prefix(country: str) -> str:
    """The VAT ID prefix of an EU member state (Greece: EL)."""
    return "EL" if country == "GR" else country


def check_vat_id(raw: str, country: str) -> str:
    """``raw`` in its compact form (with the country prefix for EU numbers), or
    :class:`BillingRefused` (``vat_id_invalid``, ``vat_id_country_mismatch``)."""
    number = clean(raw, " -./,").upper().strip()
    if country in EU_COUNTRIES:
        prefix = vat_prefix(country)
        if number[:2].isdigit() or number[:2] not in {vat_prefix(c) for c in EU_COUNTRIES}:
            number = number if number.startswith(prefix) else prefix + number
        if number[:2] != prefix:
            raise BillingRefused(
                f"The VAT ID {raw!r} is not one of {country}.",
                code="vat_id_country_mismatch",
                field="vat_id",
            )
        try:
            return str(eu_vat.validate(number))
        except NumberInvalid as exc:
            raise BillingRefused(
                f"The VAT ID {raw!r} is not valid: {exc}", code="vat_id_invalid", field="vat_id"
            ) from exc
    module = get_cc_module(country.lower(), "vat")
    if module is None:
        return number  # recorded as given; outside the EU it changes no tax
    try:
        return str(module.validate(number))
    except NumberInvalid as exc:
        raise BillingRefused(
            f"The VAT ID {raw!r} is not valid: {exc}", code="vat_id_invalid", field="vat_id"
        ) from exc


def read(
    request: Mapping[str, Any], keys: Mapping[str, str], fallback_country: str | None
) -> tuple[Billing, bool]:
    """The checked billing details in ``request`` under ``keys`` (``country``,
    ``region``, ``vat_id``, ``company_name`` → the request's names), with
    ``fallback_country`` when none is given (else ``billing_country_required``), and
    whether a VAT ID was given and is valid."""
    raw_country = request.get(keys["country"])
    if not raw_country:
        if fallback_country is None:
            raise BillingRefused(
                f"Give the buyer's billing country ({keys['country']}) to compute the tax.",
                code="billing_country_required",
                field=keys["country"],
            )
        raw_country = fallback_country
    country = str(raw_country).strip().upper()
    if country not in COUNTRIES:
        raise BillingRefused(
            f"{raw_country!r} is not an ISO 3166-1 alpha-2 country code (e.g. FR).",
            code="billing_country_invalid",
            field=keys["country"],
        )
    region = request.get(keys["region"])
    raw_vat = request.get(keys["vat_id"])
    vat_id = check_vat_id(str(raw_vat), country) if raw_vat else None
    company = request.get(keys["company_name"])
    billing = Billing(
        country=country,
        region=str(region).strip().upper() if region else None,
        vat_id=vat_id,
        company_name=str(company).strip() if company else None,
    )
    return billing, vat_id is not None
