"""Plan changes through the REST API with the dummy provider: an upgrade now with its
prorated difference charged, a downgrade at the renewal (cancellable), the courses each
plan includes, a declined upgrade, and what cannot be changed to."""

from __future__ import annotations

import pytest

from tuition_memberships.testing import (
    advance,
    captured,
    make_site,
    my_subscription,
    set_dummy,
    state,
    subscribe,
)

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def plans_site(api, **dummy):
    """``club`` (2000: python, sql), ``pro`` (3000: every course) and ``lite`` (1000:
    python), monthly."""
    tenant = make_site(api, **dummy)
    for slug, amount, courses in (("pro", 3000, "all"), ("lite", 1000, ["python"])):
        api.create_course(
            tenant,
            slug,
            pricing_model="subscription",
            price={"amount": amount, "currency": "EUR"},
            attributes={"memberships": {"interval": "month", "courses": courses}},
        )
    return tenant


def change(api, who, sub_id, plan, expect=200, admin=False):
    path = f"/v1/{'admin' if admin else 'me'}/subscriptions/{sub_id}/change"
    return api.call("POST", path, json={"plan": plan}, headers=who, expect=expect).get_json()


def enrollments(api, tenant):
    found = api.call("GET", "/v1/admin/enrollments", headers=tenant.admin, expect=200)
    return sorted((e["course"], e["status"]) for e in found.get_json()["items"])


def test_upgrade_now_then_downgrade_at_the_renewal(api, runtime, recorder):
    tenant = plans_site(api)
    student, order_id = subscribe(api, tenant)
    api.enroll(tenant, student, "python", expect=201)
    api.enroll(tenant, student, "sql", expect=201)
    sub = my_subscription(api, student)
    assert state(api, student, "other") == "available"

    change(api, student.headers, sub["id"], "pro")
    sub = my_subscription(api, student)
    upgrade = sub["plan_change"]
    assert (upgrade["kind"], upgrade["status"], upgrade["from_plan"], upgrade["plan"]) == (
        "upgrade",
        "applied",
        "club",
        "pro",
    )
    # The difference for (nearly) the whole month, charged now; the new price from the
    # next renewal.
    assert 990 <= upgrade["proration"] <= 1000 and upgrade["payment_id"]
    assert (sub["plan"], sub["amount"], sub["status"]) == ("pro", 3000, "active")
    assert captured(runtime, tenant, order_id) == 2000 + upgrade["proration"]
    assert state(api, student, "other") == "included"  # pro includes every course
    assert api.enroll(tenant, student, "pro", expect=409).get_json()["code"] == (
        "already_subscribed"
    )
    assert [c["amount"] for c in advance(api, tenant, 31)["charges"]] == [3000]

    # A downgrade waits for the renewal and can be taken back meanwhile.
    scheduled = change(api, student.headers, sub["id"], "lite")["plan_change"]
    assert (scheduled["kind"], scheduled["status"], scheduled["period"]) == (
        "downgrade",
        "scheduled",
        3,
    )
    assert change(api, student.headers, sub["id"], "club", expect=409)["code"] == (
        "plan_change_pending"
    )
    path = f"/v1/me/subscriptions/{sub['id']}/change"
    taken_back = api.call("DELETE", path, headers=student.headers, expect=200).get_json()
    assert taken_back["plan_change"]["status"] == "canceled"
    problem = api.call("DELETE", path, headers=student.headers, expect=409).get_json()
    assert problem["code"] == "no_plan_change"
    assert [c["amount"] for c in advance(api, tenant, 31)["charges"]] == [3000]

    change(api, student.headers, sub["id"], "lite")
    assert state(api, student, "sql") == "enrolled"  # until the renewal
    assert [c["amount"] for c in advance(api, tenant, 31)["charges"]] == [1000]
    sub = my_subscription(api, student)
    assert (sub["plan"], sub["amount"], sub["paid_periods"]) == ("lite", 1000, 4)
    assert sub["plan_change"]["status"] == "applied"
    # lite includes python only: the sql grant ended, once; python's goes on.
    assert {g["course"]: g["status"] for g in sub["grants"]} == {
        "python": "active",
        "sql": "ended",
    }
    assert enrollments(api, tenant) == [
        ("club", "active"),
        ("python", "active"),
        ("sql", "canceled"),
    ]
    assert state(api, student, "other") == "available"
    assert [c["amount"] for c in advance(api, tenant, 31)["charges"]] == [1000]
    assert captured(runtime, tenant, order_id) == (
        2000 + upgrade["proration"] + 2 * 3000 + 2 * 1000
    )
    types = [t for t, _ in recorder.called("event")]
    assert types.count("subscription.plan_changed") == 2
    assert types.count("enrollment.ended") == 1


def test_a_declined_upgrade_keeps_the_plan(api, runtime, recorder):
    tenant = plans_site(api)
    student, order_id = subscribe(api, tenant)
    sub = my_subscription(api, student)
    set_dummy(api, tenant, decline_renewals=True)
    change(api, tenant.admin, sub["id"], "pro", admin=True)
    sub = my_subscription(api, student)
    assert (sub["plan"], sub["amount"], sub["plan_change"]["status"]) == ("club", 2000, "failed")
    assert captured(runtime, tenant, order_id) == 2000
    assert [e["change"]["plan"] for e in recorder.events("subscription.plan_change_failed")] == [
        "pro"
    ]
    # Once the card works the member may try again.
    set_dummy(api, tenant, decline_renewals=False)
    change(api, student.headers, sub["id"], "pro")
    assert my_subscription(api, student)["plan"] == "pro"


def test_an_upgrade_then_an_admin_cancel_refunds_no_more_than_paid(api, runtime):
    tenant = plans_site(api)
    student, order_id = subscribe(api, tenant)
    sub = my_subscription(api, student)
    proration = change(api, student.headers, sub["id"], "pro")["plan_change"]["proration"]
    done = api.call(
        "POST",
        f"/v1/admin/subscriptions/{sub['id']}/cancel",
        json={"refund": "prorated"},
        headers=tenant.admin,
        expect=200,
    ).get_json()
    assert 2900 <= done["refunded_amount"] <= 2000 + proration
    assert captured(runtime, tenant, order_id) == 2000 + proration - done["refunded_amount"]


def test_what_a_plan_cannot_change_to(api, runtime):
    tenant = plans_site(api)
    api.create_course(
        tenant,
        "yearly",
        pricing_model="subscription",
        price={"amount": 20000, "currency": "EUR"},
        attributes={"memberships": {"interval": "year", "courses": "all"}},
    )
    student, _ = subscribe(api, tenant)
    sub = my_subscription(api, student)
    for plan in ("club", "python", "yearly", "nothing"):
        assert change(api, student.headers, sub["id"], plan, expect=409)["code"] == (
            "plan_change_invalid"
        )
    api.call(
        "POST",
        f"/v1/me/subscriptions/{sub['id']}/change",
        json={},
        headers=student.headers,
        expect=422,
    )
    other = api.signup(tenant)
    api.call(
        "POST",
        f"/v1/me/subscriptions/{sub['id']}/change",
        json={"plan": "pro"},
        headers=other.headers,
        expect=404,
    )
    set_dummy(api, tenant, decline_renewals=True)
    advance(api, tenant, 31)
    assert change(api, student.headers, sub["id"], "pro", expect=409)["code"] == (
        "subscription_not_in_good_standing"
    )
