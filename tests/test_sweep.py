"""``tuition jobs sweep`` runs every plugin's periodic chores; one failing does not stop
the others."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tuition.db import make_engine
from tuition.plugin_api import PluginInfo, hookimpl
from tuition.services import instance_secrets
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


def test_cli_sweep_shares_the_stored_secret_key(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without TUITION_SECRET_KEY a sweep signs and decrypts with the key every process
    reads from the database; an unmigrated database stops it first."""
    from tuition.cli import main

    monkeypatch.setenv("TUITION_DATABASE_URL", db_url)
    monkeypatch.delenv("TUITION_SECRET_KEY", raising=False)
    quiet = CliRunner().invoke(main, ["jobs", "sweep"])
    assert quiet.exit_code == 0 and "TUITION_SECRET_KEY" not in quiet.output
    engine = make_engine(db_url)
    try:
        stored = instance_secrets.load_or_create(
            engine, instance_secrets.SECRET_KEY, lambda: "not-made-again"
        )
    finally:
        engine.dispose()
    assert stored and stored != "not-made-again"
    monkeypatch.setenv("TUITION_DATABASE_URL", f"sqlite:///{tmp_path / 'unmigrated.db'}")
    refused = CliRunner().invoke(main, ["jobs", "sweep"])  # no table, so no key either
    assert refused.exit_code == 2 and "run `tuition db upgrade`" in refused.output
