"""Start and stop gunicorn on loopback ports, with the same settings for every app."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GunicornSettings:
    """The gunicorn settings shared by the baseline and Tuition."""

    workers: int
    worker_class: str = "sync"
    threads: int = 1
    #: Import the app once in the master and fork the workers (quicker to start; tests).
    preload: bool = False

    def args(self) -> list[str]:
        return [
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--threads",
            str(self.threads),
            "--log-level",
            "warning",
            "--timeout",
            "30",
            *(["--preload"] if self.preload else []),
        ]

    def describe(self) -> str:
        return (
            f"gunicorn {self.worker_class} workers={self.workers} "
            f"threads={self.threads}, bound to 127.0.0.1"
        )


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Gunicorn:
    """One gunicorn master (in its own session) serving ``app`` on a free loopback port."""

    def __init__(
        self,
        name: str,
        app: str,
        settings: GunicornSettings,
        env: dict[str, str],
        pythonpath: Path | None = None,
    ) -> None:
        self.name = name
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the server
            prefix=f"bench-{name}-", suffix=".log", delete=False
        )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{self.port}",
            *settings.args(),
        ]
        if pythonpath is not None:
            command += ["--pythonpath", str(pythonpath)]
        command.append(app)
        self.process = subprocess.Popen(
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        """Wait until ``GET path`` answers 200; raise with the server's log otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", path)
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            finally:
                conn.close()
            time.sleep(0.2)
        raise RuntimeError(f"{self.name}: not ready after {timeout:.0f}s\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        text = Path(self.log.name).read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM the master's process group, SIGKILL it after 10 s; remove the log."""
        if self.process.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)  # the group this master leads, nothing else


class RqWorker:
    """One ``tuition worker`` (an rq worker running Tuition's jobs), in its own session.

    Its output goes to ``log_path`` when given (kept), else to a temporary file (removed by
    :meth:`stop`)."""

    def __init__(self, name: str, env: dict[str, str], log_path: Path | None = None) -> None:
        self.name = name
        self._keep_log = log_path is not None
        self.log = (
            log_path.open("ab")
            if log_path is not None
            else tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives with the worker
                prefix=f"bench-{name}-", suffix=".log", delete=False
            )
        )
        command = [str(Path(sys.executable).with_name("tuition")), "worker"]
        self.process = subprocess.Popen(
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name}: worker exited\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        text = Path(self.log.name).read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def kill(self) -> None:
        """SIGKILL the whole group (the worker and its rq scheduler child): a crash."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM the worker's process group (rq's warm shutdown), SIGKILL after 10 s."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        with contextlib.suppress(ProcessLookupError):  # the scheduler child, if left
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()
        if not self._keep_log:
            Path(self.log.name).unlink(missing_ok=True)


class QuickGunicorn(Gunicorn):
    """A gunicorn master stopped quickly (tests): SIGINT, then SIGKILL the whole group."""

    def stop(self) -> None:
        for signum, wait in ((signal.SIGINT, 3.0), (signal.SIGKILL, 10.0)):
            if self.process.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signum)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=wait)
        with contextlib.suppress(ProcessLookupError):  # workers the master left behind
            os.killpg(self.process.pid, signal.SIGKILL)
        super().stop()
