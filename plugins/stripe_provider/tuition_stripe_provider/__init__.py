"""Stripe payments for Tuition: embedded Checkout, signed webhooks, refunds, product sync.

The provider is named ``stripe`` (webhooks arrive at ``/v1/webhooks/stripe/<tenant slug>``);
the plugin is ``stripe_provider`` (its tenant settings and course attributes live under that
name).
"""

from __future__ import annotations

from typing import Any

import click
from marshmallow import Schema

from tuition.plugin_api import OrderTax, PaymentProvider, PluginInfo, hookimpl
from tuition_stripe_provider.provider import StripeProvider
from tuition_stripe_provider.schemas import StripeCourseAttributes, StripeSettings
from tuition_stripe_provider.tax_quote import PROBLEM_CODES, quote_tax

__version__ = "0.1.0"
__all__ = ["TUITION_PLUGIN", "StripeCourseAttributes", "StripeProvider", "StripeSettings"]

TUITION_PLUGIN = PluginInfo(
    title="Stripe payments",
    category="payment",
    description="Embedded Stripe Checkout per tenant, signed webhooks, refunds and a "
    "product/price sync command.",
    requires_core=">=0.1,<0.2",
)


@hookimpl
def tuition_payment_providers() -> list[type[PaymentProvider]]:
    return [StripeProvider]


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return StripeSettings


@hookimpl
def tuition_course_attributes() -> type[Schema]:
    return StripeCourseAttributes


@hookimpl
def tuition_problem_codes() -> dict[str, str]:
    return dict(PROBLEM_CODES)


@hookimpl(trylast=True)
def tuition_order_tax(ctx: Any, amount: int, currency: str) -> OrderTax | None:
    """With ``automatic_tax``: a quote's tax from Stripe Tax's calculation (a tax plugin
    enabled beside it answers first). Enrollments are taxed by Stripe at Checkout."""
    return quote_tax(ctx, amount, currency)


@hookimpl
def tuition_cli_commands() -> list[Any]:
    """``tuition stripe sync-products``."""
    from tuition_stripe_provider.cli import main

    return [
        click.Group(
            "stripe",
            commands=dict(main.commands),
            help="Stripe: sync paid courses to products and prices.",
        )
    ]
