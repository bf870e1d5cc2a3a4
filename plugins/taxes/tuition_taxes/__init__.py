"""Taxes: VAT and sales tax per buyer country (and region), EU rules for digital services
(the buyer's country rate for consumers, reverse charge for businesses of other member
states with a valid VAT ID, the seller's country always taxed), prices entered gross or
net, courses in a tax class. The buyer's billing details come with the enrollment
(``billing_country``, ``billing_region``, ``vat_id``, ``company_name``) and the quote
(``country``, ``region``, ``vat_id``, ``company_name``).

Everything goes through core's hooks: ``tuition_order_tax`` (the tax of the order's line,
which core records on the order: ``tax_amount``, ``tax``, ``billing``, and charges as its
``amount``), the enrollment fields, the course attributes, the settings and the problem
codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    DomainEvent,
    EnrollmentContext,
    ErasureReport,
    Host,
    JobContext,
    OrderTax,
    PluginInfo,
    QuoteContext,
    StudentRecord,
    TenantRecord,
    hookimpl,
    utcnow,
)

from . import personal_data, recheck, rules, vies
from .billing import PROBLEM_CODES, BillingRefused, read
from .settings import TaxesAttributes, TaxesSettings

PLUGIN = "taxes"
TUITION_PLUGIN = PluginInfo(
    title="Taxes",
    category="commerce",
    description="VAT and sales tax per buyer country, EU rules, recorded on every order.",
    requires_core=">=0.1,<0.2",
)
__all__ = ["PLUGIN", "TUITION_PLUGIN", "compute"]

#: Where the billing details are in an enrollment request and in a quote's query.
ENROLLMENT_KEYS = {
    "country": "billing_country",
    "region": "billing_region",
    "vat_id": "vat_id",
    "company_name": "company_name",
}
QUOTE_KEYS = {"country": "country", "region": "region", "vat_id": "vat_id",
              "company_name": "company_name"}  # fmt: skip


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return TaxesSettings


@hookimpl
def tuition_course_attributes() -> type[Schema]:
    return TaxesAttributes


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    return dict(PROBLEM_CODES)


@hookimpl
def tuition_enrollment_fields() -> dict[str, fields.Field]:
    return {
        "billing_country": fields.String(
            validate=validate.Length(min=2, max=2),
            metadata={"description": "The buyer's billing country (ISO 3166-1 alpha-2)."},
        ),
        "billing_region": fields.String(
            validate=validate.Length(min=1, max=16),
            metadata={"description": "The buyer's region where the tax depends on it (US)."},
        ),
        "vat_id": fields.String(
            validate=validate.Length(min=2, max=32),
            metadata={"description": "The buyer's VAT ID (a business: reverse charge in the EU)."},
        ),
        "company_name": fields.String(
            validate=validate.Length(min=1, max=200),
            metadata={"description": "The buyer's company name."},
        ),
    }


def compute(
    settings: Mapping[str, Any],
    course_attributes: Mapping[str, Any],
    request: Mapping[str, Any],
    keys: Mapping[str, str],
    amount: int,
    fallback_country: str | None,
    verify: Callable[[str], vies.Verdict] | None = None,
) -> OrderTax:
    """The tax of one line of ``amount`` (as entered) for the billing details in
    ``request``; ``verify`` says what VIES says of an EU VAT ID (the online look-up on)."""
    billing, vat_id_valid = read(request, keys, fallback_country)
    checked: dict[str, Any] = {}
    if verify is not None and billing.vat_id and billing.country in rules.EU_COUNTRIES:
        verdict = verify(billing.vat_id)
        if verdict.valid is False:
            raise BillingRefused(
                f"VIES says the VAT ID {billing.vat_id} is not registered.",
                code="vat_id_invalid",
                field=keys["vat_id"],
            )
        checked["vat_id_check"] = verdict.as_billing()
    tax_class = (course_attributes.get(PLUGIN) or {}).get("tax_class", "standard")
    applied = rules.applicable(settings, billing, tax_class, vat_id_valid)
    home = rules.home(settings, tax_class)
    include = bool(settings.get("prices_include_tax", True))
    net, tax, gross = rules.amounts(
        amount, applied, home.rate, include, bool(settings.get("keep_gross_if_rate_changes"))
    )
    return OrderTax(
        net=net,
        tax=tax,
        gross=gross,
        breakdown={
            "net": net,
            "tax": tax,
            "gross": gross,
            "rate": rules.rate_text(applied.rate),
            "name": applied.name,
            "country": applied.country,
            "region": applied.region,
            "tax_class": tax_class,
            "basis": applied.basis,
            "category": rules.category(applied, tax_class),
            "reverse_charge": applied.reverse_charge,
            "note": applied.note,
            "prices_include_tax": include,
            "seller_country": settings["seller_country"],
            "source": PLUGIN,
        },
        billing={**billing.as_dict(), **checked},
    )


@hookimpl
def tuition_order_tax(
    ctx: EnrollmentContext | QuoteContext, amount: int, currency: str
) -> OrderTax | None:
    settings = ctx.plugin_settings(PLUGIN)
    if not settings.get("seller_country") or amount == 0:
        return None  # not configured, or nothing to tax (a course a membership includes)
    attributes = ctx.course.attributes or {}
    verify: Callable[[str], vies.Verdict] | None = None
    if isinstance(ctx, QuoteContext):
        if vies.enabled(settings):  # a quote holds no lock: VIES may be asked now
            tenant, host = ctx.tenant, ctx.tuition
            verify = lambda vat_id: vies.check(host, tenant, vat_id, settings)  # noqa: E731
        # A quote without a country is the price at home (what a catalogue page shows).
        return compute(settings, attributes, ctx.request, QUOTE_KEYS, amount,
                       settings["seller_country"], verify)  # fmt: skip
    if vies.enabled(settings):  # asked before the transaction (below): read what it said
        session, now = ctx.session, ctx.now
        verify = lambda vat_id: vies.cached(session, vat_id, settings, now)  # noqa: E731
    return compute(
        settings, attributes, ctx.request, ENROLLMENT_KEYS, amount, _fallback(settings), verify
    )


def _fallback(settings: Mapping[str, Any]) -> str | None:
    """The country assumed without ``billing_country`` (None: it is required)."""
    return None if settings.get("require_billing_country", True) else settings["seller_country"]


@hookimpl
def tuition_before_enrollment(
    tuition: Host, tenant: TenantRecord, request: Mapping[str, Any]
) -> None:
    """With ``vies_check`` on, look the buyer's EU VAT ID up in VIES before the
    enrollment's transaction (no lock held), keeping a definite answer for the order."""
    settings = tenant.plugin_settings().get(PLUGIN) or {}
    if not settings.get("seller_country") or not vies.enabled(settings):
        return
    if not request.get(ENROLLMENT_KEYS["vat_id"]):
        return
    try:
        billing, _ = read(request, ENROLLMENT_KEYS, _fallback(settings))
    except BillingRefused:
        return  # refused in the enrollment's transaction, like any other refusal
    if billing.vat_id and billing.country in rules.EU_COUNTRIES:
        vies.check(tuition, tenant, billing.vat_id, settings)


@hookimpl
def tuition_event(event: DomainEvent, job: JobContext) -> None:
    """``order.paid`` of a sale whose VAT ID VIES could not check: kept for the sweep to
    ask again (:mod:`tuition_taxes.recheck`)."""
    if event.type != "order.paid" or not event.data.get("order_id"):
        return
    order = job.tuition.services.order(job.session, str(event.data["order_id"]))
    if order is not None:
        recheck.remember(job.session, order, utcnow())


@hookimpl
def tuition_sweep(tuition: Host, now: Any) -> dict[str, int]:
    """Ask VIES again about unverified VAT IDs (a bounded batch, with backoff)."""
    return recheck.sweep(tuition, now)


@hookimpl
def tuition_api_blueprints() -> list[Blueprint]:
    from .api import admin

    return [admin]


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
