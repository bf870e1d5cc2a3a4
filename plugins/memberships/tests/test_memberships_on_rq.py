"""Renewal webhooks duplicated, held back and out of order, applied by a real rq worker on
PostgreSQL: each renewal counts once, a stale failure changes nothing."""

from __future__ import annotations

import pytest

from tuition.testing.queues import run_worker_burst
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


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_duplicated_out_of_order_renewals_apply_once(rq_queue, api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = subscribe(api, tenant)
    run_worker_burst(runtime)
    assert my_subscription(api, student)["status"] == "active"
    set_dummy(api, tenant, withhold_webhooks=True, duplicate_webhooks=2, out_of_order=True)
    assert advance(api, tenant, 95)["webhooks_sent"] == 0  # three renewals, held back
    late = api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/renewals", expect=200
    ).get_json()
    # 3 renewals, each followed by a stale failure and the payment again under other ids,
    # in reverse order, each sent 3 times.
    assert late["webhooks_sent"] == 27
    run_worker_burst(runtime)
    sub = my_subscription(api, student)
    assert (sub["status"], sub["paid_periods"]) == ("active", 4)
    assert captured(runtime, tenant, order_id) == 4 * 2000
    events = api.call(
        "GET", "/v1/admin/payment-events?page_size=100", headers=tenant.admin
    ).get_json()["items"]
    outcomes = sorted(e["outcome"] for e in events if e["kind"].startswith("installment."))
    assert outcomes == ["charge_already_paid"] * 6 + ["renewal_paid"] * 3
    types = [t for t, _ in recorder.called("event")]
    assert types.count("subscription.renewed") == 3
    assert "subscription.renewal_failed" not in types
    assert state(api, student, "python") == "included"


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_storm_of_renewals_after_a_trial_and_a_downgrade_converges(
    rq_queue, api, runtime, recorder
):
    """A trial, a downgrade scheduled during it, then the first three periods' webhooks
    held back, copied and out of order: the downgrade applies once, each period once."""
    tenant = make_site(api, plan={**PLAN, "trial_days": 7})
    api.create_course(
        tenant,
        "lite",
        pricing_model="subscription",
        price={"amount": 1000, "currency": "EUR"},
        attributes={"memberships": {"interval": "month", "courses": ["python"]}},
    )
    student, order_id = subscribe(api, tenant, amount=0)
    run_worker_burst(runtime)
    sub = my_subscription(api, student)
    assert sub["status"] == "trialing"
    api.enroll(tenant, student, "sql", expect=201)
    api.call(
        "POST",
        f"/v1/me/subscriptions/{sub['id']}/change",
        json={"plan": "lite"},
        headers=student.headers,
        expect=200,
    )
    run_worker_burst(runtime)  # the provider is told the new price
    set_dummy(api, tenant, withhold_webhooks=True, duplicate_webhooks=2, out_of_order=True)
    charges = advance(api, tenant, 70)["charges"]
    assert [(c["installment"], c["amount"]) for c in charges] == [(2, 1000), (3, 1000), (4, 1000)]
    late = api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/renewals", expect=200
    ).get_json()
    assert late["webhooks_sent"] == 27
    run_worker_burst(runtime)
    sub = my_subscription(api, student)
    assert (sub["status"], sub["plan"], sub["amount"], sub["paid_periods"]) == (
        "active",
        "lite",
        1000,
        4,
    )
    assert sub["plan_change"]["status"] == "applied"
    assert {g["course"]: g["status"] for g in sub["grants"]} == {"sql": "ended"}
    assert captured(runtime, tenant, order_id) == 3 * 1000
    types = [t for t, _ in recorder.called("event")]
    assert types.count("subscription.plan_changed") == 1
    assert types.count("subscription.renewed") == 3
    assert types.count("enrollment.ended") == 1
    assert state(api, student, "python") == "included"
    assert state(api, student, "sql") == "available"
