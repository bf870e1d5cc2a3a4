"""A minimal third-party payment provider for Tuition, written to be read.

The plugin is ``example_provider`` (its tenant settings live under that name); the provider
it registers is ``example`` (webhooks arrive at ``/v1/webhooks/example/<tenant slug>``).
See README.md for a walk through the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema
from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    ErasureReport,
    Host,
    PaymentProvider,
    PluginInfo,
    StudentRecord,
    hookimpl,
)

from .models import ExamplePayment
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


# The student's data: every plugin with tables says what it holds about a student (their
# export) and erases it on request. The ledger holds order ids and amounts only: exported,
# and kept on erasure (the books need it).


@hookimpl
def tuition_student_data(
    tuition: Host, session: Session, student: StudentRecord
) -> dict[str, Any] | None:
    orders = [order.id for order in tuition.services.student_orders(session, student.id)]
    ledger = session.scalars(select(ExamplePayment).where(ExamplePayment.order_id.in_(orders)))
    rows = [{"order_id": p.order_id, "amount": p.amount, "currency": p.currency} for p in ledger]
    return {"payments": rows} if rows else None


@hookimpl
def tuition_erase_student() -> ErasureReport:
    return ErasureReport(kept={"payments": "order, amount and refunds: the ledger"})
