"""Test helpers of the outbound webhooks plugin: a real HTTP receiver on 127.0.0.1 that
records every delivery and answers what the test plans (for this plugin's tests and for
journeys across plugins)."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import signing


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
        return signing.verify(
            secret, self.headers["tuition-signature"], self.body, tolerance=tolerance
        )


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
                    receiver.requests.append(
                        Received(
                            "POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body
                        )
                    )
                    answer = receiver._planned.popleft() if receiver._planned else receiver.default
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

    def answer(
        self, *statuses: int, delay: float = 0.0, headers: tuple[tuple[str, str], ...] = ()
    ) -> None:
        with self._lock:
            self._planned.extend(Answer(s, delay, headers) for s in statuses)

    def of_type(self, event_type: str) -> list[Received]:
        return [r for r in self.requests if r.type == event_type]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)
