"""GET /v1/admin/reports/funnel: views, clicks, checkouts, paid, abandoned, recovered,
enrollments, conversion and the median time to enroll, per course, computed in SQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import update

from tuition.db import utcnow
from tuition.models import Order
from tuition.services.payment_events import reconcile

PRICE = {"amount": 4900, "currency": "EUR"}


def report(api: Any, tenant: Any, **query: str) -> dict[str, dict[str, Any]]:
    body = api.call(
        "GET", "/v1/admin/reports/funnel", headers=tenant.admin, query_string=query, expect=200
    ).get_json()
    return {row["course"]: row for row in body["courses"]}


def pay(api: Any, tenant: Any, order_id: str) -> None:
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )


def test_the_funnel_counts_each_step(api: Any, runtime: Any) -> None:
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(tenant, "mini")
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    buyer, leaver, browser = (api.signup(tenant) for _ in range(3))
    for student in (buyer, leaver, browser):
        api.call("POST", "/v1/courses/pro/views", headers=student.headers, expect=202)
    api.call("POST", "/v1/courses/pro/views", headers=tenant.storefront, expect=202)
    api.call("POST", "/v1/courses/nope/views", headers=tenant.storefront, expect=404)

    api.enroll(tenant, buyer, "mini")
    api.enroll(tenant, buyer, "mini", expect=409)  # a refused click still counts
    paid = api.enroll(tenant, buyer, "pro", expect=202).get_json()["checkout"]["order_id"]
    pay(api, tenant, paid)
    first = api.enroll(tenant, leaver, "pro", expect=202).get_json()["checkout"]["order_id"]
    with runtime.session(tenant.id) as session:  # the leaver's checkout runs out
        session.execute(
            update(Order)
            .where(Order.id == first)
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )
        session.commit()
    reconcile(runtime, utcnow() + timedelta(hours=1))
    again = api.enroll(tenant, leaver, "pro", expect=202).get_json()["checkout"]["order_id"]
    pay(api, tenant, again)  # … and comes back: recovered

    rows = report(api, tenant)
    pro, mini = rows["pro"], rows["mini"]
    assert {
        k: pro[k]
        for k in (
            "views",
            "enroll_clicks",
            "checkouts_started",
            "paid",
            "abandoned",
            "recovered",
            "enrollments",
        )
    } == {
        "views": 4,
        "enroll_clicks": 3,
        "checkouts_started": 3,
        "paid": 2,
        "abandoned": 1,
        "recovered": 1,
        "enrollments": 2,
    }
    assert pro["conversion"] == {
        "view_to_enrollment": 0.5,
        "click_to_enrollment": 0.6667,
        "checkout_to_paid": 0.6667,
        "abandoned_recovered": 1.0,
    }
    assert 0 <= pro["median_seconds_to_enroll"] < 600
    assert (mini["enroll_clicks"], mini["enrollments"], mini["views"]) == (2, 1, 0)
    assert mini["conversion"]["view_to_enrollment"] is None
    assert list(rows) == ["pro", "mini"]  # most enrollments first


def test_the_period_and_the_tenant_bound_the_report(api: Any) -> None:
    tenant, other = (api.create_tenant({"free_enrollment": {}}) for _ in range(2))
    api.create_course(tenant, "mini")
    api.create_course(other, "mini")
    api.enroll(other, api.signup(other), "mini")
    assert report(api, tenant)["mini"]["enrollments"] == 0
    api.enroll(tenant, api.signup(tenant), "mini")
    assert report(api, tenant)["mini"]["enrollments"] == 1
    past = (utcnow() - timedelta(days=10)).isoformat()
    before = (utcnow() - timedelta(days=5)).isoformat()
    assert report(api, tenant, **{"from": past, "to": before})["mini"]["enrollments"] == 0
    refused = api.call(
        "GET",
        "/v1/admin/reports/funnel",
        headers=tenant.admin,
        query_string={"from": before, "to": past},
    )
    assert refused.status_code == 422 and "from" in refused.get_json()["errors"]
