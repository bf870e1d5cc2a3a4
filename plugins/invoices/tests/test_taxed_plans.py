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

#: The first tests run on SQLite only; those of credit notes and plan changes on both.
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

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


@sqlite_only
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


@sqlite_only
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


@sqlite_only
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


@sqlite_only
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


def credit_notes(api: Api, student: Any) -> list[dict[str, Any]]:
    return [d for d in invoices_of(api, student) if d["kind"] == "credit_note"]


def test_a_prorated_membership_refund_gets_one_credit_note_of_its_period(
    api: Api, runtime: Any, recorder: Recorder
) -> None:
    tenant = memberships.make_site(api, plan=CLUB, plugins=taxed_plugins())
    student = api.signup(tenant)
    checkout = join(api, tenant, student, billing_country="FR")
    pay(api, tenant, checkout["order_id"])
    memberships.advance(api, tenant, 31)  # period 2: 20.17 EUR, 3.36 of it TVA
    sub = memberships.my_subscription(api, student)
    done = api.call(
        "POST",
        f"/v1/admin/subscriptions/{sub['id']}/cancel",
        json={"refund": "prorated"},
        headers=tenant.admin,
        expect=200,
    ).get_json()
    refund, refund_tax = done["refunded_amount"], done["tax_refunded_amount"]
    assert refund > 0
    (credit,) = credit_notes(api, student)
    renewal = next(d for d in invoices_of(api, student) if d["gross"] == 2017)
    assert (credit["credits_id"], credit["credits_number"]) == (renewal["id"], renewal["number"])
    assert (credit["gross"], credit["tax"]) == (-refund, -refund_tax)
    assert credit["tax"] == -((2 * 336 * refund + 2017) // (2 * 2017))  # in proportion
    assert credit["number"] == f"CN-{YEAR}-00001"
    assert credit["breakdown"][0]["rate"] == "20"

    # The refund's event again (a retried job, a replay): nothing new is issued.
    (event,) = recorder.events("subscription.refunded")
    assert event["credit"]["number"] == 2
    with runtime.transaction(tenant.id) as session:
        record = runtime.services.tenant(session, tenant.id)
        runtime.services.emit_event(session, record, "subscription.refunded", event)
    assert [c["id"] for c in credit_notes(api, student)] == [credit["id"]]


def test_a_renewal_refunded_as_it_came_in_is_invoiced_and_credited_once(api: Api) -> None:
    # The member canceled at the period's end, but the provider renewed first (twice
    # delivered): the renewal goes back in full, against an invoice of its own.
    tenant = memberships.make_site(api, plan=CLUB, plugins=taxed_plugins(), duplicate_webhooks=2)
    student = api.signup(tenant)
    checkout = join(api, tenant, student, billing_country="DE")
    pay(api, tenant, checkout["order_id"])
    sub = memberships.my_subscription(api, student)
    api.call(
        "POST", f"/v1/me/subscriptions/{sub['id']}/cancel", headers=student.headers, expect=200
    )
    memberships.advance(api, tenant, 31)  # renewed before the sweep closed it
    assert memberships.my_subscription(api, student)["status"] == "canceled"
    documents = invoices_of(api, student)
    renewal = next(d for d in documents if d["kind"] == "invoice" and d["gross"] == 2000)
    (credit,) = [d for d in documents if d["kind"] == "credit_note"]
    assert credit["credits_id"] == renewal["id"]
    assert (credit["gross"], credit["tax"], credit["net"]) == (-2000, -319, -1681)


def test_a_first_period_refund_credits_the_orders_invoice(api: Api) -> None:
    tenant = memberships.make_site(api, plan=CLUB, plugins=taxed_plugins())
    student = api.signup(tenant)
    checkout = join(api, tenant, student, billing_country="DE")
    pay(api, tenant, checkout["order_id"])
    sub = memberships.my_subscription(api, student)
    done = api.call(
        "POST",
        f"/v1/admin/subscriptions/{sub['id']}/cancel",
        json={"refund": "prorated"},
        headers=tenant.admin,
        expect=200,
    ).get_json()
    first = next(d for d in invoices_of(api, student) if d["kind"] == "invoice")
    (credit,) = credit_notes(api, student)
    assert credit["credits_id"] == first["id"]
    assert (credit["gross"], credit["tax"]) == (
        -done["refunded_amount"],
        -done["tax_refunded_amount"],
    )


def change_plan(api: Api, student: Any, sub_id: str, plan: str) -> dict[str, Any]:
    path = f"/v1/me/subscriptions/{sub_id}/change"
    found: dict[str, Any] = api.call(
        "POST", path, json={"plan": plan}, headers=student.headers, expect=200
    ).get_json()
    return found


def test_a_plan_change_is_taxed_like_a_renewal(api: Api, recorder: Recorder) -> None:
    # club 20.00 EUR gross, pro 40.00 EUR gross (DE 19 %); a French consumer pays each
    # at 20 % TVA: 16.81 + 3.36 = 20.17, and 33.61 + 6.72 = 40.33.
    tenant = memberships.make_site(
        api, plan={"interval": "month", "courses": "all"}, plugins=taxed_plugins()
    )
    for slug, amount in (("pro", 4000), ("lite", 1000)):
        api.create_course(
            tenant,
            slug,
            pricing_model="subscription",
            price={"amount": amount, "currency": "EUR"},
            attributes={"memberships": {"interval": "month", "courses": "all"}},
        )
    student = api.signup(tenant)
    checkout = join(api, tenant, student, billing_country="FR")
    assert checkout["amount"] == 2017
    pay(api, tenant, checkout["order_id"])
    sub = memberships.my_subscription(api, student)

    change_plan(api, student, sub["id"], "pro")
    sub = memberships.my_subscription(api, student)
    upgrade = sub["plan_change"]
    assert (sub["plan"], sub["amount"], sub["tax_amount"]) == ("pro", 4033, 672)
    # The difference of the gross prices for (nearly) the whole month, taxed at 20 %.
    assert 2000 <= upgrade["proration"] <= 2016
    (changed,) = recorder.events("subscription.plan_changed")
    charge = changed["charge"]
    assert charge["amount"] == upgrade["proration"]
    assert charge["tax_amount"] == (2 * 672 * upgrade["proration"] + 4033) // (2 * 4033)
    proration = next(d for d in invoices_of(api, student) if d["gross"] == charge["amount"])
    assert (proration["tax"], proration["breakdown"][0]["rate"]) == (charge["tax_amount"], "20")
    assert "upgrade to" in proration["lines"][0]["description"]

    # The renewal charges the new plan's gross, with its tax.
    assert [c["amount"] for c in memberships.advance(api, tenant, 31)["charges"]] == [4033]
    renewal = next(d for d in invoices_of(api, student) if d["gross"] == 4033)
    assert (renewal["net"], renewal["tax"]) == (3361, 672)

    # A downgrade from the next renewal: lite's 10.00 gross is 8.40 + 1.68 TVA = 10.08.
    change_plan(api, student, sub["id"], "lite")
    scheduled = memberships.my_subscription(api, student)["plan_change"]
    assert scheduled["amount"] == 1008
    assert [c["amount"] for c in memberships.advance(api, tenant, 31)["charges"]] == [1008]
    sub = memberships.my_subscription(api, student)
    assert (sub["plan"], sub["amount"], sub["tax_amount"]) == ("lite", 1008, 168)
    third = next(d for d in invoices_of(api, student) if d["gross"] == 1008)
    assert (third["net"], third["tax"]) == (840, 168)
