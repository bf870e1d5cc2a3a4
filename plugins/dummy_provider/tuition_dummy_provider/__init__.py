"""Offline payment provider ``dummy`` for demos, the storefront and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marshmallow import Schema
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    ErasureReport,
    Host,
    PaymentProvider,
    PluginInfo,
    StudentRecord,
    hookimpl,
)
from tuition_dummy_provider import personal_data
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
    from tuition_dummy_provider.views import admin, blp

    return [blp, admin]


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_student_data(
    tuition: Host, session: Session, student: StudentRecord
) -> dict[str, Any] | None:
    return personal_data.export(tuition, session, student)


@hookimpl
def tuition_erase_student() -> ErasureReport:
    return personal_data.erase()
