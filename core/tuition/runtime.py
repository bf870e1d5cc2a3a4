"""The Tuition runtime: settings, database, plugins and jobs of one application."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from tuition import __version__
from tuition.config import Settings
from tuition.db import make_engine, make_sessionmaker, tenant_session
from tuition.jobs import JobRunner
from tuition.models import Tenant
from tuition.plugins import PluginRegistry, TenantHooks

log = logging.getLogger("tuition.hooks")


class Tuition:
    """Everything one application needs, without Flask: the API, the CLI and the job
    worker each build one from :class:`~tuition.config.Settings`."""

    def __init__(self, settings: Settings | None = None) -> None:
        import tuition.services.payment_events  # noqa: F401 - registers its job handlers
        from tuition.builtin import BUILTIN_PLUGINS

        self.settings = settings or Settings.from_env()
        self.engine = make_engine(self.settings.database_url)
        self.sessions = make_sessionmaker(self.engine)
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
        self.jobs = JobRunner(self)
        self.cache: dict[str, Any] = {}

    def session(self, tenant_id: str | None = None) -> Session:
        """A new session; with ``tenant_id`` it only sees and changes that tenant's rows."""
        return tenant_session(self.sessions, tenant_id)

    def hooks(self, tenant: Tenant) -> TenantHooks:
        """The hook caller holding only the plugins ``tenant`` enabled."""
        return self.plugins.hooks_for(tenant.id, tenant.config_version, tenant.enabled_plugins())

    def close(self) -> None:
        self.engine.dispose()
