"""Offline payment provider ``dummy`` for demos, the storefront and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marshmallow import Schema

from tuition.plugin_api import PaymentProvider, PluginInfo, hookimpl
from tuition_dummy_provider.provider import DummyProvider, DummySettings

TUITION_PLUGIN = PluginInfo(
    title="Dummy payment provider",
    category="payment",
    description="Pays on a button press, offline. For demos and tests only.",
    requires_core=">=0.1,<0.2",
)


@hookimpl
def tuition_payment_providers() -> list[type[PaymentProvider]]:
    return [DummyProvider]


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return DummySettings


@hookimpl
def tuition_api_blueprints() -> list[Any]:
    from tuition_dummy_provider.views import blp

    return [blp]


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")
