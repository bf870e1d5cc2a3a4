"""Application settings, read from ``TUITION_*`` environment variables or given directly."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

DEFAULT_DATABASE_URL = "sqlite:///tuition.db"
#: ``env:NAME`` references in tenant plugin settings may only name variables starting with
#: this prefix (``TUITION_SECRET_ENV_PREFIX``), so that a tenant admin cannot make a plugin
#: send any other variable of the process to a provider.
DEFAULT_SECRET_ENV_PREFIX = "TUITION_SECRET_"
SECRET_ENV_PREFIX_VARIABLE = "TUITION_SECRET_ENV_PREFIX"
#: Core's own variables: never reachable through ``env:`` references, whatever the prefix.
CORE_ENV_NAMES = frozenset(
    {
        "TUITION_DATABASE_URL",
        "TUITION_REDIS_URL",
        "TUITION_OPERATOR_TOKEN",
        "TUITION_SECRET_KEY",
        SECRET_ENV_PREFIX_VARIABLE,
    }
)
_ENV_PREFIX_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: The schemes of secret references core resolves itself (``env:NAME``,
#: ``aws-sm:<name or ARN>[#<json key>]``); plugins may register others.
CORE_SECRET_SCHEMES = ("env", "aws-sm")
AWS_SECRETS_ALLOWED_VARIABLE = "TUITION_AWS_SECRETS_ALLOWED"
#: What a pattern of ``TUITION_AWS_SECRETS_ALLOWED`` may hold: the characters of secret
#: names and ARNs, and the glob characters ``*``, ``?``, ``[``, ``]``, ``!``.
_SECRET_PATTERN_RE = re.compile(r"[A-Za-z0-9/_+=.@:*?\[\]!-]+")


class SettingsError(ValueError):
    """Settings Tuition cannot run with. ``problems`` holds ``(variable, what is wrong)``
    for every bad setting found; ``str()`` is one line: the first of them, and the names
    of the others. Entry points print it and stop, without a traceback."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        variable, text = self.problems[0]
        line = f"{variable}: {text}"
        others = list(dict.fromkeys(name for name, _ in self.problems[1:]))
        if others:
            line += f" (also wrong: {', '.join(others)})"
        super().__init__(line)

    @classmethod
    def one(cls, variable: str, text: str) -> SettingsError:
        return cls([(variable, text)])


#: The environment variable behind each setting read from the environment, by kind.
TEXT_VARIABLES = {
    "database_url": "TUITION_DATABASE_URL",
    "redis_url": "TUITION_REDIS_URL",
    "operator_token": "TUITION_OPERATOR_TOKEN",
    "secret_key": "TUITION_SECRET_KEY",
    "job_queue": "TUITION_JOB_QUEUE",
    "storefront_dir": "TUITION_STOREFRONT_DIR",
    "console_dir": "TUITION_CONSOLE_DIR",
    "password_hashing": "TUITION_PASSWORD_HASHING",
    "log_format": "TUITION_LOG_FORMAT",
    "log_level": "TUITION_LOG_LEVEL",
    "rate_limit_auth_per_ip": "TUITION_RATE_LIMIT_AUTH_PER_IP",
    "rate_limit_auth_per_key": "TUITION_RATE_LIMIT_AUTH_PER_KEY",
    "rate_limit_enroll_per_ip": "TUITION_RATE_LIMIT_ENROLL_PER_IP",
    "rate_limit_enroll_per_key": "TUITION_RATE_LIMIT_ENROLL_PER_KEY",
    "rate_limit_storage": "TUITION_RATE_LIMIT_STORAGE",
}
INTEGER_VARIABLES = {
    "token_ttl_seconds": "TUITION_TOKEN_TTL_SECONDS",
    "refresh_token_ttl_seconds": "TUITION_REFRESH_TOKEN_TTL_SECONDS",
    "verify_token_ttl_seconds": "TUITION_VERIFY_TOKEN_TTL_SECONDS",
    "reset_token_ttl_seconds": "TUITION_RESET_TOKEN_TTL_SECONDS",
    "invite_token_ttl_seconds": "TUITION_INVITE_TOKEN_TTL_SECONDS",
    "staff_session_ttl_seconds": "TUITION_STAFF_SESSION_TTL_SECONDS",
    "staff_invitation_ttl_seconds": "TUITION_STAFF_INVITATION_TTL_SECONDS",
    "idp_leeway_seconds": "TUITION_IDP_LEEWAY_SECONDS",
    "secrets_cache_seconds": "TUITION_SECRETS_CACHE_SECONDS",
    "tenant_cache_seconds": "TUITION_TENANT_CACHE_SECONDS",
    "live_stream_seconds": "TUITION_LIVE_STREAM_SECONDS",
    "live_heartbeat_seconds": "TUITION_LIVE_HEARTBEAT_SECONDS",
    "live_retention_hours": "TUITION_LIVE_RETENTION_HOURS",
    "export_inline_max_rows": "TUITION_EXPORT_INLINE_MAX_ROWS",
    "export_link_ttl_hours": "TUITION_EXPORT_LINK_TTL_HOURS",
}
SWITCH_VARIABLES = {
    "rate_limits": "TUITION_RATE_LIMITS",
    "trace_hooks": "TUITION_TRACE_HOOKS",
}
LIST_VARIABLES = {
    "disabled_plugins": "TUITION_DISABLE_PLUGINS",
    "cors_origins": "TUITION_CORS_ORIGINS",
    "aws_secrets_allowed": AWS_SECRETS_ALLOWED_VARIABLE,
}
VARIABLES = {
    **TEXT_VARIABLES,
    **INTEGER_VARIABLES,
    **SWITCH_VARIABLES,
    **LIST_VARIABLES,
    "extra_plugins": "TUITION_EXTRA_PLUGINS",
    "secret_env_prefix": SECRET_ENV_PREFIX_VARIABLE,
}
_ON, _OFF = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
LOG_FORMATS = ("json", "console")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
#: Database backends Tuition runs on (``make_url(...).get_backend_name()``).
DATABASE_BACKENDS = ("sqlite", "postgresql")
REDIS_SCHEMES = ("redis", "rediss", "unix")


@dataclass
class Settings:
    """Everything that configures one Tuition application.

    ``database_url`` defaults to a SQLite file; set ``TUITION_DATABASE_URL`` to
    ``postgresql+psycopg://…`` for PostgreSQL. Without ``redis_url`` jobs run inline after
    commit; with it they go to rq. ``secret_env_prefix`` is the prefix every variable named
    by an ``env:NAME`` reference in tenant plugin settings must have.

    Every value is checked when the settings are made: a bad one raises
    :class:`SettingsError` naming its ``TUITION_*`` variable and what it allows.
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
    #: Lifetime of a refresh token (each use rotates it and starts a new one).
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    #: Lifetime of an email verification link's token.
    verify_token_ttl_seconds: int = 48 * 3600
    #: Lifetime of a password reset link's token.
    reset_token_ttl_seconds: int = 3600
    #: Lifetime of the link an invited student (enrolled by the site owner) chooses a
    #: password with.
    invite_token_ttl_seconds: int = 7 * 24 * 3600
    #: Lifetime of a staff member's sign-in (its token); revocable before.
    staff_session_ttl_seconds: int = 12 * 3600
    #: Lifetime of a staff invitation's token.
    staff_invitation_ttl_seconds: int = 7 * 24 * 3600
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
    #: Glob patterns (``fnmatch``, case-sensitive, ``*`` also matches ``/``) of the AWS
    #: Secrets Manager secrets, by name or ARN as written, that ``aws-sm:`` references in
    #: tenant plugin settings may name; empty refuses every ``aws-sm:`` reference.
    aws_secrets_allowed: tuple[str, ...] = ()
    #: How long a value fetched from a secret store is used before it is fetched again
    #: (0: every time); a credential the service refuses is fetched anew at once.
    secrets_cache_seconds: int = 300
    #: How long a process keeps a publishable key's tenant at most (0: not at all); a
    #: change is seen sooner, on the next request (services/tenant_cache.py).
    tenant_cache_seconds: int = 60
    #: Live streams (``/v1/me/events``, ``/v1/orders/<id>/events``): how long one stream
    #: lasts before the client reconnects (with ``Last-Event-ID``), how often a heartbeat
    #: comment is sent, and how long events are kept for a resume (the sweep drops older).
    live_stream_seconds: int = 120
    live_heartbeat_seconds: int = 15
    live_retention_hours: int = 24
    #: A student's export (``GET /v1/me/export``) answers inline up to this many of core's
    #: rows about the student; a larger one is built by a job and downloaded through a
    #: signed link that works for ``export_link_ttl_hours`` (the sweep then drops it).
    export_inline_max_rows: int = 1000
    export_link_ttl_hours: int = 24
    #: Origins that browsers may call the API from (CORS), or ``("*",)`` for any: the API
    #: authenticates with headers, never cookies, so any origin is safe by default.
    cors_origins: tuple[str, ...] = ("*",)
    #: A directory of static files served at ``/storefront/`` (the reference storefront in
    #: demo mode); ``None`` serves nothing there.
    storefront_dir: str | None = None
    #: The built staff console (``console/dist``: ``console/build`` makes it), served at
    #: ``/admin/``; ``None``: the checkout's ``console/dist``, or a page saying how to build it.
    console_dir: str | None = None
    #: Rate limits (``TUITION_RATE_LIMITS=off`` turns them off), in flask-limiter's
    #: notation ("20/minute;200/hour"), per client IP and per publishable key.
    rate_limits: bool = True
    rate_limit_auth_per_ip: str = "20/minute;200/hour"
    rate_limit_auth_per_key: str = "600/minute"
    rate_limit_enroll_per_ip: str = "60/minute"
    rate_limit_enroll_per_key: str = "3000/minute"
    #: Where counts are kept (a limits storage URI); default: TUITION_REDIS_URL, else memory.
    rate_limit_storage: str | None = None
    #: Log lines: ``json`` (one object per line) or ``console`` (text), at this level.
    log_format: str = "json"
    log_level: str = "INFO"
    testing: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problems = [(VARIABLES[name], text) for name, text in _check(self)]
        if problems:
            raise SettingsError(problems)
        self.log_level = self.log_level.upper()
        if not self.secret_key:
            # A placeholder: the runtime takes the key every process shares from the database.
            self.secret_key = secrets.token_urlsafe(32)
            self.ephemeral_secret_key = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from ``TUITION_*`` variables; keyword overrides win.

        An unset or empty variable keeps the default. Raises :class:`SettingsError` with
        every variable whose value cannot be used.
        """
        env = os.environ if env is None else env
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for name, var in TEXT_VARIABLES.items():
            if env.get(var):
                values[name] = env[var]
        for name, var in INTEGER_VARIABLES.items():
            if env.get(var):
                try:
                    values[name] = int(env[var])
                except ValueError:
                    problems.append((var, f"{env[var]!r} is not a whole number"))
        for name, var in SWITCH_VARIABLES.items():
            if env.get(var):
                word = env[var].strip().lower()
                if word not in _ON + _OFF:
                    problems.append(
                        (
                            var,
                            f"{env[var]!r} is neither on nor off "
                            f"(use {'/'.join(_ON)} or {'/'.join(_OFF)})",
                        )
                    )
                else:
                    values[name] = word in _ON
        for name, var in LIST_VARIABLES.items():
            if env.get(var):
                values[name] = tuple(item.strip() for item in env[var].split(",") if item.strip())
        if env.get("TUITION_EXTRA_PLUGINS"):
            try:
                values["extra_plugins"] = tuple(_import_plugins(env["TUITION_EXTRA_PLUGINS"]))
            except SettingsError as exc:
                problems.extend(exc.problems)
        values["secret_env_prefix"] = secret_env_prefix(env)
        overridden = {VARIABLES.get(name) for name in overrides}  # their variable is moot
        problems = [(var, text) for var, text in problems if var not in overridden]
        values.update(overrides)
        try:
            settings = cls(**values)
        except SettingsError as exc:
            problems.extend(exc.problems)
        if problems:
            raise SettingsError(problems)
        return settings


# -- checks: each yields (setting, what is wrong with its value) ----------------------------


def _check(settings: Settings) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, check in _CHECKS.items():
        value = getattr(settings, name)
        if value is None:
            continue
        problem = check(value)
        if problem:
            found.append((name, problem))
    return found


def _shown(url: str) -> str:
    """``url`` quoted, its password hidden (``***``); a URL that does not parse is not
    shown at all (it might be a secret)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return repr(make_url(url).render_as_string(hide_password=True))
    except (ArgumentError, ValueError):
        return "the value"


def _database_url(value: str) -> str | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    example = "(e.g. sqlite:///tuition.db or postgresql+psycopg://user@host/db)"
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        return f"{_shown(value)} is not a database URL {example}"
    if url.get_backend_name() not in DATABASE_BACKENDS:
        return f"{_shown(value)} is not a {' or '.join(DATABASE_BACKENDS)} URL {example}"
    try:
        url.get_dialect().import_dbapi()
    except (NoSuchModuleError, ImportError):
        return (
            f"{_shown(value)} needs the driver {url.drivername!r}, which is not installed {example}"
        )
    return None


def _redis_url(value: str) -> str | None:
    scheme = value.partition("://")[0].lower() if "://" in value else ""
    if scheme not in REDIS_SCHEMES:
        return f"{_shown(value)} is not a Redis URL (redis://host:6379/0, rediss://… or unix://…)"
    return None


def _rate_limit(value: str) -> str | None:
    from limits import parse_many

    try:
        parsed = parse_many(value)
    except ValueError:
        parsed = []
    if not parsed:
        return f'{value!r} is not a rate limit (e.g. "20/minute;200/hour")'
    return None


def _rate_limit_storage(value: str) -> str | None:
    from limits.storage import SCHEMES

    scheme = value.partition("://")[0].lower() if "://" in value else ""
    allowed = sorted(name for name in SCHEMES if not name.startswith("async+"))
    if scheme not in allowed:
        return (
            f"{_shown(value)} is not a limits storage URI (memory://, "
            f"redis://host:6379/0, …; schemes: {', '.join(allowed)})"
        )
    return None


def _choice(*allowed: str, fold: bool = False) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if (value.upper() if fold else value) not in allowed:
            return f"{value!r} is not one of {', '.join(allowed)}"
        return None

    return check


def _whole(low: int, high: int | None = None, unit: str = "seconds") -> Callable[[int], str | None]:
    def check(value: int) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{value!r} is not a whole number"
        if value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"at least {low}"
            return f"{value!r} is out of range ({span} {unit})"
        return None

    return check


def _origins(value: tuple[str, ...]) -> str | None:
    from urllib.parse import urlsplit

    for origin in value:
        if origin == "*":
            continue
        try:
            parts = urlsplit(origin)
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            port_ok = False
        if (
            not port_ok
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
            or parts.username
            or parts.password
        ):
            return (
                f"{origin!r} is not an origin (scheme://host[:port], such as "
                "https://shop.example.com; or * for any)"
            )
    return None


def _env_prefix(value: str) -> str | None:
    if not _ENV_PREFIX_RE.fullmatch(value):
        return (
            f"{value!r} is not the start of a variable name (letters, digits, _), "
            f"such as {DEFAULT_SECRET_ENV_PREFIX!r}"
        )
    return None


def _secret_patterns(value: tuple[str, ...]) -> str | None:
    for pattern in value:
        if not _SECRET_PATTERN_RE.fullmatch(pattern):
            return (
                f"{pattern!r} is not a pattern of secret names or ARNs (letters, digits, "
                "/_+=.@:- and the globs * ? [ ]), such as 'tuition/*'"
            )
    return None


def _directory(value: str) -> str | None:
    if not os.path.isdir(value):
        return f"{value!r} is not a directory"
    return None


def _nonempty(value: str) -> str | None:
    return None if value.strip() else "is empty"


_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "database_url": _database_url,
    "redis_url": _redis_url,
    "token_ttl_seconds": _whole(1),
    "refresh_token_ttl_seconds": _whole(60),
    "verify_token_ttl_seconds": _whole(60),
    "reset_token_ttl_seconds": _whole(60, 86400),
    "invite_token_ttl_seconds": _whole(60, 30 * 86400),
    "staff_session_ttl_seconds": _whole(60, 30 * 86400),
    "staff_invitation_ttl_seconds": _whole(60, 30 * 86400),
    "idp_leeway_seconds": _whole(0, 300),
    "password_hashing": _choice("owasp", "fast"),
    "secret_env_prefix": _env_prefix,
    "aws_secrets_allowed": _secret_patterns,
    "secrets_cache_seconds": _whole(0, 86400),
    "tenant_cache_seconds": _whole(0, 3600),
    "live_stream_seconds": _whole(1, 3600),
    "live_heartbeat_seconds": _whole(1, 300),
    "live_retention_hours": _whole(1, 24 * 30),
    "export_inline_max_rows": _whole(0, 1_000_000),
    "export_link_ttl_hours": _whole(1, 24 * 30),
    "cors_origins": _origins,
    "storefront_dir": _directory,
    "console_dir": _directory,
    "job_queue": _nonempty,
    "rate_limit_auth_per_ip": _rate_limit,
    "rate_limit_auth_per_key": _rate_limit,
    "rate_limit_enroll_per_ip": _rate_limit,
    "rate_limit_enroll_per_key": _rate_limit,
    "rate_limit_storage": _rate_limit_storage,
    "log_format": _choice(*LOG_FORMATS),
    "log_level": _choice(*LOG_LEVELS, fold=True),
}


def secret_env_prefix(env: Mapping[str, str] | None = None) -> str:
    """The operator's ``TUITION_SECRET_ENV_PREFIX`` (default ``TUITION_SECRET_``)."""
    env = os.environ if env is None else env
    return env.get(SECRET_ENV_PREFIX_VARIABLE) or DEFAULT_SECRET_ENV_PREFIX


def _import_plugins(spec: str) -> list[tuple[str, Any]]:
    """``name=package.module[:attribute],…``: plugins loaded without being installed
    (development, tests). An attribute names an object or a class to instantiate."""
    import importlib

    variable = "TUITION_EXTRA_PLUGINS"
    plugins: list[tuple[str, Any]] = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, target = item.partition("=")
        module_name, _, attribute = target.partition(":")
        if not name.strip() or not module_name:
            raise SettingsError.one(variable, f"{item!r} is not name=module[:attribute]")
        try:
            obj: Any = importlib.import_module(module_name)
            if attribute:
                obj = getattr(obj, attribute)
                if isinstance(obj, type):
                    obj = obj()
        except (ImportError, AttributeError) as exc:
            raise SettingsError.one(variable, f"{item!r} cannot be loaded: {exc}") from exc
        plugins.append((name.strip(), obj))
    return plugins
