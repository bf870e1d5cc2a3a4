"""The plugin's per-tenant settings and the attributes it keeps on a course."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates

#: Placeholder Stripe replaces with the Checkout Session's id in ``return_url``.
SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}"
#: Placeholder the plugin replaces with Tuition's order id in ``return_url``.
ORDER_PLACEHOLDER = "{ORDER_ID}"
DEFAULT_CURRENCIES = ("EUR", "USD", "GBP")
_ENV_REF = r"env:[A-Za-z_][A-Za-z0-9_]*"


def _key(prefixes: str, what: str) -> validate.Regexp:
    """A Stripe key with one of ``prefixes`` or an ``env:NAME`` reference to one."""
    return validate.Regexp(rf"^(?:{_ENV_REF}|(?:{prefixes})_\S+)$",
                           error=f"Expected {what} or an env:NAME reference.")


class StripeSettings(Schema):
    """Per-tenant settings of the Stripe provider. Secrets may be ``env:NAME`` references,
    resolved only when a call needs them."""

    secret_key = fields.String(
        required=True, validate=[validate.Length(max=500),
                                 _key("sk_test|sk_live|rk_test|rk_live",
                                      "a secret key (sk_…) or restricted key (rk_…)")],
        metadata={"secret": True,
                  "description": "The Stripe account's secret or restricted API key."})
    publishable_key = fields.String(
        required=True, validate=[validate.Length(max=500),
                                 _key("pk_test|pk_live", "a publishable key (pk_…)")],
        metadata={"description": "Handed to the frontend to mount embedded Checkout."})
    webhook_secret = fields.String(
        required=True, validate=[validate.Length(max=500),
                                 _key("whsec", "a webhook signing secret (whsec_…)")],
        metadata={"secret": True,
                  "description": "Signing secret of the endpoint "
                                 "/v1/webhooks/stripe/<tenant slug>."})
    return_url = fields.String(
        required=True, validate=validate.Length(min=10, max=2000),
        metadata={"description": "Where embedded Checkout sends the buyer; must contain "
                                 "{CHECKOUT_SESSION_ID} and may contain {ORDER_ID}."})
    currencies = fields.List(
        fields.String(validate=validate.Regexp(r"^[A-Z]{3}$",
                                               error="ISO 4217 code in capitals.")),
        load_default=lambda: list(DEFAULT_CURRENCIES), validate=validate.Length(min=1),
        metadata={"description": "Currencies this tenant sells in through Stripe."})
    api_base = fields.Url(
        load_default=None, allow_none=True, require_tld=False, schemes={"http", "https"},
        metadata={"description": "Override of https://api.stripe.com (stripe-mock, tests)."})
    timeout_seconds = fields.Float(
        load_default=30.0, validate=validate.Range(min=0.1, max=80),
        metadata={"description": "Timeout of one HTTP request to Stripe."})
    max_network_retries = fields.Integer(
        load_default=2, validate=validate.Range(min=0, max=5),
        metadata={"description": "Retries of failed requests (same idempotency key)."})

    @validates("return_url")
    def _check_return_url(self, value: str, **_: Any) -> None:
        if SESSION_PLACEHOLDER not in value:
            raise ValidationError(f"Must contain {SESSION_PLACEHOLDER}.")
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValidationError("Must be an absolute http(s) URL.")


class StripeCourseAttributes(Schema):
    """``attributes.stripe_provider`` of a course (written by ``tuition-stripe
    sync-products`` or by hand)."""

    stripe_product_id = fields.String(
        validate=validate.Regexp(r"^prod_\w+$|^[A-Za-z0-9_-]{1,100}$"),
        metadata={"description": "The Stripe product of this course."})
    stripe_price_id = fields.String(
        validate=validate.Regexp(r"^price_\w+$|^[A-Za-z0-9_-]{1,100}$"),
        metadata={"description": "The one-time Stripe price used at checkout."})
    price_amount = fields.Integer(
        strict=True, validate=validate.Range(min=0),
        metadata={"description": "The course price the Stripe price was made for; if the "
                                 "course price changed since, checkout uses the order "
                                 "amount instead of the stale price."})
    price_currency = fields.String(validate=validate.Regexp(r"^[A-Z]{3}$"))
