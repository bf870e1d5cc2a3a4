"""Tenant API keys: publishable ``pk_…`` and secret ``sk_…``, stored as SHA-256 hashes.

A key is live until it is revoked (at once) or its ``expires_at`` passes (a rotation with a
grace period). Creating, rotating and revoking a key is audited (``api_key``); the clear
value of a new key is returned once and never stored (but for publishable keys, which are
public anyway).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, joinedload

from tuition.db import new_id, utcnow
from tuition.models import ApiKey, Tenant
from tuition.plugin_api import Conflict, NotFound
from tuition.services import audit

PREFIXES = {"publishable": "pk_", "secret": "sk_"}
KINDS = tuple(PREFIXES)
#: The longest grace period a rotated key may keep working.
MAX_GRACE = timedelta(days=7)


@dataclass(frozen=True)
class IssuedKeys:
    """Both keys of a tenant, in clear text: shown once, then only their hashes remain."""

    publishable: str
    secret: str


@dataclass(frozen=True)
class NewKey:
    """A key just made: its row and its clear value (shown once)."""

    key: ApiKey
    raw: str


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def generate(kind: str) -> str:
    return PREFIXES[kind] + secrets.token_urlsafe(24)


def _new_row(session: Session, tenant: Tenant, kind: str, raw: str | None) -> NewKey:
    raw = raw or generate(kind)
    if not raw.startswith(PREFIXES[kind]):
        raise ValueError(f"a {kind} key starts with {PREFIXES[kind]}")
    key = ApiKey(
        id=new_id("key"),
        tenant_id=tenant.id,
        kind=kind,
        key_hash=hash_key(raw),
        hint=raw[-4:],
        public_value=raw if kind == "publishable" else None,
        created_at=utcnow(),
    )
    session.add(key)
    return NewKey(key, raw)


def add_key(session: Session, tenant: Tenant, kind: str, raw: str | None = None) -> str:
    """Store a new key of ``kind`` for ``tenant``; returns the clear value."""
    return _new_row(session, tenant, kind, raw).raw


def issue_keys(session: Session, tenant: Tenant, publishable: str | None = None) -> IssuedKeys:
    return IssuedKeys(
        publishable=add_key(session, tenant, "publishable", publishable),
        secret=add_key(session, tenant, "secret"),
    )


def live(now: datetime | None = None) -> ColumnElement[bool]:
    """SQL condition: the key is neither revoked nor expired at ``now``."""
    return and_(
        ApiKey.revoked_at.is_(None),
        or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > (now or utcnow())),
    )


def status(key: ApiKey, now: datetime | None = None) -> str:
    """``active``, ``expiring`` (rotated, live until ``expires_at``), ``expired`` or
    ``revoked``."""
    now = now or utcnow()
    if key.revoked_at is not None:
        return "revoked"
    if key.expires_at is None:
        return "active"
    return "expiring" if key.expires_at > now else "expired"


@dataclass(frozen=True)
class FoundKey:
    """A live key's tenant (with its plugins), id and end of life (None: until revoked)."""

    tenant: Tenant
    key_id: str
    expires_at: datetime | None


def find_live_key(session: Session, raw: str, kind: str) -> FoundKey | None:
    """The live key ``raw`` of ``kind`` with its tenant, or None.

    One indexed query (the hash is unique); the tenant's plugins come in the same round
    trip (every request needs them).
    """
    if not raw.startswith(PREFIXES[kind]) or len(raw) > 200:
        return None
    row = (
        session.execute(
            select(Tenant, ApiKey.id, ApiKey.expires_at)
            .join(ApiKey, ApiKey.tenant_id == Tenant.id)
            .where(ApiKey.key_hash == hash_key(raw), ApiKey.kind == kind, live())
            .options(joinedload(Tenant.plugins))
        )
        .unique()
        .first()
    )
    return FoundKey(row[0], row[1], row[2]) if row is not None else None


def find_key(session: Session, raw: str, kind: str) -> tuple[Tenant, str] | None:
    """The tenant owning the live key ``raw`` of ``kind`` and the key's id, or None."""
    found = find_live_key(session, raw, kind)
    return (found.tenant, found.key_id) if found is not None else None


def tenant_for_key(session: Session, raw: str, kind: str) -> Tenant | None:
    """The tenant owning the live key ``raw`` of ``kind``, or None."""
    found = find_key(session, raw, kind)
    return found[0] if found is not None else None


def list_keys() -> Select[tuple[ApiKey]]:
    """Every key of the session's tenant (revoked and expired ones too)."""
    return select(ApiKey)


def get_key(session: Session, tenant: Tenant, key_id: str) -> ApiKey:
    """The key ``key_id`` of ``tenant``; 404 for a key of another tenant or none."""
    key = session.scalar(select(ApiKey).where(ApiKey.id == key_id, ApiKey.tenant_id == tenant.id))
    if key is None:
        raise NotFound(f"No key {key_id!r}.")
    return key


def _described(key: ApiKey, **extra: Any) -> dict[str, Any]:
    """What the audit log keeps of a key: never its value."""
    return {
        "kind": key.kind,
        "last4": key.hint,
        "expires_at": key.expires_at.isoformat() if key.expires_at else None,
        "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
        **extra,
    }


def _by(using_key_id: str | None) -> dict[str, Any]:
    return {"by_key": using_key_id} if using_key_id else {}


def create_key(
    session: Session, tenant: Tenant, kind: str, *, using_key_id: str | None = None
) -> NewKey:
    """A new live key of ``kind`` for ``tenant`` (audited; the caller commits)."""
    new = _new_row(session, tenant, kind, None)
    audit.record(
        session,
        tenant.id,
        "api_key",
        new.key.id,
        "created",
        None,
        _described(new.key, **_by(using_key_id)),
    )
    return new


def rotate_key(
    session: Session,
    tenant: Tenant,
    key_id: str,
    *,
    grace: timedelta,
    using_key_id: str | None = None,
    now: datetime | None = None,
) -> NewKey:
    """Replace a live key with a new one of its kind; the old one keeps working for
    ``grace`` (0 to 7 days; 0: it stops at once). 409 ``key_not_live`` for a key that is
    revoked or expired already."""
    now = now or utcnow()
    if not timedelta(0) <= grace <= MAX_GRACE:
        raise ValueError("grace is between 0 and 7 days")
    old = get_key(session, tenant, key_id)
    if status(old, now) in ("revoked", "expired"):
        raise Conflict(
            f"Key {key_id!r} is {status(old, now)}; create a new key instead.", code="key_not_live"
        )
    before = _described(old)
    ends = now + grace
    old.expires_at = min(old.expires_at, ends) if old.expires_at else ends
    new = _new_row(session, tenant, old.kind, None)
    audit.record(
        session,
        tenant.id,
        "api_key",
        old.id,
        "rotated",
        before,
        _described(old, replaced_by=new.key.id, **_by(using_key_id)),
    )
    audit.record(
        session,
        tenant.id,
        "api_key",
        new.key.id,
        "created",
        None,
        _described(new.key, replaces=old.id, **_by(using_key_id)),
    )
    return new


def revoke_key(
    session: Session,
    tenant: Tenant,
    key_id: str,
    *,
    using_key_id: str | None = None,
    now: datetime | None = None,
) -> ApiKey:
    """Stop a key at once (idempotent; audited once).

    ``using_key_id`` is the secret key the request is made with: revoking it is refused
    (409 ``last_secret_key``) unless another secret key without an expiry stays live, so an
    owner cannot lock themselves out.
    """
    now = now or utcnow()
    key = get_key(session, tenant, key_id)
    if key.revoked_at is not None:
        return key
    if key.id == using_key_id:
        others = session.scalar(
            select(func.count())
            .select_from(ApiKey)
            .where(
                ApiKey.tenant_id == tenant.id,
                ApiKey.kind == "secret",
                ApiKey.id != key.id,
                ApiKey.expires_at.is_(None),
                live(now),
            )
        )
        if not others:
            raise Conflict(
                "This is the last secret key of the site and the one this request "
                "uses: create or rotate a secret key first.",
                code="last_secret_key",
            )
    before = _described(key)
    key.revoked_at = now
    audit.record(
        session,
        tenant.id,
        "api_key",
        key.id,
        "revoked",
        before,
        _described(key, **_by(using_key_id)),
    )
    return key
