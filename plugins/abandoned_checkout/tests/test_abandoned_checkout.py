"""One reminder per checkout left unpaid; nothing for paid or repurchased orders, nothing
when the plugin is off; recovered orders counted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tuition.plugin_api import Host, utcnow
from tuition.testing.chores import reconcile, sweep
from tuition.testing.payments import expire_checkouts
from tuition.testing.recorders import Recorder

PRICE = {"amount": 4900, "currency": "EUR"}
LATER = timedelta(minutes=61)


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


def shop(api: Any, *plugins: str, **settings: Any) -> Any:
    tenant = api.create_tenant(
        {"dummy_provider": {}, "recorder": {}, **{p: {"settings": settings} for p in plugins}}
    )
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    return tenant


def start(api: Any, tenant: Any, student: Any = None) -> tuple[Any, str]:
    student = student or api.signup(tenant)
    body = api.enroll(tenant, student, "pro", expect=202).get_json()
    return student, body["checkout"]["order_id"]


def pay(api: Any, tenant: Any, order_id: str) -> None:
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )


def reminded(recorder: Recorder) -> list[str]:
    return [e["order_id"] for e in recorder.events("checkout.abandoned")]


def test_one_reminder_after_the_delay_with_the_way_back(
    api: Any, runtime: Host, recorder: Recorder
) -> None:
    tenant = shop(api, "abandoned_checkout")
    student, order_id = start(api, tenant)
    assert sweep(runtime)["abandoned_checkout"] == {"reminders": 0}  # too early
    assert sweep(runtime, utcnow() + LATER)["abandoned_checkout"] == {"reminders": 1}
    assert sweep(runtime, utcnow() + LATER)["abandoned_checkout"] == {"reminders": 0}
    [event] = recorder.events("checkout.abandoned")
    assert (event["order_id"], event["student_id"], event["course"], event["amount"]) == (
        order_id,
        student.id,
        "pro",
        4900,
    )
    assert event["checkout_url"] == f"/v1/dummy/checkout/{tenant.slug}/{order_id}"


def test_paid_and_repurchased_orders_get_nothing(
    api: Any, runtime: Host, recorder: Recorder
) -> None:
    tenant = shop(api, "abandoned_checkout", checkout_url="https://shop.test/c/{course}")
    _, paid = start(api, tenant)
    pay(api, tenant, paid)
    buyer, expired = start(api, tenant)
    _, waiting = start(api, tenant)
    expire_checkouts(runtime, tenant_id=tenant.id)  # their checkouts ran out
    reconcile(runtime, utcnow() + timedelta(hours=1))  # so they expire
    _, again = start(api, tenant, buyer)  # the student came back and bought again
    pay(api, tenant, again)
    sweep(runtime, utcnow() + LATER)
    assert reminded(recorder) == [waiting]  # expired, never repurchased
    assert recorder.events("checkout.abandoned")[0]["checkout_url"] == ("https://shop.test/c/pro")
    assert expired not in reminded(recorder)


def test_recovered_orders_are_counted(api: Any, runtime: Host) -> None:
    tenant = shop(api, "abandoned_checkout")
    _, order_id = start(api, tenant)
    start(api, tenant)
    sweep(runtime, utcnow() + LATER)
    pay(api, tenant, order_id)
    report = api.call(
        "GET", "/v1/admin/abandoned-checkouts", headers=tenant.admin, expect=200
    ).get_json()
    assert report["summary"] == {
        "reminded": 2,
        "recovered": 1,
        "recovery_rate": 0.5,
        "recovered_amount": 4900,
    }
    recovered = [r for r in report["items"] if r["recovered_at"]]
    assert [r["recovered_order_id"] for r in recovered] == [order_id]


def test_turned_off_it_stays_silent(api: Any, runtime: Host, recorder: Recorder) -> None:
    tenant = shop(api)
    start(api, tenant)
    assert "abandoned_checkout" in sweep(runtime, utcnow() + LATER)
    assert reminded(recorder) == []
    api.call("GET", "/v1/admin/abandoned-checkouts", headers=tenant.admin, expect=404)


def test_delay_is_a_tenant_setting(api: Any, runtime: Host, recorder: Recorder) -> None:
    tenant = shop(api, "abandoned_checkout", after_minutes=5)
    _, order_id = start(api, tenant)
    sweep(runtime, utcnow() + timedelta(minutes=6))
    assert reminded(recorder) == [order_id]
    refused = api.call(
        "PUT",
        "/v1/admin/plugins/abandoned_checkout",
        headers=tenant.admin,
        json={"enabled": True, "settings": {"after_minutes": 0}},
    )
    assert refused.status_code == 422


def test_a_reminded_checkout_counts_as_abandoned_in_the_funnel(
    api: Any, runtime: Host, recorder: Recorder
) -> None:
    tenant = shop(api, "abandoned_checkout")
    _, reminded_order = start(api, tenant)
    sweep(runtime, utcnow() + LATER)
    _, fresh_order = start(api, tenant)  # pending: neither reminded nor expired
    assert reminded(recorder) == [reminded_order]

    def funnel() -> dict[str, Any]:
        body = api.call(
            "GET", "/v1/admin/reports/funnel", headers=tenant.admin, expect=200
        ).get_json()
        [row] = [r for r in body["courses"] if r["course"] == "pro"]
        return {k: row[k] for k in ("checkouts_started", "paid", "abandoned", "recovered")}

    with runtime.session(tenant.id) as session:
        orders = [runtime.services.order(session, i) for i in (reminded_order, fresh_order)]
        assert [o.status if o else None for o in orders] == ["pending", "pending"]
    assert funnel() == {"checkouts_started": 2, "paid": 0, "abandoned": 1, "recovered": 0}
    pay(api, tenant, reminded_order)  # the reminder worked: abandoned, then recovered
    assert funnel() == {"checkouts_started": 2, "paid": 1, "abandoned": 1, "recovered": 1}
