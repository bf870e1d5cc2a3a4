"""Memberships end to end through the REST API with the dummy provider and its test clock:
subscribing, included courses, a year of renewals with a failure in the middle, cancel at
the period's end and resume, an admin's cancel with a prorated refund, lapses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tuition.plugin_api import utcnow
from tuition.testing.chores import sweep
from tuition_dummy_provider.models import DummySchedule
from tuition_invoices.testing import SELLER
from tuition_memberships.testing import (
    advance,
    captured,
    make_site,
    my_subscription,
    set_dummy,
    state,
    subscribe,
)

#: These flows run on SQLite: the backend is not their point, and CI's time is bounded.
#: PostgreSQL runs the duplicated-renewals test on rq (test_memberships_on_rq.py).
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def admin_enrollments(api, tenant):
    found = api.call("GET", "/v1/admin/enrollments", headers=tenant.admin, expect=200)
    return {(e["course"], e["status"]) for e in found.get_json()["items"]}


def test_subscribe_then_enroll_in_an_included_course(api, runtime, recorder):
    tenant = make_site(api)
    student = api.signup(tenant)
    assert state(api, student, "python") == "available"
    student, order_id = subscribe(api, tenant, student)
    sub = my_subscription(api, student)
    assert (sub["status"], sub["access"], sub["plan"], sub["paid_periods"]) == (
        "active",
        "granted",
        "club",
        1,
    )
    assert sub["current_period_end"] > sub["current_period_start"]
    assert state(api, student, "club") == "enrolled"
    assert state(api, student, "python") == "included"
    assert state(api, student, "other") == "available"  # not in the plan
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert {"python", "sql"} <= {c["slug"] for c in board["available"]}

    quote = api.call("GET", "/v1/courses/python/quote", headers=student.headers, expect=200)
    assert quote.get_json()["total"] == 0
    enrolled = api.enroll(tenant, student, "python", expect=201).get_json()
    assert enrolled["status"] == "active"
    assert state(api, student, "python") == "enrolled"
    sub = my_subscription(api, student)
    assert sub["grants"] == [
        {"enrollment_id": enrolled["id"], "course": "python", "status": "active"}
    ]
    # It takes a seat like any enrollment: sql has one.
    api.enroll(tenant, student, "sql", expect=201)
    other = api.signup(tenant)
    subscribe(api, tenant, other)
    assert state(api, other, "sql") == "full"
    assert api.enroll(tenant, other, "sql", expect=409).get_json()["code"] == "course_full"
    # The other course is still sold at its price.
    assert api.enroll(tenant, student, "other", expect=202).get_json()["checkout"]["amount"] == (
        9900
    )
    assert captured(runtime, tenant, order_id) == 2000
    types = [t for t, _ in recorder.called("event")]
    assert types.count("subscription.activated") == 2
    assert types.count("subscription.granted") == 2


def test_a_year_of_renewals_with_a_failure_in_the_middle(api, runtime, recorder):
    tenant = make_site(api, {"grace_days": 3, "final_deadline_days": 20})
    student, order_id = subscribe(api, tenant)
    granted = api.enroll(tenant, student, "python", expect=201).get_json()
    for _ in range(5):  # months 2 to 6 renew
        assert [c["status"] for c in advance(api, tenant, 31)["charges"]] == ["paid"]
    assert my_subscription(api, student)["paid_periods"] == 6

    set_dummy(api, tenant, decline_renewals=True)
    assert [c["status"] for c in advance(api, tenant, 31)["charges"]] == ["declined"]
    sub = my_subscription(api, student)
    assert (sub["status"], sub["access"], sub["paid_periods"]) == ("past_due", "granted", 6)
    assert state(api, student, "python") == "enrolled"  # grace: access kept
    assert sweep(runtime, utcnow() + timedelta(days=1))["memberships"] == {
        "paused": 0,
        "canceled": 0,
    }
    assert sweep(runtime, utcnow() + timedelta(days=4))["memberships"]["paused"] == 1
    sub = my_subscription(api, student)
    assert (sub["status"], sub["access"]) == ("paused", "paused")
    assert sub["grants"][0]["status"] == "paused"
    assert state(api, student, "python") == "membership_paused"
    assert state(api, student, "club") == "membership_paused"
    assert state(api, student, "sql") == "available"  # nothing included while paused

    set_dummy(api, tenant, decline_renewals=False)  # the member updated the card
    retried = api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/retry", expect=200
    ).get_json()
    assert [(c["installment"], c["status"]) for c in retried["charges"]] == [(7, "paid")]
    sub = my_subscription(api, student)
    assert (sub["status"], sub["access"], sub["paid_periods"]) == ("active", "granted", 7)
    assert sub["grants"][0]["status"] == "active"
    assert state(api, student, "python") == "enrolled"
    for _ in range(5):  # months 8 to 12
        advance(api, tenant, 31)
    sub = my_subscription(api, student)
    assert sub["paid_periods"] == 12 and sub["status"] == "active"
    # Money captured = what the subscription says was paid; the granted enrollment is the
    # same one all along, never ended.
    assert captured(runtime, tenant, order_id) == 12 * 2000
    assert ("python", "active") in admin_enrollments(api, tenant)
    types = [t for t, _ in recorder.called("event")]
    assert types.count("subscription.renewed") == 11
    assert types.count("subscription.paused") == types.count("subscription.restored") == 1
    assert types.count("enrollment.ended") == 0
    assert granted["id"] == sub["grants"][0]["enrollment_id"]


def test_cancel_at_period_end_and_resume(api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = subscribe(api, tenant)
    api.enroll(tenant, student, "python", expect=201)
    sub = my_subscription(api, student)
    path = f"/v1/me/subscriptions/{sub['id']}"
    problem = api.call("POST", f"{path}/resume", headers=student.headers, expect=409)
    assert problem.get_json()["code"] == "subscription_not_canceling"
    canceled = api.call("POST", f"{path}/cancel", headers=student.headers, expect=200).get_json()
    assert (canceled["status"], canceled["cancel_at_period_end"]) == ("active", True)
    resumed = api.call("POST", f"{path}/resume", headers=student.headers, expect=200).get_json()
    assert resumed["cancel_at_period_end"] is False
    # Nothing happens at the period's end of a resumed subscription.
    later = utcnow() + timedelta(days=32)
    assert sweep(runtime, later)["memberships"]["canceled"] == 0

    api.call("POST", f"{path}/cancel", headers=student.headers, expect=200)
    assert sweep(runtime, utcnow() + timedelta(days=1))["memberships"]["canceled"] == 0
    assert state(api, student, "python") == "enrolled"  # paid until the period ends
    assert sweep(runtime, later)["memberships"]["canceled"] == 1
    sub = my_subscription(api, student)
    assert (sub["status"], sub["close_reason"], sub["access"]) == (
        "canceled",
        "period_end",
        "ended",
    )
    assert sub["grants"][0]["status"] == "ended"
    assert admin_enrollments(api, tenant) == {("club", "canceled"), ("python", "canceled")}
    assert state(api, student, "python") == "available"
    assert sweep(runtime, later)["memberships"]["canceled"] == 0  # once
    # The provider's schedule was stopped: the clock charges nothing more.
    assert advance(api, tenant, 62)["charges"] == []
    assert captured(runtime, tenant, order_id) == 2000
    problem = api.call("POST", f"{path}/resume", headers=student.headers, expect=409)
    assert problem.get_json()["code"] == "subscription_closed"
    # Another student cannot see it.
    api.call("GET", path, headers=api.signup(tenant).headers, expect=404)
    assert [t for t, _ in recorder.called("event")].count("subscription.canceled") == 1


def test_a_renewal_charged_after_a_cancel_goes_back(api, runtime, recorder):
    tenant = make_site(api)
    student, order_id = subscribe(api, tenant)
    sub = my_subscription(api, student)
    api.call(
        "POST", f"/v1/me/subscriptions/{sub['id']}/cancel", headers=student.headers, expect=200
    )
    # The provider renews before the sweep saw the period's end.
    assert [c["status"] for c in advance(api, tenant, 31)["charges"]] == ["paid"]
    sub = my_subscription(api, student)
    assert (sub["status"], sub["close_reason"], sub["paid_periods"]) == (
        "canceled",
        "period_end",
        1,
    )
    assert sub["refunded_amount"] == 2000
    assert captured(runtime, tenant, order_id) == 2000
    assert advance(api, tenant, 31)["charges"] == []  # the schedule stopped


def test_a_setup_fee_is_charged_once(api, runtime):
    tenant = make_site(api, plan={"interval": "month", "courses": "all", "setup_fee": 500})
    student = api.signup(tenant)
    checkout = api.enroll(tenant, student, "club", expect=202).get_json()["checkout"]
    assert checkout["amount"] == 2500  # the first period and the fee
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{checkout['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    assert [c["amount"] for c in advance(api, tenant, 31)["charges"]] == [2000]
    sub = my_subscription(api, student)
    assert (sub["status"], sub["paid_periods"], sub["amount"]) == ("active", 2, 2000)
    assert captured(runtime, tenant, checkout["order_id"]) == 4500


def test_admin_cancel_with_a_prorated_refund(api, runtime, recorder):
    tenant = make_site(api, plan={"interval": "year", "courses": "all"})
    student, order_id = subscribe(api, tenant)
    assert state(api, student, "other") == "included"  # "all"
    api.enroll(tenant, student, "other", expect=201)
    sub = my_subscription(api, student)
    listed = api.call(
        "GET", "/v1/admin/subscriptions?status=active", headers=tenant.admin, expect=200
    ).get_json()
    assert [s["id"] for s in listed["items"]] == [sub["id"]]
    api.call(
        "POST",
        f"/v1/admin/subscriptions/{sub['id']}/cancel",
        json={"refund": "sometimes"},
        headers=tenant.admin,
        expect=422,
    )
    keyed = {**tenant.admin, "Idempotency-Key": "cancel-once"}
    done, replayed = (
        api.call(
            "POST",
            f"/v1/admin/subscriptions/{sub['id']}/cancel",
            json={"refund": "prorated"},
            headers=keyed,
            expect=200,
        ).get_json()
        for _ in range(2)
    )
    assert replayed == done  # the same answer, nothing refunded twice
    # Canceled moments after paying for a year: nearly all of it comes back.
    assert done["status"] == "canceled" and done["close_reason"] == "admin"
    assert 1990 <= done["refunded_amount"] <= 2000
    assert captured(runtime, tenant, order_id) == 2000 - done["refunded_amount"]
    assert admin_enrollments(api, tenant) == {("club", "canceled"), ("other", "canceled")}
    refunded = recorder.events("subscription.refunded")
    assert [(e["refund"], e["refund_status"]) for e in refunded] == [
        (done["refunded_amount"], "succeeded")
    ]
    problem = api.call(
        "POST", f"/v1/admin/subscriptions/{sub['id']}/cancel", headers=tenant.admin, expect=409
    )
    assert problem.get_json()["code"] == "subscription_closed"
    with runtime.session(tenant.id) as session:
        assert session.scalar(select(DummySchedule.status)) == "canceled"


def test_a_lapse_ends_granted_enrollments_exactly_once(api, runtime, recorder):
    tenant = make_site(api, {"grace_days": 2, "final_deadline_days": 7})
    student, order_id = subscribe(api, tenant)
    api.enroll(tenant, student, "python", expect=201)
    api.enroll(tenant, student, "sql", expect=201)
    set_dummy(api, tenant, decline_renewals=True, duplicate_webhooks=2)
    advance(api, tenant, 31)
    assert sweep(runtime, utcnow() + timedelta(days=3))["memberships"]["paused"] == 1
    deadline = utcnow() + timedelta(days=8)
    assert sweep(runtime, deadline)["memberships"]["canceled"] == 1
    assert sweep(runtime, deadline)["memberships"]["canceled"] == 0
    sub = my_subscription(api, student)
    assert (sub["status"], sub["close_reason"]) == ("canceled", "deadline")
    assert {g["status"] for g in sub["grants"]} == {"ended"}
    assert admin_enrollments(api, tenant) == {
        ("club", "canceled"),
        ("python", "canceled"),
        ("sql", "canceled"),
    }
    # A late payment of the failed renewal changes nothing any more.
    set_dummy(api, tenant, decline_renewals=False)
    api.call("POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/retry", expect=200)
    assert my_subscription(api, student)["status"] == "canceled"
    ended = [d for t, d in recorder.called("event") if t == "enrollment.ended"]
    assert len(ended) == 3
    # The seat of sql came back.
    other = api.signup(tenant)
    subscribe(api, tenant, other)
    api.enroll(tenant, other, "sql", expect=201)


def test_a_plan_needs_a_recurring_provider_and_valid_attributes(api):
    tenant = api.create_tenant({"memberships": {}})
    plan = {"interval": "month", "courses": ["python"]}
    api.create_course(
        tenant,
        "club",
        pricing_model="subscription",
        price={"amount": 500, "currency": "EUR"},
        status="draft",
    )
    problem = api.call(
        "PATCH",
        "/v1/admin/courses/club",
        json={"status": "published", "attributes": {"memberships": plan}},
        headers=tenant.admin,
        expect=409,
    ).get_json()
    assert problem["code"] == "plugin_plan_rejected"
    assert "cannot charge a subscription in EUR" in problem["courses"][0]["missing"]
    for bad in ({"interval": "week", "courses": "all"}, {"courses": []}, {"courses": "some"}):
        api.call(
            "PATCH",
            "/v1/admin/courses/club",
            json={"attributes": {"memberships": bad}},
            headers=tenant.admin,
            expect=422,
        )
    api.call(
        "PUT",
        "/v1/admin/plugins/dummy_provider",
        json={"enabled": True},
        headers=tenant.admin,
        expect=200,
    )
    api.call(
        "PATCH",
        "/v1/admin/courses/club",
        json={"status": "published", "attributes": {"memberships": plan}},
        headers=tenant.admin,
        expect=200,
    )


def test_each_renewal_gets_its_invoice(api):
    """The renewal's event carries the paid charge; the invoices plugin invoices it, in
    the same gapless series, once however often its webhook arrives."""
    tenant = make_site(api, plugins={"invoices": {"settings": SELLER}}, duplicate_webhooks=2)
    student, order_id = subscribe(api, tenant)
    advance(api, tenant, 31)
    advance(api, tenant, 31)
    invoices = api.call("GET", "/v1/me/invoices", headers=student.headers, expect=200).get_json()
    found = sorted(invoices["items"], key=lambda i: i["number"])
    assert [(i["order_id"], i["gross"]) for i in found] == [(order_id, 2000)] * 3
    assert len({i["number"] for i in found}) == 3
    assert "period 2" in found[1]["lines"][0]["description"]
