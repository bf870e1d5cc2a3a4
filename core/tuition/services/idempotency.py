"""Idempotency keys: the same key and body replays the first response for 24 hours."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from tuition.db import tenant_session, utcnow
from tuition.errors import Conflict, TuitionError, ValidationFailed
from tuition.models import IdempotencyRecord

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict[str, Any]


def request_fingerprint(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


class IdempotencyGuard:
    """Claims a key before the work, stores the response after it, replays it later.

    The claim commits in its own transaction so a concurrent request with the same key sees
    it and gets ``idempotency_key_in_use`` instead of doing the work twice.
    """

    def __init__(self, factory: sessionmaker[Session], tenant_id: str, ttl: timedelta) -> None:
        self.factory, self.tenant_id, self.ttl = factory, tenant_id, ttl

    def claim(self, scope: str, key: str, fingerprint: str) -> StoredResponse | int:
        """Return the stored response to replay, or the id of a fresh claim to complete."""
        if not key or len(key) > MAX_KEY_LENGTH:
            raise ValidationFailed({"Idempotency-Key": [
                f"Use 1 to {MAX_KEY_LENGTH} characters."]})
        with tenant_session(self.factory, self.tenant_id) as session:
            session.execute(delete(IdempotencyRecord).where(
                IdempotencyRecord.scope == scope, IdempotencyRecord.key == key,
                IdempotencyRecord.created_at < utcnow() - self.ttl))
            record = IdempotencyRecord(tenant_id=self.tenant_id, scope=scope, key=key,
                                       request_hash=fingerprint)
            session.add(record)
            try:
                session.commit()
                return record.id
            except IntegrityError:
                session.rollback()
            existing = session.scalar(select(IdempotencyRecord).where(
                IdempotencyRecord.scope == scope, IdempotencyRecord.key == key))
        if existing is None:  # deleted meanwhile by its failing owner: let the client retry
            raise Conflict("A request with this Idempotency-Key is in progress.",
                           code="idempotency_key_in_use")
        if existing.request_hash != fingerprint:
            raise TuitionError(
                "This Idempotency-Key was used with a different request body.",
                code="idempotency_key_reused", status=422)
        if existing.response_status is None:
            raise Conflict("A request with this Idempotency-Key is in progress.",
                           code="idempotency_key_in_use")
        return StoredResponse(existing.response_status, existing.response_body or {})

    def complete(self, record_id: int, status: int, body: dict[str, Any]) -> None:
        with tenant_session(self.factory, self.tenant_id) as session, session.begin():
            session.execute(update(IdempotencyRecord).where(IdempotencyRecord.id == record_id)
                            .values(response_status=status, response_body=body))

    def release(self, record_id: int) -> None:
        """Forget a claim whose request failed unexpectedly, so a retry can run."""
        with tenant_session(self.factory, self.tenant_id) as session, session.begin():
            session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))
