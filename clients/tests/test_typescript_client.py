"""The generated TypeScript client (``clients/typescript``): current, compiling, and working.

* its ``src/schema.d.ts`` is what the pinned ``openapi-typescript`` makes of the committed
  ``clients/openapi.json``;
* ``tsc`` (strict) compiles the client and its journey script;
* the compiled journey runs against a live server on each database backend, and the
  server's own records show what it claims: one paid order, two active enrollments.

The tools come from ``clients/typescript/node_modules`` (``./scripts/install test`` runs
``npm ci`` there). Without them these tests fail: they never skip.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from tuition.models import Order, PaymentEvent, Student
from tuition.runtime import Tuition
from tuition.services.tenant_files import sync_directory
from tuition.testing.live import LiveServer

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "clients" / "typescript"
DOCUMENT = ROOT / "clients" / "openapi.json"
SCHEMA = CLIENT / "src" / "schema.d.ts"
BIN = CLIENT / "node_modules" / ".bin"
TENANTS = ROOT / "tenants"
PUBLISHABLE_KEY = "pk_demo_data_school"
INSTALL_HINT = (
    "run ./scripts/install test (it runs `npm ci` in clients/typescript "
    "from the committed package-lock.json)"
)
TOOL_TIMEOUT = 180
JOURNEY_TIMEOUT = 120


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            f"node is not on PATH: the TypeScript client needs Node.js 20+; then {INSTALL_HINT}",
            pytrace=False,
        )
    return node


def _tool(name: str) -> Path:
    _node()
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: {INSTALL_HINT}", pytrace=False)
    return path


def _run(
    args: list[str | Path], *, cwd: Path, timeout: float, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )


def _output(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


@dataclass(frozen=True)
class Compiled:
    """``tsc -p clients/typescript`` into a directory of the session's own."""

    out_dir: Path
    result: subprocess.CompletedProcess[str]

    def require(self) -> Path:
        if self.result.returncode != 0:
            pytest.fail(f"tsc failed:\n{_output(self.result)}", pytrace=False)
        return self.out_dir


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    """The client compiled once per session (per xdist worker) outside the work tree."""
    tsc = _tool("tsc")
    root = tmp_path_factory.mktemp("typescript-client")
    out_dir = root / "dist"
    # Node resolves `openapi-fetch` and reads `"type": "module"` from the directories
    # above the compiled files: give them the client's own.
    (root / "node_modules").symlink_to(CLIENT / "node_modules", target_is_directory=True)
    shutil.copy(CLIENT / "package.json", root / "package.json")
    result = _run([tsc, "-p", CLIENT, "--outDir", out_dir], cwd=CLIENT, timeout=TOOL_TIMEOUT)
    return Compiled(out_dir, result)


def _generate_command(output: Path) -> list[str | Path]:
    """``npm run generate`` of ``package.json`` (what ``./scripts/clients`` runs), writing
    to ``output`` instead of ``src/schema.d.ts``."""
    script = json.loads((CLIENT / "package.json").read_text())["scripts"]["generate"]
    command: list[str | Path] = list(shlex.split(script))
    assert command[0] == "openapi-typescript" and command.count("-o") == 1, script
    command[0] = _tool("openapi-typescript")
    command[command.index("-o") + 1] = output
    return command


def test_the_committed_typescript_schema_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "schema.d.ts"
    result = _run(_generate_command(fresh), cwd=CLIENT, timeout=TOOL_TIMEOUT)
    assert result.returncode == 0, _output(result)
    assert SCHEMA.exists(), f"{SCHEMA.relative_to(ROOT)} is missing: run ./scripts/clients"
    assert fresh.read_text() == SCHEMA.read_text(), (
        "clients/typescript/src/schema.d.ts is stale: run ./scripts/clients"
    )


def test_the_client_compiles_strictly(compiled: Compiled) -> None:
    out_dir = compiled.require()
    for name in ("index.js", "index.d.ts", "journey.js"):
        assert (out_dir / name).exists(), f"tsc wrote no {name}"


def test_the_journey_script_needs_a_server_url(compiled: Compiled) -> None:
    env = {key: value for key, value in os.environ.items() if key != "TUITION_URL"}
    result = subprocess.run(
        [_node(), str(compiled.require() / "journey.js")],
        capture_output=True,
        text=True,
        timeout=JOURNEY_TIMEOUT,
        check=False,
        env=env,
    )
    assert result.returncode == 2, _output(result)
    assert "usage:" in result.stderr


def _admin(app: Flask, secret_key: str, path: str) -> list[dict[str, Any]]:
    response = app.test_client().get(path, headers={"Authorization": f"Bearer {secret_key}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["total"] <= len(body["items"]), "more than one page: raise page_size"
    items: list[dict[str, Any]] = body["items"]
    return items


def test_the_journey_runs_against_a_live_server(
    live_server: LiveServer, runtime: Tuition, app: Flask, compiled: Compiled
) -> None:
    school = next(
        report for report in sync_directory(runtime, TENANTS) if report.slug == "data-school"
    )
    assert school.publishable_key == PUBLISHABLE_KEY and school.secret_key

    result = _run(
        [_node(), compiled.require() / "journey.js", live_server.url, PUBLISHABLE_KEY],
        cwd=CLIENT,
        timeout=JOURNEY_TIMEOUT,
        env={"TUITION_URL": "http://127.0.0.1:9/not-this-one"},
    )
    assert result.returncode == 0, _output(result)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["ok"] is True
    student_id, order_id = summary["student_id"], summary["order"]["id"]
    assert summary["order"]["status"] == "paid"
    assert summary["dashboard"] == {"sql-basics": "active", "sql-masterclass": "active"}

    # The server's own records: the admin API of the site...
    enrollments = {
        e["course"]: e
        for e in _admin(app, school.secret_key, "/v1/admin/enrollments?page_size=100")
        if e["student_id"] == student_id
    }
    assert {course: e["status"] for course, e in enrollments.items()} == {
        "sql-basics": "active",
        "sql-masterclass": "active",
    }
    assert enrollments["sql-basics"]["id"] == summary["free_enrollment"]["id"]
    paid_enrollment = enrollments["sql-masterclass"]["id"]
    assert paid_enrollment == summary["paid_enrollment"]["id"]
    orders = [
        order["id"]
        for order in _admin(app, school.secret_key, "/v1/admin/orders?page_size=100")
        if order["enrollment_id"] in {e["id"] for e in enrollments.values()}
    ]
    assert orders == [order_id]
    response = app.test_client().get(
        f"/v1/admin/orders/{order_id}", headers={"Authorization": f"Bearer {school.secret_key}"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    order = response.get_json()
    assert (order["student_id"], order["enrollment_id"], order["course"]) == (
        student_id,
        paid_enrollment,
        "sql-masterclass",
    )
    assert (order["status"], order["amount"], order["currency"], order["provider"]) == (
        "paid",
        4900,
        "EUR",
        "dummy",
    )
    assert order["paid_at"] and order["enrollment_status"] == "active"
    assert [t["to_status"] for t in order["transitions"]].count("paid") == 1

    # ... and its database: one student with that id, one order, one processed payment.
    with runtime.session() as session:
        student = session.get(Student, student_id)
        assert student is not None and student.email == summary["email"]
        assert student.intended_course is not None
        assert student.intended_course.slug == "sql-basics"
        assert (
            session.scalar(
                select(func.count()).select_from(Order).where(Order.student_id == student_id)
            )
            == 1
        )
        events = session.scalars(
            select(PaymentEvent).where(PaymentEvent.order_id == order_id)
        ).all()
        assert [(e.kind, e.status) for e in events] == [("payment.succeeded", "processed")], events
