"""Tenant API keys: publishable ``pk_…`` and secret ``sk_…``, stored as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tuition.models import ApiKey, Tenant

PREFIXES = {"publishable": "pk_", "secret": "sk_"}


@dataclass(frozen=True)
class IssuedKeys:
    """Both keys of a tenant, in clear text: shown once, then only their hashes remain."""

    publishable: str
    secret: str


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def generate(kind: str) -> str:
    return PREFIXES[kind] + secrets.token_urlsafe(24)


def add_key(session: Session, tenant: Tenant, kind: str, raw: str | None = None) -> str:
    """Store a new key of ``kind`` for ``tenant``; returns the clear value."""
    raw = raw or generate(kind)
    if not raw.startswith(PREFIXES[kind]):
        raise ValueError(f"a {kind} key starts with {PREFIXES[kind]}")
    session.add(ApiKey(
        tenant_id=tenant.id, kind=kind, key_hash=hash_key(raw), hint=raw[-4:],
        public_value=raw if kind == "publishable" else None,
    ))
    return raw


def issue_keys(session: Session, tenant: Tenant, publishable: str | None = None) -> IssuedKeys:
    return IssuedKeys(
        publishable=add_key(session, tenant, "publishable", publishable),
        secret=add_key(session, tenant, "secret"),
    )


def tenant_for_key(session: Session, raw: str, kind: str) -> Tenant | None:
    """The tenant owning the live key ``raw`` of ``kind``, or None."""
    if not raw.startswith(PREFIXES[kind]) or len(raw) > 200:
        return None
    # The tenant's plugins come in the same round trip (every request needs them).
    return session.scalars(
        select(Tenant)
        .join(ApiKey, ApiKey.tenant_id == Tenant.id)
        .where(ApiKey.key_hash == hash_key(raw), ApiKey.kind == kind,
               ApiKey.revoked_at.is_(None))
        .options(joinedload(Tenant.plugins))
    ).unique().first()
