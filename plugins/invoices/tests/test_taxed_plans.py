"""Tax on what is charged on a schedule: a German seller (gross prices, the taxes plugin)
sells a payment plan and a membership with a setup fee to a French consumer, a French
company with a VAT ID and a German consumer. Each charge is taxed as a one-time order's
line, recorded per installment and renewal, charged gross by the dummy provider, printed
on each charge's invoice, and given back in proportion by a refund."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tuition.testing.api import Api
from tuition.testing.recorders import Recorder
from tuition_installments.testing import advance, make_site, my_plan
from tuition_invoices.testing import SELLER
from tuition_memberships import testing as memberships
from tuition_taxes.testing import FR_VAT_ID, GERMAN_SELLER

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

YEAR = datetime.now(UTC).year


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


#: Three installments of 119.00 EUR gross at DE 19 %: 100.00 net each.
PLAN = {"count": 3, "amount": 11900, "interval": "month"}

#: buyer's billing details → (net, tax, gross, rate) of every installment.
BUYERS = {
    "french_consumer": ({"billing_country": "FR"}, (10000, 2000, 12000, "20")),
    "french_company": (
        {"billing_country": "FR", "vat_id": FR_VAT_ID, "company_name": "Exemple SA"},
        (10000, 0, 10000, "0"),
    ),
    "german_consumer": ({"billing_country": "DE"}, (10000, 1900, 11900, "19")),
}


def taxed_plugins() -> dict[str, Any]:
    return {
        "recorder": {},
        "invoices": {"settings": SELLER},
        "taxes": {"settings": GERMAN_SELLER},
    }


def pay(api: Api, tenant: Any, order_id: str) -> None:
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{order_id}",
        json={"outcome": "pay"},
        expect=200,
    )


def join(api: Api, tenant: Any, student: Any, **billing: Any) -> dict[str, Any]:
    """Enroll ``student`` in the membership ``club`` with ``billing``: its checkout."""
    body = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "club", **billing},
        headers=student.headers,
        expect=202,
    ).get_json()
    checkout: dict[str, Any] = body["checkout"]
    return checkout


def invoices_of(api: Api, student: Any) -> list[dict[str, Any]]:
    page = api.call("GET", "/v1/me/invoices", headers=student.headers, expect=200).get_json()
    return sorted(page["items"], key=lambda i: i["number"])


def amounts(document: dict[str, Any]) -> tuple[int, int, int, str]:
    return document["net"], document["tax"], document["gross"], document["breakdown"][0]["rate"]


@pytest.mark.parametrize("buyer", sorted(BUYERS))
def test_each_installment_carries_the_buyers_tax(api: Api, buyer: str) -> None:
    billing, (net, tax, gross, rate) = BUYERS[buyer]
    # Every webhook of the dummy arrives twice: each charge is applied and invoiced once.
    tenant = make_site(
        api, {"reminder_days": 0}, PLAN, plugins=taxed_plugins(), duplicate_webhooks=2
    )
    student = api.signup(tenant)
    checkout = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "payment_plan": "installments", **billing},
        headers=student.headers,
        expect=202,
    ).get_json()["checkout"]
    assert (checkout["amount"], checkout["net_amount"], checkout["tax_amount"]) == (
        gross,
        net,
        tax,
    )
    order_id = checkout["order_id"]
    pay(api, tenant, order_id)
    order = api.call(
        "GET", f"/v1/admin/orders/{order_id}", headers=tenant.admin, expect=200
    ).get_json()
    assert (order["amount"], order["tax_amount"], order["tax"]["rate"]) == (gross, tax, rate)
    assert order["billing"]["country"] == billing["billing_country"]

    charged = advance(api, tenant, 31)["charges"]  # installment 2, charged gross
    assert [c["amount"] for c in charged] == [gross]
    plan = my_plan(api, student)
    assert (plan["amount"], plan["total"]) == (gross, 3 * gross)
    assert [(i["amount"], i["tax_amount"]) for i in plan["installments"]] == [(gross, tax)] * 3
    assert [i["status"] for i in plan["installments"]] == ["paid", "paid", "scheduled"]

    first, second = invoices_of(api, student)
    assert amounts(first) == amounts(second) == (net, tax, gross, rate)
    assert second["lines"][0]["description"] == "Pottery Pro (installment 2 of 3)"
    assert second["buyer"]["country"] == billing["billing_country"]
    reverse = buyer == "french_company"
    assert second["breakdown"][0]["reverse_charge"] is reverse
    assert any(n.startswith("Reverse charge") for n in second["notes"]) is reverse
    if reverse:
        assert second["buyer"]["vat_id"] == "FR40303265045"


def test_an_installment_refund_gives_the_tax_back_in_proportion(api: Api) -> None:
    tenant = make_site(api, {"reminder_days": 0}, PLAN, plugins=taxed_plugins())
    student = api.signup(tenant)
    checkout = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "payment_plan": "installments", "billing_country": "FR"},
        headers=student.headers,
        expect=202,
    ).get_json()["checkout"]
    pay(api, tenant, checkout["order_id"])
    api.call(
        "POST",
        f"/v1/admin/orders/{checkout['order_id']}/refund",
        json={"amount": 3000},
        headers=tenant.admin,
        expect=200,
    )
    order = api.call(
        "GET", f"/v1/admin/orders/{checkout['order_id']}", headers=tenant.admin, expect=200
    ).get_json()
    assert (order["refunded_amount"], order["tax_refunded_amount"]) == (3000, 500)  # a quarter
    (credit,) = [d for d in invoices_of(api, student) if d["kind"] == "credit_note"]
    assert (credit["gross"], credit["tax"], credit["net"]) == (-3000, -500, -2500)


#: 20.00 EUR a month gross at DE 19 %, with a 11.90 EUR setup fee on the first charge.
CLUB = {"interval": "month", "courses": "all", "setup_fee": 1190}


def test_a_membership_taxes_the_setup_fee_and_every_renewal(api: Api, recorder) -> None:
    tenant = memberships.make_site(api, plan=CLUB, plugins=taxed_plugins())
    student = api.signup(tenant)
    checkout = join(api, tenant, student, billing_country="FR")
    # 31.90 gross at home: 26.81 net, + 20 % TVA = 5.36 → 32.17; a period: 16.81 + 3.36.
    assert (checkout["amount"], checkout["net_amount"], checkout["tax_amount"]) == (3217, 2681, 536)
    pay(api, tenant, checkout["order_id"])
    assert [c["amount"] for c in memberships.advance(api, tenant, 31)["charges"]] == [2017]
    sub = memberships.my_subscription(api, student)
    assert (sub["amount"], sub["tax_amount"], sub["paid_periods"]) == (2017, 336, 2)
    (renewed,) = recorder.events("subscription.renewed")
    assert renewed["charge"]["tax_amount"] == 336

    first, second = invoices_of(api, student)
    assert amounts(first) == (2681, 536, 3217, "20")
    assert amounts(second) == (1681, 336, 2017, "20")
    assert second["lines"][0]["description"].endswith("(membership, period 2)")
    # A course the membership includes costs 0: nothing to tax, no billing details asked.
    api.enroll(tenant, student, "python", expect=201)

    keyed = {**tenant.admin, "Idempotency-Key": "cancel-club"}
    done = api.call(
        "POST",
        f"/v1/admin/subscriptions/{sub['id']}/cancel",
        json={"refund": "prorated"},
        headers=keyed,
        expect=200,
    ).get_json()
    refund = done["refunded_amount"]
    assert 1900 <= refund <= 2017  # moments into the period: nearly all of it
    assert done["tax_refunded_amount"] == (2 * 336 * refund + 2017) // (2 * 2017)
    (refunded,) = recorder.events("subscription.refunded")
    assert (refunded["refund"], refunded["refund_tax"]) == (refund, done["tax_refunded_amount"])


def test_a_french_company_member_gets_the_reverse_charge(api: Api) -> None:
    tenant = memberships.make_site(api, plan=CLUB, plugins=taxed_plugins())
    student = api.signup(tenant)
    checkout = join(api, tenant, student, billing_country="FR", vat_id=FR_VAT_ID)
    assert (checkout["amount"], checkout["tax_amount"]) == (2681, 0)  # the net, nothing added
    pay(api, tenant, checkout["order_id"])
    memberships.advance(api, tenant, 31)
    sub = memberships.my_subscription(api, student)
    assert (sub["amount"], sub["tax_amount"]) == (1681, 0)
    _, renewal = invoices_of(api, student)
    assert amounts(renewal) == (1681, 0, 1681, "0")
    assert renewal["breakdown"][0]["reverse_charge"] is True
