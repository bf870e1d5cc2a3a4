"""Idempotency keys for every unsafe request, per credential (replay, reuse, in use).

The first request with a key claims it (a committed row without an answer), runs, and its
answer is stored; the same key with the same request replays that answer for the window
(24 h); with another request it is refused (``idempotency_key_reused``); while the first still
runs, a duplicate waits a moment and then gets ``idempotency_key_in_use``. Answers are kept
encrypted with a key derived from the application's secret key, since some are shown only once
(a new secret key). Nothing here knows HTTP frameworks: :mod:`tuition.api.idempotency` is
the glue.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Engine, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from tuition.db import utcnow
from tuition.models import IdempotencyKey
from tuition.plugin_api import Conflict, TuitionError, ValidationFailed

MAX_KEY_LENGTH = 255
#: A claim still without an answer after this long was left by a process that died
#: mid-request: the key is free again (the services' own guards stop a double effect).
ABANDONED_AFTER = timedelta(seconds=60)
_TABLE = cast(Table, IdempotencyKey.__table__)


@dataclass(frozen=True)
class Claim:
    """A fresh claim: run the request, then :meth:`IdempotencyStore.complete` or release it."""

    id: int


@dataclass(frozen=True)
class Replay:
    """The stored answer of the first request with this key."""

    status: int
    headers: dict[str, str]
    body: bytes


def credential_of(*secrets: str) -> str | None:
    """A stable hash of the caller's credentials (key, token), or None when there are none."""
    present = [secret.strip() for secret in secrets]
    if not any(present):
        return None
    return hashlib.sha256("\n".join(present).encode()).hexdigest()


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests "the same": method, path with query, and body (JSON compared
    by value, so key order and white space do not matter)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = body
    digest = hashlib.sha256(f"{method.upper()} {path}\n".encode())
    digest.update(canonical)
    return digest.hexdigest()


def check_key(key: str) -> None:
    """Refuse a key that is empty, too long or not printable ASCII."""
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise ValidationFailed(
            {"Idempotency-Key": [f"Use 1 to {MAX_KEY_LENGTH} printable ASCII characters."]}
        )


class IdempotencyStore:
    """Claims, answers and replays of idempotency keys, each in a short transaction of its
    own on ``engine`` (never the request's: a duplicate must see the claim at once)."""

    def __init__(
        self, engine: Engine, secret_key: str, window: timedelta, wait_seconds: float = 2.0
    ) -> None:
        self.engine, self.window, self.wait_seconds = engine, window, wait_seconds
        digest = hashlib.sha256(b"tuition.idempotency\0" + secret_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def claim(self, credential: str, key: str, request_hash: str) -> Claim | Replay:
        """Claim ``key`` for this request, or return the answer to replay.

        Raises ``idempotency_key_reused`` (422) when the key came with another request, and
        ``idempotency_key_in_use`` (409) when the first request is still running after
        ``wait_seconds``."""
        check_key(key)
        deadline = time.monotonic() + self.wait_seconds
        while True:
            outcome = self._try_claim(credential, key, request_hash)
            if outcome is not None:
                return outcome
            if time.monotonic() >= deadline:
                raise Conflict(
                    "A request with this Idempotency-Key is in progress; retry in a moment.",
                    code="idempotency_key_in_use",
                )
            time.sleep(0.05)

    def _try_claim(self, credential: str, key: str, request_hash: str) -> Claim | Replay | None:
        now = utcnow()
        try:
            with self.engine.begin() as conn:
                result = conn.execute(
                    insert(_TABLE).values(
                        credential=credential, key=key, request_hash=request_hash, created_at=now
                    )
                )
                inserted = result.inserted_primary_key
                assert inserted is not None
                return Claim(int(inserted[0]))
        except IntegrityError:
            pass
        with self.engine.begin() as conn:
            row = conn.execute(
                select(_TABLE).where(_TABLE.c.credential == credential, _TABLE.c.key == key)
            ).first()
            stale = row is not None and (
                row.created_at < now - self.window
                or (row.status is None and row.created_at < now - ABANDONED_AFTER)
            )
            if row is not None and stale:
                conn.execute(delete(_TABLE).where(_TABLE.c.id == row.id))
        if row is None or stale:  # gone meanwhile, or expired, or abandoned: claim again
            return self._try_claim(credential, key, request_hash)
        if row.request_hash != request_hash:
            raise TuitionError(
                "This Idempotency-Key was used with another request; use a new "
                "key for a new request.",
                code="idempotency_key_reused",
                status=422,
            )
        if row.status is None:
            return None  # still running: wait
        try:
            body = self._fernet.decrypt(row.body or b"")
        except InvalidToken:  # the secret key changed since: the answer cannot be shown
            raise Conflict(
                "The first answer to this Idempotency-Key cannot be replayed; use a new key.",
                code="idempotency_key_in_use",
            ) from None
        return Replay(int(row.status), dict(row.headers or {}), body)

    def complete(self, claim: Claim, status: int, headers: dict[str, str], body: bytes) -> None:
        """Store the answer of a claimed request, encrypted."""
        with self.engine.begin() as conn:
            conn.execute(
                update(_TABLE)
                .where(_TABLE.c.id == claim.id)
                .values(status=status, headers=headers, body=self._fernet.encrypt(body))
            )

    def release(self, claim: Claim) -> None:
        """Forget a claim whose request failed on our side, so a retry runs again."""
        with self.engine.begin() as conn:
            conn.execute(delete(_TABLE).where(_TABLE.c.id == claim.id))


def purge_expired(engine: Engine, window: timedelta, now: datetime | None = None) -> int:
    """Drop the keys whose window has ended (their stored answers with them)."""
    cutoff = (now or utcnow()) - window
    with engine.begin() as conn:
        result: Any = conn.execute(delete(_TABLE).where(_TABLE.c.created_at < cutoff))
        return int(result.rowcount or 0)
