"""A year on a Stripe test clock (the Test Clocks API, FakeStripe's): a monthly membership
and a 12-installment payment plan on one site whose setting ``test_clock`` puts their
customers on the clock, renewals declined in months 5 and 6 and paid again in month 7,
with access and money (Stripe's paid invoices against Tuition's records) checked after
every month. The test advances the clock as one would against Stripe's test mode
(``POST /v1/test_helpers/test_clocks/<id>/advance``, then reading it until ``ready``) and
delivers the webhooks Stripe sent meanwhile. ``TUITION_LONG_TESTS=1`` walks three years
of the membership instead of one (the plan ends after its 12th installment either way)."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from typing import Any

import pytest
import stripe

from tuition.plugin_api import utcnow
from tuition.testing.chores import sweep

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

MONTHS = 36 if os.environ.get("TUITION_LONG_TESTS") == "1" else 12
#: The months whose renewals the card declines (month 1 is the checkout).
DECLINED = (5, 6)
#: The month in which the member's new card pays what was declined.
RECOVERED = 7
PLAN = {"count": 12, "amount": 9000, "interval": "month"}


def year_site(stripe_env, stripe: dict[str, Any]):
    """``club`` (a 20 EUR monthly membership with a 5 EUR setup fee, including
    ``python``) and ``pro`` (12 monthly installments of 90 EUR) on one Stripe site with
    the Stripe settings ``stripe``."""
    dunning = {"grace_days": 3, "final_deadline_days": 90}
    site = stripe_env.club_site(
        plugins={"installments": {"settings": dunning}}, stripe=stripe, **dunning
    )
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


class Clock:
    """A Stripe test clock driven through the SDK, as against Stripe's test mode."""

    def __init__(self, fake, secret_key: str) -> None:
        self.client = stripe.StripeClient(
            secret_key, base_addresses={"api": fake.url}, max_network_retries=0
        )
        self.fake = fake
        self.clock = self.client.v1.test_helpers.test_clocks.create(
            {"frozen_time": int(time.time()), "name": "a year of renewals"}
        )

    @property
    def id(self) -> str:
        return str(self.clock.id)

    def advance(self, days: int) -> list[dict[str, Any]]:
        """Advance by ``days``, wait until the clock is ``ready``, and answer the events
        Stripe sent meanwhile (those about the clock itself included)."""
        target = self.clock.frozen_time + days * 86400
        advancing = self.client.v1.test_helpers.test_clocks.advance(
            self.id, {"frozen_time": target}
        )
        assert advancing.status == "advancing"
        assert advancing.status_details.advancing.target_frozen_time == target
        for _ in range(50):
            self.clock = self.client.v1.test_helpers.test_clocks.retrieve(self.id)
            if self.clock.status == "ready":
                break
        assert (self.clock.status, self.clock.frozen_time) == ("ready", target)
        return self.fake.sent_events()


def test_a_year_of_renewals_with_failures_in_the_middle(stripe_env, fake_stripe, runtime):
    secret_key = stripe_env.settings()["secret_key"]
    clock = Clock(fake_stripe, secret_key)
    site = year_site(stripe_env, {"secret_key": secret_key, "test_clock": clock.id})
    api, fake = stripe_env.api, fake_stripe
    member, _, club = stripe_env.join(site)
    # The customers (and so the subscriptions) are on the clock.
    assert fake.get(club["customer"])["test_clock"] == clock.id
    assert fake.get(club["subscription"])["test_clock"] == clock.id
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
    assert fake.get(pro["subscription"])["test_clock"] == clock.id
    # The fake's own clock moves nothing on a test clock.
    assert fake.advance(days=31) == []

    declined: list[dict[str, Any]] = []
    for month in range(2, MONTHS + 1):
        fake.decline_renewals = month in DECLINED
        events = clock.advance(days=31)
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
    for event in clock.advance(days=31):
        stripe_env.deliver(site, event)
    assert fake.get(pro["subscription"])["status"] == "canceled"
    assert [i["status"] for i in fake.invoices(pro["subscription"])] == ["paid"] * PLAN["count"]
    assert one(api, buyer, "/v1/me/payment-plans")["status"] == "completed"
    assert stripe_env.state(buyer, "pro") == "enrolled"
    assert fake.get(club["subscription"])["status"] == "active"
    assert stripe_env.membership(member)["paid_periods"] == MONTHS + 1
    assert paid_at_stripe(fake, club["subscription"]) == 500 + 2000 * (MONTHS + 1)
