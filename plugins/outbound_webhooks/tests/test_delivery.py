"""Deliveries of real flows to a real HTTP server: signatures, headers, retries through the
sweep, 410, redelivery, replays, tenants and the plugin switched off."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import select, update

from tuition.plugin_api import utcnow
from tuition.testing import outbox
from tuition.testing.api import Api
from tuition.testing.chores import sweep
from tuition_outbound_webhooks import delivery as delivery_module
from tuition_outbound_webhooks.models import WebhookDelivery

PLUGIN = "outbound_webhooks"


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def after_seconds(start: str, end: str) -> int:
    """Whole seconds from ``start`` to ``end`` (an attempt takes a few milliseconds)."""
    gap = at(end) - at(start)
    assert gap.total_seconds() % 1 < 0.9, gap
    return int(gap.total_seconds())


def swept(runtime: Any, now: datetime) -> dict[str, int]:
    """Core's ``tuition jobs sweep`` at ``now``; this plugin's counts."""
    done = sweep(runtime, now)
    result: dict[str, int] = done[PLUGIN]  # type: ignore[assignment]
    return result


# -- a delivery, as a receiver sees it ----------------------------------------------------


def test_enrollment_activated_arrives_signed(hooks: Any, receiver: Any, runtime: Any):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"], description="CRM sync")
    secret = created["secret"]
    assert secret.startswith("whsec_") and len(secret) > 30
    assert created["secret_last4"] == secret[-4:]
    hooks.course("yoga")
    enrollment = hooks.enroll("yoga")

    assert len(receiver.requests) == 1
    got = receiver.requests[0]
    assert got.verifies(secret)  # the receiver's check, with a 5-minute tolerance
    assert not got.verifies("whsec_" + "x" * 43)
    tampered = type(got)(got.method, got.path, got.headers, got.body.replace(b"yoga", b"yogi"))
    assert not tampered.verifies(secret)
    body = got.json()
    assert set(body) == {"id", "type", "occurred_at", "data"}
    assert body["type"] == "enrollment.activated"
    assert body["data"]["enrollment_id"] == enrollment["id"]
    assert body["data"]["course"] == "yoga"
    headers = got.headers
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"].startswith("Tuition-Webhooks/")
    assert headers["tuition-event-type"] == "enrollment.activated"
    assert headers["tuition-event-id"] == body["id"]
    timestamp = int(headers["tuition-signature"].split(",")[0].removeprefix("t="))
    assert abs(timestamp - utcnow().timestamp()) < 60

    shown = hooks.only_delivery(created["id"])
    assert headers["tuition-delivery-id"] == shown["id"]
    assert headers["tuition-delivery-attempt"] == "1"
    assert shown["status"] == "succeeded" and shown["attempt_count"] == 1
    assert shown["event_id"] == body["id"] and shown["payload"] == body
    assert shown["delivered_at"] is not None and shown["next_attempt_at"] is None
    [attempt] = shown["attempts"]
    assert attempt["status_code"] == 200 and attempt["outcome"] == "succeeded"
    assert attempt["trigger"] == "automatic" and attempt["error"] is None
    assert attempt["duration_ms"] >= 0 and attempt["response_excerpt"] == '{"received": true}'
    # Nothing is left for the sweep.
    assert swept(runtime, utcnow() + timedelta(days=5))["attempted"] == 0
    assert len(receiver.requests) == 1


def test_paid_order_sends_order_paid(api: Api, receiver: Any, hooks_for: Any):
    site = api.create_tenant({"dummy_provider": {}, "outbound_webhooks": {}})
    hooks = hooks_for(site)
    created = hooks.endpoint(receiver.url("/paid"), ["order.paid"])
    hooks.course("masterclass", pricing_model="one_time", price={"amount": 1500, "currency": "EUR"})
    student = api.signup(site)
    order_id = api.enroll(site, student, "masterclass", expect=202).get_json()["checkout"][
        "order_id"
    ]
    assert receiver.requests == []  # nothing is paid yet
    api.call(
        "POST", f"/v1/dummy/checkout/{site.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )
    # enrollment.activated happened too, but the endpoint only asked for order.paid.
    assert [r.type for r in receiver.requests] == ["order.paid"]
    got = receiver.requests[0]
    assert got.path == "/paid" and got.verifies(created["secret"])
    data = got.json()["data"]
    assert data["order_id"] == order_id and data["amount"] == 1500
    assert data["currency"] == "EUR" and data["course"] == "masterclass"
    assert hooks.only_delivery(created["id"])["status"] == "succeeded"


def test_unsubscribed_event_types_make_no_delivery(hooks: Any, receiver: Any):
    paid_only = hooks.endpoint(receiver.url("/paid-only"), ["order.paid", "order.refunded"])
    everything = hooks.endpoint(receiver.url("/all"), ["*"])
    hooks.course("yoga")
    hooks.enroll("yoga")
    assert [r.path for r in receiver.requests] == ["/all"]
    assert hooks.deliveries(paid_only["id"]) == []
    assert len(hooks.deliveries(everything["id"])) == 1


# -- retries ------------------------------------------------------------------------------


def test_a_failed_attempt_is_logged_and_retried_by_the_sweep(
    hooks: Any, receiver: Any, runtime: Any
):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    receiver.answer(500)
    hooks.enroll("yoga")  # the request succeeds: the failure stays with the delivery

    failed = hooks.only_delivery(created["id"])
    assert failed["status"] == "pending" and failed["attempt_count"] == 1
    assert failed["last_status_code"] == 500 and failed["last_error"] == "HTTP 500"
    [attempt] = failed["attempts"]
    assert attempt["outcome"] == "failed" and attempt["status_code"] == 500
    assert attempt["response_excerpt"] == "nope, not now"
    retry_at = at(failed["next_attempt_at"])
    assert after_seconds(attempt["started_at"], failed["next_attempt_at"]) == 5
    assert at(failed["give_up_at"]) - at(failed["created_at"]) == timedelta(days=3)
    jobs = outbox.jobs(runtime)  # the attempt's job succeeded; the retry waits for its time
    assert [(j.name, j.status) for j in jobs if j.status != "done"] == [
        (delivery_module.DELIVER_JOB, "pending")
    ], [(j.name, j.status) for j in jobs]
    assert [j.run_at for j in jobs if j.status == "pending"] == [retry_at]

    # Not due yet: nothing happens.
    assert swept(runtime, retry_at - timedelta(seconds=5))["attempted"] == 0
    assert len(receiver.requests) == 1
    assert swept(runtime, retry_at + timedelta(seconds=1)) == {
        "attempted": 1,
        "succeeded": 1,
        "failed": 0,
    }
    first, second = receiver.requests
    assert second.body == first.body  # the same event, byte for byte
    assert second.headers["tuition-event-id"] == first.headers["tuition-event-id"]
    assert second.headers["tuition-delivery-attempt"] == "2"
    assert second.verifies(created["secret"], tolerance=None)  # signed at the sweep's time
    done = hooks.delivery(failed["id"])
    assert done["status"] == "succeeded" and done["attempt_count"] == 2
    assert [a["outcome"] for a in done["attempts"]] == ["failed", "succeeded"]
    assert swept(runtime, retry_at + timedelta(days=1))["attempted"] == 0


def test_backoff_for_three_days_then_failed(hooks: Any, receiver: Any, runtime: Any):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    receiver.default = type(receiver.default)(503)
    hooks.enroll("yoga")
    shown = hooks.only_delivery(created["id"])
    for _ in range(30):
        if shown["status"] != "pending":
            break
        assert swept(runtime, at(shown["next_attempt_at"]))["failed"] == 1
        shown = hooks.delivery(shown["id"])
    assert shown["status"] == "failed" and shown["next_attempt_at"] is None
    starts = [at(a["started_at"]) for a in shown["attempts"]]
    gaps = [round((b - a).total_seconds()) for a, b in pairwise(starts)]
    assert gaps == [5, 300, 1800, 7200, 18000] + [36000] * 6
    assert starts[-1] <= at(shown["give_up_at"]) < starts[-1] + timedelta(hours=10)
    assert len(receiver.requests) == len(starts) == shown["attempt_count"] == 12
    assert swept(runtime, starts[-1] + timedelta(days=30))["attempted"] == 0


def test_two_sweeps_at_once_send_an_attempt_once(hooks: Any, receiver: Any, runtime: Any):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    receiver.answer(500)
    hooks.enroll("yoga")
    due = at(hooks.only_delivery(created["id"])["next_attempt_at"]) + timedelta(seconds=1)
    receiver.answer(200, delay=0.5)  # slow: both sweeps find the delivery due
    results: list[dict[str, int]] = []
    threads = [
        threading.Thread(target=lambda: results.append(swept(runtime, due))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r["attempted"] for r in results) == [0, 1]
    assert len(receiver.requests) == 2
    assert hooks.only_delivery(created["id"])["attempt_count"] == 2


def test_an_abandoned_claim_is_taken_over_after_its_lease(
    hooks: Any, receiver: Any, runtime: Any, site: Any
):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    receiver.answer(500)
    hooks.enroll("yoga")
    shown = hooks.only_delivery(created["id"])
    now = utcnow()
    with runtime.session(site.id) as session:  # a sender claimed it, then crashed
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == shown["id"])
            .values(status="sending", next_attempt_at=None, lease_until=now + timedelta(minutes=5))
        )
        session.commit()
    assert swept(runtime, now + timedelta(minutes=4))["attempted"] == 0
    assert swept(runtime, now + timedelta(minutes=6))["succeeded"] == 1
    assert hooks.delivery(shown["id"])["status"] == "succeeded"


def test_unreachable_endpoint_and_timeouts_fail_the_attempt_not_the_job(
    hooks: Any, receiver: Any, runtime: Any, monkeypatch: Any
):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    dead = hooks.endpoint(f"http://127.0.0.1:{closed_port}/hooks", ["enrollment.activated"])
    monkeypatch.setattr(delivery_module, "READ_TIMEOUT", 0.3)
    slow = hooks.endpoint(receiver.url("/slow"), ["enrollment.activated"])
    receiver.answer(200, delay=1.5)
    hooks.course("yoga")
    hooks.enroll("yoga")
    refused = hooks.only_delivery(dead["id"])
    assert refused["status"] == "pending" and refused["last_status_code"] is None
    assert "refused" in refused["attempts"][0]["error"].lower()
    timed_out = hooks.only_delivery(slow["id"])
    assert timed_out["status"] == "pending"
    assert timed_out["attempts"][0]["error"] == "timed out"
    assert not [job for job in outbox.jobs(runtime) if job.status == "failed"]


def test_redirects_are_not_followed(hooks: Any, receiver: Any):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    receiver.answer(302, headers=(("Location", receiver.url("/elsewhere")),))
    hooks.course("yoga")
    hooks.enroll("yoga")
    assert [r.path for r in receiver.requests] == ["/hooks"]
    shown = hooks.only_delivery(created["id"])
    assert shown["status"] == "pending" and shown["last_error"] == "HTTP 302"


# -- 410, redelivery, replays -------------------------------------------------------------


def test_gone_disables_the_endpoint(hooks: Any, receiver: Any, runtime: Any):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    receiver.answer(410)
    hooks.enroll("yoga")
    shown = hooks.only_delivery(created["id"])
    assert shown["status"] == "failed" and shown["next_attempt_at"] is None
    assert "410" in shown["last_error"]
    endpoint = hooks.get_endpoint(created["id"])
    assert endpoint["enabled"] is False and "410" in endpoint["disabled_reason"]
    assert endpoint["disabled_at"] is not None

    hooks.enroll("yoga")  # no more deliveries, now or later
    assert len(receiver.requests) == 1
    assert len(hooks.deliveries(created["id"])) == 1
    assert swept(runtime, utcnow() + timedelta(days=2))["attempted"] == 0
    refused = hooks.call("POST", f"/v1/admin/webhook-deliveries/{shown['id']}/redeliver")
    assert refused.status_code == 409 and refused.get_json()["code"] == "endpoint_disabled"

    # The admin fixes the receiver and enables the endpoint again.
    enabled = hooks.call(
        "PATCH", f"/v1/admin/webhook-endpoints/{created['id']}", json={"enabled": True}, expect=200
    )
    assert enabled["enabled"] is True and enabled["disabled_reason"] is None
    hooks.enroll("yoga")
    assert len(receiver.requests) == 2 and receiver.requests[-1].verifies(created["secret"])


def test_pending_retries_stop_when_the_endpoint_is_disabled(
    hooks: Any, receiver: Any, runtime: Any
):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    receiver.answer(500)
    hooks.enroll("yoga")
    hooks.call(
        "PATCH", f"/v1/admin/webhook-endpoints/{created['id']}", json={"enabled": False}, expect=200
    )
    assert swept(runtime, utcnow() + timedelta(hours=1))["attempted"] == 0
    assert len(receiver.requests) == 1
    shown = hooks.only_delivery(created["id"])
    assert shown["status"] == "failed" and shown["last_error"] == "endpoint disabled"


def test_redeliver_sends_the_same_body_again(hooks: Any, receiver: Any):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    hooks.enroll("yoga")
    shown = hooks.only_delivery(created["id"])
    assert shown["status"] == "succeeded"
    again = hooks.call("POST", f"/v1/admin/webhook-deliveries/{shown['id']}/redeliver", expect=202)
    assert again["id"] == shown["id"]
    first, second = receiver.requests
    assert second.body == first.body and second.verifies(created["secret"])
    assert second.headers["tuition-delivery-id"] == shown["id"]
    after = hooks.delivery(shown["id"])
    assert after["status"] == "succeeded" and after["attempt_count"] == 2
    assert [a["trigger"] for a in after["attempts"]] == ["automatic", "manual"]


def test_a_failed_redelivery_starts_the_schedule_over(hooks: Any, receiver: Any, runtime: Any):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    hooks.enroll("yoga")
    shown = hooks.only_delivery(created["id"])
    receiver.answer(500)
    after = hooks.call("POST", f"/v1/admin/webhook-deliveries/{shown['id']}/redeliver", expect=202)
    assert after["status"] == "pending" and after["attempts"][-1]["status_code"] == 500
    assert after_seconds(after["attempts"][-1]["started_at"], after["next_attempt_at"]) == 5
    assert swept(runtime, at(after["next_attempt_at"]))["succeeded"] == 1
    assert len(receiver.requests) == 3


def test_a_replayed_event_never_duplicates_deliveries(hooks: Any, receiver: Any, runtime: Any):
    first = hooks.endpoint(receiver.url("/one"), ["enrollment.activated"])
    second = hooks.endpoint(receiver.url("/two"), ["*"])
    hooks.course("yoga")
    hooks.enroll("yoga")
    assert len(receiver.requests) == 2
    event_jobs = [
        job
        for job in outbox.jobs(runtime)
        if job.payload.get("hook") == "tuition_event" and job.payload.get("plugin") == PLUGIN
    ]
    assert len(event_jobs) == 1
    assert outbox.rerun(runtime, event_jobs[0].id) is True  # as a retry would
    assert len(hooks.deliveries(first["id"])) == len(hooks.deliveries(second["id"])) == 1
    assert len(receiver.requests) == 2


def test_test_ping(hooks: Any, receiver: Any, runtime: Any):
    created = hooks.endpoint(receiver.url(), ["order.paid"])
    shown = hooks.call("POST", f"/v1/admin/webhook-endpoints/{created['id']}/test", expect=202)
    [got] = receiver.requests
    assert got.type == "ping" and got.json()["type"] == "ping"
    assert got.json()["data"]["endpoint_id"] == created["id"]
    assert got.verifies(created["secret"])
    assert shown["event_type"] == "ping" and shown["status"] == "succeeded"
    # A failing ping is not retried.
    receiver.answer(500)
    failed = hooks.call("POST", f"/v1/admin/webhook-endpoints/{created['id']}/test", expect=202)
    assert failed["status"] == "failed" and failed["next_attempt_at"] is None
    assert swept(runtime, utcnow() + timedelta(days=1))["attempted"] == 0
    assert len(receiver.requests) == 2


# -- secrets ------------------------------------------------------------------------------


def test_rotated_secret_signs_from_then_on(hooks: Any, receiver: Any):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    old = created["secret"]
    rotated = hooks.call(
        "POST", f"/v1/admin/webhook-endpoints/{created['id']}/rotate-secret", json={}, expect=200
    )
    new = rotated["secret"]
    assert new != old and new.startswith("whsec_") and rotated["secret_last4"] == new[-4:]
    assert "secret" not in hooks.get_endpoint(created["id"])
    hooks.course("yoga")
    hooks.enroll("yoga")
    got = receiver.requests[-1]
    assert got.verifies(new) and not got.verifies(old)
    assert got.headers["tuition-signature"].count("v1=") == 1


def test_rotation_with_overlap_signs_with_both(hooks: Any, receiver: Any, runtime: Any):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    old = created["secret"]
    rotated = hooks.call(
        "POST",
        f"/v1/admin/webhook-endpoints/{created['id']}/rotate-secret",
        json={"keep_previous_minutes": 60},
        expect=200,
    )
    assert rotated["previous_secret_expires_at"] is not None
    hooks.course("yoga")
    receiver.answer(500)
    hooks.enroll("yoga")
    got = receiver.requests[-1]
    assert got.verifies(old) and got.verifies(rotated["secret"])
    assert got.headers["tuition-signature"].count("v1=") == 2
    # Past the overlap, a retry is signed with the new secret alone.
    swept(runtime, utcnow() + timedelta(minutes=61))
    late = receiver.requests[-1]
    assert late.verifies(rotated["secret"], tolerance=None)
    assert not late.verifies(old, tolerance=None)


# -- tenants and the plugin switch --------------------------------------------------------


def test_another_tenants_endpoints_never_get_this_tenants_events(
    api: Api, hooks: Any, receiver: Any, hooks_for: Any
):
    mine = hooks.endpoint(receiver.url("/mine"), ["*"])
    other = hooks_for(api.create_tenant({"free_enrollment": {}, PLUGIN: {}}))
    theirs = other.endpoint(receiver.url("/theirs"), ["*"])
    hooks.course("yoga")
    other.course("yoga")
    hooks.enroll("yoga")
    assert [r.path for r in receiver.requests] == ["/mine"]
    other.enroll("yoga")
    assert [r.path for r in receiver.requests] == ["/mine", "/theirs"]
    assert len(hooks.deliveries(mine["id"])) == len(other.deliveries(theirs["id"])) == 1
    # Neither sees the other's endpoint or deliveries.
    delivery_id = hooks.deliveries(mine["id"])[0]["id"]
    for path in (
        f"/v1/admin/webhook-endpoints/{mine['id']}",
        f"/v1/admin/webhook-endpoints/{mine['id']}/deliveries",
        f"/v1/admin/webhook-deliveries/{delivery_id}",
    ):
        assert other.call("GET", path).status_code == 404
    assert (
        other.call("POST", f"/v1/admin/webhook-deliveries/{delivery_id}/redeliver").status_code
        == 404
    )
    listed = other.call("GET", "/v1/admin/webhook-endpoints", expect=200)["items"]
    assert [e["id"] for e in listed] == [theirs["id"]]
    assert len(receiver.requests) == 2


def test_plugin_switched_off_stays_silent(
    api: Api, hooks: Any, site: Any, receiver: Any, runtime: Any
):
    created = hooks.endpoint(receiver.url(), ["*"])
    hooks.course("yoga")
    receiver.answer(500)
    hooks.enroll("yoga")  # one failed attempt, a retry pending
    pending = hooks.only_delivery(created["id"])
    api.call(
        "PUT",
        f"/v1/admin/plugins/{PLUGIN}",
        headers=site.admin,
        json={"enabled": False},
        expect=200,
    )

    hooks.enroll("yoga")  # no delivery for a new event …
    assert swept(runtime, utcnow() + timedelta(hours=3))["attempted"] == 0  # … nor a retry
    assert len(receiver.requests) == 1
    with runtime.session(site.id) as session:
        assert len(session.scalars(select(WebhookDelivery)).all()) == 1
    for method, path in (
        ("GET", "/v1/admin/webhook-endpoints"),
        ("GET", f"/v1/admin/webhook-endpoints/{created['id']}"),
        ("POST", f"/v1/admin/webhook-endpoints/{created['id']}/test"),
        ("GET", f"/v1/admin/webhook-deliveries/{pending['id']}"),
        ("POST", f"/v1/admin/webhook-deliveries/{pending['id']}/redeliver"),
    ):
        response = hooks.call(method, path)
        assert response.status_code == 404, (path, response.get_data(as_text=True))
        assert response.get_json()["code"] == "not_found"
    assert len(receiver.requests) == 1

    # Switched on again, the retry that waited goes out.
    api.call(
        "PUT", f"/v1/admin/plugins/{PLUGIN}", headers=site.admin, json={"enabled": True}, expect=200
    )
    assert swept(runtime, utcnow() + timedelta(hours=3))["succeeded"] == 1
    assert len(receiver.requests) == 2


def test_a_tenant_without_the_plugin_is_never_called(api: Api, receiver: Any, runtime: Any):
    site = api.create_tenant({"free_enrollment": {}})
    api.create_course(site, "yoga")
    api.enroll(site, api.signup(site), "yoga")
    assert all(job.payload.get("plugin") != PLUGIN for job in outbox.jobs(runtime))
    assert receiver.requests == []
