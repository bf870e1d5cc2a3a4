"""Team seats: a buyer (a company) buys N seats of a course in one order, with any payment
provider; once paid, the purchase has N - 1 single-use seat codes and one shareable link
(the buyer's own enrollment is the first seat); each redemption
(``POST /v1/seats/redeem``) enrolls one student until the seats are used, and the buyer
sees who redeemed (``GET /v1/me/seat-purchases/<id>``).

Everything goes through core's hooks: the ``seats`` enrollment field, an enrollment check
(seats left, a paid course), ``tuition_price_offers`` (an offer of ``quantity`` seats at
seats times the price), a seat pool (``tuition_capacities``: the N course seats are set aside
when the purchase is made), ``tuition_enrollment_created`` (the purchase's order),
``tuition_enrollment_changed`` (codes issued when paid, voided when refunded), domain
events, problem codes and two blueprints (student and admin).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    Capacity,
    EnrollmentChange,
    EnrollmentContext,
    ErasureReport,
    Outcome,
    PluginInfo,
    PriceOffer,
    Problem,
    StudentRecord,
    hookimpl,
)

from . import models, personal_data, purchases  # noqa: F401  (tables for migrations)
from .api import admin_blp, student_blp
from .purchases import EVENT_TYPES, PLUGIN, PROBLEM_CODES, SeatPool
from .schemas import SeatsSettings, seats_field

TUITION_PLUGIN = PluginInfo(
    title="Team seats",
    category="commerce",
    description="Sell N seats of a course in one order, redeemed with seat codes or a link.",
    requires_core=">=0.1,<0.2",
)
__all__ = ["PLUGIN", "TUITION_PLUGIN"]

POOL = SeatPool()


@hookimpl
def tuition_migrations() -> str:
    return str(Path(__file__).parent / "migrations")


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return SeatsSettings


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    return PROBLEM_CODES


@hookimpl
def tuition_event_types() -> dict[str, str]:
    return EVENT_TYPES


@hookimpl
def tuition_enrollment_fields() -> dict[str, fields.Field]:
    return {purchases.FIELD: seats_field()}


@hookimpl
def tuition_enrollment_checks(ctx: EnrollmentContext) -> list[Problem]:
    return purchases.check(ctx)


@hookimpl
def tuition_price_offers(ctx: EnrollmentContext) -> list[PriceOffer]:
    return purchases.offer(ctx)


@hookimpl
def tuition_capacities() -> list[Capacity]:
    return [POOL]


@hookimpl
def tuition_enrollment_created(ctx: EnrollmentContext, outcome: Outcome) -> None:
    purchases.created(ctx, outcome)


@hookimpl
def tuition_enrollment_changed(change: EnrollmentChange) -> list[Problem]:
    return purchases.follow(change)


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    return [student_blp, admin_blp]


@hookimpl
def tuition_student_data(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    return personal_data.export(session, student)


@hookimpl
def tuition_erase_student(session: Session, student: StudentRecord) -> ErasureReport:
    return personal_data.erase(session, student)
