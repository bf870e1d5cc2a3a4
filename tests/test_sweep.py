"""``tuition jobs sweep`` runs every plugin's periodic chores; one failing does not stop
the others."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from click.testing import CliRunner

from tuition import hookimpl
from tuition.extension import PluginInfo
from tuition.services.sweep import sweep


class Chores:
    TUITION_PLUGIN = PluginInfo(title="Chores", category="test")

    def __init__(self) -> None:
        self.calls: list[datetime] = []

    @hookimpl
    def tuition_sweep(self, now: datetime) -> dict[str, int]:
        self.calls.append(now)
        return {"reminders_sent": len(self.calls)}


class Broken:
    TUITION_PLUGIN = PluginInfo(title="Broken", category="test")

    @hookimpl
    def tuition_sweep(self) -> None:
        raise RuntimeError("cannot reach the mail server")


@pytest.fixture
def chores() -> Chores:
    return Chores()


@pytest.fixture
def tuition_plugins(chores: Chores) -> list[tuple[str, Any]]:
    return [("chores", chores), ("broken", Broken())]


def test_sweep_runs_every_plugin_and_survives_a_failure(runtime: Any, chores: Chores) -> None:
    results = sweep(runtime)
    assert results["chores"] == {"reminders_sent": 1}
    assert results["broken"] == "failed: RuntimeError"
    assert len(chores.calls) == 1


def test_cli_sweep_prints_each_plugin(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tuition.cli import main

    monkeypatch.setenv("TUITION_DATABASE_URL", db_url)
    result = CliRunner().invoke(main, ["jobs", "sweep"])
    assert result.exit_code == 0, result.output
    assert "cohorts: seats_freed=0" in result.output


def test_cli_sweep_warns_without_a_shared_secret_key(db_url: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from tuition.cli import main

    monkeypatch.setenv("TUITION_DATABASE_URL", db_url)
    monkeypatch.delenv("TUITION_SECRET_KEY", raising=False)
    warned = CliRunner().invoke(main, ["jobs", "sweep"])
    assert warned.exit_code == 0 and "TUITION_SECRET_KEY is not set" in warned.output
    monkeypatch.setenv("TUITION_SECRET_KEY", "shared-secret-for-every-process")
    quiet = CliRunner().invoke(main, ["jobs", "sweep"])
    assert "TUITION_SECRET_KEY" not in quiet.output
