"""On PostgreSQL with a real rq worker: pay-off requests racing each other and the
schedule's own charge (its webhooks late, duplicated, out of order). The balance is
charged once, a charge not owed goes back once, and captured less refunded is what the
plan says was paid."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tuition.testing.queues import run_worker_burst
from tuition_installments.testing import advance, make_site, money, my_plan, set_dummy, start_plan

REQUESTS = 4


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_racing_pay_offs_and_late_charges_settle_once(app, rq_queue, api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = start_plan(api, tenant)
    run_worker_burst(runtime)
    plan_id = my_plan(api, student)["id"]
    set_dummy(api, tenant, withhold_webhooks=True, duplicate_webhooks=2, out_of_order=True)
    assert [c["installment"] for c in advance(api, tenant, 31)["charges"]] == [2]
    barrier = threading.Barrier(REQUESTS)

    def pay_off(_: int) -> tuple[int, Any]:
        client = app.test_client()
        barrier.wait()
        answer = client.post(f"/v1/me/payment-plans/{plan_id}/pay-off", headers=student.headers)
        return answer.status_code, answer.get_json()

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        results = list(pool.map(pay_off, range(REQUESTS)))
    assert {status for status, _ in results} == {200}, results
    assert {body["status"] for _, body in results} == {"paid_off"}
    late = api.call("POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/renewals", expect=200)
    assert late.get_json()["webhooks_sent"] == 9
    run_worker_burst(runtime)

    plan = my_plan(api, student)
    assert (plan["status"], plan["paid"], plan["balance"]) == ("paid_off", 30000, 0)
    # The first payment, the schedule's installment 2 and one pay-off of 20000; the
    # schedule's charge went back.
    assert money(runtime, tenant, order_id) == (40000, 10000)
    assert [(r["installment"], r["reason"], r["status"]) for r in plan["refunds"]] == [
        (2, "after_close", "succeeded")
    ]
    types = [t for t, _ in recorder.called("event")]
    assert types.count("payment_plan.paid_off") == 1
    assert types.count("payment_plan.refunded") == 1
    assert advance(api, tenant, 62)["charges"] == []  # the schedule stopped
