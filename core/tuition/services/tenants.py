"""Tenants and their plugin configuration: create, configure, validate, sync from files."""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from marshmallow import ValidationError
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from tuition.db import across_tenants, utcnow
from tuition.models import Tenant, TenantPlugin
from tuition.plugin_api import Conflict, NotFound, ValidationFailed
from tuition.plugin_api.schemas import SLUG_PATTERN
from tuition.services import audit, plans
from tuition.services.keys import IssuedKeys, issue_keys
from tuition.services.redaction import redact, restore_redacted

if TYPE_CHECKING:
    from tuition.runtime import Tuition

SLUG_RE = re.compile(SLUG_PATTERN)


def enter_by_slug(session: Session, slug: str) -> Tenant | None:
    """The tenant called ``slug`` with its plugins, and ``session`` scoped to it from now
    on; None when there is none. For callers named by a URL rather than a key (provider
    webhooks, hosted pages)."""
    with across_tenants(session):
        tenant = tenant_by_slug(session, slug)
    if tenant is not None:
        session.info["tenant_id"] = tenant.id
    return tenant


def tenant_by_slug(session: Session, slug: str) -> Tenant | None:
    """The tenant called ``slug`` with its plugins (``session`` must see across tenants)."""
    return (
        session.scalars(
            select(Tenant).where(Tenant.slug == slug).options(joinedload(Tenant.plugins))
        )
        .unique()
        .first()
    )


def validate_plugin_settings(
    tuition: Tuition,
    name: str,
    settings: Mapping[str, Any] | None,
    *,
    field: str = "settings",
    stored: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Validate ``settings`` with the plugin's schema; errors name the offending field.

    A secret sent back as shown (the redaction marker) keeps its value in ``stored``, the
    settings stored so far; a marker that stands for no stored secret is refused, so the
    marker itself is never stored. ``env:NAME`` references are refused unless the operator
    allows ``NAME`` (:func:`tuition.services.redaction.env_reference_problem`), secret-store
    references (``aws-sm:…``) unless their store does
    (:meth:`tuition.services.secret_store.SecretStore.problem`).
    """
    plugin = tuition.plugins.plugins.get(name)
    if plugin is None or plugin.builtin:
        raise ValidationFailed({field: [f"No installed plugin named {name!r}."]})
    schema_cls = plugin.settings_schema
    settings, unrestored = restore_redacted(settings or {}, stored, schema_cls)
    if schema_cls is None:
        if settings or unrestored:
            raise ValidationFailed({field: [f"Plugin {name!r} takes no settings."]})
        return {}
    # References the operator does not allow (env:, aws-sm:, …) are refused with the
    # schema's errors.
    refused = tuition.secrets.refused_references(settings)
    refused.update(unrestored)
    try:
        loaded = schema_cls().load(settings)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_": exc.messages}
        raise ValidationFailed(
            {
                f"{field}.{key}": value
                for key, value in {**refused, **messages, **unrestored}.items()
            },
            detail=f"Invalid settings for plugin {name!r}.",
        ) from exc
    # Store what the caller gave, normalised by the schema, in JSON-safe form.
    clean = dict(schema_cls().dump(loaded))
    refused.update(tuition.secrets.refused_references(clean))
    if refused:
        raise ValidationFailed(
            {f"{field}.{key}": value for key, value in refused.items()},
            detail=f"Invalid settings for plugin {name!r}.",
        )
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
) -> TenantPlugin | None:
    """Enable or disable ``name`` for ``tenant`` (caller commits).

    ``settings`` replace the stored ones after validation (:func:`validate_plugin_settings`:
    a secret sent back redacted keeps its stored value). ``None`` keeps the stored settings:
    switching a plugin off needs none, switching it on validates what is stored. With
    ``check_plan`` a change that would break published courses is refused
    (``plugin_plan_rejected``), see :mod:`tuition.services.plans`. Returns the plugin's row,
    or None when a plugin that never had one stays off.
    """
    row = next((p for p in tenant.plugins if p.plugin == name), None)
    stored = dict(row.settings or {}) if row is not None else None
    if settings is None and not enabled:
        if row is None:
            return None  # off already, nothing stored: nothing to validate or keep
        clean = stored or {}
    else:
        clean = validate_plugin_settings(
            tuition, name, stored if settings is None else settings, field=field, stored=stored
        )
    if row is not None and row.enabled == enabled and row.settings == clean:
        return row
    schema = (
        tuition.plugins.plugins[name].settings_schema if name in tuition.plugins.plugins else None
    )
    shown = tuition.secrets.is_reference
    before = (
        None
        if row is None
        else {"enabled": row.enabled, "settings": redact(stored or {}, schema, shown)}
    )
    with plans.guard(tuition, session, tenant) if check_plan else nullcontext():
        if row is None:
            row = TenantPlugin(tenant_id=tenant.id, plugin=name, enabled=enabled, settings=clean)
            tenant.plugins.append(row)
        else:
            row.enabled, row.settings = enabled, clean
        tenant.config_version = (tenant.config_version or 1) + 1
    audit.record(
        session,
        tenant.id,
        "plugin",
        name,
        "configured",
        before,
        {"enabled": enabled, "settings": redact(clean, schema, shown)},
    )
    return row


def patch_plugin(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    name: str,
    *,
    enabled: bool | None,
    settings: Mapping[str, Any] | None,
) -> TenantPlugin | None:
    """Change some of a plugin's state (caller commits): ``enabled`` when given, and
    ``settings`` merged into the stored ones as a JSON merge patch (RFC 7386: objects
    merge, ``null`` removes a key). Validated and plan-checked like :func:`configure_plugin`.
    """
    row = next((p for p in tenant.plugins if p.plugin == name), None)
    if enabled is None:
        enabled = bool(row and row.enabled)
    merged = (
        None
        if settings is None
        else merge_patch(dict(row.settings or {}) if row is not None else {}, settings)
    )
    return configure_plugin(
        tuition, session, tenant, name, enabled=enabled, settings=merged, check_plan=True
    )


def merge_patch(target: Any, patch: Any) -> Any:
    """``target`` with the JSON merge patch ``patch`` (RFC 7386) applied; neither changes."""
    if not isinstance(patch, Mapping):
        return patch
    merged = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def update_tenant(
    tuition: Tuition, session: Session, tenant: Tenant, data: Mapping[str, Any]
) -> None:
    """Rename the tenant, set its identity provider or default payment provider (caller
    commits). A provider no enabled plugin offers is refused (422); a change that would
    leave a published course unsellable is refused (409 ``plugin_plan_rejected``)."""
    provider = data.get("payment_provider")
    if provider and provider not in tuition.plugins.payment_providers(
        tuition.hooks(tenant).enabled
    ):
        raise ValidationFailed(
            {"payment_provider": [f"No enabled plugin provides payment provider {provider!r}."]}
        )
    before = {name: getattr(tenant, name) for name in data}
    with plans.guard(tuition, session, tenant):
        for name, value in data.items():
            setattr(tenant, name, value)
        tenant.config_version += 1
    audit.record(session, tenant.id, "tenant", tenant.id, "updated", before, dict(data))


def create_tenant(
    tuition: Tuition,
    session: Session,
    *,
    slug: str,
    name: str,
    plugins: Mapping[str, Mapping[str, Any]] | None = None,
    identity_provider: Mapping[str, Any] | None = None,
    publishable_key: str | None = None,
    retention: Mapping[str, Any] | None = None,
) -> tuple[Tenant, IssuedKeys]:
    """Create a tenant with its plugins and both keys, flushed in the caller's
    transaction (the caller commits)."""
    if not SLUG_RE.match(slug):
        raise ValidationFailed({"slug": ["Use lowercase letters, digits and dashes."]})
    if session.scalar(select(Tenant.id).where(Tenant.slug == slug)):
        raise Conflict(f"A tenant with slug {slug!r} exists.", code="tenant_exists")
    tenant = Tenant(
        slug=slug,
        name=name,
        identity_provider=dict(identity_provider) if identity_provider else None,
        retention=dict(retention) if retention else None,
    )
    session.add(tenant)
    try:  # a concurrent creation of the same slug loses here, not with a 500
        session.flush()
    except IntegrityError as exc:
        raise Conflict(f"A tenant with slug {slug!r} exists.", code="tenant_exists") from exc
    for plugin_name, config in (plugins or {}).items():
        configure_plugin(
            tuition,
            session,
            tenant,
            plugin_name,
            enabled=bool(config.get("enabled", True)),
            settings=config.get("settings"),
            field=f"plugins.{plugin_name}.settings",
        )
    tenant.config_version = 1
    keys = issue_keys(session, tenant, publishable_key)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(f"A tenant with slug {slug!r} exists.", code="tenant_exists") from exc
    return tenant, keys


def list_tenants() -> Select[tuple[Tenant]]:
    """Every tenant (the operator's list; run it across tenants)."""
    return select(Tenant)


def set_suspended(session: Session, tenant: Tenant, suspended: bool) -> Tenant:
    """Suspend the site (its keys and staff tokens answer 403 ``tenant_suspended``) or
    resume it; doing what is already done changes nothing. Audited as the operator's act;
    bumps ``config_version`` so cached copies of the tenant are reloaded."""
    if (tenant.suspended_at is not None) == suspended:
        return tenant
    before = {"suspended_at": tenant.suspended_at.isoformat() if tenant.suspended_at else None}
    tenant.suspended_at = utcnow() if suspended else None
    tenant.config_version += 1
    audit.record(
        session,
        tenant.id,
        "tenant",
        tenant.id,
        "suspended" if suspended else "resumed",
        before,
        {"suspended_at": tenant.suspended_at.isoformat() if tenant.suspended_at else None},
        actor="operator",
    )
    session.flush()
    return tenant


def get_plugin_row(tuition: Tuition, tenant: Tenant, name: str) -> TenantPlugin | None:
    if name not in tuition.plugins.optional:
        raise NotFound(f"No installed plugin named {name!r}.")
    return next((p for p in tenant.plugins if p.plugin == name), None)
