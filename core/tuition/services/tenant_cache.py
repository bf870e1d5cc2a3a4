"""The tenant of a publishable key, cached in each process.

Every storefront request names its tenant by key. Loading the tenant with its plugins is an
ORM query; this cache keeps a read-only copy per key hash and checks on each request, for
one cheap round trip, that nothing about the tenant changed since:

- **With Redis** (``TUITION_REDIS_URL``), a commit that wrote a tenant, one of its plugins
  or one of its keys increments an epoch in Redis right after the commit; a request reads
  the epoch (one ``GET``) and reloads when it moved. A change is seen by every process on
  its next request. If the increment is lost (the process died between its commit and the
  increment, or Redis was unreachable), the entry still expires after
  ``TUITION_TENANT_CACHE_SECONDS``.
- **Without Redis**, a request reads the tenant's ``config_version`` and the key's
  liveness in one small query instead of loading the tenant: a plugin or tenant change
  bumps the version, a revoked or expired key answers nothing.

Entries are copies no session owns: services read them (``id``, ``slug``, plugins and
settings) and must not change them; admin requests load the tenant from the database.

With Redis, the student behind each of Tuition's own tokens is kept too (its row, for the
token-version check of "log out everywhere" and for the views): a commit that changed or
deleted a student moves the same epoch, so a revoked token is refused by every process on
its next request (at worst after ``TUITION_TENANT_CACHE_SECONDS`` if the increment was
lost). Each request gets its own copy, merged into its session without a query. Without
Redis students are read from the database: checking a version would cost the same round
trip as loading the row.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, joinedload, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.session import make_transient_to_detached

from tuition.db import across_tenants, utcnow
from tuition.models import ApiKey, Student, Tenant, TenantPlugin
from tuition.services import keys, tenants

log = logging.getLogger("tuition.tenant_cache")

#: The most entries one process keeps (one per live publishable key it has seen).
MAX_ENTRIES = 10_000
_CHANGED = "tenant_cache_changed"
#: The epoch a transaction read (``session.info``): one ``GET`` for the tenant and the
#: student of a request; forgotten at its end.
_EPOCH_READ = "tenant_cache_epoch"
_TRACKED = (Tenant, TenantPlugin, ApiKey)
#: A new student changes nothing cached; a changed or deleted one does.
_TRACKED_CHANGES = (Student,)


@dataclass(frozen=True)
class _Loaded:
    """What a lookup found: the tenant with its plugins and, for a key, the key's id and
    end of life (None: until revoked)."""

    tenant: Tenant
    key_id: str | None = None
    key_expires_at: datetime | None = None


@dataclass(frozen=True)
class _StudentEntry:
    student: Student
    epoch: str
    loaded_at: float


@dataclass(frozen=True)
class _Entry:
    tenant: Tenant
    key_id: str | None
    key_expires_at: datetime | None
    version: int
    epoch: str | None
    loaded_at: float


class RedisEpoch:
    """A counter in Redis that every tenant change increments (after its commit)."""

    def __init__(self, url: str, name: str, *, retry_after: float = 5.0) -> None:
        self.url = url
        self.name = name
        self.retry_after = retry_after
        self._client: Any = None
        self._down_until = 0.0

    def _redis(self) -> Any:
        if self._client is None:
            from redis import Redis

            self._client = Redis.from_url(self.url, socket_timeout=0.5, socket_connect_timeout=0.5)
        return self._client

    def read(self) -> str | None:
        """The current epoch; None while Redis cannot be reached (nothing is cached then)."""
        if time.monotonic() < self._down_until:
            return None
        try:
            value = self._redis().get(self.name)
        except Exception:
            self._down(f"reading {self.name}")
            return None
        return value.decode() if value is not None else "0"

    def bump(self) -> None:
        try:
            self._redis().incr(self.name)
        except Exception:
            self._down(f"incrementing {self.name}")

    def _down(self, doing: str) -> None:
        self._down_until = time.monotonic() + self.retry_after
        log.warning(
            "tenant cache: Redis failed %s; tenants are read from the database meanwhile",
            doing,
            exc_info=True,
        )


class TenantCache:
    """Publishable key (or slug, for webhooks; or id, for jobs) → tenant with its plugins,
    per process; see the module."""

    def __init__(
        self,
        *,
        ttl_seconds: float,
        epoch: RedisEpoch | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl_seconds
        self.epoch = epoch
        self.clock = clock
        self._entries: dict[tuple[str, str], _Entry] = {}
        self._students: dict[tuple[str, str], _StudentEntry] = {}
        self._lock = threading.Lock()
        self._local_epoch = 0

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    def watch(self, factory: sessionmaker[Session]) -> None:
        """Count a commit of ``factory``'s sessions that wrote a tenant, plugin or key as a
        change: this process forgets its entries at once, the others through the epoch."""
        event.listen(factory, "after_flush", self._after_flush)
        event.listen(factory, "after_commit", self._after_commit)
        event.listen(factory, "after_soft_rollback", self._after_rollback)

    def _after_flush(self, session: Session, _context: Any) -> None:
        if (
            any(
                isinstance(row, _TRACKED)
                for rows in (session.new, session.dirty, session.deleted)
                for row in rows
            )
            or any(
                isinstance(row, _TRACKED_CHANGES) and session.is_modified(row)
                for row in session.dirty
            )
            or any(isinstance(row, _TRACKED_CHANGES) for row in session.deleted)
        ):
            session.info[_CHANGED] = True

    @staticmethod
    def mark_changed(session: Session) -> None:
        """Count ``session``'s next commit as a change of what is cached: for writes the
        ORM does not see (a Core ``UPDATE`` of a tenant, key or student)."""
        session.info[_CHANGED] = True

    def _after_commit(self, session: Session) -> None:
        session.info.pop(_EPOCH_READ, None)
        if session.info.pop(_CHANGED, False):
            self.changed()

    def _after_rollback(self, session: Session, _previous: Any) -> None:
        session.info.pop(_EPOCH_READ, None)
        session.info.pop(_CHANGED, None)

    def _epoch(self, session: Session) -> str | None:
        """Redis's epoch as this transaction first read it (None without Redis or while it
        cannot be reached)."""
        if self.epoch is None:
            return None
        if _EPOCH_READ in session.info:
            read: str | None = session.info[_EPOCH_READ]
            return read
        epoch = self.epoch.read()
        session.info[_EPOCH_READ] = epoch
        return epoch

    def changed(self) -> None:
        """Forget every entry here and tell the other processes (a tenant changed)."""
        with self._lock:
            self._local_epoch += 1
            self._entries.clear()
            self._students.clear()
        if self.epoch is not None:
            self.epoch.bump()

    def find(self, session: Session, raw: str, kind: str) -> tuple[Tenant, str] | None:
        """The tenant owning the live key ``raw`` and the key's id, or None; ``session``
        must look across tenants (it reads the key)."""
        if not self.enabled or not raw.startswith(keys.PREFIXES[kind]) or len(raw) > 200:
            return keys.find_key(session, raw, kind)
        key_hash = keys.hash_key(raw)

        def load() -> _Loaded | None:
            found = keys.find_live_key(session, raw, kind)
            return _Loaded(found.tenant, found.key_id, found.expires_at) if found else None

        entry = self._lookup(
            session,
            (kind, key_hash),
            load=load,
            version=lambda: session.scalar(
                select(Tenant.config_version)
                .join(ApiKey, ApiKey.tenant_id == Tenant.id)
                .where(ApiKey.key_hash == key_hash, ApiKey.kind == kind, keys.live())
            ),
        )
        if entry is None or entry.key_id is None:
            return None
        return entry.tenant, entry.key_id

    def by_slug(self, session: Session, slug: str) -> Tenant | None:
        """The tenant called ``slug`` with its plugins, and ``session`` scoped to it from
        now on; None when there is none (as :func:`tuition.services.tenants.enter_by_slug`,
        for callers named by a URL: provider webhooks)."""
        if not self.enabled:
            return tenants.enter_by_slug(session, slug)

        def load() -> _Loaded | None:
            with across_tenants(session):
                tenant = tenants.tenant_by_slug(session, slug)
            return _Loaded(tenant) if tenant is not None else None

        entry = self._lookup(
            session,
            ("slug", slug),
            load=load,
            version=lambda: session.scalar(
                select(Tenant.config_version).where(Tenant.slug == slug)
            ),
        )
        if entry is None:
            return None
        session.info["tenant_id"] = entry.tenant.id
        return entry.tenant

    def by_id(self, session: Session, tenant_id: str) -> Tenant | None:
        """The tenant ``tenant_id`` with its plugins (for jobs, whose session is scoped to
        it already); None when it is gone."""
        if not self.enabled:
            return session.get(Tenant, tenant_id, options=[joinedload(Tenant.plugins)])

        def load() -> _Loaded | None:
            tenant = session.get(Tenant, tenant_id, options=[joinedload(Tenant.plugins)])
            return _Loaded(tenant) if tenant is not None else None

        entry = self._lookup(
            session,
            ("id", tenant_id),
            load=load,
            version=lambda: session.scalar(
                select(Tenant.config_version).where(Tenant.id == tenant_id)
            ),
        )
        return entry.tenant if entry is not None else None

    def student(self, session: Session, tenant_id: str, student_id: str) -> Student | None:
        """The student ``student_id`` of ``tenant_id`` in ``session`` (no query while this
        process holds a fresh copy), or None when there is none."""
        if not self.enabled or self.epoch is None:
            return _student_of(session, tenant_id, student_id)
        cache_key = (tenant_id, student_id)
        entry = self._students.get(cache_key)
        epoch = self._epoch(session)
        if (
            entry is not None
            and epoch is not None
            and entry.epoch == epoch
            and self.clock() - entry.loaded_at < self.ttl
        ):
            return session.merge(entry.student, load=False)
        local_epoch = self._local_epoch
        student = _student_of(session, tenant_id, student_id)
        if student is None or epoch is None or session.is_modified(student):
            return student
        copy = Student(**{c.key: getattr(student, c.key) for c in Student.__table__.columns})
        make_transient_to_detached(copy)
        with self._lock:
            if local_epoch == self._local_epoch:
                if len(self._students) >= MAX_ENTRIES:
                    self._students.clear()
                self._students[cache_key] = _StudentEntry(copy, epoch, self.clock())
        return student

    def _lookup(
        self,
        session: Session,
        cache_key: tuple[str, str],
        *,
        load: Callable[[], _Loaded | None],
        version: Callable[[], int | None],
    ) -> _Entry | None:
        """The fresh entry of ``cache_key``, loaded (and kept) when it has none; None when
        ``load`` finds nothing."""
        entry = self._entries.get(cache_key)
        epoch = self._epoch(session)
        if entry is not None and self._fresh(entry, epoch, version):
            return entry
        local_epoch = self._local_epoch
        found = load()
        if found is None:
            self._entries.pop(cache_key, None)
            return None
        entry = _Entry(
            tenant=detached_copy(found.tenant),
            key_id=found.key_id,
            key_expires_at=found.key_expires_at,
            version=found.tenant.config_version,
            epoch=epoch,
            loaded_at=self.clock(),
        )
        if self.epoch is None or epoch is not None:  # Redis down: keep nothing
            with self._lock:
                if local_epoch == self._local_epoch:  # no change here while we loaded
                    if len(self._entries) >= MAX_ENTRIES:
                        self._entries.clear()
                    self._entries[cache_key] = entry
        return entry

    def _fresh(self, entry: _Entry, epoch: str | None, version: Callable[[], int | None]) -> bool:
        if self.clock() - entry.loaded_at >= self.ttl:
            return False
        if entry.key_expires_at is not None and entry.key_expires_at <= utcnow():
            return False
        if self.epoch is not None:
            return epoch is not None and epoch == entry.epoch
        return version() == entry.version


def _student_of(session: Session, tenant_id: str, student_id: str) -> Student | None:
    student = session.get(Student, student_id)
    return student if student is not None and student.tenant_id == tenant_id else None


def detached_copy(tenant: Tenant) -> Tenant:
    """A copy of ``tenant`` and its plugins that belongs to no session."""
    copy = Tenant(**{c.key: getattr(tenant, c.key) for c in Tenant.__table__.columns})
    plugins = [
        TenantPlugin(**{c.key: getattr(p, c.key) for c in TenantPlugin.__table__.columns})
        for p in tenant.plugins
    ]
    for row in (copy, *plugins):
        make_transient_to_detached(row)
    set_committed_value(copy, "plugins", plugins)
    for plugin in plugins:
        set_committed_value(plugin, "tenant", copy)
    return copy
