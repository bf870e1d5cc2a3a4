"""scripts/demo and scripts/install, run on a copy of the repository's layout with stand-ins
for pip and the ``tuition`` command (nothing is installed)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Records each call: ``<program> <arguments>`` on one line.
STAND_IN = '#!/bin/sh\necho "$(basename "$0") $*" >> "$CALLS"\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """scripts/ and the pyproject files of the repository, a .venv of stand-ins."""
    copy = tmp_path / "repo"
    (copy / "scripts").mkdir(parents=True)
    for script in ("demo", "install"):
        shutil.copy2(ROOT / "scripts" / script, copy / "scripts" / script)
    for pyproject in [ROOT / "pyproject.toml", *ROOT.glob("plugins/*/pyproject.toml")]:
        target = copy / pyproject.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(pyproject, target)
    (copy / ".venv" / "bin").mkdir(parents=True)
    for program in ("python", "tuition"):
        stand_in = copy / ".venv" / "bin" / program
        stand_in.write_text(STAND_IN)
        stand_in.chmod(0o755)
    return copy


def run(repo: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(repo / "scripts" / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "CALLS": str(repo / "calls"), **env},
    )


def calls(repo: Path) -> list[str]:
    path = repo / "calls"
    lines = path.read_text().splitlines() if path.exists() else []
    path.unlink(missing_ok=True)
    return lines


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server.getsockname()[1]


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as server:
        return int(server.getsockname()[1])


def test_the_demo_refuses_a_busy_port_before_installing(repo, busy_port):
    started = time.monotonic()
    answer = run(repo, "demo", "--port", str(busy_port))
    assert answer.returncode == 1
    assert f"127.0.0.1:{busy_port}" in answer.stderr and "--port" in answer.stderr
    assert calls(repo) == []  # neither pip nor the server ran
    assert time.monotonic() - started < 10


def test_the_demo_passes_its_arguments_to_tuition_run(repo):
    port = free_port()
    answer = run(repo, "demo", f"--port={port}", "--tenants-dir", "my-sites")
    assert answer.returncode == 0, answer.stderr
    assert calls(repo)[-1] == (
        f"tuition run --demo --host 127.0.0.1 --port {port} --tenants-dir my-sites"
    )


def test_install_skips_pip_while_no_pyproject_changed(repo):
    assert run(repo, "install").returncode == 0
    assert [c for c in calls(repo) if "pip install" in c]  # the first install
    again = run(repo, "install")
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert [c for c in calls(repo) if "pip install" in c] == []
    plugin = repo / "plugins" / "free_enrollment" / "pyproject.toml"
    plugin.write_text(plugin.read_text().replace('version = "0.1.0"', 'version = "0.1.1"'))
    assert run(repo, "install").returncode == 0
    assert [c for c in calls(repo) if "pip install" in c]  # a changed pyproject reinstalls
    assert run(repo, "install", TUITION_REINSTALL="1").returncode == 0
    assert [c for c in calls(repo) if "pip install" in c]
