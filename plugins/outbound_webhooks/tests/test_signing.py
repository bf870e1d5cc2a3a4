"""Signing, verification, secrets at rest, the retry schedule, as
plain functions (no app, no database)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from tuition_outbound_webhooks import signing
from tuition_outbound_webhooks.delivery import (
    RETRY_WINDOW,
    next_attempt_at,
    render_body,
    retry_delay,
)

SECRET = "whsec_test_secret_value_0123456789"
BODY = b'{"data":{"x":1},"id":"evt_1","occurred_at":"2030-01-01T00:00:00+00:00","type":"t"}'


def test_signature_is_hmac_sha256_over_timestamp_dot_body():
    header = signing.signature_header([SECRET], 1_900_000_000, BODY)
    expected = hmac.new(SECRET.encode(), b"1900000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1900000000,v1={expected}"


def test_verify_checks_signature_and_age():
    header = signing.signature_header([SECRET], 1_900_000_000, BODY)
    assert signing.verify(SECRET, header, BODY, now=1_900_000_100)
    assert not signing.verify(SECRET, header, BODY, now=1_900_000_301)  # too old
    assert signing.verify(SECRET, header, BODY, tolerance=None, now=0)
    assert not signing.verify(SECRET, header, BODY + b" ", now=1_900_000_000)
    assert not signing.verify("whsec_other", header, BODY, now=1_900_000_000)
    assert not signing.verify(SECRET, "v1=" + header.split("v1=")[1], BODY, tolerance=None)
    assert not signing.verify(SECRET, "garbage", BODY, tolerance=None)


def test_any_of_several_signatures_verifies():
    header = signing.signature_header(["whsec_new", "whsec_old"], 1_900_000_000, BODY)
    assert header.count("v1=") == 2
    for secret in ("whsec_new", "whsec_old"):
        assert signing.verify(secret, header, BODY, tolerance=None)


def test_secrets_are_encrypted_with_the_app_key():
    secret = signing.new_secret()
    assert secret.startswith("whsec_") and len(secret) >= 40
    assert secret != signing.new_secret()
    stored = signing.encrypt("app-key", secret)
    assert secret not in stored and stored != signing.encrypt("app-key", secret)  # random IV
    assert signing.decrypt("app-key", stored) == secret
    with pytest.raises(signing.SecretUnreadable):
        signing.decrypt("another-app-key", stored)


def test_body_is_canonical_json():
    body = render_body("evt_1", "order.paid", "2030-01-01T00:00:00+00:00", {"b": 2, "a": "é"})
    assert body == (
        '{"data":{"a":"é","b":2},"id":"evt_1",'
        '"occurred_at":"2030-01-01T00:00:00+00:00","type":"order.paid"}'
    )


def test_retry_schedule():
    assert [retry_delay(n) for n in range(1, 9)] == [
        timedelta(seconds=5),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=5),
        timedelta(hours=10),
        timedelta(hours=10),
        timedelta(hours=10),
    ]


def test_next_attempt_is_never_past_give_up_at():
    created = datetime(2030, 1, 1, tzinfo=UTC)
    give_up_at = created + RETRY_WINDOW
    assert timedelta(days=3) == RETRY_WINDOW
    assert next_attempt_at(1, created, give_up_at) == created + timedelta(seconds=5)
    assert next_attempt_at(6, created, give_up_at) == created + timedelta(hours=10)
    late = give_up_at - timedelta(hours=9)
    assert next_attempt_at(7, late, give_up_at) is None  # the delivery fails
    assert next_attempt_at(1, late, give_up_at) == late + timedelta(seconds=5)
