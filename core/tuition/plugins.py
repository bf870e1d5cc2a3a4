"""Plugin discovery, registration results per plugin, and per-tenant hook callers."""

from __future__ import annotations

import importlib.metadata
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, cast

import pluggy
from marshmallow import Schema
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version
from sqlalchemy.orm import Session

from tuition.config import CORE_SECRET_SCHEMES, VARIABLES, SettingsError
from tuition.plugin_api import (
    ACTIONABLE_ENROLL_STATES,
    ENROLL_STATES,
    Capacity,
    CatalogContext,
    ConfigurationError,
    DomainEvent,
    EnrollmentChange,
    EnrollmentContext,
    EnrollStateInfo,
    Host,
    JobHandler,
    MailAttachment,
    OrderTax,
    Outcome,
    PaymentProvider,
    PluginInfo,
    PriceOffer,
    PricingModel,
    Problem,
    QuoteContext,
    Recommendation,
    RecurringEvent,
    SecretResolver,
    StudentRecord,
    TenantRecord,
)
from tuition.plugin_api import hooks as hookspecs
from tuition.services.events import CORE_EVENT_TYPES

ENTRY_POINT_GROUP = "tuition.plugins"
log = logging.getLogger(__name__)


@dataclass
class LoadedPlugin:
    """A registered plugin with what it declared and registered."""

    name: str
    module: Any
    info: PluginInfo
    version: str
    builtin: bool
    settings_schema: type[Schema] | None = None
    attributes_schema: type[Schema] | None = None
    pricing_models: list[PricingModel] = field(default_factory=list)
    payment_providers: list[type[PaymentProvider]] = field(default_factory=list)
    migrations: str | None = None
    enrollment_fields: dict[str, Any] = field(default_factory=dict)
    problem_codes: dict[str, str] = field(default_factory=dict)
    event_types: dict[str, str] = field(default_factory=dict)
    enroll_states: list[EnrollStateInfo] = field(default_factory=list)
    job_handlers: dict[str, JobHandler] = field(default_factory=dict)
    secret_resolvers: list[SecretResolver] = field(default_factory=list)

    @property
    def hooks(self) -> list[str]:
        return sorted(
            name
            for name in dir(self.module)
            if name.startswith("tuition_") and callable(getattr(self.module, name, None))
        )


@dataclass(frozen=True)
class RejectedPlugin:
    """A plugin found but not loaded, with the reason (incompatible, failed import, …)."""

    name: str
    version: str
    reason: str


class TenantHooks:
    """Typed, keyword-only wrappers over the dispatch hooks one tenant reaches."""

    def __init__(self, pm: pluggy.PluginManager, enabled: frozenset[str], removed: list[Any]):
        self.enabled = enabled
        self._checks = pm.subset_hook_caller("tuition_enrollment_checks", removed)
        self._before = pm.subset_hook_caller("tuition_before_enrollment", removed)
        self._state = pm.subset_hook_caller("tuition_enroll_state", removed)
        self._recommendations = pm.subset_hook_caller("tuition_recommendations", removed)
        self._after = pm.subset_hook_caller("tuition_after_enrollment", removed)
        self._event = pm.subset_hook_caller("tuition_event", removed)
        self._created = pm.subset_hook_caller("tuition_enrollment_created", removed)
        self._reserved = pm.subset_hook_caller("tuition_seat_reserved", removed)
        self._capacities = pm.subset_hook_caller("tuition_capacities", removed)
        self._prices = pm.subset_hook_caller("tuition_price_offers", removed)
        self._quote = pm.subset_hook_caller("tuition_price_quote", removed)
        self._tax = pm.subset_hook_caller("tuition_order_tax", removed)
        self._attachments = pm.subset_hook_caller("tuition_mail_attachments", removed)
        self._changed = pm.subset_hook_caller("tuition_enrollment_changed", removed)
        self._extensions = pm.subset_hook_caller("tuition_course_extensions", removed)
        self._recurring = pm.subset_hook_caller("tuition_recurring_event", removed)

    def enrollment_checks(self, ctx: EnrollmentContext) -> list[Problem]:
        results = self._checks(ctx=ctx)
        # pluggy calls the last registered first; core's checks are registered first and
        # marked tryfirst so their problems lead.
        return [problem for result in results if result for problem in result]

    def enroll_states(self, ctx: CatalogContext) -> dict[str, str]:
        merged: dict[str, str] = {}
        for overrides in self._state(ctx=ctx):
            for course_id, state in (overrides or {}).items():
                merged.setdefault(course_id, state)
        return merged

    def price_offers(self, ctx: EnrollmentContext) -> list[PriceOffer]:
        return [offer for result in self._prices(ctx=ctx) if result for offer in result]

    def price_quote(self, ctx: QuoteContext) -> list[PriceOffer | Problem]:
        return [item for result in self._quote(ctx=ctx) if result for item in result]

    def before_enrollment(
        self,
        tuition: Host,
        tenant: TenantRecord,
        student: StudentRecord,
        course_slug: str,
        request: Mapping[str, Any],
    ) -> None:
        """Let the enabled plugins prepare an enrollment attempt (no transaction of its
        own yet); nothing is called when none implements the hook."""
        if self._before.get_hookimpls():
            self._before(
                tuition=tuition,
                tenant=tenant,
                student=student,
                course_slug=course_slug,
                request=request,
            )

    def order_tax(
        self, ctx: EnrollmentContext | QuoteContext, amount: int, currency: str
    ) -> OrderTax | None:
        """The first enabled tax plugin's tax on ``amount``, or None (untaxed)."""
        result: OrderTax | None = self._tax(ctx=ctx, amount=amount, currency=currency)
        return result

    def mail_attachments(
        self, tuition: Host, session: Session, tenant: TenantRecord, event: DomainEvent
    ) -> list[MailAttachment]:
        """The files the enabled plugins attach to the mail for ``event``."""
        found = self._attachments(tuition=tuition, session=session, tenant=tenant, event=event)
        return [file for result in found if result for file in result]

    def seat_reserved(self, ctx: EnrollmentContext) -> bool:
        return any(self._reserved(ctx=ctx))

    def capacities(self) -> list[Capacity]:
        """The seat pools of the enabled plugins, in hook order."""
        return [pool for result in self._capacities() if result for pool in result]

    def enrollment_created(self, ctx: EnrollmentContext, outcome: Outcome) -> None:
        self._created(ctx=ctx, outcome=outcome)

    def enrollment_changed(self, change: EnrollmentChange) -> list[Problem]:
        return [problem for result in self._changed(change=change) if result for problem in result]

    def recurring_event(self, event: RecurringEvent) -> str | None:
        """The outcome of the first plugin applying ``event`` (firstresult), or None."""
        return cast("str | None", self._recurring(event=event))

    def course_extensions(self, ctx: CatalogContext) -> dict[str, dict[str, Any]]:
        merged: dict[str, dict[str, Any]] = {}
        for result in self._extensions(ctx=ctx):  # in hook order: the first wins
            for course_id, values in (result or {}).items():
                target = merged.setdefault(course_id, {})
                for key, value in values.items():
                    target.setdefault(key, value)
        return merged

    def recommendations(self, ctx: CatalogContext, limit: int) -> list[Recommendation]:
        return [
            rec
            for result in self._recommendations(ctx=ctx, limit=limit)
            if result
            for rec in result
        ]

    def after_enrollment_plugins(self) -> list[str]:
        return [impl.plugin_name for impl in self._after.get_hookimpls()]

    def event_plugins(self) -> list[str]:
        return [impl.plugin_name for impl in self._event.get_hookimpls()]


class PluginRegistry:
    """Owns the pluggy manager of one application: discovery, validation, tenant callers."""

    def __init__(
        self,
        *,
        core_version: str,
        builtins: Iterable[tuple[str, ModuleType | object]] = (),
        extra: Iterable[tuple[str, ModuleType | object]] = (),
        load_entry_points: bool = True,
        blocked: Iterable[str] = (),
        trace: Callable[[str], None] | None = None,
    ) -> None:
        self.core_version = core_version
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.plugins: dict[str, LoadedPlugin] = {}
        self.rejected: dict[str, RejectedPlugin] = {}
        self._tenant_cache: dict[str, tuple[tuple[int, frozenset[str]], TenantHooks]] = {}
        self._lock = threading.Lock()
        self._extras_schemas: dict[frozenset[str], Schema] = {}
        builtins, extra, blocked = list(builtins), list(extra), list(blocked)
        self._refuse_unknown(blocked, [name for name, _ in [*builtins, *extra]])
        for name in blocked:
            self.pm.set_blocked(name)
        for name, module in builtins:
            self._register(name, module, version=core_version, builtin=True)
        for name, module in extra:
            self._register(name, module, version=getattr(module, "__version__", "0"), builtin=False)
        if load_entry_points:
            self._load_entry_points()
        self._collect_registrations()
        if trace is not None:
            self.pm.trace.root.setwriter(trace)
            self.pm.enable_tracing()

    # -- discovery ------------------------------------------------------------------

    @staticmethod
    def _refuse_unknown(blocked: list[str], registered: list[str]) -> None:
        """A blocked name that is no plugin here is a typo that would leave the plugin it
        meant running: refuse it (:class:`SettingsError` on ``TUITION_DISABLE_PLUGINS``)."""
        if not blocked:
            return
        known = set(registered) | {
            ep.name for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        }
        unknown = [name for name in blocked if name not in known]
        if unknown:
            names = ", ".join(repr(name) for name in unknown)
            what = "is not an installed plugin" if len(unknown) == 1 else "are no installed plugins"
            raise SettingsError.one(
                VARIABLES["disabled_plugins"],
                f"{names} {what} (installed: {', '.join(sorted(known))})",
            )

    def _load_entry_points(self) -> None:
        """Like pluggy's ``load_setuptools_entrypoints``, but a broken or incompatible
        plugin is reported in ``rejected`` instead of stopping the application."""
        for dist in importlib.metadata.distributions():
            for ep in dist.entry_points:
                if ep.group != ENTRY_POINT_GROUP or ep.name in self.plugins:
                    continue
                if self.pm.is_blocked(ep.name):
                    self.rejected[ep.name] = RejectedPlugin(ep.name, dist.version, "blocked")
                    continue
                try:
                    module = ep.load()
                except Exception as exc:  # a broken third-party plugin must not stop core
                    log.exception("plugin %s failed to import", ep.name)
                    self.rejected[ep.name] = RejectedPlugin(
                        ep.name, dist.version, f"import failed: {exc}"
                    )
                    continue
                self._register(ep.name, module, version=dist.version, builtin=False)

    def _register(self, name: str, module: Any, *, version: str, builtin: bool) -> None:
        if self.pm.is_blocked(name):
            self.rejected[name] = RejectedPlugin(name, version, "blocked")
            return
        info = getattr(module, "TUITION_PLUGIN", None)
        if not isinstance(info, PluginInfo):
            info = PluginInfo(title=name)
        problem = self._compatibility_problem(info)
        if problem:
            self.rejected[name] = RejectedPlugin(name, version, problem)
            log.error("plugin %s %s not loaded: %s", name, version, problem)
            return
        try:
            self.pm.register(module, name=name)
        except pluggy.PluginValidationError as exc:
            self.rejected[name] = RejectedPlugin(name, version, f"invalid hooks: {exc}")
            log.error("plugin %s %s not loaded: %s", name, version, exc)
            return
        self.plugins[name] = LoadedPlugin(name, module, info, version, builtin)

    def _compatibility_problem(self, info: PluginInfo) -> str | None:
        try:
            spec = SpecifierSet(info.requires_core)
        except InvalidSpecifier:
            return f"invalid requires_core specifier {info.requires_core!r}"
        if not spec.contains(Version(self.core_version), prereleases=True):
            return f"requires tuition {info.requires_core}, this is {self.core_version}"
        return None

    def _collect_registrations(self) -> None:
        owners: dict[tuple[str, str], str] = {}
        for name, plugin in self.plugins.items():
            plugin.settings_schema = self.call_one("tuition_plugin_settings", name)
            plugin.attributes_schema = self.call_one("tuition_course_attributes", name)
            plugin.pricing_models = list(self.call_one("tuition_pricing_models", name) or [])
            plugin.payment_providers = list(self.call_one("tuition_payment_providers", name) or [])
            plugin.migrations = self.call_one("tuition_migrations", name)
            plugin.enrollment_fields = dict(self.call_one("tuition_enrollment_fields", name) or {})
            plugin.problem_codes = dict(self.call_one("tuition_problem_codes", name) or {})
            plugin.event_types = dict(self.call_one("tuition_event_types", name) or {})
            plugin.enroll_states = list(self.call_one("tuition_enroll_states", name) or [])
            plugin.job_handlers = dict(self.call_one("tuition_job_handlers", name) or {})
            plugin.secret_resolvers = list(self.call_one("tuition_secret_resolvers", name) or [])
            if "course" in plugin.enrollment_fields:
                raise ConfigurationError(
                    f"plugin {name!r} redefines the enrollment field 'course', which core owns"
                )
            registered = (
                [("pricing model", m.name) for m in plugin.pricing_models]
                + [("payment provider", p.name) for p in plugin.payment_providers]
                + [("enrollment field", f) for f in plugin.enrollment_fields]
                + [("enroll state", state.name) for state in plugin.enroll_states]
                + [("job handler", job) for job in plugin.job_handlers]
                + [("secret store scheme", r.scheme) for r in plugin.secret_resolvers]
            )
            for key in registered:
                if key[0] == "secret store scheme" and key[1] in CORE_SECRET_SCHEMES:
                    raise ConfigurationError(
                        f"plugin {name!r} registers the secret store scheme {key[1]!r}, "
                        "which core owns"
                    )
                if key[0] == "enroll state" and key[1] in ENROLL_STATES:
                    raise ConfigurationError(
                        f"plugin {name!r} redeclares core's enroll state {key[1]!r}"
                    )
                if key in owners:
                    raise ConfigurationError(
                        f"duplicate {key[0]} {key[1]!r}: registered by plugins "
                        f"{owners[key]!r} and {name!r}"
                    )
                owners[key] = name
        for name, plugin in self.plugins.items():
            missing = [req for req in plugin.info.requires if req not in self.plugins]
            if missing:
                log.warning(
                    "plugin %s requires plugins that are not installed: %s",
                    name,
                    ", ".join(missing),
                )

    # -- per-plugin calls ------------------------------------------------------------

    def call_one(self, hook_name: str, plugin_name: str, **kwargs: Any) -> Any:
        """Call only ``plugin_name``'s implementation of ``hook_name`` (None if it has none)."""
        caller = getattr(self.pm.hook, hook_name)
        for impl in caller.get_hookimpls():
            if impl.plugin_name == plugin_name:
                return impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
        return None

    def secret_resolvers(self) -> list[SecretResolver]:
        """Every secret store the loaded plugins registered (for every tenant)."""
        return [r for plugin in self.plugins.values() for r in plugin.secret_resolvers]

    def job_handler(self, name: str) -> JobHandler | None:
        """The handler a plugin registered for jobs called ``name`` (``tuition_job_handlers``)."""
        for plugin in self.plugins.values():
            if name in plugin.job_handlers:
                return plugin.job_handlers[name]
        return None

    def blueprints(self) -> list[tuple[str, Any]]:
        """Every registered blueprint with the plugin that registered it."""
        found = []
        for name in self.plugins:
            for blp in self.call_one("tuition_api_blueprints", name) or []:
                found.append((name, blp))
        return found

    # -- lookups ----------------------------------------------------------------------

    @property
    def optional(self) -> list[str]:
        """Names of the plugins a tenant may switch on or off."""
        return [name for name, plugin in self.plugins.items() if not plugin.builtin]

    def pricing_model(self, name: str, enabled: frozenset[str]) -> PricingModel | None:
        """The pricing model ``name`` if a plugin in ``enabled`` (or a built-in) provides it."""
        for plugin in self.plugins.values():
            if plugin.builtin or plugin.name in enabled:
                for model in plugin.pricing_models:
                    if model.name == name:
                        return model
        return None

    def pricing_models(self, enabled: frozenset[str]) -> dict[str, PricingModel]:
        return {
            model.name: model
            for plugin in self.plugins.values()
            if plugin.builtin or plugin.name in enabled
            for model in plugin.pricing_models
        }

    def payment_providers(
        self, enabled: frozenset[str]
    ) -> dict[str, tuple[str, type[PaymentProvider]]]:
        """Providers a tenant with ``enabled`` plugins can use: name → (plugin, class)."""
        return {
            provider.name: (plugin.name, provider)
            for plugin in self.plugins.values()
            if plugin.builtin or plugin.name in enabled
            for provider in plugin.payment_providers
        }

    def event_types(self) -> dict[str, str]:
        """Every domain event type: core's and those the loaded plugins declare."""
        found = dict(CORE_EVENT_TYPES)
        for plugin in self.plugins.values():
            for name, meaning in plugin.event_types.items():
                found.setdefault(name, meaning)
        return found

    def enroll_states(self) -> list[EnrollStateInfo]:
        """The enroll states the loaded plugins declare (besides core's)."""
        return [state for plugin in self.plugins.values() for state in plugin.enroll_states]

    @property
    def actionable_enroll_states(self) -> frozenset[str]:
        """States in which the student can buy or join a course: core's and the plugins'."""
        return ACTIONABLE_ENROLL_STATES | {
            state.name for state in self.enroll_states() if state.actionable
        }

    def enrollment_extras_schema(self, enabled: frozenset[str]) -> Schema:
        """A schema of the extra enrollment fields a tenant with ``enabled`` plugins takes
        (cached per plugin set; unknown keys are refused)."""
        schema = self._extras_schemas.get(enabled)
        if schema is None:
            schema = Schema.from_dict(self.enrollment_fields(enabled), name="EnrollmentExtras")()
            with self._lock:
                self._extras_schemas[enabled] = schema
        return schema

    def enrollment_fields(self, enabled: frozenset[str] | None = None) -> dict[str, Any]:
        """Extra ``POST /v1/enrollments`` fields: of the plugins in ``enabled``, or of every
        plugin when ``enabled`` is None (the OpenAPI document)."""
        return {
            name: fld
            for plugin in self.plugins.values()
            if enabled is None or plugin.builtin or plugin.name in enabled
            for name, fld in plugin.enrollment_fields.items()
        }

    def migration_dirs(self) -> list[str]:
        """Alembic version directories of every loaded plugin that has tables."""
        return [p.migrations for p in self.plugins.values() if p.migrations]

    def hooks_for(self, tenant_id: str, version: int, enabled: frozenset[str]) -> TenantHooks:
        """The tenant's hook caller; cached until its config version or plugin set changes."""
        key = (version, enabled)
        cached = self._tenant_cache.get(tenant_id)
        if cached is not None and cached[0] == key:
            return cached[1]
        removed = [
            plugin.module
            for plugin in self.plugins.values()
            if not plugin.builtin and plugin.name not in enabled
        ]
        hooks = TenantHooks(self.pm, enabled, removed)
        with self._lock:
            self._tenant_cache[tenant_id] = (key, hooks)
        return hooks

    def describe(self) -> list[dict[str, Any]]:
        """Every plugin, loaded or rejected, as plain data (``tuition plugins list``)."""
        rows: list[dict[str, Any]] = []
        for plugin in self.plugins.values():
            rows.append(
                {
                    "name": plugin.name,
                    "version": plugin.version,
                    "title": plugin.info.title,
                    "category": plugin.info.category,
                    "builtin": plugin.builtin,
                    "hooks": plugin.hooks,
                    "settings": sorted((plugin.settings_schema or Schema)().fields),
                    "pricing_models": [m.name for m in plugin.pricing_models],
                    "payment_providers": [p.name for p in plugin.payment_providers],
                    "migrations": plugin.migrations is not None,
                    "status": "loaded",
                }
            )
        for rejected in self.rejected.values():
            rows.append(
                {
                    "name": rejected.name,
                    "version": rejected.version,
                    "status": "rejected",
                    "reason": rejected.reason,
                }
            )
        return rows
