"""Secret references in plugin settings, resolved: ``env:NAME`` and secret stores, cached.

A store's reference is ``<scheme>:<name>`` (the secret's whole text) or
``<scheme>:<name>#<key>`` (the secret holds a JSON object; the key picks a field). Core
registers ``aws-sm`` (:mod:`tuition.services.aws_secrets`); plugins add schemes through
``tuition_secret_resolvers``. A string whose prefix is no registered scheme is no reference.

Fetched values are kept in this process's memory for ``ttl_seconds``
(``TUITION_SECRETS_CACHE_SECONDS``): a second use within it asks no store. Rotation: a value
is fetched anew when the TTL is up, or at once when asked with ``refresh=True``, which
core does when a payment provider reports its credentials refused
(:func:`tuition.services.providers.provider`) and a plugin does through ``host.secret(value,
refresh=True)``. Values are never logged and never in an error; names may be.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tuition.plugin_api import SecretResolver, SecretUnavailable, TuitionError
from tuition.services import redaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreReference:
    """A setting that refers to a secret in a store: ``<scheme>:<name>[#<key>]``."""

    resolver: SecretResolver
    name: str
    key: str | None

    @property
    def scheme(self) -> str:
        return self.resolver.scheme


class SecretStore:
    """Every secret store of one application, with the cache of their values."""

    def __init__(
        self,
        resolvers: Iterable[SecretResolver],
        *,
        ttl_seconds: int,
        env_prefix: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.resolvers: dict[str, SecretResolver] = {r.scheme: r for r in resolvers}
        self.ttl_seconds = ttl_seconds
        self.env_prefix = env_prefix
        #: What the TTL is measured with (monotonic seconds); tests give their own.
        self.clock = clock
        self._cache: dict[tuple[str, str], tuple[float, str]] = {}
        self._lock = threading.Lock()

    # -- what a value is -----------------------------------------------------------------

    def store_reference(self, value: Any) -> StoreReference | None:
        """The store reference ``value`` is, or None (``env:``, plain values, …)."""
        if not isinstance(value, str):
            return None
        scheme, colon, rest = value.partition(":")
        resolver = self.resolvers.get(scheme) if colon else None
        if resolver is None:
            return None
        name, hash_, key = rest.partition("#")
        return StoreReference(resolver, name, key if hash_ else None)

    def is_reference(self, value: Any) -> bool:
        """Whether ``value`` refers to a secret (responses show it, it names no secret)."""
        return redaction.env_reference(value) is not None or self.store_reference(value) is not None

    def holds_store_reference(self, values: Iterable[Any]) -> bool:
        return any(self.store_reference(value) is not None for value in values)

    # -- checks when settings are written ------------------------------------------------

    def problem(self, value: Any) -> str | None:
        """Why settings may not hold ``value`` as a reference, or None (also for non-references)."""
        name = redaction.env_reference(value)
        if name is not None:
            return redaction.env_reference_problem(name, self.env_prefix)
        ref = self.store_reference(value)
        if ref is None:
            return None
        form = f"{ref.scheme}:<name>[#<json key>]"
        if not ref.name:
            return f"A {ref.scheme}: reference names a secret: {form}."
        if ref.key is not None and not ref.key:
            return f"{value} names no key after '#': {form}."
        return ref.resolver.refused(ref.name)

    def refused_references(self, settings: Any) -> dict[str, list[str]]:
        """Every reference in ``settings`` (nested too) that may not be used, as
        ``{dotted path: [message]}``."""
        return redaction.refused_references(settings, self.problem)

    # -- resolving -----------------------------------------------------------------------

    def resolve(
        self,
        value: Any,
        *,
        refresh: bool = False,
        fetched: dict[tuple[str, str], str] | None = None,
    ) -> Any:
        """The secret ``value`` refers to; other values as they are. ``refresh`` fetches a
        store's secret anew instead of using the cache. ``fetched`` holds the secrets one
        resolution already read (several keys of one secret: one fetch)."""
        if redaction.env_reference(value) is not None:
            return redaction.resolve(value, env_prefix=self.env_prefix)
        ref = self.store_reference(value)
        if ref is None:
            return value
        problem = self.problem(value)
        if problem:
            log.warning("refused to resolve the setting %r: %s", value, problem)
            raise TuitionError(
                f"Setting refers to the secret {value}, which settings may not name.",
                code="secret_reference_refused",
                status=503,
            )
        text = self._text(ref, refresh=refresh, fetched=fetched)
        if ref.key is None:
            return text
        try:
            document = json.loads(text)
        except ValueError:
            document = None
        if not isinstance(document, dict) or ref.key not in document:
            raise SecretUnavailable(
                f"The secret {ref.name!r} ({ref.scheme}) holds no JSON object with the key "
                f"{ref.key!r}."
            )
        return document[ref.key]

    def _text(
        self, ref: StoreReference, *, refresh: bool, fetched: dict[tuple[str, str], str] | None
    ) -> str:
        slot = (ref.scheme, ref.name)
        if fetched is not None and slot in fetched:
            return fetched[slot]
        if not refresh and self.ttl_seconds > 0:
            with self._lock:
                cached = self._cache.get(slot)
            if cached is not None and self.clock() - cached[0] < self.ttl_seconds:
                return cached[1]
        fetched_at = self.clock()
        try:
            text = ref.resolver.fetch(ref.name)
        except TuitionError:
            raise
        except Exception:
            log.warning(
                "secret store %s failed to give secret %r", ref.scheme, ref.name, exc_info=True
            )
            raise SecretUnavailable(
                f"The secret {ref.name!r} cannot be read from its store ({ref.scheme})."
            ) from None
        if not isinstance(text, str):
            raise SecretUnavailable(f"The secret {ref.name!r} ({ref.scheme}) is not text.")
        if self.ttl_seconds > 0:
            with self._lock:
                self._cache[slot] = (fetched_at, text)
        if fetched is not None:
            fetched[slot] = text
        log.info("fetched secret %r from %s", ref.name, ref.scheme)
        return text

    def resolve_all(self, settings: Mapping[str, Any], *, refresh: bool = False) -> dict[str, Any]:
        """``settings`` with every top-level reference resolved (as payment providers get
        them), each secret read at most once."""
        fetched: dict[tuple[str, str], str] = {}
        return {
            key: self.resolve(value, refresh=refresh, fetched=fetched)
            for key, value in settings.items()
        }
