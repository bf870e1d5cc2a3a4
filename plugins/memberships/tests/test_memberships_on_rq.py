"""Renewal webhooks duplicated, held back and out of order, applied by a real rq worker on
PostgreSQL: each renewal counts once, a stale failure changes nothing."""

from __future__ import annotations

import pytest

from tuition.testing.queues import run_worker_burst
from tuition_memberships.testing import (
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
