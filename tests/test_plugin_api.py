"""``tuition.plugin_api`` is the whole surface a plugin may import, and a leaf."""

from __future__ import annotations

import subprocess
import sys

import tuition.plugin_api as plugin_api


def test_importing_the_plugin_api_loads_nothing_else_of_tuition() -> None:
    code = ("import sys, tuition.plugin_api\n"
            "print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] == 'tuition')))")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True).stdout.split()
    outside = [m for m in loaded if m != "tuition" and not m.startswith("tuition.plugin_api")]
    assert "tuition.plugin_api" in loaded
    assert outside == []


def test_every_exported_name_exists_and_is_listed_once() -> None:
    assert len(plugin_api.__all__) == len(set(plugin_api.__all__))
    missing = [name for name in plugin_api.__all__ if not hasattr(plugin_api, name)]
    assert missing == []


def test_the_hook_markers_are_the_ones_core_registers() -> None:
    import tuition

    assert tuition.hookimpl is plugin_api.hookimpl
    assert plugin_api.hookimpl.project_name == plugin_api.PROJECT == "tuition"
