"""A ``StripeClient`` per tenant and call, and Stripe errors as :class:`PaymentError`.

Credentials are passed to each client; the global ``stripe.api_key`` is never set.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping
from typing import Any

import stripe

from tuition.plugin_api import CredentialsRefused, PaymentError
from tuition_stripe_provider.schemas import api_base_problem

log = logging.getLogger("tuition_stripe_provider")

#: The Stripe API version this plugin speaks (the one stripe 16.1 was generated for). Pinned
#: so that a Stripe account's default version never changes the wire format under us.
STRIPE_API_VERSION = "2026-10-28.endive"
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 2

_SECRET_PATTERN = re.compile(r"\b(?:sk|rk|whsec|pk)_(?:live|test)?_?[A-Za-z0-9]+")


def scrub(text: object) -> str:
    """``text`` with anything that looks like a Stripe key or signing secret masked."""
    return _SECRET_PATTERN.sub(lambda m: m.group(0)[:8] + "…", str(text))


@functools.lru_cache(maxsize=16)
def _http_client(timeout: float) -> stripe.HTTPClient:
    # One requests-based client per timeout: it keeps a connection pool per thread.
    return stripe.RequestsClient(timeout=timeout)


def make_client(settings: Mapping[str, Any]) -> stripe.StripeClient:
    """A client for one tenant's Stripe account (settings' ``env:`` already resolved)."""
    secret_key = settings.get("secret_key")
    if not secret_key:
        raise PaymentError(
            "Stripe is not configured for this site (no secret key).", retryable=False
        )
    base: dict[str, str] = {}
    if settings.get("api_base"):
        # Checked on every call too: settings stored earlier, or an allow-list since narrowed.
        api_base = str(settings["api_base"]).rstrip("/")
        problem = api_base_problem(api_base)
        if problem:
            log.warning("stripe api_base refused: %s", problem)
            raise PaymentError(
                f"This site's Stripe api_base is not allowed: {problem}.", retryable=False
            )
        base["api"] = api_base
    retries = settings.get("max_network_retries")
    timeout = settings.get("timeout_seconds")
    return stripe.StripeClient(
        str(secret_key),
        stripe_version=STRIPE_API_VERSION,
        base_addresses=base,  # type: ignore[arg-type]
        max_network_retries=DEFAULT_RETRIES if retries is None else int(retries),
        http_client=_http_client(float(timeout or DEFAULT_TIMEOUT)),
    )


def payment_error(exc: stripe.StripeError, action: str) -> PaymentError:
    """Map a Stripe SDK error to core's PaymentError (retryable: network, 5xx, rate limit).

    The detail shown to callers names the kind of failure only; the log line carries
    Stripe's message and request id (never a key: Stripe masks them, we scrub anyway).
    """
    status = getattr(exc, "http_status", None)
    code = getattr(exc, "code", None)
    request_id = getattr(exc, "request_id", None)
    log.warning(
        "stripe %s failed: %s status=%s code=%s request_id=%s: %s",
        action,
        type(exc).__name__,
        status,
        code,
        request_id,
        scrub(getattr(exc, "user_message", None) or exc),
    )
    if isinstance(exc, stripe.APIConnectionError):
        return PaymentError(f"Stripe could not be reached to {action}; try again.", retryable=True)
    if isinstance(exc, stripe.RateLimitError) or (status is not None and status >= 500):
        return PaymentError(f"Stripe is unavailable to {action}; try again.", retryable=True)
    extra = {"provider_code": str(code)} if code else {}
    if isinstance(exc, stripe.CardError):
        return PaymentError(
            f"The card was declined ({code or 'card_error'}).", retryable=False, **extra
        )
    if isinstance(exc, stripe.AuthenticationError):  # core fetches aws-sm: keys anew, once
        return CredentialsRefused(
            "Stripe refused this site's credentials.", retryable=False, **extra
        )
    if isinstance(exc, stripe.PermissionError):
        return PaymentError("Stripe refused this site's credentials.", retryable=False, **extra)
    return PaymentError(
        f"Stripe refused to {action} ({code or type(exc).__name__}).", retryable=False, **extra
    )
