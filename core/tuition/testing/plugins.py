"""What the app under test found of a plugin, as ``tuition plugins list --json`` shows it:
for a plugin's test that it is registered through its entry point as intended."""

from __future__ import annotations

from typing import Any

from tuition.plugin_api import Host
from tuition.testing._runtime import runtime_of


def described(host: Host, name: str) -> dict[str, Any]:
    """The row of plugin ``name``: ``status`` (``loaded`` or ``rejected`` with its
    ``reason``), ``version``, ``builtin``, ``category``, ``hooks``, ``settings`` (the
    fields of its settings schema), ``pricing_models``, ``payment_providers`` (by name) and
    ``migrations`` (whether it ships any). KeyError when no plugin has that name."""
    rows = {row["name"]: row for row in runtime_of(host).plugins.describe()}
    return rows[name]
