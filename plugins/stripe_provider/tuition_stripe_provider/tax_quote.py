"""Stripe Tax on the price quote: with ``automatic_tax`` on, ``GET
/v1/courses/<slug>/quote?country=…`` asks Stripe Tax's calculations API
(``POST /v1/tax/calculations``) for the tax inside the course's price, as the Checkout
Session will compute it (the line ``tax_behavior=inclusive``), and answers it the way
Tuition records tax (``OrderTax``, ``source: "stripe_tax"``). A quote writes nothing and
holds no lock, so the network call is made there; an enrollment is never taxed here
(Stripe Tax computes its tax at Checkout)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import stripe

from tuition.plugin_api import OrderTax, QuoteContext, TuitionError
from tuition_stripe_provider.client import make_client, payment_error
from tuition_stripe_provider.provider import _percent, recorded_tax

PLUGIN = "stripe_provider"
PROVIDER = "stripe"
#: What a rate's ``tax_type`` is called on invoices (a calculation names no rate).
TAX_NAMES = {"vat": "VAT", "gst": "GST", "hst": "HST", "pst": "PST", "qst": "QST",
             "sales_tax": "Sales tax", "jct": "JCT", "igst": "IGST"}  # fmt: skip
PROBLEM_CODES = {
    "tax_location_invalid": "Stripe Tax cannot find the tax location of the quote's billing "
    "details (country, region, postal_code) (422)",
}


class TaxLocationInvalid(TuitionError):
    """Stripe Tax refused the buyer's location (422 ``tax_location_invalid``)."""

    status, code, title = 422, "tax_location_invalid", "Invalid tax location"


def quote_tax(ctx: Any, amount: int, currency: str) -> OrderTax | None:
    """The tax Stripe Tax computes on ``amount`` (tax-inclusive) for a quote with a
    ``country``; None for anything else (an enrollment, a quote without a country, the
    setting off)."""
    if not isinstance(ctx, QuoteContext) or not ctx.plugin_settings(PLUGIN).get("automatic_tax"):
        return None
    country = str(ctx.request.get("country") or "").strip().upper()
    if not country:
        return None
    provider = ctx.tuition.services.payment_provider(ctx.tenant, PROVIDER)
    calculation = calculate(provider.settings, ctx.course.slug, amount, currency, ctx.request)
    return tax_of_calculation(calculation, ctx.request)


def calculation_params(
    reference: str, amount: int, currency: str, request: Mapping[str, Any]
) -> dict[str, Any]:
    """The ``POST /v1/tax/calculations`` parameters for one tax-inclusive line of
    ``amount`` and the quote's billing details (``country``, ``region``,
    ``postal_code``, ``vat_id``)."""
    address = {"country": str(request["country"]).strip().upper()}
    if request.get("region"):
        address["state"] = str(request["region"]).strip().upper()
    if request.get("postal_code"):
        address["postal_code"] = str(request["postal_code"]).strip()
    details: dict[str, Any] = {"address": address, "address_source": "billing"}
    if request.get("vat_id"):
        details["tax_ids"] = [{"type": "eu_vat", "value": str(request["vat_id"]).replace(" ", "")}]
    return {
        "currency": currency.lower(),
        "line_items": [{"amount": amount, "reference": reference, "tax_behavior": "inclusive"}],
        "customer_details": details,
    }


def calculate(
    settings: Mapping[str, Any],
    reference: str,
    amount: int,
    currency: str,
    request: Mapping[str, Any],
) -> dict[str, Any]:
    """Stripe Tax's ``tax.calculation`` (a dict), or :class:`TaxLocationInvalid` /
    ``PaymentError``."""
    params = calculation_params(reference, amount, currency, request)
    try:
        found = make_client(settings).v1.tax.calculations.create(params)  # type: ignore[arg-type]
    except stripe.InvalidRequestError as exc:
        if getattr(exc, "code", None) == "customer_tax_location_invalid":
            raise TaxLocationInvalid(
                "Stripe Tax cannot find the tax location of these billing details.",
                field="country",
            ) from None
        raise payment_error(exc, "calculate the tax") from None
    except stripe.StripeError as exc:
        raise payment_error(exc, "calculate the tax") from None
    result: dict[str, Any] = found.to_dict()
    return result


def tax_of_calculation(calculation: Mapping[str, Any], request: Mapping[str, Any]) -> OrderTax:
    """A ``tax.calculation`` as Tuition records tax (the fields of a Checkout Session's
    Stripe Tax: ``rate``, ``name``, ``country``, ``taxability_reason``, ``lines``, …)."""
    total = int(calculation["amount_total"])
    tax = int(calculation.get("tax_amount_inclusive") or 0) + int(
        calculation.get("tax_amount_exclusive") or 0
    )
    lines = [
        {
            "amount": entry.get("amount"),
            "taxable_amount": entry.get("taxable_amount"),
            "taxability_reason": entry.get("taxability_reason"),
            "rate": _percent(details.get("percentage_decimal")),
            "name": TAX_NAMES.get(str(details.get("tax_type")), details.get("tax_type")),
            "country": details.get("country"),
            "region": details.get("state"),
            "tax_type": details.get("tax_type"),
            "inclusive": entry.get("inclusive"),
        }
        for entry in calculation.get("tax_breakdown") or []
        for details in [entry.get("tax_rate_details") or {}]
    ]
    customer = calculation.get("customer_details") or {}
    return recorded_tax(total, tax, lines, customer, request.get("company_name"))
