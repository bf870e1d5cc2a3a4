"""What the benchmark ran on: CPU, cores, memory, OS, Python, PostgreSQL, Redis, libraries.

    .venv/bin/python bench/machine.py [--server-url …] [--redis-url …]

Printed at the top of every benchmark so figures never travel without their machine; the
load average shows whether something else was running at the time.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
LIBRARIES = ("gunicorn", "flask", "flask-smorest", "sqlalchemy", "psycopg", "rq", "redis")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _postgres(server_url: str) -> str:
    try:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        from sqlalchemy.pool import NullPool

        engine = create_engine(make_url(server_url).set(database="postgres"), poolclass=NullPool)
        with engine.connect() as conn:
            values = [
                str(conn.exec_driver_sql(f"SHOW {name}").scalar())
                for name in (
                    "server_version",
                    "fsync",
                    "synchronous_commit",
                    "shared_buffers",
                    "max_connections",
                )
            ]
        engine.dispose()
    except Exception as exc:  # the machine description must never stop a benchmark
        return f"unreachable ({type(exc).__name__})"
    version, fsync, sync_commit, buffers, connections = values
    return (
        f"{version} (fsync={fsync}, synchronous_commit={sync_commit}, "
        f"shared_buffers={buffers}, max_connections={connections})"
    )


def _redis(redis_url: str) -> str:
    try:
        from redis import Redis

        info: dict[str, object] = Redis.from_url(  # type: ignore[assignment]
            redis_url, socket_connect_timeout=1
        ).info("server")
        return str(info.get("redis_version", "?"))
    except Exception as exc:
        return f"unreachable ({type(exc).__name__})"


def describe(server_url: str = DEFAULT_SERVER_URL, redis_url: str = DEFAULT_REDIS_URL) -> str:
    """A few lines describing this machine and the software the benchmark uses."""
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    libs = ", ".join(f"{name} {_version(name)}" for name in LIBRARIES)
    return "\n".join(
        [
            f"machine: {_cpu_model()}, {os.cpu_count()} cores, {_memory_gib()} RAM",
            f"os: {platform.platform()}; load average now: {load}",
            f"python: {platform.python_version()} ({sys.executable})",
            f"postgresql: {_postgres(server_url)}",
            f"redis: {_redis(redis_url)}",
            f"libraries: {libs}",
        ]
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-url", default=DEFAULT_SERVER_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    args = parser.parse_args(argv)
    print(describe(args.server_url, args.redis_url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
