"""Payment providers as core builds them for a tenant: its settings with their secret
references resolved, and one more try when a provider refuses credentials that a secret
store has rotated meanwhile."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tuition.models import Tenant
from tuition.plugin_api import CredentialsRefused, NotFound, PaymentProvider

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)


#: The provider calls made again once when the provider refuses its credentials.
PROVIDER_CALLS = (
    "create_checkout",
    "verify_webhook",
    "fetch_status",
    "refund",
    "create_recurring_checkout",
    "cancel_schedule",
    "payment_method_url",
)


def choose(
    tuition: Tuition,
    tenant: Tenant,
    currency: str | None,
    enabled: frozenset[str] | None = None,
    *,
    recurring: bool = False,
    trials: bool = False,
) -> tuple[str, type[PaymentProvider]] | None:
    """The tenant's provider for ``currency`` (and, with ``recurring``, one that charges
    on a schedule; with ``trials``, one that starts it with a free trial): its default if
    set and enabled, else the first enabled provider (by name) that fits."""
    if enabled is None:
        enabled = tuition.hooks(tenant).enabled
    found = tuition.plugins.payment_providers(enabled)
    if tenant.payment_provider:
        candidates = [tenant.payment_provider] if tenant.payment_provider in found else []
    else:
        candidates = sorted(found)
    settings = tenant.plugin_settings()
    for name in candidates:
        plugin, cls = found[name]
        if recurring and not cls.capabilities.recurring:
            continue
        if trials and not cls.capabilities.trials:
            continue
        if currency and currency in cls.currencies_for(settings.get(plugin, {})):
            return name, cls
    return None


def provider_class(
    tuition: Tuition, tenant: Tenant, name: str
) -> tuple[str, type[PaymentProvider]]:
    """The plugin that provides ``name`` and its provider class, or NotFound when
    ``tenant`` has not enabled it (no settings read, nothing resolved)."""
    found = tuition.plugins.payment_providers(tuition.hooks(tenant).enabled).get(name)
    if found is None:
        raise NotFound(f"No payment provider {name!r} here.")
    return found


def provider(tuition: Tuition, tenant: Tenant, name: str) -> PaymentProvider:
    """An instance of provider ``name`` with ``tenant``'s settings, references resolved,
    or NotFound when the tenant has not enabled the plugin providing it. A secret store
    may be asked over the network: inside a transaction that holds locks, take
    :func:`provider_builder` and build after the commit."""
    return provider_builder(tuition, tenant, name)()


def provider_builder(tuition: Tuition, tenant: Tenant, name: str) -> Callable[[], PaymentProvider]:
    """Read what provider ``name`` needs of ``tenant`` now (NotFound when not enabled) and
    resolve its ``env:`` references (no network: a missing variable refuses before
    anything is written); the returned function fetches the settings' secret-store
    references and builds the instance, when called with no transaction open.

    When the settings refer to a secret store (``aws-sm:…``) and a call of the instance
    raises ``CredentialsRefused``, the secrets are fetched anew (a rotation since they
    were cached) and, if they changed, the call is made once more on an instance built
    with the new values; otherwise the error stands.
    """
    plugin_name, cls = provider_class(tuition, tenant, name)
    settings = tenant.plugin_settings().get(plugin_name, {})
    stored = {k: v for k, v in settings.items() if tuition.secrets.store_reference(v)}
    local = {k: tuition.secrets.resolve(v) for k, v in settings.items() if k not in stored}
    return functools.partial(_build_provider, tuition, cls, local, stored)


def _build_provider(
    tuition: Tuition,
    cls: type[PaymentProvider],
    local: dict[str, Any],
    stored: dict[str, Any],
) -> PaymentProvider:
    resolved = {**local, **tuition.secrets.resolve_all(stored)}
    instance = cls.for_tenant(resolved, tuition)
    if not stored:
        return instance

    def refetched() -> PaymentProvider | None:
        fresh = {**local, **tuition.secrets.resolve_all(stored, refresh=True)}
        if fresh == resolved:
            return None
        return cls.for_tenant(fresh, tuition)

    for call in PROVIDER_CALLS:
        setattr(instance, call, _once_more_on_refused_credentials(instance, call, refetched))
    return instance


def _once_more_on_refused_credentials(
    instance: PaymentProvider, call: str, refetched: Callable[[], PaymentProvider | None]
) -> Callable[..., Any]:
    method = getattr(instance, call)

    @functools.wraps(method)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except CredentialsRefused:
            fresh = refetched()
            if fresh is None:
                log.warning(
                    "payment provider %s refused its credentials; they are unchanged in the "
                    "secret store",
                    instance.name,
                )
                raise
            log.warning(
                "payment provider %s refused its credentials; fetched anew, calling %s again",
                instance.name,
                call,
            )
            return getattr(fresh, call)(*args, **kwargs)

    return guarded
