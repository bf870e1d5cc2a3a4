"""A small closed-loop HTTP/1.1 load generator (asyncio, raw sockets, loopback only).

``connections`` clients each send one request, wait for the whole response, record its
latency, and send the next, for ``duration`` seconds. Connections are kept alive when the
server allows it and reopened when it answers ``Connection: close`` (gunicorn's sync
workers do); the reconnect is part of that request's latency, as it is for a real client.
Every request is built by a callable, so each one can carry its own body and token.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

RequestFactory = Callable[[], bytes]
GRACE_SECONDS = 10.0


class Exhausted(Exception):
    """Raised by a request factory that has no fresh request left."""


def json_body(body: object) -> bytes:
    """``body`` as the exact JSON bytes :func:`http_request` sends (so it can be signed)."""
    return json.dumps(body, separators=(",", ":")).encode()


def http_request(
    method: str,
    path: str,
    port: int,
    headers: dict[str, str] | None = None,
    body: object | None = None,
) -> bytes:
    """The bytes of one HTTP/1.1 request to ``127.0.0.1:port`` (``body`` sent as JSON;
    ``bytes`` are sent as they are, with ``Content-Type: application/json``)."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    payload = b""
    if body is not None:
        payload = body if isinstance(body, bytes) else json_body(body)
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def send(port: int, request: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
    """Send one request built by :func:`http_request` and answer (status, body)."""
    import http.client
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.read()


@dataclass
class RunResult:
    """What one timed run saw."""

    name: str
    duration: float
    latencies: list[float] = field(default_factory=list)  # seconds, completed responses
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0  # connection errors, malformed responses, exhausted request factory
    client_cpu: float = 0.0  # CPU seconds this process spent generating load
    started: int = 0  # requests begun (bounds a run given ``max_requests``)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.duration if self.duration else 0.0

    @property
    def non_2xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)

    def percentile_ms(self, pct: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds (NaN if none)."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(pct / 100 * len(ordered)))
        return ordered[rank - 1] * 1000


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; answers its status and whether the connection stays open."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    headers = {}
    for line in header_lines:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip().lower()
    keep_alive = headers.get("connection") != "close" and status_line.startswith("HTTP/1.1")
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        keep_alive = False
    return status, keep_alive


async def _client(
    port: int,
    factory: RequestFactory,
    deadline: float,
    result: RunResult,
    max_requests: int | None = None,
) -> None:
    """One closed-loop connection until ``deadline`` (or ``max_requests`` in all)."""
    writer: asyncio.StreamWriter | None = None
    reader: asyncio.StreamReader | None = None
    clock = time.perf_counter
    try:
        while clock() < deadline:
            if max_requests is not None and result.started >= max_requests:
                return
            result.started += 1
            try:
                payload = factory()
            except Exhausted:
                result.errors += 1
                return
            start = clock()
            try:
                if writer is None or reader is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(payload)
                status, keep_alive = await _read_response(reader)
            except (
                OSError,
                asyncio.IncompleteReadError,
                asyncio.LimitOverrunError,
                ValueError,
                IndexError,
            ):
                result.errors += 1
                keep_alive = False
                status = 0
                await asyncio.sleep(0.01)
            end = clock()
            if status and end <= deadline:
                result.latencies.append(end - start)
                result.statuses[status] += 1
            if not keep_alive and writer is not None:
                writer.close()
                writer = reader = None
    finally:
        if writer is not None:
            writer.close()


async def _run(
    port: int,
    factory: RequestFactory,
    connections: int,
    duration: float,
    result: RunResult,
    max_requests: int | None = None,
) -> None:
    start = time.perf_counter()
    deadline = start + duration
    clients = [
        asyncio.create_task(_client(port, factory, deadline, result, max_requests))
        for _ in range(connections)
    ]
    done, pending = await asyncio.wait(clients, timeout=duration + GRACE_SECONDS)
    for task in pending:
        task.cancel()
    for task in done:
        if task.exception() is not None:
            result.errors += 1
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*pending, return_exceptions=True)
    result.duration = min(time.perf_counter(), deadline) - start


def run(
    name: str,
    port: int,
    factory: RequestFactory,
    *,
    connections: int,
    duration: float,
    max_requests: int | None = None,
) -> RunResult:
    """Load ``127.0.0.1:port`` for ``duration`` seconds with ``connections`` clients
    (stopping early once ``max_requests`` have been sent, if given)."""
    result = RunResult(name=name, duration=duration)
    cpu = time.process_time()
    asyncio.run(_run(port, factory, connections, duration, result, max_requests))
    result.client_cpu = time.process_time() - cpu
    return result
