"""What the console's overview, orders, staff and operator screens ask of the API: the
report over time, orders with their buyer, resending an invitation, changing one's own
password, and the operator's tenants list with suspension."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import update

from tuition.db import utcnow
from tuition.models import Enrollment, Order, Student
from tuition.testing.api import OPERATOR_TOKEN

from .test_auth import assert_problem
from .test_query_counts import counting
from .test_staff import PASSWORD, accept, bearer, invitation, invite, member, sign_in

PRICE = {"amount": 4900, "currency": "EUR"}
OPERATOR = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}


def pay(api: Any, tenant: Any, order_id: str) -> None:
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )


def buy(api: Any, tenant: Any, student: Any, course: str) -> str:
    order_id = api.enroll(tenant, student, course, expect=202).get_json()["checkout"]["order_id"]
    pay(api, tenant, order_id)
    return str(order_id)


def test_the_report_over_time_buckets_days_and_weeks(api, runtime):
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(tenant, "free")
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    early, late, browser = (api.signup(tenant) for _ in range(3))
    api.enroll(tenant, browser, "free")
    paid_early = buy(api, tenant, early, "pro")
    buy(api, tenant, late, "pro")
    api.enroll(tenant, browser, "pro", expect=202)  # started, never paid
    api.call("POST", "/v1/courses/pro/views", headers=tenant.storefront, expect=202)
    now = utcnow()
    three_days_ago = now - timedelta(days=3)
    with runtime.session(tenant.id) as session:  # one buyer came three days ago
        session.execute(
            update(Order)
            .where(Order.id == paid_early)
            .values(created_at=three_days_ago, paid_at=three_days_ago)
        )
        session.execute(
            update(Student).where(Student.id == early.id).values(created_at=three_days_ago)
        )
        session.execute(
            update(Enrollment)
            .where(Enrollment.student_id == early.id)
            .values(created_at=three_days_ago, activated_at=three_days_ago)
        )
        session.commit()

    start, end = now - timedelta(days=6), now + timedelta(minutes=1)
    since, until = start.isoformat(), end.isoformat()
    body = api.call(
        "GET",
        "/v1/admin/reports/timeseries",
        headers=tenant.admin,
        query_string={"from": since, "to": until},
        expect=200,
    ).get_json()
    days = {row["start"]: row for row in body["buckets"]}
    assert body["interval"] == "day"
    assert len(days) == (end.date() - start.date()).days + 1  # every day, empty ones too
    today, before = days[now.date().isoformat()], days[three_days_ago.date().isoformat()]
    counted = ("signups", "views", "enroll_clicks", "checkouts_started", "paid_orders")
    assert {k: today[k] for k in (*counted, "enrollments")} == {
        "signups": 2,
        "views": 1,
        "enroll_clicks": 4,  # the funnel's steps: every attempt, the early buyer's too
        "checkouts_started": 2,
        "paid_orders": 1,
        "enrollments": 2,  # the free course and the late purchase
    }
    assert today["revenue"] == [{"currency": "EUR", "amount": 4900}]
    assert today["conversion"] == 0.5
    assert (before["signups"], before["paid_orders"], before["enrollments"]) == (1, 1, 1)
    assert before["revenue"] == [{"currency": "EUR", "amount": 4900}]
    assert before["conversion"] == 1.0
    quiet = [row for day, row in days.items() if row not in (today, before)]
    assert all(r["checkouts_started"] == 0 and r["conversion"] is None for r in quiet)
    assert body["attention"] == {
        "stuck_orders": 0,
        "unfinished_refunds": 0,
        "failed_payment_events": 0,
    }

    weeks = api.call(
        "GET",
        "/v1/admin/reports/timeseries",
        headers=tenant.admin,
        query_string={"from": since, "to": until, "interval": "week"},
        expect=200,
    ).get_json()["buckets"]
    assert all(date.fromisoformat(w["start"]).weekday() == 0 for w in weeks)
    assert sum(w["paid_orders"] for w in weeks) == 2
    assert sum(w["signups"] for w in weeks) == 3

    with runtime.session(tenant.id) as session:  # a checkout left open past its expiry
        session.execute(
            update(Order)
            .where(Order.status == "pending")
            .values(expires_at=now - timedelta(minutes=5))
        )
        session.commit()
    attention = api.call(
        "GET", "/v1/admin/reports/timeseries", headers=tenant.admin, expect=200
    ).get_json()["attention"]
    assert attention["stuck_orders"] == 1

    for bad in (
        {"interval": "hour"},
        {"from": until, "to": since},
        {"from": "2000-01-01"},  # too many days
        {"to": "0001-01-02T00:00:00Z"},  # no 30 days before
    ):
        response = api.call(
            "GET", "/v1/admin/reports/timeseries", headers=tenant.admin, query_string=bad
        )
        assert_problem(response, 422, "validation_error")


def test_the_admin_orders_list_names_each_buyer_in_one_query(api, runtime):
    tenant = api.create_tenant({"dummy_provider": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)

    def listed() -> tuple[list[dict[str, Any]], int]:
        with counting(runtime) as statements:
            body = api.call("GET", "/v1/admin/orders", headers=tenant.admin, expect=200).get_json()
        return body["items"], len(statements)

    buyer = api.signup(tenant)
    buy(api, tenant, buyer, "pro")
    items, few = listed()
    assert items[0]["student"] == {"id": buyer.id, "email": buyer.email, "name": None}
    assert items[0]["student_id"] == buyer.id
    for _ in range(3):
        buy(api, tenant, api.signup(tenant), "pro")
    items, many = listed()
    assert len(items) == 4 and len({i["student"]["id"] for i in items}) == 4
    assert many == few  # no query per order


def test_an_owner_resends_an_invitation_until_it_is_accepted(api, tenant, runtime):
    invited = invite(api, tenant, "manager").get_json()
    path = f"/v1/admin/staff/{invited['id']}/invitation"
    resent = api.call("POST", path, headers=tenant.admin, expect=202).get_json()
    assert resent["status"] == "invited"
    manager = member(api, runtime, tenant, "manager")
    assert_problem(api.call("POST", path, headers=manager["headers"]), 403, "insufficient_role")
    assert accept(api, tenant, invitation(runtime, tenant, invited["id"])).status_code == 200
    assert_problem(api.call("POST", path, headers=tenant.admin), 409, "invitation_accepted")
    assert_problem(
        api.call("POST", "/v1/admin/staff/stf_nope/invitation", headers=tenant.admin),
        404,
        "not_found",
    )
    audit = api.call(
        "GET",
        "/v1/admin/audit",
        headers=tenant.admin,
        query_string={"object_id": invited["id"]},
        expect=200,
    ).get_json()["items"]
    assert "invitation_resent" in {entry["action"] for entry in audit}


def test_a_member_changes_their_password_and_other_sessions_end(api, tenant, runtime):
    me = member(api, runtime, tenant, "support")
    other = sign_in(api, tenant, me["email"]).get_json()["token"]
    wrong = api.call(
        "POST",
        "/v1/staff/me/password",
        json={"current_password": "not it at all", "new_password": "a new passphrase"},
        headers=me["headers"],
    )
    assert_problem(wrong, 422, "invalid_password")
    short = api.call(
        "POST",
        "/v1/staff/me/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers=me["headers"],
    )
    assert_problem(short, 422, "validation_error")
    api.call(
        "POST",
        "/v1/staff/me/password",
        json={"current_password": PASSWORD, "new_password": "a new passphrase"},
        headers=me["headers"],
        expect=204,
    )
    api.call("GET", "/v1/staff/me", headers=me["headers"], expect=200)
    assert_problem(api.call("GET", "/v1/staff/me", headers=bearer(other)), 401, "invalid_token")
    assert sign_in(api, tenant, me["email"]).status_code == 401
    assert sign_in(api, tenant, me["email"], "a new passphrase").status_code == 200


def test_the_operator_lists_suspends_and_resumes_tenants(api, runtime):
    tenant = api.create_tenant(slug="suspend-me-site")
    api.create_course(tenant, "intro")
    owner = member(api, runtime, tenant, "owner")
    listed = api.call(
        "GET", "/v1/tenants", headers=OPERATOR, query_string={"q": "suspend-me"}, expect=200
    ).get_json()
    assert [t["slug"] for t in listed["items"]] == ["suspend-me-site"]
    assert listed["items"][0]["suspended_at"] is None
    assert listed["items"][0]["enabled_plugins"] == ["free_enrollment"]
    assert_problem(api.call("GET", "/v1/tenants", headers=tenant.admin), 401, "unauthorized")

    suspended = api.call(
        "POST", "/v1/tenants/suspend-me-site/suspend", headers=OPERATOR, expect=200
    ).get_json()
    assert suspended["suspended_at"] is not None
    again = api.call("POST", "/v1/tenants/suspend-me-site/suspend", headers=OPERATOR, expect=200)
    assert again.get_json()["suspended_at"] == suspended["suspended_at"]  # idempotent
    for headers, path in (
        (tenant.admin, "/v1/admin/courses"),
        (owner["headers"], "/v1/admin/courses"),
        (owner["headers"], "/v1/staff/me"),
        (tenant.storefront, "/v1/courses"),
    ):
        assert_problem(api.call("GET", path, headers=headers), 403, "tenant_suspended")
    only = api.call(
        "GET", "/v1/tenants", headers=OPERATOR, query_string={"suspended": "true"}, expect=200
    ).get_json()["items"]
    assert "suspend-me-site" in {t["slug"] for t in only}
    # the operator can still issue a key (for after the suspension)
    api.call("POST", "/v1/tenants/suspend-me-site/secret-keys", headers=OPERATOR, expect=201)

    api.call("POST", "/v1/tenants/suspend-me-site/resume", headers=OPERATOR, expect=200)
    api.call("GET", "/v1/courses", headers=tenant.storefront, expect=200)
    api.call("GET", "/v1/admin/courses", headers=owner["headers"], expect=200)
    assert_problem(api.call("POST", "/v1/tenants/nope/suspend", headers=OPERATOR), 404, "not_found")
