"""The plugin's per-tenant settings, the attributes it keeps on a course, and which hosts
the plugin may send a tenant's Stripe key to.

``api_base`` is a tenant setting, but a tenant admin must not be able to send the tenant's
secret key (or the server's requests) to a host of their choosing. Stripe's own API host is
always allowed; any other host must also be allowed by the operator in the environment
variable ``TUITION_STRIPE_EXTRA_HOSTS`` (comma-separated; tests and stripe-mock set
``TUITION_STRIPE_EXTRA_HOSTS=127.0.0.1``). Plain ``http`` is accepted only for a loopback
host that is allowed this way. This is checked when settings are saved and on every call.
"""

from __future__ import annotations

import ipaddress
import os
import re
from typing import Any
from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

#: Stripe's API host (what the SDK uses unless ``api_base`` is set).
STRIPE_API_HOSTS = ("api.stripe.com",)
EXTRA_HOSTS_VARIABLE = "TUITION_STRIPE_EXTRA_HOSTS"
#: Placeholder Stripe replaces with the Checkout Session's id in ``return_url``.
SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}"
#: Placeholder the plugin replaces with Tuition's order id in ``return_url``.
ORDER_PLACEHOLDER = "{ORDER_ID}"
DEFAULT_CURRENCIES = ("EUR", "USD", "GBP")
_ENV_REF = r"env:[A-Za-z_][A-Za-z0-9_]*"


def operator_hosts() -> frozenset[str]:
    """Non-Stripe hosts the operator allows (``TUITION_STRIPE_EXTRA_HOSTS``)."""
    raw = os.environ.get(EXTRA_HOSTS_VARIABLE, "")
    return frozenset(h.strip().lower() for h in raw.split(",") if h.strip())


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def api_base_problem(url: str) -> str | None:
    """Why the plugin may not use ``url`` as Stripe's API base URL, or None."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        _ = parts.port  # raises on a malformed port
    except ValueError:
        return "malformed URL"
    if not host or parts.username or parts.password:
        return "URL without a plain host"
    if host not in STRIPE_API_HOSTS and host not in operator_hosts():
        return (
            f"{host!r} is not a Stripe API host; the operator must allow it in "
            f"{EXTRA_HOSTS_VARIABLE}"
        )
    if parts.path.rstrip("/") or parts.query or parts.fragment:
        return "give the base URL only (scheme, host and port)"
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(host)):
        return None
    return "only https is allowed (http only for an allowed loopback host)"


def _key(prefixes: str, what: str) -> validate.Regexp:
    """A Stripe key with one of ``prefixes`` or an ``env:NAME`` reference to one."""
    return validate.Regexp(
        rf"^(?:{_ENV_REF}|(?:{prefixes})_\S+)$", error=f"Expected {what} or an env:NAME reference."
    )


class StripeSettings(Schema):
    """Per-tenant settings of the Stripe provider. Secrets may be ``env:NAME`` references,
    resolved only when a call needs them."""

    secret_key = fields.String(
        required=True,
        validate=[
            validate.Length(max=500),
            _key("sk_test|sk_live|rk_test|rk_live", "a secret key (sk_…) or restricted key (rk_…)"),
        ],
        metadata={
            "secret": True,
            "description": "The Stripe account's secret or restricted API key.",
        },
    )
    publishable_key = fields.String(
        required=True,
        validate=[validate.Length(max=500), _key("pk_test|pk_live", "a publishable key (pk_…)")],
        metadata={"description": "Handed to the frontend to mount embedded Checkout."},
    )
    webhook_secret = fields.String(
        required=True,
        validate=[validate.Length(max=500), _key("whsec", "a webhook signing secret (whsec_…)")],
        metadata={
            "secret": True,
            "description": "Signing secret of the endpoint /v1/webhooks/stripe/<tenant slug>.",
        },
    )
    return_url = fields.String(
        required=True,
        validate=validate.Length(min=10, max=2000),
        metadata={
            "description": "Where embedded Checkout sends the buyer; must contain "
            "{CHECKOUT_SESSION_ID} and may contain {ORDER_ID}."
        },
    )
    currencies = fields.List(
        fields.String(validate=validate.Regexp(r"^[A-Z]{3}$", error="ISO 4217 code in capitals.")),
        load_default=lambda: list(DEFAULT_CURRENCIES),
        validate=validate.Length(min=1),
        metadata={"description": "Currencies this tenant sells in through Stripe."},
    )
    api_base = fields.Url(
        load_default=None,
        allow_none=True,
        require_tld=False,
        schemes={"http", "https"},
        validate=validate.Length(max=300),
        metadata={
            "description": "Override of https://api.stripe.com (stripe-mock, tests); "
            "a host other than api.stripe.com needs the operator's "
            f"{EXTRA_HOSTS_VARIABLE}."
        },
    )
    timeout_seconds = fields.Float(
        load_default=30.0,
        validate=validate.Range(min=0.1, max=80),
        metadata={"description": "Timeout of one HTTP request to Stripe."},
    )
    max_network_retries = fields.Integer(
        load_default=2,
        validate=validate.Range(min=0, max=5),
        metadata={"description": "Retries of failed requests (same idempotency key)."},
    )
    automatic_tax = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Let Stripe Tax compute the tax (Checkout's automatic_tax): the "
            "course price is taken as tax-inclusive, Checkout asks for the address (and a "
            "VAT ID), and the tax Stripe computed is recorded on the order. Orders a tax "
            "plugin already taxed keep Tuition's tax. Needs Stripe Tax set up in the "
            "Stripe account (origin address, registrations)."
        },
    )

    test_clock = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^clock_\w+$", error="A test clock id (clock_…)."),
        metadata={
            "description": "Test mode only: a Stripe test clock (clock_…) that the "
            "customers of this site's subscription checkouts are created on, so a "
            "staging site walks renewals, trials and failures by advancing the clock."
        },
    )

    @validates_schema
    def _check_test_clock(self, data: dict[str, Any], **_: Any) -> None:
        key = str(data.get("secret_key") or "")
        if data.get("test_clock") and key.startswith(("sk_live", "rk_live")):
            raise ValidationError("Test clocks exist in test mode only.", "test_clock")

    @validates("api_base")
    def _check_api_base(self, value: str | None, **_: Any) -> None:
        problem = None if value is None else api_base_problem(value)
        if problem:
            raise ValidationError(problem)

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
        metadata={"description": "The Stripe product of this course."},
    )
    stripe_price_id = fields.String(
        validate=validate.Regexp(r"^price_\w+$|^[A-Za-z0-9_-]{1,100}$"),
        metadata={"description": "The one-time Stripe price used at checkout."},
    )
    price_amount = fields.Integer(
        strict=True,
        validate=validate.Range(min=0),
        metadata={
            "description": "The course price the Stripe price was made for; if the "
            "course price changed since, checkout uses the order "
            "amount instead of the stale price."
        },
    )
    price_currency = fields.String(validate=validate.Regexp(r"^[A-Z]{3}$"))
