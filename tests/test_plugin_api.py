"""``tuition.plugin_api`` is the whole surface a plugin may import, and a leaf."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

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


@pytest.mark.parametrize(("old", "name", "new"), [
    ("tuition.extension", "PluginInfo", plugin_api.PluginInfo),
    ("tuition.errors", "NotFound", plugin_api.NotFound),
    ("tuition.payments", "PaymentProvider", plugin_api.PaymentProvider),
    ("tuition.hookspecs", "hookimpl", plugin_api.hookimpl),
    ("tuition.outbound", "guarded_session", plugin_api.outbound.guarded_session),
])
def test_old_import_paths_still_work_for_a_release_and_warn(old: str, name: str,
                                                             new: object) -> None:
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=rf"{old}\.{name} moved to tuition\.plugin_api"):
        assert getattr(module, name) is new


def test_names_that_left_say_what_replaces_them() -> None:
    import tuition.extension

    with pytest.raises(AttributeError, match=r"host\.services\.reserve_seat"):
        tuition.extension.reserve_course_seat  # noqa: B018


def test_cli_host_is_only_available_inside_a_tuition_command() -> None:
    import click
    from click.testing import CliRunner

    with pytest.raises(RuntimeError, match="inside a `tuition` command"):
        plugin_api.cli.host()

    @click.command()
    def alone() -> None:  # a click command that core's `tuition` did not start
        plugin_api.cli.host()

    result = CliRunner().invoke(alone, [])
    assert isinstance(result.exception, RuntimeError)
