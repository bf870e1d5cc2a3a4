"""A year on Stripe's test clock (FakeStripe's): a monthly membership and a 12-installment
payment plan on one site, renewals declined in months 5 and 6 and paid again in month 7,
with access and money (Stripe's paid invoices against Tuition's records) checked after
every month. ``TUITION_LONG_TESTS=1`` walks three years of the membership instead of one
(the plan ends after its 12th installment either way)."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest

from tuition.plugin_api import utcnow
from tuition.testing.chores import sweep

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

MONTHS = 36 if os.environ.get("TUITION_LONG_TESTS") == "1" else 12
#: The months whose renewals the card declines (month 1 is the checkout).
DECLINED = (5, 6)
#: The month in which the member's new card pays what was declined.
RECOVERED = 7
PLAN = {"count": 12, "amount": 9000, "interval": "month"}


def year_site(stripe_env):
    """``club`` (a 20 EUR monthly membership with a 5 EUR setup fee, including
    ``python``) and ``pro`` (12 monthly installments of 90 EUR) on one Stripe site."""
    dunning = {"grace_days": 3, "final_deadline_days": 90}
    site = stripe_env.club_site(plugins={"installments": {"settings": dunning}}, **dunning)
    stripe_env.api.create_course(
        site.tenant,
        "pro",
        pricing_model="installments",
        price={"amount": 100000, "currency": "EUR"},
        attributes={"installments": PLAN},
    )
    return site


def paid_at_stripe(fake, subscription_id: str) -> int:
    return sum(i["amount_paid"] for i in fake.invoices(subscription_id) if i["status"] == "paid")


def one(api, student, path: str) -> dict[str, Any]:
    (found,) = api.call("GET", path, headers=student.headers, expect=200).get_json()["items"]
    return dict(found)


def test_a_year_of_renewals_with_failures_in_the_middle(stripe_env, fake_stripe, runtime):
    site = year_site(stripe_env)
    api, fake = stripe_env.api, fake_stripe
    member, _, club = stripe_env.join(site)
    api.enroll(site.tenant, member, "python", expect=201)
    buyer = api.signup(site.tenant)
    checkout = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "payment_plan": "installments"},
        headers=buyer.headers,
        expect=202,
    ).get_json()["checkout"]
    pro = fake.complete(checkout["session_id"])
    stripe_env.deliver(site, fake.event("checkout.session.completed", pro))

    declined: list[dict[str, Any]] = []
    for month in range(2, MONTHS + 1):
        fake.decline_renewals = month in DECLINED
        events = fake.advance(days=31)
        if month == RECOVERED:
            events += [fake.pay_invoice(e["data"]["object"]["id"]) for e in declined]
        for event in events:
            stripe_env.deliver(site, event)
        declined += [e for e in events if e["type"] == "invoice.payment_failed"]
        # Past the grace days of a failure (Tuition's clock runs on its own).
        sweep(runtime, utcnow() + timedelta(days=4))

        overdue = DECLINED[0] <= month < RECOVERED
        sub = stripe_env.membership(member)
        plan = one(api, buyer, "/v1/me/payment-plans")
        paid_periods = DECLINED[0] - 1 if overdue else month
        assert (sub["status"], sub["paid_periods"]) == (
            ("paused" if overdue else "active"),
            paid_periods,
        ), month
        assert stripe_env.state(member, "python") == (
            "membership_paused" if overdue else "enrolled"
        )
        assert paid_at_stripe(fake, club["subscription"]) == 500 + 2000 * paid_periods, month

        installments = min(paid_periods, PLAN["count"])
        assert plan["paid"] == PLAN["amount"] * installments, month
        assert plan["paid"] == paid_at_stripe(fake, pro["subscription"]), month
        if month >= PLAN["count"] and not overdue:
            assert plan["status"] == "completed", month
        else:
            assert plan["status"] == ("overdue" if overdue else "active"), month
        assert stripe_env.state(buyer, "pro") == ("payment_overdue" if overdue else "enrolled")

    # A month on: the plan's subscription ends at its cancel_at (nothing more charged),
    # the membership renews; every declined invoice was paid once.
    for event in fake.advance(days=31):
        stripe_env.deliver(site, event)
    assert fake.get(pro["subscription"])["status"] == "canceled"
    assert [i["status"] for i in fake.invoices(pro["subscription"])] == ["paid"] * PLAN["count"]
    assert one(api, buyer, "/v1/me/payment-plans")["status"] == "completed"
    assert stripe_env.state(buyer, "pro") == "enrolled"
    assert fake.get(club["subscription"])["status"] == "active"
    assert stripe_env.membership(member)["paid_periods"] == MONTHS + 1
    assert paid_at_stripe(fake, club["subscription"]) == 500 + 2000 * (MONTHS + 1)
