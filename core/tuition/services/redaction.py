"""Secret values in plugin settings: ``env:NAME`` references and redaction.

A tenant admin writes settings, but the variables of the process belong to the operator.
An ``env:NAME`` reference may therefore only name a variable that starts with the
operator's ``TUITION_SECRET_ENV_PREFIX`` (default ``TUITION_SECRET_``) and is not one of
core's own (:data:`tuition.config.CORE_ENV_NAMES`). Core refuses other references when
settings are written (:func:`refused_env_references`) and again when they are resolved
(:func:`resolve`); neither error, nor any log line, carries a variable's value.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from typing import Any

from marshmallow import Schema

from tuition.config import CORE_ENV_NAMES, SECRET_ENV_PREFIX_VARIABLE, secret_env_prefix
from tuition.errors import TuitionError

REDACTED = "[redacted]"
ENV_PREFIX = "env:"
_SECRET_NAME = re.compile(r"(secret|password|token|private|api_key|credential)", re.I)
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
log = logging.getLogger(__name__)


def is_secret_field(schema: type[Schema] | None, name: str) -> bool:
    """A field is secret if its schema says so or its name looks like a secret."""
    if schema is not None:
        field = schema._declared_fields.get(name)
        if field is not None and field.metadata.get("secret"):
            return True
    return bool(_SECRET_NAME.search(name))


def redact(settings: Mapping[str, Any], schema: type[Schema] | None) -> dict[str, Any]:
    """Settings safe to show: secrets replaced, ``env:`` references kept (they name no secret)."""
    shown: dict[str, Any] = {}
    for name, value in settings.items():
        if is_secret_field(schema, name) and value not in (None, ""):
            is_ref = isinstance(value, str) and value.startswith(ENV_PREFIX)
            shown[name] = value if is_ref else REDACTED
        else:
            shown[name] = value
    return shown


def env_reference(value: Any) -> str | None:
    """The variable name of an ``env:NAME`` reference, or None for any other value."""
    if isinstance(value, str) and value.startswith(ENV_PREFIX):
        return value[len(ENV_PREFIX):]
    return None


def env_reference_problem(name: str, prefix: str) -> str | None:
    """Why settings may not refer to the variable ``name``, or None if they may."""
    if not _ENV_NAME.fullmatch(name):
        return "An env:NAME reference names an environment variable (letters, digits, _)."
    if name.upper() in CORE_ENV_NAMES:
        return (f"env:{name} names a variable of Tuition itself; settings may only refer "
                f"to variables starting with {prefix}.")
    if not name.startswith(prefix) or name == prefix:
        return (f"Settings may only refer to environment variables starting with {prefix} "
                f"(the operator's {SECRET_ENV_PREFIX_VARIABLE}); env:{name} does not.")
    return None


def refused_env_references(value: Any, prefix: str, path: str = "") -> dict[str, list[str]]:
    """Every ``env:`` reference in ``value`` (settings, searched through nested dicts and
    lists) that may not be used, as ``{dotted path: [message]}`` (empty if none)."""
    refused: dict[str, list[str]] = {}
    if isinstance(value, Mapping):
        for key, item in value.items():
            refused.update(refused_env_references(item, prefix, f"{path}.{key}" if path
                                                  else str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            refused.update(refused_env_references(item, prefix, f"{path}.{index}" if path
                                                  else str(index)))
    else:
        name = env_reference(value)
        problem = None if name is None else env_reference_problem(name, prefix)
        if problem:
            refused[path] = [problem]
    return refused


def resolve(value: Any, *, env_prefix: str | None = None) -> Any:
    """Resolve an ``env:NAME`` reference to the variable's value; other values pass through.

    ``NAME`` must start with ``env_prefix`` (pass the application's
    ``settings.secret_env_prefix``; without it, this process's ``TUITION_SECRET_ENV_PREFIX``
    or its default applies) and must not be one of core's own variables. A refused or
    unset variable raises :class:`TuitionError` (503) naming the variable, never its value.
    """
    name = env_reference(value)
    if name is None:
        return value
    problem = env_reference_problem(name, env_prefix or secret_env_prefix())
    if problem:
        log.warning("refused to resolve a setting's reference to environment variable %r: "
                    "not a variable settings may name", name)
        raise TuitionError(
            f"Setting refers to environment variable {name}, which settings may not name.",
            code="secret_reference_refused", status=503,
        )
    if name not in os.environ:
        raise TuitionError(
            f"Setting refers to environment variable {name}, which is not set.",
            code="secret_unavailable", status=503,
        )
    return os.environ[name]
