"""Shared fixtures of the outbound webhooks tests: a real HTTP receiver on 127.0.0.1 and
one-liners over the admin API (core's ``api``, ``runtime`` … come from core's pytest
plugin)."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition_outbound_webhooks import signing

WEBHOOK_PLUGINS: dict[str, Any] = {"free_enrollment": {}, "outbound_webhooks": {}}


@dataclass
class Received:
    """One request the receiver got."""

    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.body)
        return value

    @property
    def type(self) -> str:
        return self.headers["tuition-event-type"]

    def verifies(self, secret: str, *, tolerance: int | None = 300) -> bool:
        """What a receiver does with the ``Tuition-Signature`` header."""
        return signing.verify(secret, self.headers["tuition-signature"], self.body,
                              tolerance=tolerance)


@dataclass
class Answer:
    status: int = 200
    delay: float = 0.0
    headers: tuple[tuple[str, str], ...] = ()


class Receiver:
    """A webhook receiver: records every request and answers 200 unless told otherwise
    (``answer(500)`` for the next request, ``answer(410, 410)`` for the next two …)."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._planned: deque[Answer] = deque()
        self.default = Answer()
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver._lock:
                    receiver.requests.append(Received(
                        "POST", self.path, {k.lower(): v for k, v in self.headers.items()},
                        body))
                    answer = receiver._planned.popleft() if receiver._planned \
                        else receiver.default
                if answer.delay:
                    time.sleep(answer.delay)
                payload = b'{"received": true}' if answer.status < 300 else b"nope, not now"
                self.send_response(answer.status)
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "/hooks") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, *statuses: int, delay: float = 0.0,
               headers: tuple[tuple[str, str], ...] = ()) -> None:
        with self._lock:
            self._planned.extend(Answer(s, delay, headers) for s in statuses)

    def of_type(self, event_type: str) -> list[Received]:
        return [r for r in self.requests if r.type == event_type]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    """A running receiver; 127.0.0.1 is on the operator's http allow-list."""
    monkeypatch.setenv("TUITION_WEBHOOK_ALLOWED_HTTP_HOSTS", "127.0.0.1")
    found = Receiver()
    try:
        yield found
    finally:
        found.close()


class Hooks:
    """One-liners over the webhooks admin API for one tenant."""

    def __init__(self, api: Api, tenant: TenantHandle) -> None:
        self.api, self.tenant = api, tenant

    def call(self, method: str, path: str, expect: int | None = None, **kwargs: Any) -> Any:
        response = self.api.call(method, path, headers=self.tenant.admin, expect=expect,
                                 **kwargs)
        return response.get_json() if expect is not None and expect != 204 else response

    def endpoint(self, url: str, events: list[str] | None = None,
                 **fields: Any) -> dict[str, Any]:
        body = {"url": url, "events": events or ["*"], **fields}
        return self.call("POST", "/v1/admin/webhook-endpoints", json=body, expect=201)

    def get_endpoint(self, endpoint_id: str) -> dict[str, Any]:
        return self.call("GET", f"/v1/admin/webhook-endpoints/{endpoint_id}", expect=200)

    def deliveries(self, endpoint_id: str, **query: Any) -> list[dict[str, Any]]:
        page = self.call("GET", f"/v1/admin/webhook-endpoints/{endpoint_id}/deliveries",
                         query_string={"page_size": 100, **query}, expect=200)
        items: list[dict[str, Any]] = page["items"]
        return items

    def delivery(self, delivery_id: str) -> dict[str, Any]:
        return self.call("GET", f"/v1/admin/webhook-deliveries/{delivery_id}", expect=200)

    def only_delivery(self, endpoint_id: str) -> dict[str, Any]:
        items = self.deliveries(endpoint_id)
        assert len(items) == 1, items
        return self.delivery(items[0]["id"])

    def course(self, slug: str = "yoga", **fields: Any) -> dict[str, Any]:
        return self.api.create_course(self.tenant, slug, **fields)

    def enroll(self, course: str = "yoga", student: StudentHandle | None = None) -> Any:
        student = student or self.api.signup(self.tenant)
        return self.api.enroll(self.tenant, student, course).get_json()


@pytest.fixture
def site(api: Api) -> TenantHandle:
    """A tenant with free enrollment and outbound webhooks."""
    return api.create_tenant(WEBHOOK_PLUGINS)


@pytest.fixture
def hooks(api: Api, site: TenantHandle) -> Hooks:
    return Hooks(api, site)


@pytest.fixture
def hooks_for(api: Api) -> Callable[[TenantHandle], Hooks]:
    """``hooks_for(tenant)``: the one-liners for another tenant."""
    return lambda tenant: Hooks(api, tenant)
