"""Paying a plan off early, the site owner refunding one installment, and charges that are
not owed (after the plan closed, or charged meanwhile by the schedule) going back once,
through the REST API with the dummy provider and its test clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from tuition.plugin_api import utcnow
from tuition.testing.chores import sweep
from tuition_installments.testing import (
    advance,
    make_site,
    money,
    my_plan,
    set_dummy,
    start_plan,
)

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def enroll_state(api, student):
    return api.call("GET", "/v1/courses/pro", headers=student.headers).get_json()["enroll_state"]


def assert_money(api, runtime, tenant, student, order_id):
    """Captured less refunded = the plan's paid less what the site owner gave back;
    access = good standing."""
    plan = my_plan(api, student)
    captured, refunded = money(runtime, tenant, order_id)
    assert captured - refunded == plan["paid"] - plan["refunded"], (captured, refunded, plan)
    assert plan["paid"] == sum(
        i["paid_amount"] or 0 for i in plan["installments"] if i["status"] == "paid"
    )
    expected = {"granted": "enrolled", "paused": "payment_overdue", "ended": "available"}
    assert enroll_state(api, student) == expected[plan["access"]], plan["status"]
    return plan


def pay_off(api, student, plan_id, expect=200, **headers):
    return api.call(
        "POST",
        f"/v1/me/payment-plans/{plan_id}/pay-off",
        headers={**student.headers, **headers},
        expect=expect,
    ).get_json()


def test_the_student_pays_off_the_balance(api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = start_plan(api, tenant)
    advance(api, tenant, 31)  # installment 2 paid by the schedule
    plan = my_plan(api, student)
    assert plan["balance"] == 10000

    key = {"Idempotency-Key": "pay-off-1"}
    paid_off = pay_off(api, student, plan["id"], **key)
    assert (paid_off["status"], paid_off["access"], paid_off["balance"], paid_off["paid"]) == (
        "paid_off",
        "granted",
        0,
        30000,
    )
    assert paid_off["close_reason"] == "student" and paid_off["next_due_at"] is None
    assert [i["status"] for i in paid_off["installments"]] == ["paid"] * 3
    assert pay_off(api, student, plan["id"], **key) == paid_off  # the same answer
    assert pay_off(api, student, plan["id"])["status"] == "paid_off"  # nothing more taken
    assert_money(api, runtime, tenant, student, order_id)
    assert money(runtime, tenant, order_id) == (30000, 0)

    # The schedule stopped: the clock charges nothing more.
    assert advance(api, tenant, 62)["charges"] == []
    assert_money(api, runtime, tenant, student, order_id)
    (event,) = [d for t, d in recorder.called("event") if t == "payment_plan.paid_off"]
    assert (event["installments"], event["amount"], event["balance"]) == ([3], 10000, 0)
    assert event["charge"]["number"] == 3 and event["charge"]["amount"] == 10000
    assert (
        api.call(
            "POST", f"/v1/me/payment-plans/{plan['id']}/cancel", headers=student.headers, expect=409
        ).get_json()["code"]
        == "payment_plan_closed"
    )


def test_paying_off_an_overdue_plan_restores_access(api, runtime, recorder):
    tenant = make_site(api, {"grace_days": 1, "final_deadline_days": 10})
    student, order_id = start_plan(api, tenant)
    set_dummy(api, tenant, decline_renewals=True)
    advance(api, tenant, 31)
    assert sweep(runtime, utcnow() + timedelta(days=2))["installments"]["paused"] == 1
    plan = assert_money(api, runtime, tenant, student, order_id)
    assert plan["access"] == "paused"

    declined = pay_off(api, student, plan["id"], expect=409)
    assert declined["code"] == "pay_off_declined"
    plan = assert_money(api, runtime, tenant, student, order_id)
    assert (plan["status"], plan["balance"]) == ("overdue", 20000)  # nothing taken

    set_dummy(api, tenant, decline_renewals=False)  # the student updated the card
    paid_off = pay_off(api, student, plan["id"])
    assert (paid_off["status"], paid_off["access"], paid_off["paid"]) == (
        "paid_off",
        "granted",
        30000,
    )
    assert_money(api, runtime, tenant, student, order_id)
    assert sweep(runtime, utcnow() + timedelta(days=30))["installments"]["ended"] == 0
    types = [t for t, _ in recorder.called("event")]
    assert types[-2:] == ["payment_plan.restored", "payment_plan.paid_off"]


def test_a_charge_made_meanwhile_goes_back_after_the_pay_off(api, runtime, recorder):
    """The schedule charged installment 2 before the plan heard of it (its webhook held
    back); the pay-off charged it too: that charge goes back, once."""
    tenant = make_site(api)
    student, order_id = start_plan(api, tenant)
    set_dummy(api, tenant, withhold_webhooks=True, duplicate_webhooks=2)
    assert [c["installment"] for c in advance(api, tenant, 31)["charges"]] == [2]
    plan = my_plan(api, student)
    paid_off = api.call(
        "POST", f"/v1/admin/payment-plans/{plan['id']}/pay-off", headers=tenant.admin, expect=200
    ).get_json()
    assert (paid_off["status"], paid_off["close_reason"], paid_off["paid"]) == (
        "paid_off",
        "admin",
        30000,
    )
    late = api.call("POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/renewals", expect=200)
    assert late.get_json()["webhooks_sent"] == 3
    plan = assert_money(api, runtime, tenant, student, order_id)
    assert money(runtime, tenant, order_id) == (40000, 10000)
    (refund,) = plan["refunds"]
    assert (refund["installment"], refund["amount"], refund["reason"], refund["status"]) == (
        2,
        10000,
        "after_close",
        "succeeded",
    )
    assert plan["refunded"] == 0  # not owed, so never counted as paid
    events = api.call(
        "GET", "/v1/admin/payment-events?page_size=100", headers=tenant.admin
    ).get_json()["items"]
    outcomes = sorted(e["outcome"] for e in events if e["kind"] == "installment.paid")
    assert outcomes == ["charge_refunded_after_close"]  # one event id, delivered 3 times


def test_a_late_installment_on_a_canceled_plan_is_refunded_once(api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = start_plan(api, tenant)
    set_dummy(api, tenant, withhold_webhooks=True, duplicate_webhooks=2, out_of_order=True)
    advance(api, tenant, 31)  # installment 2 charged, its webhooks held back
    plan = my_plan(api, student)
    api.call(
        "POST", f"/v1/me/payment-plans/{plan['id']}/cancel", headers=student.headers, expect=200
    )
    late = api.call("POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/renewals", expect=200)
    assert late.get_json()["webhooks_sent"] == 9  # paid, stale failure, paid again; 3 times
    plan = assert_money(api, runtime, tenant, student, order_id)
    assert (plan["status"], plan["paid"], plan["balance"]) == ("canceled", 10000, 0)
    assert [i["status"] for i in plan["installments"]] == ["paid", "canceled", "canceled"]
    assert money(runtime, tenant, order_id) == (20000, 10000)
    assert [(r["installment"], r["reason"]) for r in plan["refunds"]] == [(2, "after_close")]
    refunded = [d for t, d in recorder.called("event") if t == "payment_plan.refunded"]
    assert [(d["installment"], d["amount"], d["reason"]) for d in refunded] == [
        (2, 10000, "after_close")
    ]
    assert enroll_state(api, student) == "available"


def test_the_site_owner_refunds_one_installment_with_its_tax(api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = start_plan(api, tenant)
    with runtime.transaction(tenant.id) as session:  # the order carried 19 % VAT
        session.execute(
            text("UPDATE orders SET tax_amount = 1597 WHERE id = :id"), {"id": order_id}
        )
    advance(api, tenant, 31)
    plan = my_plan(api, student)
    path = f"/v1/admin/payment-plans/{plan['id']}/installments"

    refunded = api.call(
        "POST",
        f"{path}/2/refund",
        headers={**tenant.admin, "Idempotency-Key": "refund-2"},
        expect=200,
    ).get_json()
    assert (refunded["status"], refunded["paid"], refunded["refunded"], refunded["balance"]) == (
        "active",
        20000,
        10000,
        10000,
    )
    assert [i["refunded_amount"] for i in refunded["installments"]] == [0, 10000, 0]
    (refund,) = refunded["refunds"]
    assert (refund["amount"], refund["tax_amount"], refund["reason"], refund["status"]) == (
        10000,
        1597,
        "admin",
        "pending",  # the provider is called in a job after the commit
    )
    assert [r["status"] for r in my_plan(api, student)["refunds"]] == ["succeeded"]
    # Once: the same request again, or another one, gives nothing more back.
    again = api.call("POST", f"{path}/2/refund", headers=tenant.admin, expect=200).get_json()
    assert len(again["refunds"]) == 1
    assert money(runtime, tenant, order_id) == (20000, 10000)
    assert_money(api, runtime, tenant, student, order_id)

    codes = [
        api.call("POST", f"{path}/{n}/refund", headers=tenant.admin, expect=409).get_json()["code"]
        for n in (1, 3)
    ]
    assert codes == ["installment_not_refundable"] * 2  # the order's payment; not paid
    api.call("POST", f"{path}/9/refund", headers=tenant.admin, expect=404)
    # The plan goes on: the last installment is charged, nothing is owed again.
    advance(api, tenant, 31)
    plan = assert_money(api, runtime, tenant, student, order_id)
    assert (plan["status"], plan["paid"], plan["refunded"]) == ("completed", 30000, 10000)
    events = [d for t, d in recorder.called("event") if t == "payment_plan.refunded"]
    assert [(d["installment"], d["tax_amount"], d["reason"]) for d in events] == [
        (2, 1597, "admin")
    ]
