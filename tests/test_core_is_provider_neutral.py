"""Core knows no payment provider by name: removing a provider plugin cannot break it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROVIDERS = re.compile(r"stripe|paypal", re.IGNORECASE)


def test_core_and_its_tests_never_name_a_provider():
    files = [*sorted((ROOT / "core").rglob("*.py")), *sorted((ROOT / "tests").glob("*.py"))]
    offending = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if path.name != Path(__file__).name
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if PROVIDERS.search(line)
    ]
    assert offending == []


def test_core_runs_with_every_provider_plugin_blocked(tmp_path):
    from tuition.config import Settings
    from tuition.runtime import Tuition

    installed = Tuition(Settings(database_url=f"sqlite:///{tmp_path}/a.db"))
    providers = {
        name for name, plugin in installed.plugins.plugins.items() if plugin.payment_providers
    }
    installed.close()
    bare = Tuition(
        Settings(database_url=f"sqlite:///{tmp_path}/b.db", disabled_plugins=tuple(providers))
    )
    assert not any(p.payment_providers for p in bare.plugins.plugins.values())
    assert "one_time" in bare.plugins.pricing_models(frozenset())
    bare.close()
