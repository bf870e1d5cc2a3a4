"""Rate limits on sign-up, login (students' and staff's) and enrollment, per client IP
and per publishable key.

flask-limiter counts in Redis when ``TUITION_REDIS_URL`` is set (shared by every worker)
and in memory otherwise. If the store fails, requests pass (and flask-limiter falls back to
memory): a limiter must not take the shop down. ``TUITION_RATE_LIMITS=off`` turns every
limit off, for load tests on loopback.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from tuition.config import Settings

#: The views limited, by endpoint, and which group of limits applies to each.
LIMITED = {
    "storefront.SignupResource": "auth",
    "storefront.LoginResource": "auth",
    "storefront.VerifyEmailResend": "auth",
    "storefront.PasswordReset": "auth",
    "storefront.PasswordResetConfirm": "auth",
    "storefront.InvitationAccept": "auth",
    "staff.SignIn": "auth",
    "staff.AcceptInvitation": "auth",
    "enrollments.Enrollments": "enroll",
}


def _tenant_key() -> str:
    return request.headers.get("X-Tenant-Key", "") or get_remote_address()


def install(app: Flask, settings: Settings) -> Limiter | None:
    """Attach the limiter to ``app`` (None when limits are off)."""
    if not settings.rate_limits:
        return None
    limiter = Limiter(
        get_remote_address,
        app=app,
        headers_enabled=True,
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        strategy="moving-window",
        storage_uri=settings.rate_limit_storage or settings.redis_url or "memory://",
        storage_options={"socket_connect_timeout": 1, "socket_timeout": 1},
        key_prefix=f"tuition-limits:{settings.job_queue}",
    )
    per_group = {
        "auth": (settings.rate_limit_auth_per_ip, settings.rate_limit_auth_per_key),
        "enroll": (settings.rate_limit_enroll_per_ip, settings.rate_limit_enroll_per_key),
    }
    for endpoint, group in LIMITED.items():
        view: Any = app.view_functions.get(endpoint)
        if view is None:
            continue
        per_ip, per_key = per_group[group]
        # Shared: sign-up and login spend one budget per address and per key.
        view = limiter.shared_limit(per_ip, scope=f"{group}-ip", methods=["POST"])(view)
        view = limiter.shared_limit(
            per_key, scope=f"{group}-key", key_func=_tenant_key, methods=["POST"]
        )(view)
        app.view_functions[endpoint] = view
    return limiter
