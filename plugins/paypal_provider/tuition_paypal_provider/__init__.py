"""Payment provider ``paypal``: PayPal Checkout through Orders v2 (capture on approval),
signed webhooks verified offline, refunds through the captures API."""

from __future__ import annotations

from marshmallow import Schema

from tuition.plugin_api import PaymentProvider, PluginInfo, hookimpl

from .provider import PayPalProvider
from .settings import PayPalSettings

TUITION_PLUGIN = PluginInfo(
    title="PayPal",
    category="payment",
    description="Sell courses through PayPal Checkout (Orders v2): approve at PayPal, "
    "capture on approval, signed webhooks, full and partial refunds.",
    requires_core=">=0.1,<0.2",
)


@hookimpl
def tuition_payment_providers() -> list[type[PaymentProvider]]:
    return [PayPalProvider]


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return PayPalSettings
