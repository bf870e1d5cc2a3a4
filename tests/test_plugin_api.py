"""``tuition.plugin_api`` is the whole surface a plugin may import, and a leaf."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
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


#: What plugin and example code (packages, tests, scripts) may import of core.
PLUGIN_IMPORTABLE = ("tuition.plugin_api", "tuition.testing")


def _called_name(func: ast.expr) -> str | None:
    """``f`` of a call ``f(...)`` or ``x.f(...)``."""
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for each module a file imports: ``import a.b``, ``from a.b
    import c`` (``from tuition import x`` names ``tuition.x``) and ``import_module("a.b")``
    or ``__import__("a.b")`` with a literal name. Relative imports stay in the plugin."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "tuition":
                for alias in node.names:
                    yield node.lineno, f"tuition.{alias.name}"
            else:
                yield node.lineno, node.module
        elif (
            isinstance(node, ast.Call)
            and _called_name(node.func) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def _core_internal(module: str) -> bool:
    """Whether ``module`` is part of core other than the plugin API and the test kit."""
    if module != "tuition" and not module.startswith("tuition."):
        return False  # another distribution, tuition_<plugin> included
    return not any(module == ok or module.startswith(f"{ok}.") for ok in PLUGIN_IMPORTABLE)


def test_plugins_and_examples_import_only_the_plugin_api_and_the_test_kit() -> None:
    """Plugin and example code, their tests and scripts included, imports of core only
    ``tuition.plugin_api`` and ``tuition.testing``: what a third-party plugin has. (The
    import-linter contract covers the plugin packages only, not their tests.)"""
    root = Path(__file__).resolve().parents[1]
    files = sorted(
        path
        for top in ("plugins", "examples")
        for path in (root / top).rglob("*.py")
        if not any(part.endswith(".egg-info") or part == "node_modules" for part in path.parts)
    )
    offenders = [
        f"{path.relative_to(root)}:{line}: {module}"
        for path in files
        for line, module in _imported_modules(ast.parse(path.read_text(), str(path)))
        if _core_internal(module)
    ]
    assert any("/tests/" in str(path) for path in files)  # the walk reached the tests
    assert not offenders, "core internals imported:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "source, found",
    [
        ("import tuition.models", ["tuition.models"]),
        ("import tuition", ["tuition"]),
        ("from tuition import models, testing", ["tuition.models"]),
        ("from tuition.db import utcnow", ["tuition.db"]),
        ("def f():\n    from tuition.cli import main", ["tuition.cli"]),
        ("importlib.import_module('tuition.jobs')", ["tuition.jobs"]),
        ("from tuition.plugin_api.web import db", []),
        ("import tuition.testing.api", []),
        ("from tuition_cohorts.models import Cohort", []),
        ("from .models import Cohort", []),
        ("import tuitional", []),
    ],
)
def test_the_import_check_sees_every_form_of_import(source: str, found: list[str]) -> None:
    assert [m for _, m in _imported_modules(ast.parse(source)) if _core_internal(m)] == found
