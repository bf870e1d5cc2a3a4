"""Signing secrets: generated, encrypted at rest, and the ``Tuition-Signature`` header.

A secret signs every delivery, so it has to be readable later and cannot be hashed like an
API key. It is stored encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived
from the application's ``secret_key`` (``TUITION_SECRET_KEY``) with HKDF: whoever reads the
database alone cannot sign. Changing ``TUITION_SECRET_KEY`` makes the stored secrets
unreadable; deliveries then fail with ``signing secret unreadable`` until the endpoint's
secret is rotated.

Header (Stripe's scheme)::

    Tuition-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>

During a rotation with an overlap a second ``v1=`` entry carries the previous secret's
signature; a receiver accepts the delivery if any ``v1`` matches.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SECRET_PREFIX = "whsec_"
SIGNATURE_HEADER = "Tuition-Signature"
_HKDF_INFO = b"tuition outbound_webhooks endpoint signing secrets v1"


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted (the application's secret key changed)."""


def new_secret() -> str:
    """A fresh signing secret: ``whsec_`` and 32 random bytes, URL-safe base64."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _fernet(app_secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        app_secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(app_secret: str, secret: str) -> str:
    return _fernet(app_secret).encrypt(secret.encode()).decode("ascii")


def decrypt(app_secret: str, ciphertext: str) -> str:
    try:
        return _fernet(app_secret).decrypt(ciphertext.encode("ascii")).decode()
    except (InvalidToken, ValueError) as exc:
        raise SecretUnreadable(
            "signing secret unreadable (TUITION_SECRET_KEY changed?): rotate the endpoint's secret"
        ) from exc


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of ``"<timestamp>.<body>"`` with ``secret``."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secrets_: Iterable[str], timestamp: int, body: bytes) -> str:
    """``t=<timestamp>,v1=<sig>[,v1=<sig of the previous secret>]``."""
    parts = [f"t={timestamp}", *(f"v1={signature(s, timestamp, body)}" for s in secrets_)]
    return ",".join(parts)


def verify(
    secret: str, header: str, body: bytes, *, tolerance: int | None = 300, now: float | None = None
) -> bool:
    """What a receiver does: any ``v1`` of ``header`` matches, and ``t`` is recent.

    ``tolerance`` seconds (None: no age check) protect against replays of old deliveries.
    """
    timestamp: int | None = None
    candidates: list[str] = []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    if tolerance is not None and abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
