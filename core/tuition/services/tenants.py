"""Tenants and their plugin configuration: create, configure, validate, sync from files."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from tuition.db import across_tenants
from tuition.errors import Conflict, NotFound, ValidationFailed
from tuition.models import Tenant, TenantPlugin
from tuition.services import audit
from tuition.services.keys import IssuedKeys, issue_keys
from tuition.services.redaction import redact, refused_env_references

if TYPE_CHECKING:
    from tuition.runtime import Tuition

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
SLUG_RE = re.compile(SLUG_PATTERN)


def enter_by_slug(session: Session, slug: str) -> Tenant | None:
    """The tenant called ``slug`` with its plugins, and ``session`` scoped to it from now
    on; None when there is none. For callers named by a URL rather than a key (provider
    webhooks, hosted pages)."""
    with across_tenants(session):
        tenant = session.scalars(select(Tenant).where(Tenant.slug == slug)
                                 .options(joinedload(Tenant.plugins))).unique().first()
    if tenant is not None:
        session.info["tenant_id"] = tenant.id
    return tenant


def validate_plugin_settings(
    tuition: Tuition, name: str, settings: Mapping[str, Any] | None, *, field: str = "settings"
) -> dict[str, Any]:
    """Validate ``settings`` with the plugin's schema; errors name the offending field.

    ``env:NAME`` references are refused unless the operator allows ``NAME``
    (:func:`tuition.services.redaction.env_reference_problem`).
    """
    plugin = tuition.plugins.plugins.get(name)
    if plugin is None or plugin.builtin:
        raise ValidationFailed({field: [f"No installed plugin named {name!r}."]})
    settings = dict(settings or {})
    schema_cls = plugin.settings_schema
    if schema_cls is None:
        if settings:
            raise ValidationFailed({field: [f"Plugin {name!r} takes no settings."]})
        return {}
    # env: references the operator does not allow are refused with the schema's errors.
    refused = refused_env_references(settings, tuition.settings.secret_env_prefix)
    try:
        loaded = schema_cls().load(settings)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_": exc.messages}
        raise ValidationFailed({f"{field}.{key}": value
                                for key, value in {**refused, **messages}.items()},
                               detail=f"Invalid settings for plugin {name!r}.") from exc
    # Store what the caller gave, normalised by the schema, in JSON-safe form.
    clean = dict(schema_cls().dump(loaded))
    refused.update(refused_env_references(clean, tuition.settings.secret_env_prefix))
    if refused:
        raise ValidationFailed({f"{field}.{key}": value for key, value in refused.items()},
                               detail=f"Invalid settings for plugin {name!r}.")
    return clean


def configure_plugin(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    name: str,
    *,
    enabled: bool,
    settings: Mapping[str, Any] | None,
    field: str = "settings",
    check_plan: bool = False,
) -> TenantPlugin:
    """Enable or disable ``name`` for ``tenant`` with validated settings (caller commits).

    With ``check_plan`` a change that would break published courses is refused
    (``plugin_plan_rejected``), see :mod:`tuition.services.plans`.
    """
    clean = validate_plugin_settings(tuition, name, settings, field=field)
    if check_plan:
        from tuition.services import plans

        current = tuition.hooks(tenant).enabled
        wanted = current | {name} if enabled else current - {name}
        if wanted != current:
            plans.enforce(tuition, session, tenant, wanted)
    row = next((p for p in tenant.plugins if p.plugin == name), None)
    schema = tuition.plugins.plugins[name].settings_schema if name in tuition.plugins.plugins \
        else None
    before = None if row is None else {"enabled": row.enabled,
                                       "settings": redact(row.settings or {}, schema)}
    if row is None:
        row = TenantPlugin(tenant_id=tenant.id, plugin=name, enabled=enabled, settings=clean)
        tenant.plugins.append(row)
    elif row.enabled != enabled or row.settings != clean:
        row.enabled, row.settings = enabled, clean
    else:
        return row
    audit.record(session, tenant.id, "plugin", name, "configured", before,
                 {"enabled": enabled, "settings": redact(clean, schema)})
    tenant.config_version = (tenant.config_version or 1) + 1
    return row


def create_tenant(
    tuition: Tuition,
    session: Session,
    *,
    slug: str,
    name: str,
    plugins: Mapping[str, Mapping[str, Any]] | None = None,
    identity_provider: Mapping[str, Any] | None = None,
    publishable_key: str | None = None,
    commit: bool = True,
) -> tuple[Tenant, IssuedKeys]:
    """Create a tenant with its plugins and both keys, and commit (only flush with
    ``commit=False``: the caller's transaction holds more)."""
    if not SLUG_RE.match(slug):
        raise ValidationFailed({"slug": ["Use lowercase letters, digits and dashes."]})
    if session.scalar(select(Tenant.id).where(Tenant.slug == slug)):
        raise Conflict(f"A tenant with slug {slug!r} exists.", code="tenant_exists")
    tenant = Tenant(slug=slug, name=name,
                    identity_provider=dict(identity_provider) if identity_provider else None)
    session.add(tenant)
    try:  # a concurrent creation of the same slug loses here, not with a 500
        session.flush()
    except IntegrityError as exc:
        raise Conflict(f"A tenant with slug {slug!r} exists.", code="tenant_exists") from exc
    for plugin_name, config in (plugins or {}).items():
        configure_plugin(
            tuition, session, tenant, plugin_name,
            enabled=bool(config.get("enabled", True)), settings=config.get("settings"),
            field=f"plugins.{plugin_name}.settings",
        )
    tenant.config_version = 1
    keys = issue_keys(session, tenant, publishable_key)
    try:
        session.commit() if commit else session.flush()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(f"A tenant with slug {slug!r} exists.", code="tenant_exists") from exc
    return tenant, keys


def get_plugin_row(tuition: Tuition, tenant: Tenant, name: str) -> TenantPlugin | None:
    if name not in tuition.plugins.optional:
        raise NotFound(f"No installed plugin named {name!r}.")
    return next((p for p in tenant.plugins if p.plugin == name), None)
