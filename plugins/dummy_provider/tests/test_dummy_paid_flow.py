"""Paid enrollment end to end with the dummy provider: checkout, webhooks, races, refunds."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from tuition.plugin_api import utcnow
from tuition.testing.api import OPERATOR_TOKEN
from tuition.testing.chores import reconcile
from tuition.testing.payments import expire_checkouts
from tuition_dummy_provider.models import DummyPayment
from tuition_dummy_provider.provider import sign

PRICE = {"amount": 4900, "currency": "EUR"}


def make_site(api, capacity=5, **dummy):
    tenant = api.create_tenant(
        {"free_enrollment": {}, "recorder": {}, "dummy_provider": {"settings": dummy}}
    )
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE, capacity=capacity)
    return tenant


def start(api, tenant, student=None):
    student = student or api.signup(tenant)
    body = api.enroll(tenant, student, "pro", expect=202).get_json()
    return student, body


def pay(api, tenant, order_id, outcome="pay"):
    return api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{order_id}",
        json={"outcome": outcome},
        expect=200,
    ).get_json()


def order(api, tenant, order_id):
    return api.call(
        "GET", f"/v1/admin/orders/{order_id}", headers=tenant.admin, expect=200
    ).get_json()


def seats_left(api, tenant):
    return api.call("GET", "/v1/courses/pro", headers=tenant.storefront).get_json()["seats_left"]


def test_pay_then_enrolled(api, recorder):
    tenant = make_site(api)
    student, body = start(api, tenant)
    checkout = body["checkout"]
    assert body["status"] == "pending"
    assert checkout["provider"] == "dummy" and checkout["amount"] == 4900
    assert checkout["currency"] == "EUR" and checkout["pay_url"].endswith(checkout["order_id"])
    detail = api.call("GET", "/v1/courses/pro", headers=student.headers).get_json()
    assert (detail["enroll_state"], detail["seats_left"]) == ("pending_payment", 4)
    mine = api.call(
        "GET", f"/v1/orders/{checkout['order_id']}", headers=student.headers, expect=200
    ).get_json()
    assert mine["status"] == "pending" and mine["checkout"]["pay_url"]
    page = api.call("GET", checkout["pay_url"], expect=200)
    assert "Pay 49.00 EUR" in page.get_data(as_text=True)

    assert pay(api, tenant, checkout["order_id"]) == {
        "order_id": checkout["order_id"],
        "status": "paid",
        "webhooks_sent": 1,
    }
    paid = order(api, tenant, checkout["order_id"])
    assert paid["status"] == "paid" and paid["enrollment_status"] == "active"
    assert [(t["from_status"], t["to_status"]) for t in paid["transitions"]] == [
        (None, "checkout_pending"),
        ("checkout_pending", "pending"),
        ("pending", "paid"),
    ]
    assert paid["transitions"][1]["cause"] == "checkout"
    assert paid["transitions"][2]["cause"].startswith("webhook:dummy:")
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert [(o["course"]["slug"], o["course"]["enroll_state"]) for o in board["owned"]] == [
        ("pro", "enrolled")
    ]
    assert recorder.called("after_enrollment") == [("pro", "active")]
    assert seats_left(api, tenant) == 4


def test_decline_releases_the_hold(api, recorder):
    tenant = make_site(api, capacity=1)
    student, body = start(api, tenant)
    assert seats_left(api, tenant) == 0
    pay(api, tenant, body["checkout"]["order_id"], "decline")
    failed = order(api, tenant, body["checkout"]["order_id"])
    assert (failed["status"], failed["enrollment_status"]) == ("failed", "canceled")
    assert seats_left(api, tenant) == 1
    assert recorder.called("after_enrollment") == []
    _, again = start(api, tenant, student)  # the student may try again
    assert again["checkout"]["order_id"] != body["checkout"]["order_id"]


def test_duplicate_and_out_of_order_webhooks_fulfil_once(api, recorder):
    tenant = make_site(api, duplicate_webhooks=3, out_of_order=True)
    _, body = start(api, tenant)
    assert pay(api, tenant, body["checkout"]["order_id"])["webhooks_sent"] == 8
    assert order(api, tenant, body["checkout"]["order_id"])["status"] == "paid"
    assert recorder.called("after_enrollment") == [("pro", "active")]
    events = api.call("GET", "/v1/admin/payment-events", headers=tenant.admin).get_json()
    assert sorted(e["kind"] for e in events["items"]) == ["payment.pending", "payment.succeeded"]
    assert {e["status"] for e in events["items"]} == {"processed"}
    # A replay by an admin changes nothing either.
    succeeded = next(e for e in events["items"] if e["kind"] == "payment.succeeded")
    api.call(
        "POST",
        f"/v1/admin/payment-events/{succeeded['id']}/replay",
        headers=tenant.admin,
        expect=202,
    )
    assert recorder.called("after_enrollment") == [("pro", "active")]


def test_return_path_and_reconcile_when_the_webhook_never_comes(api, runtime, recorder):
    tenant = make_site(api, withhold_webhooks=True)
    student, first = start(api, tenant)
    _, second = start(api, tenant)
    for body in (first, second):
        pay(api, tenant, body["checkout"]["order_id"])
        assert order(api, tenant, body["checkout"]["order_id"])["status"] == "pending"

    refreshed = api.call(
        "POST",
        f"/v1/orders/{first['checkout']['order_id']}/refresh",
        headers=student.headers,
        expect=200,
    ).get_json()
    assert refreshed["status"] == "paid" and refreshed["enrollment_status"] == "active"

    counts = reconcile(runtime, utcnow() + timedelta(seconds=1))
    assert counts == {"fulfilled": 1}
    assert order(api, tenant, second["checkout"]["order_id"])["status"] == "paid"
    assert len(recorder.called("after_enrollment")) == 2


def test_unpaid_orders_expire_and_release_their_hold(api, runtime):
    tenant = make_site(api, capacity=1)
    _, body = start(api, tenant)
    expire_checkouts(runtime)
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"expired": 1}
    expired = order(api, tenant, body["checkout"]["order_id"])
    assert (expired["status"], expired["enrollment_status"]) == ("expired", "expired")
    assert seats_left(api, tenant) == 1


def test_late_payment_for_a_seat_that_is_gone_is_refunded(api, runtime, recorder):
    tenant = make_site(api, capacity=1)
    _, late = start(api, tenant)
    expire_checkouts(runtime)
    reconcile(runtime, utcnow() + timedelta(seconds=1))
    _, winner = start(api, tenant)  # the freed seat is sold to someone else
    pay(api, tenant, winner["checkout"]["order_id"])

    pay(api, tenant, late["checkout"]["order_id"])  # money arrives for the expired hold
    refunded = order(api, tenant, late["checkout"]["order_id"])
    assert refunded["status"] == "refunded" and refunded["refunded_amount"] == 4900
    assert refunded["enrollment_status"] == "expired"
    assert [t["to_status"] for t in refunded["transitions"]] == [
        "checkout_pending",
        "pending",
        "expired",
        "paid",
        "refunded",
    ]
    assert seats_left(api, tenant) == 0
    assert recorder.called("after_enrollment") == [("pro", "active")]  # the winner only


def test_late_payment_with_a_seat_left_is_fulfilled(api, runtime):
    tenant = make_site(api, capacity=2)
    _, late = start(api, tenant)
    expire_checkouts(runtime)
    reconcile(runtime, utcnow() + timedelta(seconds=1))
    pay(api, tenant, late["checkout"]["order_id"])
    revived = order(api, tenant, late["checkout"]["order_id"])
    assert (revived["status"], revived["enrollment_status"]) == ("paid", "active")
    assert seats_left(api, tenant) == 1


def expire_all(runtime, ago=timedelta(minutes=1)):
    expire_checkouts(runtime, ago=ago)
    assert set(reconcile(runtime, utcnow() + timedelta(seconds=1))) <= {"expired"}


def test_reconcile_finds_late_money_whose_webhook_never_came(api, runtime):
    tenant = make_site(api, capacity=1, withhold_webhooks=True)
    _, late = start(api, tenant)
    expire_all(runtime)
    winner, body = start(api, tenant)  # the freed seat is sold to someone else
    pay(api, tenant, body["checkout"]["order_id"])
    api.call(
        "POST",
        f"/v1/orders/{body['checkout']['order_id']}/refresh",
        headers=winner.headers,
        expect=200,
    )

    pay(api, tenant, late["checkout"]["order_id"])  # paid at the last second, no webhook
    assert order(api, tenant, late["checkout"]["order_id"])["status"] == "expired"
    assert reconcile(runtime, utcnow()) == {"late_paid_without_seat": 1}
    refunded = order(api, tenant, late["checkout"]["order_id"])
    assert (refunded["status"], refunded["refunded_amount"]) == ("refunded", 4900)
    assert [t["to_status"] for t in refunded["transitions"]] == [
        "checkout_pending",
        "pending",
        "expired",
        "paid",
        "refunded",
    ]
    assert refunded["transitions"][3]["cause"] == "reconcile"
    assert reconcile(runtime, utcnow()) == {}  # asked once more: nothing left to do
    assert seats_left(api, tenant) == 0


def test_late_reconcile_revives_a_hold_within_its_window_only(api, runtime):
    tenant = make_site(api, capacity=3, withhold_webhooks=True)
    _, recent = start(api, tenant)
    _, unpaid = start(api, tenant)
    expire_all(runtime)
    _, old = start(api, tenant)
    expire_all(runtime, ago=timedelta(hours=3))
    for body in (recent, old):
        pay(api, tenant, body["checkout"]["order_id"])

    assert reconcile(runtime, utcnow()) == {"late_fulfilled": 1}
    revived = order(api, tenant, recent["checkout"]["order_id"])
    assert (revived["status"], revived["enrollment_status"]) == ("paid", "active")
    assert order(api, tenant, unpaid["checkout"]["order_id"])["status"] == "expired"
    assert order(api, tenant, old["checkout"]["order_id"])["status"] == "expired"
    assert reconcile(runtime, utcnow(), late_window=timedelta(hours=4)) == {"late_fulfilled": 1}
    assert order(api, tenant, old["checkout"]["order_id"])["status"] == "paid"
    assert seats_left(api, tenant) == 1


def test_refunds_full_partial_and_failing(api):
    tenant = make_site(api)
    _, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    pay(api, tenant, order_id)
    url = f"/v1/admin/orders/{order_id}/refund"
    part = api.call("POST", url, json={"amount": 900}, headers=tenant.admin, expect=200).get_json()
    assert part["outcome"] == "partially_refunded"
    assert (part["order"]["refunded_amount"], part["order"]["enrollment_status"]) == (900, "active")
    too_much = api.call("POST", url, json={"amount": 5000}, headers=tenant.admin, expect=422)
    assert too_much.get_json()["code"] == "invalid_refund_amount"
    rest = api.call("POST", url, json={}, headers=tenant.admin, expect=200).get_json()
    assert rest["outcome"] == "refunded"
    assert (rest["order"]["refunded_amount"], rest["order"]["enrollment_status"]) == (
        4900,
        "refunded",
    )
    assert seats_left(api, tenant) == 5
    again = api.call("POST", url, json={}, headers=tenant.admin, expect=409)
    assert again.get_json()["code"] == "order_not_refundable"


def test_failing_refund_changes_nothing(api):
    tenant = make_site(api, fail_refunds=True)
    _, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    pay(api, tenant, order_id)
    problem = api.call(
        "POST", f"/v1/admin/orders/{order_id}/refund", json={}, headers=tenant.admin, expect=502
    ).get_json()
    assert problem["code"] == "payment_provider_error"
    assert order(api, tenant, order_id)["status"] == "paid"


@pytest.mark.parametrize(
    "tamper",
    ["bad_signature", "stale", "other_secret", "altered", "no_header", "garbage", "non_ascii"],
)
def test_forged_webhooks_are_refused_and_store_nothing(api, tamper):
    tenant = make_site(api)
    _, body = start(api, tenant)
    event = {
        "id": "dev_forged",
        "type": "payment.succeeded",
        "tenant_id": None,
        "order_id": body["checkout"]["order_id"],
        "amount": 4900,
        "currency": "EUR",
    }
    raw = json.dumps(event).encode()
    header = {
        "bad_signature": "t=1,v1=deadbeef",
        "stale": sign("dummy-webhook-secret", raw, timestamp=int(utcnow().timestamp()) - 900),
        "other_secret": sign("another-tenants-secret", raw),
        "altered": sign("dummy-webhook-secret", raw.replace(b"4900", b"1")),
        "no_header": None,
        "garbage": sign("dummy-webhook-secret", b"not json"),
        "non_ascii": f"t={int(utcnow().timestamp())},v1=\u00e9",
    }[tamper]
    data = b"not json" if tamper == "garbage" else raw
    headers = {"Content-Type": "application/json"}
    if header:
        headers["Dummy-Signature"] = header
    problem = api.call(
        "POST", f"/v1/webhooks/dummy/{tenant.slug}", data=data, headers=headers, expect=400
    ).get_json()
    assert problem["code"] == "invalid_webhook"
    events = api.call("GET", "/v1/admin/payment-events", headers=tenant.admin).get_json()
    assert events["total"] == 0
    assert order(api, tenant, body["checkout"]["order_id"])["status"] == "pending"


def test_webhooks_naming_another_tenant_are_ignored(api):
    tenant = make_site(api)
    other = make_site(api)
    _, body = start(api, tenant)
    event = {
        "id": "dev_x",
        "type": "payment.succeeded",
        "tenant_id": other.id,
        "order_id": body["checkout"]["order_id"],
        "amount": 4900,
        "currency": "EUR",
    }
    raw = json.dumps(event).encode()
    ack = api.call(
        "POST",
        f"/v1/webhooks/dummy/{tenant.slug}",
        data=raw,
        expect=200,
        headers={
            "Dummy-Signature": sign("dummy-webhook-secret", raw),
            "Content-Type": "application/json",
        },
    ).get_json()
    assert ack == {"received": 0, "duplicates": 0, "ignored": 1}
    assert order(api, tenant, body["checkout"]["order_id"])["status"] == "pending"


def test_without_the_plugin_there_is_no_webhook_and_nothing_to_buy(api):
    tenant = api.create_tenant({"free_enrollment": {}})
    api.call("POST", f"/v1/webhooks/dummy/{tenant.slug}", data=b"{}", expect=404)
    problem = api.call(
        "POST",
        "/v1/admin/courses",
        headers=tenant.admin,
        expect=409,
        json={
            "slug": "pro",
            "title": "Pro",
            "pricing_model": "one_time",
            "price": PRICE,
            "status": "published",
        },
    ).get_json()
    assert problem["code"] == "plugin_plan_rejected"  # nobody could buy it here
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE, status="draft")
    api.publish_unchecked(tenant, "pro")
    student = api.signup(tenant)
    detail = api.call("GET", "/v1/courses/pro", headers=student.headers).get_json()
    assert detail["enroll_state"] == "not_available"
    assert api.enroll(tenant, student, "pro", expect=409).get_json()["code"] == "not_available"
    api.call("GET", f"/v1/dummy/checkout/{tenant.slug}/ord_x", expect=404)


def deliver(api, tenant, event: dict, secret="dummy-webhook-secret", expect=200):
    raw = json.dumps(event).encode()
    return api.call(
        "POST",
        f"/v1/webhooks/dummy/{tenant.slug}",
        data=raw,
        expect=expect,
        headers={"Dummy-Signature": sign(secret, raw), "Content-Type": "application/json"},
    ).get_json()


def test_events_out_of_order_converge(api, recorder):
    tenant = make_site(api, withhold_webhooks=True)
    _, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    base = {
        "tenant_id": tenant.id,
        "order_id": order_id,
        "amount": 4900,
        "currency": "EUR",
        "payment_id": f"dpay_{order_id}",
    }
    deliver(api, tenant, {**base, "id": "e1", "type": "payment.succeeded"})
    deliver(api, tenant, {**base, "id": "e0", "type": "payment.pending"})  # older, late
    deliver(api, tenant, {**base, "id": "e2", "type": "checkout.expired"})  # after completion
    deliver(api, tenant, {**base, "id": "e3", "type": "payment.failed"})
    final = order(api, tenant, order_id)
    assert (final["status"], final["enrollment_status"]) == ("paid", "active")
    assert recorder.called("after_enrollment") == [("pro", "active")]
    assert seats_left(api, tenant) == 4


def ledger(runtime, tenant, order_id):
    with runtime.session(tenant.id) as session:
        payment = session.scalar(select(DummyPayment).where(DummyPayment.order_id == order_id))
        return payment.amount, payment.refunded_amount


def set_offset(api, tenant, offset):
    api.call(
        "PUT",
        "/v1/admin/plugins/dummy_provider",
        headers=tenant.admin,
        expect=200,
        json={"enabled": True, "settings": {"amount_offset": offset}},
    )


@pytest.mark.parametrize("offset", [-900, 1100], ids=["underpaid", "overpaid"])
def test_wrong_amount_is_refunded_and_frees_the_seat(api, runtime, recorder, offset):
    """A payment that differs from its order: all that arrived goes back, the order ends
    refunded, the hold is released (the last seat sells again) and the student is told;
    duplicates and a replay change nothing."""
    tenant = make_site(api, capacity=1, amount_offset=offset, duplicate_webhooks=2)
    _, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    arrived = 4900 + offset
    assert pay(api, tenant, order_id)["webhooks_sent"] == 3

    ended = order(api, tenant, order_id)
    assert (ended["status"], ended["enrollment_status"]) == ("refunded", "canceled")
    assert (
        ended["amount"],
        ended["paid_amount"],
        ended["paid_currency"],
        ended["refunded_amount"],
    ) == (4900, arrived, "EUR", arrived)
    assert [(t["to_status"], t["cause"].split(":")[0]) for t in ended["transitions"]] == [
        ("checkout_pending", "enrollment"),
        ("pending", "checkout"),
        ("paid", "webhook"),
        ("refunded", "auto"),
    ]
    assert ended["transitions"][3]["cause"] == "auto:amount_mismatch"
    assert ledger(runtime, tenant, order_id) == (arrived, arrived)
    told = recorder.events("order.refund_scheduled")
    assert [(d["order_id"], d["reason"], d["refund_amount"], d["full"]) for d in told] == [
        (order_id, "amount_mismatch", arrived, True)
    ]
    assert recorder.events("order.paid") == []  # no receipt for money that goes back
    assert [d["refunded_amount"] for d in recorder.events("order.refunded")] == [arrived]
    assert recorder.activated == []
    outcomes = [
        e["outcome"]
        for e in api.call("GET", "/v1/admin/payment-events", headers=tenant.admin).get_json()[
            "items"
        ]
    ]
    assert outcomes == ["amount_mismatch"]  # the duplicates were not even stored

    event_id = api.call("GET", "/v1/admin/payment-events", headers=tenant.admin).get_json()[
        "items"
    ][0]["id"]
    api.call(
        "POST", f"/v1/admin/payment-events/{event_id}/replay", headers=tenant.admin, expect=202
    )
    replayed = api.call("GET", "/v1/admin/payment-events", headers=tenant.admin).get_json()[
        "items"
    ][0]
    assert (replayed["status"], replayed["outcome"]) == ("processed", "already_settled")
    assert order(api, tenant, order_id) == ended
    assert ledger(runtime, tenant, order_id) == (arrived, arrived)
    assert len(recorder.events("order.refund_scheduled")) == 1

    assert seats_left(api, tenant) == 1
    set_offset(api, tenant, 0)
    _, other = start(api, tenant)  # the last seat sells again
    pay(api, tenant, other["checkout"]["order_id"])
    taken = order(api, tenant, other["checkout"]["order_id"])
    assert (taken["status"], taken["enrollment_status"]) == ("paid", "active")
    assert taken["paid_amount"] == 4900 and seats_left(api, tenant) == 0


def test_reconcile_refunds_a_wrong_amount_whose_webhook_never_came(api, runtime, recorder):
    tenant = make_site(api, capacity=1, amount_offset=100, withhold_webhooks=True)
    _, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    pay(api, tenant, order_id)
    assert order(api, tenant, order_id)["status"] == "pending"

    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"amount_mismatch": 1}
    ended = order(api, tenant, order_id)
    assert (ended["status"], ended["enrollment_status"], ended["refunded_amount"]) == (
        "refunded",
        "canceled",
        5000,
    )
    assert [t["cause"] for t in ended["transitions"][2:]] == ["reconcile", "auto:amount_mismatch"]
    assert ledger(runtime, tenant, order_id) == (5000, 5000)
    assert seats_left(api, tenant) == 1
    assert [d["reason"] for d in recorder.events("order.refund_scheduled")] == ["amount_mismatch"]

    # Asked again, and the webhook arrives after all: nothing changes.
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {}
    api.call("POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}/webhooks", expect=200)
    assert order(api, tenant, order_id) == ended
    assert ledger(runtime, tenant, order_id) == (5000, 5000)
    assert len(recorder.events("order.refund_scheduled")) == 1


def test_wrong_amount_for_an_expired_hold_is_refunded_too(api, runtime, recorder):
    tenant = make_site(api, capacity=1, amount_offset=-100, withhold_webhooks=True)
    _, late = start(api, tenant)
    expire_all(runtime)
    pay(api, tenant, late["checkout"]["order_id"])  # paid, wrongly, at the last second
    assert reconcile(runtime, utcnow()) == {"late_amount_mismatch": 1}
    ended = order(api, tenant, late["checkout"]["order_id"])
    assert (ended["status"], ended["enrollment_status"], ended["refunded_amount"]) == (
        "refunded",
        "expired",
        4800,
    )
    assert seats_left(api, tenant) == 1  # released once, at expiry


def test_wrong_amount_webhooks_racing_refund_once(app, api, runtime, recorder):
    """Two different provider events report the same wrong payment at once: one wins the
    transition, one refund is made."""
    from concurrent.futures import ThreadPoolExecutor

    tenant = make_site(api, capacity=1, withhold_webhooks=True, amount_offset=500)
    _, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    pay(api, tenant, order_id)
    barrier = threading.Barrier(4)

    def post(index: int) -> int:
        raw = json.dumps(
            {
                "id": f"race{index}",
                "type": "payment.succeeded",
                "tenant_id": tenant.id,
                "order_id": order_id,
                "amount": 5400,
                "currency": "EUR",
                "payment_id": f"dpay_{order_id}",
            }
        ).encode()
        client = app.test_client()
        barrier.wait()
        return client.post(
            f"/v1/webhooks/dummy/{tenant.slug}",
            data=raw,
            headers={
                "Dummy-Signature": sign("dummy-webhook-secret", raw),
                "Content-Type": "application/json",
            },
        ).status_code

    with ThreadPoolExecutor(4) as pool:
        assert set(pool.map(post, range(4))) == {200}
    ended = order(api, tenant, order_id)
    assert (ended["status"], ended["refunded_amount"]) == ("refunded", 5400)
    assert [t["to_status"] for t in ended["transitions"]] == [
        "checkout_pending",
        "pending",
        "paid",
        "refunded",
    ]
    assert ledger(runtime, tenant, order_id) == (5400, 5400)
    outcomes = sorted(
        e["outcome"]
        for e in api.call("GET", "/v1/admin/payment-events", headers=tenant.admin).get_json()[
            "items"
        ]
    )
    assert outcomes == ["already_settled"] * 3 + ["amount_mismatch"]
    assert len(recorder.events("order.refund_scheduled")) == 1
    assert seats_left(api, tenant) == 1


def test_nothing_paid_at_all_fails_the_order(api):
    tenant = make_site(api, capacity=1, withhold_webhooks=True)
    _, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    deliver(
        api,
        tenant,
        {
            "id": "free",
            "type": "payment.succeeded",
            "tenant_id": tenant.id,
            "order_id": order_id,
            "amount": 0,
            "currency": "EUR",
        },
    )
    ended = order(api, tenant, order_id)
    assert (ended["status"], ended["enrollment_status"], ended["refunded_amount"]) == (
        "failed",
        "canceled",
        0,
    )
    assert seats_left(api, tenant) == 1


def test_concurrent_duplicate_deliveries_store_one_event(app, api, recorder):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    tenant = make_site(api, withhold_webhooks=True)
    _, body = start(api, tenant)
    event = {
        "id": "same",
        "type": "payment.succeeded",
        "tenant_id": tenant.id,
        "order_id": body["checkout"]["order_id"],
        "amount": 4900,
        "currency": "EUR",
    }
    raw = json.dumps(event).encode()
    barrier = threading.Barrier(20)

    def post(_: int) -> int:
        client = app.test_client()
        barrier.wait()
        return client.post(
            f"/v1/webhooks/dummy/{tenant.slug}",
            data=raw,
            headers={
                "Dummy-Signature": sign("dummy-webhook-secret", raw),
                "Content-Type": "application/json",
            },
        ).status_code

    with ThreadPoolExecutor(20) as pool:
        assert set(pool.map(post, range(20))) == {200}
    events = api.call("GET", "/v1/admin/payment-events", headers=tenant.admin).get_json()
    assert events["total"] == 1
    assert order(api, tenant, body["checkout"]["order_id"])["status"] == "paid"
    assert recorder.called("after_enrollment") == [("pro", "active")]


def test_provider_failure_releases_the_hold(api, runtime):
    tenant = make_site(api, fail_checkout=True)
    # create_checkout fails after the order, hold and enrollment were committed.
    api.create_course(
        tenant,
        "swiss",
        pricing_model="one_time",
        capacity=3,
        price={"amount": 9900, "currency": "EUR"},
    )
    student = api.signup(tenant)
    refused = api.enroll(tenant, student, "swiss", expect=503)
    assert refused.get_json()["code"] == "payment_provider_unavailable"
    assert refused.headers["Retry-After"] == "5"
    failed = api.call("GET", "/v1/admin/orders", headers=tenant.admin).get_json()["items"]
    assert [o["status"] for o in failed] == ["failed"]
    enrollments = api.call(
        "GET", "/v1/admin/enrollments?course=swiss", headers=tenant.admin
    ).get_json()["items"]
    assert [e["status"] for e in enrollments] == ["canceled"]
    course = api.call("GET", "/v1/admin/courses/swiss", headers=tenant.admin).get_json()
    assert course["seats_taken"] == 0
    api.call(
        "PUT",
        "/v1/admin/plugins/dummy_provider",
        json={"enabled": True, "settings": {}},
        headers=tenant.admin,
        expect=200,
    )  # the provider is back: try again
    checkout = api.enroll(tenant, student, "swiss", expect=202).get_json()["checkout"]
    assert order(api, tenant, checkout["order_id"])["status"] == "pending"
    course = api.call("GET", "/v1/admin/courses/swiss", headers=tenant.admin).get_json()
    assert course["seats_taken"] == 1


def test_pending_enrollment_points_to_its_order(api):
    tenant = make_site(api)
    student, body = start(api, tenant)
    problem = api.enroll(tenant, student, "pro", expect=409).get_json()
    assert problem["code"] == "already_enrolled"
    assert problem["enrollment_status"] == "pending"
    assert problem["order_id"] == body["checkout"]["order_id"]


def test_pending_enrollments_list_their_open_order(api):
    """The student's lists and the admin's show the order a pending enrollment waits on (to
    resume paying), and null once it is paid or for a free enrollment."""
    tenant = make_site(api)
    api.create_course(tenant, "intro")
    student, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    assert body["order_id"] == order_id
    api.enroll(tenant, student, "intro", expect=201)

    def shown() -> dict[str, dict]:
        mine = api.call(
            "GET", "/v1/me/enrollments", headers=student.headers, expect=200
        ).get_json()["items"]
        board = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()[
            "owned"
        ]
        admin = api.call(
            "GET", "/v1/admin/enrollments", headers=tenant.admin, expect=200
        ).get_json()["items"]
        by_course = {e["course"]: e["order_id"] for e in mine}
        assert {o["course"]["slug"]: o["enrollment"]["order_id"] for o in board} == by_course
        assert {e["course"]: e["order_id"] for e in admin} == by_course
        return by_course

    assert shown() == {"pro": order_id, "intro": None}
    resumed = api.call(
        "GET", f"/v1/orders/{order_id}", headers=student.headers, expect=200
    ).get_json()
    assert resumed["status"] == "pending" and resumed["checkout"]["pay_url"]
    pay(api, tenant, order_id)
    assert shown() == {"pro": None, "intro": None}


def test_currencies_the_tenant_does_not_sell_in_are_not_available(api):
    tenant = make_site(api)  # the provider supports CHF; this tenant sells EUR/USD/GBP
    api.create_course(
        tenant,
        "swiss",
        pricing_model="one_time",
        status="draft",
        price={"amount": 9900, "currency": "CHF"},
    )
    api.publish_unchecked(tenant, "swiss")  # the admin API refuses to publish it
    student = api.signup(tenant)
    detail = api.call("GET", "/v1/courses/swiss", headers=student.headers).get_json()
    assert detail["enroll_state"] == "not_available"
    assert api.enroll(tenant, student, "swiss", expect=409).get_json()["code"] == ("not_available")


def test_delayed_webhook_after_the_return_path(api, recorder):
    tenant = make_site(api, withhold_webhooks=True)
    student, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    late_url = f"/v1/dummy/checkout/{tenant.slug}/{order_id}/webhooks"
    api.call("POST", late_url, json={}, expect=404)  # nothing paid yet
    pay(api, tenant, order_id)
    api.call("POST", f"/v1/orders/{order_id}/refresh", headers=student.headers, expect=200)
    late = api.call("POST", late_url, json={}, expect=200).get_json()
    assert late == {"order_id": order_id, "status": "paid", "webhooks_sent": 1}
    final = order(api, tenant, order_id)
    assert [t["cause"].split(":")[0] for t in final["transitions"]] == [
        "enrollment",
        "checkout",
        "return",
    ]
    assert recorder.called("after_enrollment") == [("pro", "active")]


@pytest.mark.parametrize("outcome,status", [("pay", "paid"), ("decline", "failed")])
def test_the_hosted_page_sends_the_buyer_back_to_the_return_url(api, outcome, status):
    tenant = make_site(api, return_url="https://shop.example/return?order={ORDER_ID}")
    _student, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    answer = api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{order_id}",
        data={"outcome": outcome},
        expect=303,
    )
    assert answer.headers["Location"] == f"https://shop.example/return?order={order_id}"
    assert order(api, tenant, order_id)["status"] == status


def test_without_a_return_url_the_page_shows_the_result(api):
    tenant = make_site(api)
    _student, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    page = api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", data={"outcome": "pay"}, expect=200
    )
    assert '<span id="status">paid</span>' in page.get_data(as_text=True)


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "//evil.example/x", "shop/return"])
def test_a_return_url_must_be_http_or_a_path(api, bad):
    problem = api.call(
        "POST",
        "/v1/tenants",
        headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"},
        json={
            "slug": "badreturn",
            "name": "Bad",
            "plugins": {"dummy_provider": {"settings": {"return_url": bad}}},
        },
        expect=422,
    ).get_json()
    assert "return_url" in json.dumps(problem["errors"])


def test_a_bodyless_or_json_post_is_answered_in_json_even_with_a_return_url(api):
    tenant = make_site(api, return_url="https://shop.example/return?order={ORDER_ID}")
    _student, body = start(api, tenant)
    order_id = body["checkout"]["order_id"]
    answer = api.call("POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", expect=200)
    assert answer.get_json() == {"order_id": order_id, "status": "paid", "webhooks_sent": 1}


@pytest.mark.parametrize("body", ["-276", "[]", '"pay"', "null"])
def test_a_json_body_that_is_no_object_pays_nothing(api, body):
    tenant = make_site(api)
    _student, started = start(api, tenant)
    order_id = started["checkout"]["order_id"]
    answer = api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{order_id}",
        data=body,
        content_type="application/json",
        expect=422,
    )
    assert answer.get_json()["errors"] == {
        "body": ['Send a JSON object such as {"outcome": "pay"}, or no body.']
    }
    assert order(api, tenant, order_id)["status"] == "pending"
