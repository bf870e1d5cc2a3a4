"""Live streams (``GET /v1/orders/<id>/events``, ``GET /v1/me/events``): Server-Sent Events
written with the change that caused them, resumed with ``Last-Event-ID``, with heartbeats,
ended after a bounded time; across processes through Redis under gunicorn's gthread
workers (the documented worker class)."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
import requests
from sqlalchemy import func, select, update

from bench.servers import QuickGunicorn
from tests.running_system import SERVER, Shop
from tuition.db import utcnow
from tuition.models import LiveEvent
from tuition.runtime import Tuition
from tuition.services.sweep import sweep
from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition.testing.live import LiveServer

PRICE = {"amount": 4900, "currency": "EUR"}


@pytest.fixture
def tuition_setting_overrides() -> dict[str, Any]:
    """Streams of 2 s with a heartbeat every second: each test reads whole streams."""
    return {"live_stream_seconds": 2, "live_heartbeat_seconds": 1}


def read_stream(
    url: str, headers: dict[str, str], **kwargs: Any
) -> tuple[str, list[dict[str, Any]]]:
    """The whole body of a stream (it ends by itself) and its events' data."""
    response = requests.get(url, headers=headers, timeout=30, **kwargs)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/event-stream")
    return response.text, events_of(response.text)


def events_of(body: str) -> list[dict[str, Any]]:
    found = []
    for frame in body.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.splitlines() if not line.startswith(":"))
        if "data" in lines:
            event = json.loads(lines["data"])
            assert int(lines["id"]) == event["id"]
            found.append(event)
    return found


def pending_order(api: Api) -> tuple[TenantHandle, StudentHandle, str]:
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    student = api.signup(tenant)
    body = api.enroll(tenant, student, "pro", expect=202).get_json()
    return tenant, student, body["checkout"]["order_id"]


def pay(base: str, tenant: TenantHandle, order_id: str, after: float = 0.0) -> threading.Thread:
    def run() -> None:
        time.sleep(after)
        answer = requests.post(
            f"{base}/v1/dummy/checkout/{tenant.slug}/{order_id}",
            json={"outcome": "pay"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_order_stream_tells_of_the_payment_as_it_happens_and_resumes(
    api: Api, live_server: LiveServer
) -> None:
    tenant, student, order_id = pending_order(api)
    url = f"{live_server.url}/v1/orders/{order_id}/events"
    started = time.monotonic()
    payer = pay(live_server.url, tenant, order_id, after=0.3)
    body, events = read_stream(url, student.headers)
    payer.join()
    assert 1.5 < time.monotonic() - started < 6  # bounded: the client reconnects
    assert body.startswith("retry: ")
    assert ": heartbeat" in body
    assert [e["type"] for e in events] == ["enrollment.activated", "order.paid"]
    active, paid = events
    assert paid["order_id"] == order_id and paid["data"]["amount"] == 4900
    assert active["data"]["course"] == "pro" and active["data"]["student_id"] == student.id
    assert active["id"] < paid["id"]

    # a new stream of the order replays its recent events; Last-Event-ID resumes after one
    assert [e["id"] for e in read_stream(url, student.headers)[1]] == [active["id"], paid["id"]]
    resumed = read_stream(url, {**student.headers, "Last-Event-ID": str(active["id"])})[1]
    assert [e["id"] for e in resumed] == [paid["id"]]

    # the student's stream starts from now, or resumes after Last-Event-ID
    mine = f"{live_server.url}/v1/me/events"
    assert read_stream(mine, student.headers)[1] == []
    replayed = read_stream(mine, {**student.headers, "Last-Event-ID": "0"})[1]
    assert [e["type"] for e in replayed] == ["enrollment.activated", "order.paid"]


def test_streams_take_query_credentials_and_show_nobody_else_s_order(
    api: Api, live_server: LiveServer
) -> None:
    tenant, student, order_id = pending_order(api)
    other = api.signup(tenant)
    path = f"/v1/orders/{order_id}/events"
    problem = api.call("GET", path, headers=other.headers, expect=404).get_json()
    assert problem["code"] == "not_found"
    assert api.call("GET", path, headers=tenant.storefront, expect=401).get_json()["code"] == (
        "login_required"
    )
    bad = api.call("GET", path, headers={**student.headers, "Last-Event-ID": "x"}, expect=422)
    assert bad.get_json()["code"] == "validation_error"

    # EventSource sends no headers: these two operations read the query string instead
    token = student.headers["Authorization"].split(" ", 1)[1]
    query = {"tenant_key": tenant.storefront["X-Tenant-Key"], "access_token": token}
    pay(live_server.url, tenant, order_id).join()
    _, events = read_stream(f"{live_server.url}{path}", {}, params=query)
    assert [e["type"] for e in events] == ["enrollment.activated", "order.paid"]
    # ... and only they do
    elsewhere = requests.get(f"{live_server.url}/v1/orders/{order_id}", params=query, timeout=30)
    assert elsewhere.status_code == 401


def test_an_event_committed_after_a_later_one_is_not_lost(
    api: Api, runtime: Tuition, live_server: LiveServer
) -> None:
    """Ids are taken at insert: a transaction holding a lower id may commit after a stream
    sent a higher one. The stream still sends it (once)."""
    tenant = api.create_tenant()
    student = api.signup(tenant)

    def write(event_id: int, kind: str) -> None:
        with runtime.transaction(tenant.id) as session:
            session.add(
                LiveEvent(id=event_id, tenant_id=tenant.id, student_id=student.id, type=kind)
            )

    write(500, "test.committed_first")
    late = threading.Timer(0.5, write, (200, "test.committed_late"))
    late.start()
    headers = {**student.headers, "Last-Event-ID": "100"}
    _, events = read_stream(f"{live_server.url}/v1/me/events", headers)
    late.join()
    assert [(e["id"], e["type"]) for e in events] == [
        (500, "test.committed_first"),
        (200, "test.committed_late"),
    ]


def test_the_sweep_drops_events_past_their_retention(api: Api, runtime: Tuition) -> None:
    tenant, _, order_id = pending_order(api)
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )
    with runtime.transaction() as session:
        assert session.scalar(select(func.count()).select_from(LiveEvent)) == 2
        session.execute(update(LiveEvent).values(created_at=utcnow() - timedelta(hours=25)))
    assert sweep(runtime)["core"]["live_events_pruned"] == 2  # type: ignore[index]
    with runtime.transaction() as session:
        assert session.scalar(select(func.count()).select_from(LiveEvent)) == 0


def test_a_change_in_another_process_reaches_a_gunicorn_stream_through_redis(
    shop: Shop, api: Api, runtime: Tuition
) -> None:
    """gunicorn's gthread workers (the documented worker class) serve the stream; this
    process and an rq worker (just started) commit the payment. The stream's heartbeat is
    30 s and it lasts 20 s: without Redis pub/sub the events would come at its end, 20 s
    later (the app fixture shares the test's database and Redis with the server)."""
    tenant, student, order_id = pending_order(api)
    env = shop.env()
    env.update(
        TUITION_LIVE_HEARTBEAT_SECONDS="30",
        TUITION_LIVE_STREAM_SECONDS="20",
        TUITION_SECRET_KEY=runtime.settings.secret_key,  # the student token's signer
    )
    shop.server = QuickGunicorn("live", "tuition.wsgi:app", SERVER, env)
    shop.server.wait_ready("/readyz")
    shop.start_worker()  # the payment's job runs there: a third process

    arrivals: list[tuple[float, str]] = []
    with requests.get(
        f"{shop.url}/v1/orders/{order_id}/events", headers=student.headers, stream=True, timeout=30
    ) as response:
        assert response.status_code == 200
        lines = response.iter_lines(decode_unicode=True)
        assert next(lines).startswith("retry: ")  # subscribed before the first answer
        paid_at = time.monotonic()
        api.call(
            "POST",
            f"/v1/dummy/checkout/{tenant.slug}/{order_id}",
            json={"outcome": "pay"},
            expect=200,
        )
        for line in lines:
            if line.startswith("data: "):
                arrivals.append((time.monotonic() - paid_at, json.loads(line[6:])["type"]))
            if len(arrivals) == 2:
                break
    assert [kind for _, kind in arrivals] == ["enrollment.activated", "order.paid"]
    assert arrivals[-1][0] < 12.0, arrivals
