"""Tax with Stripe: the quote from Stripe Tax's calculations API when ``automatic_tax``
is on, and a payment plan taxed by the taxes plugin, charged gross by Stripe Billing and
invoiced per installment with its tax."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tuition_invoices.testing import SELLER
from tuition_taxes.testing import FR_VAT_ID, GERMAN_SELLER

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

YEAR = datetime.now(UTC).year


def quote(stripe_env, site, expect: int = 200, **query: str) -> dict[str, Any]:
    path = "/v1/courses/pro/quote"
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    found: dict[str, Any] = stripe_env.api.call(
        "GET", path, headers=site.tenant.storefront, expect=expect
    ).get_json()
    return found


def test_the_quote_shows_the_tax_stripe_tax_calculates(stripe_env, fake_stripe) -> None:
    site = stripe_env.site(automatic_tax=True)
    french = quote(stripe_env, site, country="FR")
    assert (french["total"], french["net"], french["tax_amount"]) == (4900, 4083, 817)
    tax = french["tax"]
    assert (tax["rate"], tax["name"], tax["country"], tax["source"]) == (
        "20",
        "VAT",
        "FR",
        "stripe_tax",
    )
    assert (tax["reverse_charge"], tax["taxability_reason"]) == (False, "standard_rated")
    [call] = fake_stripe.calls("POST", "/v1/tax/calculations")
    assert call.params == {
        "currency": "eur",
        "line_items": [{"amount": "4900", "reference": "pro", "tax_behavior": "inclusive"}],
        "customer_details": {"address": {"country": "FR"}, "address_source": "billing"},
    }

    company = quote(stripe_env, site, country="FR", vat_id="FR40303265045")
    assert (company["total"], company["tax_amount"]) == (4900, 0)
    assert company["tax"]["reverse_charge"] is True
    sent = fake_stripe.calls("POST", "/v1/tax/calculations")[-1].params
    assert sent["customer_details"]["tax_ids"] == [{"type": "eu_vat", "value": "FR40303265045"}]

    german = quote(stripe_env, site, country="DE")
    assert (german["net"], german["tax_amount"], german["tax"]["rate"]) == (4118, 782, "19")
    american = quote(stripe_env, site, country="US", region="NY", postal_code="10001")
    assert (american["tax_amount"], american["tax"]["taxability_reason"]) == (0, "not_collecting")


def test_without_a_country_or_the_setting_stripe_tax_is_not_asked(stripe_env, fake_stripe) -> None:
    taxed = stripe_env.site(automatic_tax=True)
    plain = quote(stripe_env, taxed)
    assert (plain["total"], plain["tax_amount"], plain["tax"]) == (4900, 0, None)
    untaxed = stripe_env.site()
    assert quote(stripe_env, untaxed, country="FR")["tax"] is None
    assert fake_stripe.calls("POST", "/v1/tax/calculations") == []


def test_the_taxes_plugin_wins_over_stripe_tax(stripe_env, fake_stripe) -> None:
    site = stripe_env.site(
        automatic_tax=True,
        price={"amount": 11900, "currency": "EUR"},
        plugins={"taxes": {"settings": GERMAN_SELLER}},
    )
    french = quote(stripe_env, site, country="FR")
    assert (french["total"], french["tax_amount"], french["tax"]["name"]) == (12000, 2000, "TVA")
    assert fake_stripe.calls("POST", "/v1/tax/calculations") == []


def test_a_location_stripe_cannot_tax_is_a_422_and_an_outage_a_503(stripe_env, fake_stripe) -> None:
    site = stripe_env.site(automatic_tax=True)
    problem = quote(stripe_env, site, expect=422, country="US", region="NY")  # no postal code
    assert (problem["code"], problem["field"]) == ("tax_location_invalid", "country")
    fake_stripe.fail("POST", "/v1/tax/calculations", 500)
    assert quote(stripe_env, site, expect=503, country="FR")["code"] == (
        "payment_provider_unavailable"
    )


PLAN = {"count": 3, "amount": 11900, "interval": "month"}


def test_a_taxed_plan_is_charged_gross_by_stripe_and_invoiced_per_installment(
    stripe_env, fake_stripe
) -> None:
    api = stripe_env.api
    site = stripe_env.site(
        pricing_model="installments",
        price={"amount": 35700, "currency": "EUR"},
        attributes={"installments": PLAN},
        plugins={
            "installments": {"settings": {"reminder_days": 0}},
            "taxes": {"settings": GERMAN_SELLER},
            "invoices": {"settings": SELLER},
        },
    )
    student = api.signup(site.tenant)
    checkout = api.call(
        "POST",
        "/v1/enrollments",
        json={
            "course": "pro",
            "payment_plan": "installments",
            "billing_country": "FR",
            "vat_id": FR_VAT_ID,
        },
        headers=student.headers,
        expect=202,
    ).get_json()["checkout"]
    # A French company: reverse charge, the net of 119.00 at DE 19 % each time.
    assert (checkout["amount"], checkout["tax_amount"]) == (10000, 0)
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call.params["line_items"][0]["price_data"]["unit_amount"] == "10000"
    assert call.params["metadata"]["tax_amount"] == "0"
    session = fake_stripe.complete(checkout["session_id"])
    stripe_env.deliver(site, fake_stripe.event("checkout.session.completed", session))
    [renewed] = fake_stripe.advance(days=31)
    stripe_env.deliver(site, renewed)

    (plan,) = api.call("GET", "/v1/me/payment-plans", headers=student.headers).get_json()["items"]
    assert [(i["amount"], i["tax_amount"], i["status"]) for i in plan["installments"]] == [
        (10000, 0, "paid"),
        (10000, 0, "paid"),
        (10000, 0, "scheduled"),
    ]
    page = api.call("GET", "/v1/me/invoices", headers=student.headers, expect=200).get_json()
    invoices = sorted(page["items"], key=lambda i: i["number"])
    assert [(i["gross"], i["tax"]) for i in invoices] == [(10000, 0), (10000, 0)]
    assert invoices[1]["breakdown"][0]["reverse_charge"] is True
    assert invoices[1]["buyer"]["vat_id"] == "FR40303265045"
