"""Stripe Tax (setting ``automatic_tax``): the Checkout Session asks Stripe to compute the
tax inside the order's amount, and the tax Stripe computed (``total_details.amount_tax``
and the expanded ``total_details.breakdown``) is recorded on the order as the taxes
plugin records its own, then printed on the invoice; from the webhook or, when it is
lost, from reconciliation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tuition.plugin_api import utcnow
from tuition.testing.chores import reconcile
from tuition_invoices.testing import SELLER
from tuition_taxes.testing import GERMAN_SELLER

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def with_invoices(api, site) -> None:
    api.call(
        "PUT",
        "/v1/admin/plugins/invoices",
        json={"enabled": True, "settings": SELLER},
        headers=site.admin,
        expect=200,
    )


def test_a_consumer_pays_the_tax_stripe_computed(stripe_env, api, fake_stripe) -> None:
    site = stripe_env.site(automatic_tax=True)
    with_invoices(api, site)
    student, body = stripe_env.start(site)
    checkout = body["checkout"]
    assert checkout["amount"] == 4900
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call.params["automatic_tax"] == {"enabled": "true"}
    assert call.params["tax_id_collection"] == {"enabled": "true"}
    assert call.params["line_items"][0]["price_data"]["tax_behavior"] == "inclusive"
    assert "tax_amount" not in call.params["metadata"]  # Tuition computed none

    session = fake_stripe.complete(checkout["session_id"], country="FR")
    event = fake_stripe.event("checkout.session.completed", session)
    for _ in range(2):  # delivered twice: applied once
        stripe_env.deliver(site, event)
    looked_up = fake_stripe.calls("GET", "/v1/checkout/sessions/")  # on each verification
    assert [c.params["expand"] for c in looked_up] == [["total_details.breakdown"]] * 2

    order = stripe_env.order(site, checkout["order_id"])
    assert (order["status"], order["amount"], order["tax_amount"]) == ("paid", 4900, 817)
    tax = order["tax"]
    assert (tax["rate"], tax["name"], tax["country"], tax["source"]) == (
        "20",
        "VAT",
        "FR",
        "stripe_tax",
    )
    assert (tax["net"], tax["tax"], tax["gross"], tax["reverse_charge"]) == (4083, 817, 4900, False)
    assert tax["lines"][0]["taxability_reason"] == "standard_rated"
    assert order["billing"]["country"] == "FR" and order["billing"]["vat_id"] is None

    [invoice] = api.call("GET", "/v1/me/invoices", headers=student.headers, expect=200).get_json()[
        "items"
    ]
    assert (invoice["net"], invoice["tax"], invoice["gross"]) == (4083, 817, 4900)
    assert invoice["breakdown"][0]["rate"] == "20" and invoice["buyer"]["country"] == "FR"


def test_a_business_gets_the_reverse_charge_found_by_reconciliation(
    stripe_env, api, runtime, fake_stripe
) -> None:
    site = stripe_env.site(automatic_tax=True)
    _, body = stripe_env.start(site)
    session_id = body["checkout"]["session_id"]
    fake_stripe.complete(
        session_id, country="FR", vat_id="FR40303265045", business_name="Société Exemple"
    )  # …and the webhook is lost
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"fulfilled": 1}
    order = stripe_env.order(site, body["checkout"]["order_id"])
    assert (order["status"], order["tax_amount"]) == ("paid", 0)
    assert (order["tax"]["reverse_charge"], order["tax"]["rate"]) == (True, "0")
    assert order["billing"] == {
        "country": "FR",
        "region": None,
        "vat_id": "FR40303265045",
        "company_name": "Société Exemple",
    }


def test_off_by_default_and_never_over_tuitions_own_tax(stripe_env, api, fake_stripe) -> None:
    plain = stripe_env.site()
    stripe_env.start(plain)
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert "automatic_tax" not in call.params
    [session] = fake_stripe.all("checkout.session", plain.secret_key)
    assert session["automatic_tax"] == {
        "enabled": False,
        "liability": None,
        "provider": None,
        "status": None,
    }

    # The taxes plugin taxed the order: Tuition's tax is charged, Stripe Tax stays off.
    taxed = stripe_env.site(automatic_tax=True)
    api.call(
        "PUT",
        "/v1/admin/plugins/taxes",
        json={"enabled": True, "settings": {**GERMAN_SELLER, "require_billing_country": False}},
        headers=taxed.admin,
        expect=200,
    )
    stripe_env.start(taxed)
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")[1:]
    assert "automatic_tax" not in call.params
    assert "tax_behavior" not in call.params["line_items"][0].get("price_data", {})
    assert (call.params["metadata"]["tax_amount"], call.params["metadata"]["tax_rate"]) == (
        "782",
        "19",
    )
