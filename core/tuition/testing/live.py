"""A Tuition app served over real HTTP on a free loopback port, for clients and browsers."""

from __future__ import annotations

import threading
from types import TracebackType

from flask import Flask
from werkzeug.serving import make_server


class LiveServer:
    """Serve ``app`` with werkzeug's threaded server in a daemon thread.

    Use as a context manager (or ``start``/``stop``); ``url`` is ``http://127.0.0.1:<port>``.
    """

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = make_server(host, port, app, threaded=True)
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="tuition-live-server", daemon=True
        )

    def start(self) -> LiveServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
