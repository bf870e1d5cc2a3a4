"""The Tuition runtime: settings, database, plugins and jobs of one application."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from tuition import __version__
from tuition.builtin import BUILTIN_PLUGINS
from tuition.config import Settings
from tuition.db import make_bookkeeping_engine, make_engine, make_sessionmaker, tenant_session
from tuition.jobs import JobRunner
from tuition.plugin_api.errors import TuitionError
from tuition.plugin_api.records import TenantRecord
from tuition.plugins import PluginRegistry, TenantHooks
from tuition.services import instance_secrets, live, payment_events
from tuition.services.aws_secrets import AwsSecretsManager
from tuition.services.live import LiveBus
from tuition.services.plugin_services import PluginServices
from tuition.services.secret_store import SecretStore
from tuition.services.tenant_cache import RedisEpoch, TenantCache

log = logging.getLogger("tuition.hooks")
runtime_log = logging.getLogger("tuition.runtime")


class Tuition:
    """Everything one application needs, without Flask: the API, the CLI and the job
    worker each build one from :class:`~tuition.config.Settings`."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.engine = make_engine(self.settings.database_url)
        self.sessions = make_sessionmaker(self.engine)
        #: Autocommit, asynchronous-commit connections for the job outbox's bookkeeping
        #: (PostgreSQL; None on SQLite, where the main engine does it).
        self.bookkeeping_engine = make_bookkeeping_engine(self.settings.database_url)
        self.plugins = PluginRegistry(
            core_version=__version__,
            builtins=BUILTIN_PLUGINS,
            extra=self.settings.extra_plugins,
            load_entry_points=self.settings.load_entry_points,
            blocked=self.settings.disabled_plugins,
            trace=(lambda message: log.info(message.rstrip()))
            if self.settings.trace_hooks
            else None,
        )
        self.jobs = JobRunner(self, batched=[payment_events.PROCESS_EVENT_JOB])
        #: Wakes the live event streams of every process (services/live.py).
        self.live = LiveBus(self.settings.redis_url, self.settings.job_queue)
        live.watch_commits(self.sessions)
        self.services = PluginServices(self)
        #: Secret references of plugin settings (``env:``, ``aws-sm:``, plugins' stores),
        #: with this process's cache of the stores' values.
        self.secrets = SecretStore(
            [
                AwsSecretsManager(self.settings.aws_secrets_allowed),
                *self.plugins.secret_resolvers(),
            ],
            ttl_seconds=self.settings.secrets_cache_seconds,
            env_prefix=self.settings.secret_env_prefix,
        )
        self.cache: dict[str, Any] = {}
        #: The tenant of each publishable key, kept by this process (see tenant_cache).
        self.tenants = TenantCache(
            ttl_seconds=self.settings.tenant_cache_seconds,
            epoch=RedisEpoch(self.settings.redis_url, f"{self.settings.job_queue}:tenants-epoch")
            if self.settings.redis_url
            else None,
        )
        self.tenants.watch(self.sessions)
        self._secret_key_lock = threading.Lock()
        self._secret_key_ready = not self.settings.ephemeral_secret_key

    @property
    def secret_key(self) -> str:
        """The key that signs student tokens (and that anything else deriving a key from
        the application's secret must use): ``TUITION_SECRET_KEY``, else the key stored in
        the database, shared by every process. 503 when neither can be had."""
        if not self.ensure_secret_key():
            raise TuitionError(
                "The signing key cannot be read from the database.", code="unavailable", status=503
            )
        return self.settings.secret_key

    def ensure_secret_key(self) -> bool:
        """Make ``settings.secret_key`` the installation's key; True once it is.

        Without ``TUITION_SECRET_KEY`` the first process stores a random key in the
        database and every process (API workers, job workers, sweeps, the next start) reads
        it from there. False, leaving this process's own key in place, while the database
        cannot be read or is not migrated; the next call tries again. Called before every
        request and job, so code reading ``settings.secret_key`` sees the shared key.
        """
        if self._secret_key_ready:
            return True
        with self._secret_key_lock:
            if self._secret_key_ready:
                return True
            try:
                stored = instance_secrets.load_or_create(
                    self.engine, instance_secrets.SECRET_KEY, lambda: secrets.token_urlsafe(32)
                )
            except Exception:  # the database is down: try again on the next call
                runtime_log.warning(
                    "the signing key could not be read from the database", exc_info=True
                )
                return False
            if stored is None:
                return False
            self.settings.secret_key = stored
            self.settings.ephemeral_secret_key = False
            self._secret_key_ready = True
            return True

    def secret(self, value: Any, *, refresh: bool = False) -> Any:
        """Resolve a setting's secret reference (``env:NAME``, ``aws-sm:…``, a plugin
        store's), cached; ``refresh`` fetches a store's secret anew. Other values pass
        through. 503 ``secret_unavailable`` when it cannot be had."""
        return self.secrets.resolve(value, refresh=refresh)

    def session(self, tenant_id: str | None = None) -> Session:
        """A new session; with ``tenant_id`` it only sees and changes that tenant's rows."""
        return tenant_session(self.sessions, tenant_id)

    @contextmanager
    def transaction(self, tenant_id: str | None = None) -> Iterator[Session]:
        """A session whose transaction commits when the block ends normally and rolls back
        when it raises (the boundary for work outside requests and jobs)."""
        with self.session(tenant_id) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def hooks(self, tenant: TenantRecord) -> TenantHooks:
        """The hook caller holding only the plugins ``tenant`` enabled."""
        return self.plugins.hooks_for(tenant.id, tenant.config_version, tenant.enabled_plugins())

    def close(self) -> None:
        self.engine.dispose()
        if self.bookkeeping_engine is not None:
            self.bookkeeping_engine.dispose()
