"""Secret stores: where ``<scheme>:<name>[#<key>]`` references in plugin settings resolve.

Core resolves ``env:NAME`` itself and ``aws-sm:<name or ARN>[#<json key>]`` through AWS
Secrets Manager; a plugin adds another store (Vault, GCP Secret Manager, …) by returning a
:class:`SecretResolver` from ``tuition_secret_resolvers``. Core does the rest, the same for
every store: it splits off ``#<key>`` (the secret then holds a JSON object and the key picks
a field), checks references when settings are saved, caches fetched values for
``TUITION_SECRETS_CACHE_SECONDS``, fetches anew when a credential is refused, and shows the
reference, never the value, in responses.
"""

from __future__ import annotations

from typing import Protocol

from tuition.plugin_api.errors import TuitionError


class SecretUnavailable(TuitionError):
    """A secret cannot be had: the store has no such secret, may not be read, or cannot be
    reached (503 ``secret_unavailable``). ``detail`` names the secret, never its value."""

    status, code, title = 503, "secret_unavailable", "Secret unavailable"


class SecretResolver(Protocol):
    """A secret store, registered by its ``scheme``: settings refer to its secrets as
    ``<scheme>:<name>`` or ``<scheme>:<name>#<json key>``.

    Core calls :meth:`refused` when settings are saved (a 422 naming the field) and before
    every fetch, and :meth:`fetch` when the value is used and not cached. Resolvers do not
    cache (core does) and never log or put a secret's value in an error.
    """

    #: The reference prefix without its colon (``"vault"``); ``env`` and ``aws-sm`` are core's.
    scheme: str

    def refused(self, name: str) -> str | None:
        """Why tenants may not refer to secret ``name`` (not among those the operator
        allows, not a name the store can have), or None when they may. Must not call the
        store: it runs whenever settings are saved. A resolver that lets tenants reach
        every secret of the store lets each tenant read the others'."""
        ...

    def fetch(self, name: str) -> str:
        """The current value of secret ``name``, read from the store. Raise
        :class:`SecretUnavailable` (the store has no such secret, refuses the read, cannot
        be reached); any other exception is reported as such too."""
        ...
