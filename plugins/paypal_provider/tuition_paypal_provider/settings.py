"""Per-tenant settings of the PayPal provider, and which hosts the plugin may talk to.

Two lists decide where the plugin sends requests:

* ``api_base`` (the REST API) and ``cert_hosts`` (where webhook signing certificates are
  fetched) are tenant settings;
* any host that is not PayPal's own must also be allowed by the operator in the
  environment variable ``TUITION_PAYPAL_EXTRA_HOSTS`` (comma-separated). A tenant admin can
  therefore never make the server call, or send the tenant's credentials to, an arbitrary
  host; tests (and a local PayPal mock) set ``TUITION_PAYPAL_EXTRA_HOSTS=127.0.0.1``.

Plain ``http`` is accepted only for a loopback host that is allowed this way.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, validate, validates

from .money import SUPPORTED_CURRENCIES

#: The REST API of each environment (what the SDK uses unless ``api_base`` is set).
API_BASES = {"live": "https://api-m.paypal.com", "sandbox": "https://api-m.sandbox.paypal.com"}
#: PayPal's own API hosts: the default allow-list for webhook certificates.
PAYPAL_HOSTS = (
    "api.paypal.com",
    "api-m.paypal.com",
    "api.sandbox.paypal.com",
    "api-m.sandbox.paypal.com",
)
EXTRA_HOSTS_VARIABLE = "TUITION_PAYPAL_EXTRA_HOSTS"
#: ``{ORDER_ID}`` in ``return_url``/``cancel_url`` becomes Tuition's order id.
ORDER_PLACEHOLDER = "{ORDER_ID}"
_ENV_REF = r"env:[A-Za-z_][A-Za-z0-9_]*"


def operator_hosts() -> frozenset[str]:
    """Non-PayPal hosts the operator allows (``TUITION_PAYPAL_EXTRA_HOSTS``)."""
    raw = os.environ.get(EXTRA_HOSTS_VARIABLE, "")
    return frozenset(h.strip().lower() for h in raw.split(",") if h.strip())


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_problem(host: str) -> str | None:
    """Why the plugin may not talk to ``host`` at all, or None."""
    host = host.lower()
    if host in PAYPAL_HOSTS or host in operator_hosts():
        return None
    return f"{host!r} is not a PayPal host; the operator must allow it in {EXTRA_HOSTS_VARIABLE}"


def url_problem(url: str, allowed: Iterable[str] | None = None) -> str | None:
    """Why ``url`` may not be called, or None. ``allowed`` further narrows the hosts."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        _ = parts.port  # raises on a malformed port
    except ValueError:
        return "malformed URL"
    if not host or parts.username or parts.password:
        return "URL without a plain host"
    if allowed is not None and host not in {h.lower() for h in allowed}:
        return f"host {host!r} is not in the allow-list"
    problem = host_problem(host)
    if problem:
        return problem
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and is_loopback(host):
        return None
    return "only https is allowed (http only for an allowed loopback host)"


def api_base(settings: Mapping[str, Any]) -> str:
    """The REST API base URL for these settings (``api_base`` or the environment's)."""
    base = settings.get("api_base") or API_BASES[str(settings.get("environment") or "sandbox")]
    return str(base).rstrip("/")


def cert_hosts(settings: Mapping[str, Any]) -> tuple[str, ...]:
    hosts = settings.get("cert_hosts")
    return tuple(hosts) if hosts else PAYPAL_HOSTS


def currencies(settings: Mapping[str, Any]) -> frozenset[str]:
    chosen = settings.get("currencies")
    return frozenset(chosen) if chosen else SUPPORTED_CURRENCIES


def _credential(what: str) -> list[validate.Validator]:
    return [
        validate.Length(min=1, max=500),
        validate.Regexp(
            rf"^(?:{_ENV_REF}|\S+)$", error=f"Expected {what} (no spaces) or an env:NAME reference."
        ),
    ]


class PayPalSettings(Schema):
    """Per-tenant settings of the PayPal provider. Credentials may be ``env:NAME``
    references, resolved only when a call needs them."""

    client_id = fields.String(
        required=True,
        validate=_credential("the REST app's client id"),
        metadata={"description": "Client id of the tenant's PayPal REST app."},
    )
    client_secret = fields.String(
        required=True,
        validate=_credential("the REST app's secret"),
        metadata={"secret": True, "description": "Secret of the tenant's PayPal REST app."},
    )
    webhook_id = fields.String(
        required=True,
        validate=_credential("a webhook id"),
        metadata={
            "description": "Id PayPal gave the webhook "
            "/v1/webhooks/paypal/<tenant slug>; part of every "
            "signature."
        },
    )
    environment = fields.String(
        load_default="sandbox",
        validate=validate.OneOf(["sandbox", "live"]),
        metadata={"description": "sandbox (api-m.sandbox.paypal.com) or live (api-m.paypal.com)."},
    )
    api_base = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=300),
        metadata={
            "description": "Override of the REST API base URL (a PayPal mock); a "
            "non-PayPal host needs the operator's "
            f"{EXTRA_HOSTS_VARIABLE}."
        },
    )
    cert_hosts = fields.List(
        fields.String(validate=validate.Length(min=1, max=255)),
        load_default=lambda: list(PAYPAL_HOSTS),
        validate=validate.Length(min=1, max=20),
        metadata={"description": "Hosts webhook signing certificates may come from."},
    )
    currencies = fields.List(
        fields.String(validate=validate.OneOf(sorted(SUPPORTED_CURRENCIES))),
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1),
        metadata={
            "description": "Currencies this tenant sells in through PayPal "
            "(default: all the plugin supports)."
        },
    )
    return_url = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=10, max=2000),
        metadata={
            "description": "Where PayPal sends the buyer after approving (redirect "
            "flow); {ORDER_ID} becomes Tuition's order id."
        },
    )
    cancel_url = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=10, max=2000),
        metadata={"description": "Where PayPal sends a buyer who cancels."},
    )
    brand_name = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=127),
        metadata={"description": "Shop name PayPal shows the buyer."},
    )
    timeout_seconds = fields.Float(
        load_default=20.0,
        validate=validate.Range(min=0.1, max=60),
        metadata={"description": "Timeout of one HTTP request to PayPal."},
    )

    @validates("api_base")
    def _check_api_base(self, value: str | None, **_: Any) -> None:
        if value is None:
            return
        problem = url_problem(value)
        if problem:
            raise ValidationError(problem)
        if urlsplit(value).path.rstrip("/"):
            raise ValidationError("Give the base URL only (scheme, host and port).")

    @validates("cert_hosts")
    def _check_cert_hosts(self, value: list[str], **_: Any) -> None:
        problems = [p for p in (host_problem(h) for h in value) if p]
        if problems:
            raise ValidationError(problems)

    @validates("return_url", "cancel_url")
    def _check_urls(self, value: str | None, **_: Any) -> None:
        if value is not None and urlsplit(value).scheme not in ("http", "https"):
            raise ValidationError("An http(s) URL.")
