"""A pay-off whose charge the provider announces by webhook before the pay-off request
commits (issue 19): whichever comes first, the plan ends ``paid_off`` once, the money
recorded is what was charged, the schedule stops and nothing is charged again."""

from __future__ import annotations

import pytest

from tuition_dummy_provider.testing import charge_webhooks
from tuition_installments.testing import advance, make_site, money, my_plan, set_dummy, start_plan


def pay_off(api, student, plan_id, **headers):
    return api.call(
        "POST",
        f"/v1/me/payment-plans/{plan_id}/pay-off",
        headers={**student.headers, **headers},
        expect=200,
    ).get_json()


def assert_paid_off_once(api, runtime, recorder, tenant, student, order_id):
    plan = my_plan(api, student)
    assert (plan["status"], plan["access"], plan["paid"], plan["balance"]) == (
        "paid_off",
        "granted",
        30000,
        0,
    ), plan
    assert [(i["status"], i["paid_amount"]) for i in plan["installments"]] == [("paid", 10000)] * 3
    assert plan["refunds"] == []
    assert money(runtime, tenant, order_id) == (30000, 0)
    types = [t for t, _ in recorder.called("event")]
    assert types.count("payment_plan.paid_off") == 1
    assert types.count("payment_plan.installment_paid") == 1  # the first payment only
    assert "payment_plan.completed" not in types
    (event,) = [d for t, d in recorder.called("event") if t == "payment_plan.paid_off"]
    assert (event["installments"], event["amount"], event["reason"]) == ([2, 3], 20000, "student")
    assert advance(api, tenant, 95)["charges"] == []  # the schedule stopped
    return plan


def test_the_charge_webhook_arrives_before_the_pay_off_commits(app, api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = start_plan(api, tenant)
    plan_id = my_plan(api, student)["id"]
    key = {"Idempotency-Key": "pay-off-early-webhook"}

    with charge_webhooks(app) as webhooks:
        answer = pay_off(api, student, plan_id, **key)
    assert webhooks.answered == [200]
    assert (answer["status"], answer["paid"], answer["balance"]) == ("paid_off", 30000, 0)
    assert pay_off(api, student, plan_id, **key) == answer  # a retry: the same answer
    assert pay_off(api, student, plan_id)["status"] == "paid_off"  # nothing more taken
    assert_paid_off_once(api, runtime, recorder, tenant, student, order_id)


def test_duplicate_charge_webhooks_before_and_after_the_pay_off(app, api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = start_plan(api, tenant)
    plan_id = my_plan(api, student)["id"]
    set_dummy(api, tenant, duplicate_webhooks=2)

    with charge_webhooks(app) as webhooks:
        pay_off(api, student, plan_id)
        webhooks.deliver()  # the provider sends them again after the answer
        pay_off(api, student, plan_id)  # and the student asks again
    assert webhooks.answered == [200] * 6
    assert_paid_off_once(api, runtime, recorder, tenant, student, order_id)


def test_the_charge_webhook_arrives_after_the_pay_off_commits(app, api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = start_plan(api, tenant)
    plan_id = my_plan(api, student)["id"]

    with charge_webhooks(app, "held") as webhooks:
        assert pay_off(api, student, plan_id)["status"] == "paid_off"
        webhooks.deliver()
    assert webhooks.answered == [200]
    assert_paid_off_once(api, runtime, recorder, tenant, student, order_id)


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_the_charge_webhook_races_the_pay_off_commit(app, api, runtime, recorder):
    """On PostgreSQL with real concurrency: the webhook's copies are processed by other
    threads while the pay-off request goes on and commits."""
    tenant = make_site(api)
    student, order_id = start_plan(api, tenant)
    plan_id = my_plan(api, student)["id"]
    set_dummy(api, tenant, duplicate_webhooks=2)

    with charge_webhooks(app, "concurrently") as webhooks:
        answer = pay_off(api, student, plan_id)
    assert webhooks.answered == [200] * 3
    assert answer["status"] == "paid_off"
    assert_paid_off_once(api, runtime, recorder, tenant, student, order_id)


def test_the_admin_pays_off_an_overdue_plan_its_webhook_first(app, api, runtime, recorder):
    tenant = make_site(api, {"grace_days": 0})
    student, order_id = start_plan(api, tenant)
    plan_id = my_plan(api, student)["id"]
    set_dummy(api, tenant, decline_renewals=True)
    advance(api, tenant, 31)  # installment 2 declined: access paused at once
    set_dummy(api, tenant, decline_renewals=False)  # the card works again
    assert my_plan(api, student)["status"] == "overdue"

    with charge_webhooks(app) as webhooks:
        answer = api.call(
            "POST", f"/v1/admin/payment-plans/{plan_id}/pay-off", headers=tenant.admin, expect=200
        ).get_json()
    assert webhooks.answered == [200]
    assert (answer["status"], answer["close_reason"], answer["access"]) == (
        "paid_off",
        "admin",
        "granted",
    )
    enroll_state = api.call("GET", "/v1/courses/pro", headers=student.headers).get_json()
    assert enroll_state["enroll_state"] == "enrolled"
    assert money(runtime, tenant, order_id) == (30000, 0)
    events = recorder.called("event")
    assert [t for t, _ in events].count("payment_plan.restored") == 1
    (paid_off,) = [d for t, d in events if t == "payment_plan.paid_off"]
    assert (paid_off["reason"], paid_off["installments"], paid_off["amount"]) == (
        "admin",
        [2, 3],
        20000,
    )
    assert advance(api, tenant, 95)["charges"] == []
