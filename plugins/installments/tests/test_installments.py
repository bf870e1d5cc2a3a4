"""Payment plans end to end through the REST API with the dummy provider and its test
clock: a full schedule, failures and dunning, duplicated and out-of-order renewals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tuition.plugin_api import (
    Capabilities,
    CheckoutSession,
    PaymentProvider,
    PluginInfo,
    ProviderStatus,
    RefundResult,
    hookimpl,
    utcnow,
)
from tuition.testing.chores import sweep
from tuition_dummy_provider.models import DummyCharge, DummyPayment, DummySchedule
from tuition_installments.testing import (
    PLAN,
    PRICE,
    advance,
    make_site,
    my_plan,
    set_dummy,
    start_plan,
)

#: These flows run on SQLite: the backend is not their point, and CI's time is bounded.
#: PostgreSQL runs the plugin's race, rq and provider tests.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


class OneShot(PaymentProvider):
    """A provider that charges once only (no ``recurring`` capability)."""

    name = "one_shot"
    capabilities = Capabilities(currencies=frozenset({"EUR"}))

    def create_checkout(self, order):
        return CheckoutSession(reference=order.id, frontend={})

    def verify_webhook(self, request):
        return []

    def fetch_status(self, order):
        return ProviderStatus(kind="payment.pending")

    def refund(self, order, amount):
        return RefundResult(refund_id="r", amount=amount, status="succeeded")


class OneShotPlugin:
    TUITION_PLUGIN = PluginInfo(title="One-shot provider", category="payment")

    @hookimpl
    def tuition_payment_providers(self):
        return [OneShot]


@pytest.fixture
def tuition_plugins(recorder):
    return [("recorder", recorder), ("one_shot", OneShotPlugin())]


def enroll_state(api, student):
    return api.call("GET", "/v1/courses/pro", headers=student.headers).get_json()["enroll_state"]


def captured(runtime, tenant, order_id):
    """What the dummy provider took for the plan: the first payment and later charges."""
    with runtime.session(tenant.id) as session:
        first = session.scalar(
            select(DummyPayment.amount).where(
                DummyPayment.order_id == order_id, DummyPayment.status == "paid"
            )
        )
        later = session.scalar(
            select(func.coalesce(func.sum(DummyCharge.amount), 0)).where(
                DummyCharge.order_id == order_id, DummyCharge.status == "paid"
            )
        )
        return (first or 0) + later


def assert_invariants(api, runtime, tenant, student, order_id):
    """Money captured = what the schedule says was paid; access = good standing."""
    plan = my_plan(api, student)
    paid = sum(i["paid_amount"] or 0 for i in plan["installments"] if i["status"] == "paid")
    assert plan["paid"] == paid == captured(runtime, tenant, order_id)
    assert plan["balance"] == sum(
        i["amount"] for i in plan["installments"] if i["status"] in ("scheduled", "failed")
    )
    state = enroll_state(api, student)
    expected = {
        "granted": "enrolled",
        "paused": "payment_overdue",
        "ended": "available",
    }[plan["access"]]
    assert state == expected, (plan["status"], state)
    return plan


def test_a_full_schedule_is_paid(api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = start_plan(api, tenant)
    plan = assert_invariants(api, runtime, tenant, student, order_id)
    assert (plan["status"], plan["total"], plan["paid"], plan["balance"]) == (
        "active",
        30000,
        10000,
        20000,
    )
    assert [i["status"] for i in plan["installments"]] == ["paid", "scheduled", "scheduled"]
    assert plan["next_due_at"] == plan["installments"][1]["due_at"]

    assert [c["installment"] for c in advance(api, tenant, 31)["charges"]] == [2]
    assert assert_invariants(api, runtime, tenant, student, order_id)["balance"] == 10000
    advance(api, tenant, 31)
    plan = assert_invariants(api, runtime, tenant, student, order_id)
    assert (plan["status"], plan["paid"], plan["balance"]) == ("completed", 30000, 0)
    assert advance(api, tenant, 31)["charges"] == []  # nothing after the last one

    admin = api.call(
        "GET", f"/v1/admin/payment-plans/{plan['id']}", headers=tenant.admin, expect=200
    ).get_json()
    assert admin["status"] == "completed" and admin["student_id"] == plan["student_id"]
    types = [t for t, _ in recorder.called("event") if t.startswith("payment_plan.")]
    assert types.count("payment_plan.installment_paid") == 3
    assert types[-1] == "payment_plan.completed"


def test_pay_in_full_beside_the_plan(api, runtime):
    tenant = make_site(api)
    student = api.signup(tenant)
    body = api.enroll(tenant, student, "pro", expect=202).get_json()
    assert body["checkout"]["amount"] == 27000
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{body['checkout']['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    assert enroll_state(api, student) == "enrolled"
    assert api.call("GET", "/v1/me/payment-plans", headers=student.headers).get_json() == {
        "items": []
    }


def test_failure_overdue_paid_restored(api, runtime, recorder):
    tenant = make_site(api, {"grace_days": 3, "final_deadline_days": 10})
    student, order_id = start_plan(api, tenant)
    set_dummy(api, tenant, decline_renewals=True)
    assert [c["status"] for c in advance(api, tenant, 31)["charges"]] == ["declined"]
    plan = assert_invariants(api, runtime, tenant, student, order_id)
    assert (plan["status"], plan["access"]) == ("past_due", "granted")  # grace
    assert plan["installments"][1]["status"] == "failed"

    assert sweep(runtime, utcnow() + timedelta(days=1))["installments"] == {
        "paused": 0,
        "ended": 0,
        "reminded": 0,
    }
    assert sweep(runtime, utcnow() + timedelta(days=4))["installments"]["paused"] == 1
    plan = assert_invariants(api, runtime, tenant, student, order_id)
    assert (plan["status"], plan["access"]) == ("overdue", "paused")
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert [o["course"]["enroll_state"] for o in board["owned"]] == ["payment_overdue"]

    set_dummy(api, tenant, decline_renewals=False)  # the student updated the card
    retried = api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/retry", expect=200
    ).get_json()
    assert [(c["installment"], c["status"]) for c in retried["charges"]] == [(2, "paid")]
    plan = assert_invariants(api, runtime, tenant, student, order_id)
    assert (plan["status"], plan["access"], plan["balance"]) == ("active", "granted", 10000)
    assert sweep(runtime, utcnow() + timedelta(days=30))["installments"] == {
        "paused": 0,
        "ended": 0,
        "reminded": 0,
    }
    types = [t for t, _ in recorder.called("event")]
    assert "payment_plan.overdue" in types and "payment_plan.restored" in types


def test_failure_ends_after_the_final_deadline(api, runtime):
    tenant = make_site(api, {"grace_days": 2, "final_deadline_days": 7})
    student, order_id = start_plan(api, tenant)
    set_dummy(api, tenant, decline_renewals=True)
    advance(api, tenant, 31)
    assert sweep(runtime, utcnow() + timedelta(days=3))["installments"]["paused"] == 1
    assert sweep(runtime, utcnow() + timedelta(days=8))["installments"]["ended"] == 1
    plan = assert_invariants(api, runtime, tenant, student, order_id)
    assert (plan["status"], plan["access"], plan["close_reason"]) == ("ended", "ended", "deadline")
    assert [i["status"] for i in plan["installments"]] == ["paid", "canceled", "canceled"]
    assert plan["balance"] == 0 and plan["paid"] == 10000
    enrollments = api.call(
        "GET", "/v1/admin/enrollments", headers=tenant.admin, expect=200
    ).get_json()["items"]
    assert [e["status"] for e in enrollments] == ["canceled"]
    # The provider's schedule was stopped: the clock charges nothing more.
    set_dummy(api, tenant, decline_renewals=False)
    assert advance(api, tenant, 90)["charges"] == []
    assert captured(runtime, tenant, order_id) == 10000
    with runtime.session(tenant.id) as session:
        assert session.scalar(select(DummySchedule.status)) == "canceled"


def test_duplicated_delayed_out_of_order_renewals_apply_once(api, runtime, recorder):
    tenant = make_site(api, plan={"count": 4, "amount": 5000, "interval": "week"})
    student, order_id = start_plan(api, tenant, amount=5000)
    set_dummy(api, tenant, withhold_webhooks=True, duplicate_webhooks=2, out_of_order=True)
    assert advance(api, tenant, 30)["webhooks_sent"] == 0  # three charges, held back
    plan = my_plan(api, student)
    assert [i["status"] for i in plan["installments"]] == ["paid"] + ["scheduled"] * 3

    late = api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/renewals", expect=200
    ).get_json()
    # 3 payments, each followed by a stale failure and the payment again under other ids,
    # in reverse order, each sent 3 times.
    assert late["webhooks_sent"] == 27
    plan = assert_invariants(api, runtime, tenant, student, order_id)
    assert (plan["status"], plan["paid"]) == ("completed", 20000)
    assert [i["attempts"] for i in plan["installments"]] == [1, 0, 0, 0]
    events = api.call(
        "GET", "/v1/admin/payment-events?page_size=100", headers=tenant.admin
    ).get_json()["items"]
    outcomes = sorted(e["outcome"] for e in events if e["kind"].startswith("installment."))
    assert outcomes == (
        ["installment_already_paid"] * 3 + ["installment_not_open"] * 3 + ["installment_paid"] * 3
    )
    types = [t for t, _ in recorder.called("event")]
    assert types.count("payment_plan.installment_paid") == 4
    assert types.count("payment_plan.installment_failed") == 0

    again = api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/renewals", expect=200
    ).get_json()
    assert again["webhooks_sent"] == 0


def test_cancel_the_rest_and_admin_waive(api, runtime):
    tenant = make_site(api)
    student, _order_id = start_plan(api, tenant)
    plan = my_plan(api, student)
    canceled = api.call(
        "POST",
        f"/v1/me/payment-plans/{plan['id']}/cancel",
        headers=student.headers,
        expect=200,
    ).get_json()
    assert (canceled["status"], canceled["close_reason"], canceled["balance"]) == (
        "canceled",
        "student",
        0,
    )
    assert enroll_state(api, student) == "available"
    assert advance(api, tenant, 62)["charges"] == []  # the schedule stopped
    problem = api.call(
        "POST",
        f"/v1/me/payment-plans/{plan['id']}/cancel",
        headers=student.headers,
        expect=409,
    ).get_json()
    assert problem["code"] == "payment_plan_closed"

    other, other_order = start_plan(api, tenant)
    set_dummy(api, tenant, decline_renewals=True)
    advance(api, tenant, 31)
    assert sweep(runtime, utcnow() + timedelta(days=5))["installments"]["paused"] == 1
    plan = my_plan(api, other)
    assert plan["access"] == "paused"
    waived = api.call(
        "POST", f"/v1/admin/payment-plans/{plan['id']}/waive", headers=tenant.admin, expect=200
    ).get_json()
    assert (waived["status"], waived["access"], waived["paid"], waived["balance"]) == (
        "completed",
        "granted",
        10000,
        0,
    )
    assert [i["status"] for i in waived["installments"]] == ["paid", "waived", "waived"]
    assert_invariants(api, runtime, tenant, other, other_order)
    # Another student cannot see the plan.
    api.call("GET", f"/v1/me/payment-plans/{plan['id']}", headers=student.headers, expect=404)


def test_a_provider_without_recurring_cannot_sell_a_plan(api):
    tenant = api.create_tenant({"one_shot": {}, "installments": {}})
    api.create_course(tenant, "pro", pricing_model="installments", price=PRICE, status="draft")
    problem = api.call(
        "PATCH",
        "/v1/admin/courses/pro",
        json={"status": "published", "attributes": {"installments": PLAN}},
        headers=tenant.admin,
        expect=409,
    ).get_json()
    assert problem["code"] == "plugin_plan_rejected"
    assert "cannot charge installments in EUR" in problem["courses"][0]["missing"]
    # With a provider that can, the same change passes.
    api.call(
        "PUT",
        "/v1/admin/plugins/dummy_provider",
        json={"enabled": True},
        headers=tenant.admin,
        expect=200,
    )
    api.call(
        "PATCH",
        "/v1/admin/courses/pro",
        json={"status": "published", "attributes": {"installments": PLAN}},
        headers=tenant.admin,
        expect=200,
    )


def test_the_dummy_offers_no_page_to_change_the_card(api):
    tenant = make_site(api)
    student, _ = start_plan(api, tenant)
    plan = my_plan(api, student)
    problem = api.call(
        "POST",
        f"/v1/me/payment-plans/{plan['id']}/payment-method",
        json={},
        headers=student.headers,
        expect=409,
    ).get_json()
    assert problem["code"] == "payment_method_update_unavailable"
    bad = api.call(
        "POST",
        f"/v1/me/payment-plans/{plan['id']}/payment-method",
        json={"return_url": "not a url"},
        headers=student.headers,
        expect=422,
    ).get_json()
    assert "return_url" in str(bad)


def test_the_catalogue_shows_the_plan(api):
    """Frontends offer the plan from the course's ``extensions.installments``."""
    tenant = make_site(api, plan={**PLAN, "interval_count": 2, "pay_in_full": False})
    api.create_course(tenant, "plain", pricing_model="one_time", price=PRICE)
    courses = api.call("GET", "/v1/courses", headers=tenant.storefront, expect=200).get_json()
    extensions = {c["slug"]: c["extensions"] for c in courses["items"]}
    assert extensions["pro"]["installments"] == {
        "count": 3,
        "amount": 10000,
        "currency": "EUR",
        "interval": "month",
        "interval_count": 2,
        "total": 30000,
        "pay_in_full": False,
    }
    assert "installments" not in extensions["plain"]
