"""Application settings, read from ``TUITION_*`` environment variables or given directly."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

DEFAULT_DATABASE_URL = "sqlite:///tuition.db"
#: ``env:NAME`` references in tenant plugin settings may only name variables starting with
#: this prefix (``TUITION_SECRET_ENV_PREFIX``), so that a tenant admin cannot make a plugin
#: send any other variable of the process to a provider.
DEFAULT_SECRET_ENV_PREFIX = "TUITION_SECRET_"
SECRET_ENV_PREFIX_VARIABLE = "TUITION_SECRET_ENV_PREFIX"
#: Core's own variables: never reachable through ``env:`` references, whatever the prefix.
CORE_ENV_NAMES = frozenset({
    "TUITION_DATABASE_URL", "TUITION_REDIS_URL", "TUITION_OPERATOR_TOKEN",
    "TUITION_SECRET_KEY", SECRET_ENV_PREFIX_VARIABLE,
})
_ENV_PREFIX_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class Settings:
    """Everything that configures one Tuition application.

    ``database_url`` defaults to a SQLite file; set ``TUITION_DATABASE_URL`` to
    ``postgresql+psycopg://…`` for PostgreSQL. Without ``redis_url`` jobs run inline after
    commit; with it they go to rq. ``secret_env_prefix`` is the prefix every variable named
    by an ``env:NAME`` reference in tenant plugin settings must have.
    """

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    operator_token: str | None = None
    secret_key: str = ""
    #: True when no secret key was given and one was made up for this process only, until
    #: the runtime replaces it with the installation's key stored in the database
    #: (:meth:`tuition.runtime.Tuition.ensure_secret_key`).
    ephemeral_secret_key: bool = False
    token_ttl_seconds: int = 7 * 24 * 3600
    disabled_plugins: tuple[str, ...] = ()
    trace_hooks: bool = False
    load_entry_points: bool = True
    extra_plugins: tuple[tuple[str, Any], ...] = ()
    max_body_bytes: int = 1024 * 1024
    job_queue: str = "tuition"
    idempotency_ttl_hours: int = 24
    jwks_cache_seconds: int = 300
    #: Clock skew allowed on an identity provider's ``exp``/``nbf``/``iat`` (its clock and
    #: ours differ a little); 0 checks them to the second.
    idp_leeway_seconds: int = 30
    password_hashing: str = "owasp"
    secret_env_prefix: str = DEFAULT_SECRET_ENV_PREFIX
    #: Origins that browsers may call the API from (CORS), or ``("*",)`` for any: the API
    #: authenticates with headers, never cookies, so any origin is safe by default.
    cors_origins: tuple[str, ...] = ("*",)
    #: A directory of static files served at ``/storefront/`` (the reference storefront in
    #: demo mode); ``None`` serves nothing there.
    storefront_dir: str | None = None
    #: Rate limits (``TUITION_RATE_LIMITS=off`` turns them off), in flask-limiter's
    #: notation ("20/minute;200/hour"), per client IP and per publishable key.
    rate_limits: bool = True
    rate_limit_auth_per_ip: str = "20/minute;200/hour"
    rate_limit_auth_per_key: str = "600/minute"
    rate_limit_enroll_per_ip: str = "60/minute"
    rate_limit_enroll_per_key: str = "3000/minute"
    #: Where counts are kept (a limits storage URI); default: TUITION_REDIS_URL, else memory.
    rate_limit_storage: str | None = None
    testing: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0 <= self.idp_leeway_seconds <= 300:
            raise ValueError("idp_leeway_seconds is between 0 and 300")
        if self.password_hashing not in ("owasp", "fast"):
            raise ValueError("password_hashing is 'owasp' (default) or 'fast' (tests only)")
        if not _ENV_PREFIX_RE.fullmatch(self.secret_env_prefix):
            raise ValueError("secret_env_prefix is the non-empty start of a variable name "
                             f"(letters, digits, _), such as {DEFAULT_SECRET_ENV_PREFIX!r}")
        if not self.secret_key:
            # A placeholder: the runtime takes the key every process shares from the database.
            self.secret_key = secrets.token_urlsafe(32)
            self.ephemeral_secret_key = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from ``TUITION_*`` variables; keyword overrides win."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        simple = {
            "database_url": "TUITION_DATABASE_URL",
            "redis_url": "TUITION_REDIS_URL",
            "operator_token": "TUITION_OPERATOR_TOKEN",
            "secret_key": "TUITION_SECRET_KEY",
            "job_queue": "TUITION_JOB_QUEUE",
        }
        for name, var in simple.items():
            if env.get(var):
                values[name] = env[var]
        if env.get("TUITION_TOKEN_TTL_SECONDS"):
            values["token_ttl_seconds"] = int(env["TUITION_TOKEN_TTL_SECONDS"])
        if env.get("TUITION_IDP_LEEWAY_SECONDS"):
            values["idp_leeway_seconds"] = int(env["TUITION_IDP_LEEWAY_SECONDS"])
        if env.get("TUITION_DISABLE_PLUGINS"):
            values["disabled_plugins"] = tuple(
                name.strip() for name in env["TUITION_DISABLE_PLUGINS"].split(",") if name.strip()
            )
        if env.get("TUITION_EXTRA_PLUGINS"):
            values["extra_plugins"] = tuple(_import_plugins(env["TUITION_EXTRA_PLUGINS"]))
        if env.get("TUITION_CORS_ORIGINS"):
            values["cors_origins"] = tuple(
                origin.strip() for origin in env["TUITION_CORS_ORIGINS"].split(",")
                if origin.strip())
        if env.get("TUITION_STOREFRONT_DIR"):
            values["storefront_dir"] = env["TUITION_STOREFRONT_DIR"]
        if env.get("TUITION_RATE_LIMITS"):
            values["rate_limits"] = env["TUITION_RATE_LIMITS"].lower() not in (
                "off", "0", "false", "no")
        for name in ("auth_per_ip", "auth_per_key", "enroll_per_ip", "enroll_per_key",
                     "storage"):
            if env.get(f"TUITION_RATE_LIMIT_{name.upper()}"):
                values[f"rate_limit_{name}"] = env[f"TUITION_RATE_LIMIT_{name.upper()}"]
        if env.get("TUITION_PASSWORD_HASHING"):
            values["password_hashing"] = env["TUITION_PASSWORD_HASHING"]
        values["secret_env_prefix"] = secret_env_prefix(env)
        values["trace_hooks"] = env.get("TUITION_TRACE_HOOKS", "") not in ("", "0", "false")
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        values.update(overrides)
        return cls(**values)


def secret_env_prefix(env: Mapping[str, str] | None = None) -> str:
    """The operator's ``TUITION_SECRET_ENV_PREFIX`` (default ``TUITION_SECRET_``)."""
    env = os.environ if env is None else env
    return env.get(SECRET_ENV_PREFIX_VARIABLE) or DEFAULT_SECRET_ENV_PREFIX


def _import_plugins(spec: str) -> list[tuple[str, Any]]:
    """``name=package.module[:attribute],…``: plugins loaded without being installed
    (development, tests). An attribute names an object or a class to instantiate."""
    import importlib

    plugins: list[tuple[str, Any]] = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, target = item.partition("=")
        module_name, _, attribute = target.partition(":")
        if not name or not module_name:
            raise ValueError(f"TUITION_EXTRA_PLUGINS: expected name=module[:attr], got {item!r}")
        obj: Any = importlib.import_module(module_name)
        if attribute:
            obj = getattr(obj, attribute)
            if isinstance(obj, type):
                obj = obj()
        plugins.append((name.strip(), obj))
    return plugins
