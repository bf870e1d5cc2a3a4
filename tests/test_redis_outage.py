"""Redis goes away and comes back: the API keeps taking enrollments (their jobs wait in the
outbox), /readyz says degraded, and once Redis is back a worker hands the waiting jobs over
by itself and runs each exactly once. Redis sits behind a TCP proxy the test stops."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from tuition.config import Settings
from tuition.jobs import run_worker
from tuition.models import Job
from tuition.testing.queues import RqQueue
from tuition.testing.recorders import Recorder

pytestmark = pytest.mark.redis


class TcpProxy:
    """Forwards a loopback port to Redis; ``stop`` makes Redis unreachable (connections
    refused, open ones cut), ``start`` brings it back on the same port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        if self._listener is not None:
            # shutdown wakes the thread blocked in accept(); close() alone would not
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        for conn in self._open:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for conn in (src, dst):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    found = TcpProxy(("127.0.0.1", 6379))
    found.start()
    yield found
    found.stop()


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


@pytest.fixture
def tuition_settings(tuition_settings: Settings, rq_queue: RqQueue, proxy: TcpProxy) -> Settings:
    tuition_settings.redis_url = f"redis://127.0.0.1:{proxy.port}/0"
    return tuition_settings


def statuses(runtime: Any) -> list[str]:
    with runtime.session() as session:
        return sorted(session.scalars(select(Job.status)))


def test_enrollments_go_on_while_redis_is_down_and_their_jobs_run_once_it_is_back(
    api: Any, client: Any, runtime: Any, recorder: Recorder, proxy: TcpProxy
) -> None:
    tenant = api.create_tenant({"free_enrollment": {}, "recorder": {}})
    api.create_course(tenant, "intro")
    students = api.add_students(tenant, 3)  # no signup events in the outbox
    ready = client.get("/readyz").get_json()
    assert ready == {"status": "ok", "checks": {"database": "ok", "jobs": "ok"}}

    proxy.stop()
    for student in students:
        api.enroll(tenant, student, "intro", expect=201)
    waiting = statuses(runtime)
    assert len(waiting) >= 3 and set(waiting) == {"pending"}  # written, in the outbox
    degraded = client.get("/readyz")
    assert degraded.status_code == 200
    assert degraded.get_json() == {
        "status": "degraded",
        "checks": {"database": "ok", "jobs": "degraded"},
    }
    assert recorder.called("after_enrollment") == []

    proxy.start()
    run_worker(runtime, burst=True)  # its first maintenance round flushes the outbox
    assert statuses(runtime) == ["done"] * len(waiting)
    assert recorder.called("after_enrollment") == [("intro", "active")] * 3
    assert client.get("/readyz").get_json()["status"] == "ok"
    run_worker(runtime, burst=True)  # nothing runs twice
    assert len(recorder.called("after_enrollment")) == 3


def test_a_sweep_hands_over_what_waited_in_the_outbox(
    api: Any, runtime: Any, recorder: Recorder, proxy: TcpProxy
) -> None:
    from tuition.services.sweep import sweep

    tenant = api.create_tenant({"free_enrollment": {}, "recorder": {}})
    api.create_course(tenant, "intro")
    [student] = api.add_students(tenant, 1)  # no signup event in the outbox
    proxy.stop()
    api.enroll(tenant, student, "intro", expect=201)
    waiting = len(statuses(runtime))
    assert sweep(runtime)["core"]["outbox_jobs_retried"] == waiting  # still down: tried, kept
    assert statuses(runtime) == ["pending"] * waiting
    proxy.start()
    assert sweep(runtime)["core"]["outbox_jobs_retried"] == waiting
    assert statuses(runtime) == ["enqueued"] * waiting
    run_worker(runtime, burst=True)
    assert statuses(runtime) == ["done"] * waiting
    assert recorder.called("after_enrollment") == [("intro", "active")]
