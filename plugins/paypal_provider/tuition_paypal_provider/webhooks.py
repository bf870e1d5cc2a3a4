"""Offline verification of PayPal webhook signatures.

PayPal signs ``transmission_id|transmission_time|webhook_id|crc32(raw body)`` (the CRC as
an unsigned decimal integer) with SHA256withRSA and names the signing certificate in
``PAYPAL-CERT-URL``. The certificate is fetched only from allow-listed hosts, over https
(http only for an allowed loopback host, i.e. a local mock), without following redirects,
and cached per URL. Stale or future transmission times are refused, so a captured delivery
cannot be replayed later.

The SDK has no webhook helper, and PayPal's ``verify-webhook-signature`` API would cost a
round trip per event; offline verification needs only the (cached) certificate.
"""

from __future__ import annotations

import base64
import binascii
import threading
import time
import zlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import requests
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tuition.plugin_api import PaymentError, WebhookVerificationError

from .settings import url_problem

TOLERANCE_SECONDS = 300
CERT_CACHE_SECONDS = 24 * 3600
MAX_CERT_BYTES = 64 * 1024
FETCH_TIMEOUT_SECONDS = 10
ALGORITHM = "SHA256withRSA"

_HEADERS = (
    "paypal-transmission-id",
    "paypal-transmission-time",
    "paypal-transmission-sig",
    "paypal-cert-url",
    "paypal-auth-algo",
)
_certs: dict[str, tuple[rsa.RSAPublicKey, datetime, float]] = {}
_certs_lock = threading.Lock()


def forget_certificates() -> None:
    with _certs_lock:
        _certs.clear()


def expected_message(
    transmission_id: str, transmission_time: str, webhook_id: str, body: bytes
) -> bytes:
    checksum = zlib.crc32(body) & 0xFFFFFFFF
    return f"{transmission_id}|{transmission_time}|{webhook_id}|{checksum}".encode()


def _parse_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise WebhookVerificationError("malformed PAYPAL-TRANSMISSION-TIME") from None
    if parsed.tzinfo is None:
        raise WebhookVerificationError("PAYPAL-TRANSMISSION-TIME without a time zone")
    return parsed


def _fetch_certificate(url: str) -> tuple[rsa.RSAPublicKey, datetime]:
    try:
        with requests.get(
            url, timeout=FETCH_TIMEOUT_SECONDS, allow_redirects=False, stream=True
        ) as response:
            if response.status_code >= 500 or response.status_code == 429:
                raise PaymentError("PayPal's certificate host is unavailable.")
            if response.status_code != 200:
                raise WebhookVerificationError(f"certificate URL answered {response.status_code}")
            data = response.raw.read(MAX_CERT_BYTES + 1, decode_content=True)
    except requests.RequestException:
        raise PaymentError("PayPal's certificate host cannot be reached.") from None
    if len(data) > MAX_CERT_BYTES:
        raise WebhookVerificationError("certificate too large")
    try:
        cert = x509.load_pem_x509_certificate(data)
    except ValueError:
        raise WebhookVerificationError("the certificate cannot be read") from None
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise WebhookVerificationError("the certificate holds no RSA key")
    now = datetime.now(UTC)
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise WebhookVerificationError("the certificate is not valid now")
    return key, cert.not_valid_after_utc


def certificate_key(url: str) -> rsa.RSAPublicKey:
    """The public key of the certificate at ``url`` (an allowed URL), cached."""
    now = time.time()
    with _certs_lock:
        cached = _certs.get(url)
    if cached and cached[2] > now and cached[1] > datetime.now(UTC):
        return cached[0]
    key, not_after = _fetch_certificate(url)
    with _certs_lock:
        _certs[url] = (key, not_after, now + CERT_CACHE_SECONDS)
    return key


def verify(
    body: bytes,
    headers: Mapping[str, str],
    *,
    webhook_id: str,
    allowed_hosts: Iterable[str],
    now: float | None = None,
) -> None:
    """Raise :class:`WebhookVerificationError` unless PayPal signed ``body`` for
    ``webhook_id`` within the last few minutes."""
    if not webhook_id:
        raise WebhookVerificationError("no webhook_id configured")
    lowered = {k.lower(): v for k, v in headers.items()}
    values = {name: (lowered.get(name) or "").strip() for name in _HEADERS}
    missing = [name.upper() for name, value in values.items() if not value]
    if missing:
        raise WebhookVerificationError(f"missing header {missing[0]}")
    if values["paypal-auth-algo"] != ALGORITHM:
        raise WebhookVerificationError("unsupported PAYPAL-AUTH-ALGO")
    sent = _parse_time(values["paypal-transmission-time"])
    current = time.time() if now is None else now
    if abs(current - sent.timestamp()) > TOLERANCE_SECONDS:
        raise WebhookVerificationError("transmission time outside the tolerance window")
    problem = url_problem(values["paypal-cert-url"], allowed_hosts)
    if problem:
        raise WebhookVerificationError(f"certificate URL refused: {problem}")
    try:
        signature = base64.b64decode(values["paypal-transmission-sig"], validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError("malformed PAYPAL-TRANSMISSION-SIG") from None
    message = expected_message(
        values["paypal-transmission-id"], values["paypal-transmission-time"], webhook_id, body
    )
    key = certificate_key(values["paypal-cert-url"])
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise WebhookVerificationError("signature mismatch") from None
