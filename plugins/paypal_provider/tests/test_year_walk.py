"""A year on the fake PayPal's clock: a monthly membership and a 12-installment payment
plan on one site, renewals declined from month 5 (PayPal then waits for its retry) and
paid again in month 7, with access and money (PayPal's sales against Tuition's records)
checked after every month; every webhook comes twice. ``TUITION_LONG_TESTS=1`` walks three
years of the membership instead of one (the plan ends after its 12th installment)."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from tuition.plugin_api import utcnow
from tuition.testing.chores import sweep

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

MONTHS = 36 if os.environ.get("TUITION_LONG_TESTS") == "1" else 12
#: The months in which the buyer's funding fails (PayPal charges nothing more until its
#: retry succeeds); month 1 is the approval.
DECLINED = (5, 6)
#: The month in which PayPal's retry goes through (then the cycles due since are charged).
RECOVERED = 7
PLAN = {"count": 12, "amount": 9000, "interval": "month"}


def year_site(paypal):
    """``club`` (a 20 EUR monthly membership with a 5 EUR setup fee, including
    ``python``) and ``pro`` (12 monthly installments of 90 EUR) on one PayPal site."""
    dunning = {"grace_days": 3, "final_deadline_days": 90}
    site = paypal.club_site(plugins={"installments": {"settings": dunning}}, **dunning)
    paypal.api.create_course(
        site.tenant,
        "pro",
        pricing_model="installments",
        price={"amount": 100000, "currency": "EUR"},
        attributes={"installments": PLAN},
    )
    return site


def test_a_year_of_renewals_with_failures_in_the_middle(paypal, fake, api, runtime):
    site = year_site(paypal)
    fake.duplicate_webhooks = 1
    member, _, club = paypal.join(site)
    buyer = api.signup(site.tenant)
    checkout = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "payment_plan": "installments"},
        headers=buyer.headers,
        expect=202,
    ).get_json()["checkout"]
    pro = checkout["paypal_subscription_id"]
    fake.approve_subscription(pro)
    paypal.deliver_outbox(site)
    api.enroll(site.tenant, member, "python", expect=201)

    for month in range(2, MONTHS + 1):
        fake.decline_renewals = month in DECLINED
        fake.advance(31)
        if month == RECOVERED:
            fake.retry_payment(club)
            fake.retry_payment(pro)
        paypal.deliver_outbox(site)
        sweep(runtime, utcnow() + timedelta(days=4))  # past the grace days of a failure

        overdue = DECLINED[0] <= month < RECOVERED
        paid_periods = DECLINED[0] - 1 if overdue else month
        sub = paypal.membership(member)
        assert (sub["status"], sub["paid_periods"]) == (
            ("paused" if overdue else "active"),
            paid_periods,
        ), month
        assert paypal.state(member, "python") == ("membership_paused" if overdue else "enrolled")
        assert fake.collected(club) == 500 + 2000 * paid_periods, month

        plan = paypal.my_plan(buyer)
        assert plan["paid"] == PLAN["amount"] * min(paid_periods, PLAN["count"]), month
        assert plan["paid"] == fake.collected(pro), month
        if month >= PLAN["count"] and not overdue:
            assert plan["status"] == "completed", month
        else:
            assert plan["status"] == ("overdue" if overdue else "active"), month
        assert paypal.state(buyer, "pro") == ("payment_overdue" if overdue else "enrolled")

    # The plan's subscription expired with its 12th cycle; the membership runs on.
    assert fake.subscriptions[pro]["status"] == "EXPIRED"
    assert fake.subscriptions[club]["status"] == "ACTIVE"
    assert fake.refunded(club) == fake.refunded(pro) == 0
