"""A minimal third-party payment provider for Tuition, written to be read.

The plugin is ``example_provider`` (its tenant settings live under that name); the provider
it registers is ``example`` (webhooks arrive at ``/v1/webhooks/example/<tenant slug>``).
See README.md for a walk through the files.
"""

from __future__ import annotations

from pathlib import Path

from flask_smorest import Blueprint
from marshmallow import Schema

from tuition.plugin_api import PaymentProvider, PluginInfo, hookimpl

from .provider import ExampleProvider, ExampleSettings

TUITION_PLUGIN = PluginInfo(
    title="Example payment provider",
    category="payment",
    description="A minimal provider for plugin authors to read; moves no real money.",
    requires_core=">=0.1,<0.2",
)


@hookimpl
def tuition_payment_providers() -> list[type[PaymentProvider]]:
    return [ExampleProvider]


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return ExampleSettings


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    from .views import blp

    return [blp]


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")
