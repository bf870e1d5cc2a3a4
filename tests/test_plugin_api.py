"""``tuition.plugin_api`` is the whole surface a plugin may import, and a leaf."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pytest

import tuition.plugin_api as plugin_api


def test_importing_the_plugin_api_loads_nothing_else_of_tuition() -> None:
    code = (
        "import sys, tuition.plugin_api\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] == 'tuition')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
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


@pytest.mark.parametrize(
    ("old", "name", "new"),
    [
        ("tuition.extension", "PluginInfo", plugin_api.PluginInfo),
        ("tuition.errors", "NotFound", plugin_api.NotFound),
        ("tuition.payments", "PaymentProvider", plugin_api.PaymentProvider),
        ("tuition.hookspecs", "hookimpl", plugin_api.hookimpl),
        ("tuition.outbound", "guarded_session", plugin_api.outbound.guarded_session),
    ],
)
def test_old_import_paths_still_work_for_a_release_and_warn(
    old: str, name: str, new: object
) -> None:
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=rf"{old}\.{name} moved to tuition\.plugin_api"):
        assert getattr(module, name) is new


def test_names_that_left_say_what_replaces_them() -> None:
    import tuition.extension

    with pytest.raises(AttributeError, match=r"host\.services\.reserve_seat"):
        tuition.extension.reserve_course_seat  # noqa: B018


def test_pass_host_needs_the_tuition_command() -> None:
    import click
    from click.testing import CliRunner

    @click.command()
    @plugin_api.pass_host
    def chore(host: plugin_api.Host) -> None:
        click.echo(f"host: {host.secret('plain')}")

    outside = CliRunner().invoke(chore, [])
    assert outside.exit_code == 2 and "Run this command through `tuition`" in outside.output

    class FakeHost:
        closed = False

        def secret(self, value: str) -> str:
            return value.upper()

    made = FakeHost()

    @contextmanager
    def factory() -> Iterator[FakeHost]:
        yield made
        made.closed = True

    @click.group()
    @click.pass_context
    def like_tuition(ctx: click.Context) -> None:
        ctx.meta[plugin_api.cli.HOST_FACTORY_KEY] = factory

    like_tuition.add_command(chore)
    inside = CliRunner().invoke(like_tuition, ["chore"])
    assert (inside.exit_code, inside.output) == (0, "host: PLAIN\n")
    assert made.closed


def test_no_plugin_commits_a_session() -> None:
    """Plugins never own a transaction: core commits the request, the job and the units of
    ``host.transaction``; a view that must commit early calls ``web.commit_now()``."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    packages = [*root.glob("plugins/*/tuition_*"), *root.glob("examples/*/tuition_*")]
    offenders = [
        f"{path.relative_to(root)}:{node.lineno}"
        for package in packages
        if package.is_dir() and not package.name.endswith(".egg-info")
        for path in sorted(package.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
    ]
    assert packages and offenders == []


class _OutsideService(plugin_api.PaymentProvider):
    """A provider that calls an outside service: its constructor takes the settings only."""

    name = "outside"
    capabilities = plugin_api.Capabilities(currencies=frozenset({"EUR"}))

    def __init__(self, settings: Mapping[str, Any]) -> None:
        super().__init__({"api_key": str(settings["api_key"]).strip()})

    def create_checkout(self, order: plugin_api.OrderInfo) -> plugin_api.CheckoutSession:
        raise NotImplementedError

    def verify_webhook(self, request: plugin_api.WebhookRequest) -> list[plugin_api.ProviderEvent]:
        raise NotImplementedError

    def fetch_status(self, order: plugin_api.OrderInfo) -> plugin_api.ProviderStatus:
        raise NotImplementedError

    def refund(self, order: plugin_api.OrderInfo, amount: int) -> plugin_api.RefundResult:
        raise NotImplementedError


def test_core_builds_providers_from_settings_alone_unless_they_ask_for_the_host() -> None:
    host = object()
    provider = _OutsideService.for_tenant({"api_key": " k "}, host)  # type: ignore[arg-type]
    assert provider.settings == {"api_key": "k"}
    assert not any(value is host for value in vars(provider).values())
