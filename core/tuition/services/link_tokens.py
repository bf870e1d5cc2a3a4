"""One-time link tokens: signed, never stored, spent by the change they make.

A link token (a student's email verification, password reset or invitation; a staff
invitation) is an HS256 JWT signed with the server secret, whose audience names the site
and the purpose (``tuition:<tenant id>:<purpose>``), and which carries a *fingerprint* of
the state of the row it is for (its email, password hash, …). Using the link changes that
state, so the fingerprint no longer matches: each token works once, and only until it
expires. The state each purpose fingerprints is the caller's choice.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import jwt

from tuition.services.auth import ISSUER

if TYPE_CHECKING:
    from tuition.runtime import Tuition

T = TypeVar("T")


def audience(tenant_id: str, purpose: str) -> str:
    """The audience of a link token of ``purpose`` at tenant ``tenant_id``."""
    return f"tuition:{tenant_id}:{purpose}"


def fingerprint(*state: str) -> str:
    """A short digest of the state a link token is bound to (its use changes that state)."""
    return hashlib.sha256("|".join(state).encode()).hexdigest()[:32]


def mint(
    tuition: Tuition,
    *,
    audience: str,
    subject: str,
    ttl_seconds: int,
    fingerprint: str,
    extra: Mapping[str, Any] | None = None,
) -> str:
    """A one-time token for ``subject`` (a row's id) bound to ``fingerprint``, valid
    ``ttl_seconds``; ``extra`` claims ride along."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": audience,
        "sub": subject,
        **(extra or {}),
        "iat": now,
        "exp": now + ttl_seconds,
        "fp": fingerprint,
    }
    return jwt.encode(claims, tuition.secret_key, algorithm="HS256")


def redeem(
    tuition: Tuition,
    token: str,
    *,
    audience: str,
    load: Callable[[str], T | None],
    fingerprint: Callable[[T], str],
) -> T | None:
    """The row (``load(subject)``) a token of ``audience`` is for, when the token is signed
    by this server, unexpired, and its fingerprint is the row's current one
    (``fingerprint(row)``); None otherwise (wrong, used, expired or of another audience).
    ``load`` answers None for a row the token may not name (another tenant's, …)."""
    try:
        claims = jwt.decode(
            token,
            tuition.secret_key,
            algorithms=["HS256"],
            audience=audience,
            issuer=ISSUER,
            options={"require": ["exp", "sub", "aud", "iss", "fp"]},
        )
    except jwt.PyJWTError:
        return None
    row = load(str(claims["sub"]))
    if row is None or not hmac.compare_digest(str(claims["fp"]), fingerprint(row)):
        return None
    return row


def claims_ignoring_expiry(tuition: Tuition, token: str, *, audience: str) -> dict[str, Any] | None:
    """The claims of a token of ``audience`` signed by this server, expired or not (to tell
    an expired link from a forged one); None for anything else."""
    try:
        return jwt.decode(
            token,
            tuition.secret_key,
            algorithms=["HS256"],
            audience=audience,
            issuer=ISSUER,
            options={"require": ["exp", "sub", "aud", "iss", "fp"], "verify_exp": False},
        )
    except jwt.PyJWTError:
        return None
