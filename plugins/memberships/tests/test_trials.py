"""A plan with a free trial through the REST API with the dummy provider: access from the
start, the first period charged when the trial ends, a failure then, a cancel during the
trial that charges nothing, and a provider that cannot start trials."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tuition.plugin_api import Capabilities, utcnow
from tuition.testing.chores import sweep
from tuition.testing.payments import idle_provider_plugin
from tuition_memberships.testing import (
    PLAN,
    advance,
    captured,
    make_site,
    my_subscription,
    set_dummy,
    state,
    subscribe,
)

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def tuition_plugins(recorder):
    # A provider that charges on a schedule but starts no trial.
    no_trials = Capabilities(currencies=frozenset({"EUR"}), recurring=True)
    return [("recorder", recorder), ("no_trials", idle_provider_plugin("no_trials", no_trials))]


TRIAL = {**PLAN, "trial_days": 14}


def test_a_trial_grants_access_then_the_first_period_is_charged(api, runtime, recorder):
    tenant = make_site(api, plan=TRIAL)
    student, order_id = subscribe(api, tenant, amount=0)
    sub = my_subscription(api, student)
    assert (sub["status"], sub["access"], sub["paid_periods"], sub["trial_days"]) == (
        "trialing",
        "granted",
        1,
        14,
    )
    started = datetime.fromisoformat(sub["started_at"])
    assert datetime.fromisoformat(sub["current_period_end"]) == started + timedelta(days=14)
    assert sub["trial_ends_at"] == sub["current_period_end"]
    assert state(api, student, "python") == "included"
    api.enroll(tenant, student, "python", expect=201)
    assert captured(runtime, tenant, order_id) == 0

    assert advance(api, tenant, 13)["charges"] == []  # still in the trial
    assert [(c["installment"], c["amount"]) for c in advance(api, tenant, 1)["charges"]] == [
        (2, 2000)
    ]
    sub = my_subscription(api, student)
    assert (sub["status"], sub["paid_periods"]) == ("active", 2)
    end = datetime.fromisoformat(sub["current_period_end"])
    assert end.month == (started + timedelta(days=14)).month % 12 + 1
    # A month later the renewal fails: past_due, as after any renewal.
    set_dummy(api, tenant, decline_renewals=True)
    assert [c["status"] for c in advance(api, tenant, 31)["charges"]] == ["declined"]
    assert my_subscription(api, student)["status"] == "past_due"
    assert captured(runtime, tenant, order_id) == 2000
    activated = recorder.events("subscription.activated")
    assert [e["status"] for e in activated] == ["trialing"]


def test_a_failed_first_charge_after_the_trial_is_past_due(api, runtime):
    tenant = make_site(api, {"grace_days": 0}, plan=TRIAL, decline_renewals=True)
    student, _ = subscribe(api, tenant, amount=0)
    api.enroll(tenant, student, "python", expect=201)
    assert [c["status"] for c in advance(api, tenant, 14)["charges"]] == ["declined"]
    sub = my_subscription(api, student)
    assert (sub["status"], sub["paid_periods"]) == ("paused", 1)  # no grace
    assert state(api, student, "python") == "membership_paused"


def test_a_cancel_during_the_trial_ends_it_without_a_charge(api, runtime, recorder):
    tenant = make_site(api, plan=TRIAL)
    student, order_id = subscribe(api, tenant, amount=0)
    api.enroll(tenant, student, "sql", expect=201)
    sub = my_subscription(api, student)
    path = f"/v1/me/subscriptions/{sub['id']}"
    api.call("POST", f"{path}/cancel", headers=student.headers, expect=200)
    assert sweep(runtime, utcnow() + timedelta(days=13))["memberships"]["canceled"] == 0
    assert state(api, student, "sql") == "enrolled"  # the trial lasts
    assert sweep(runtime, utcnow() + timedelta(days=15))["memberships"]["canceled"] == 1
    sub = my_subscription(api, student)
    assert (sub["status"], sub["close_reason"], sub["refunded_amount"]) == (
        "canceled",
        "period_end",
        0,
    )
    assert state(api, student, "sql") == "available"
    assert advance(api, tenant, 45)["charges"] == []  # the schedule was stopped
    assert captured(runtime, tenant, order_id) == 0
    assert recorder.events("subscription.refunded") == []


def test_a_plan_with_a_trial_needs_a_provider_that_starts_trials(api):
    tenant = api.create_tenant({"no_trials": {}, "memberships": {}})
    api.create_course(
        tenant,
        "club",
        pricing_model="subscription",
        price={"amount": 2000, "currency": "EUR"},
        status="draft",
    )
    change = {"status": "published", "attributes": {"memberships": TRIAL}}
    problem = api.call(
        "PATCH", "/v1/admin/courses/club", json=change, headers=tenant.admin, expect=409
    ).get_json()
    assert problem["code"] == "plugin_plan_rejected"
    missing = problem["courses"][0]["missing"]
    assert "cannot charge a subscription with a free trial in EUR" in missing
    assert "trials" in missing
    # Without the trial the same provider sells it.
    plain = {"status": "published", "attributes": {"memberships": PLAN}}
    api.call("PATCH", "/v1/admin/courses/club", json=plain, headers=tenant.admin, expect=200)
    # A trial and a setup fee together are refused.
    both = {"attributes": {"memberships": {**TRIAL, "setup_fee": 500}}}
    api.call("PATCH", "/v1/admin/courses/club", json=both, headers=tenant.admin, expect=422)
