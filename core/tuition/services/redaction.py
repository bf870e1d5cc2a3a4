"""Secret values in plugin settings: ``env:NAME`` references and redaction.

(References to secret stores, ``aws-sm:`` and plugins' schemes, and their cache live in
:mod:`tuition.services.secret_store`, built on this module.)

A tenant admin writes settings, but the variables of the process belong to the operator.
An ``env:NAME`` reference may therefore only name a variable that starts with the
operator's ``TUITION_SECRET_ENV_PREFIX`` (default ``TUITION_SECRET_``) and is not one of
core's own (:data:`tuition.config.CORE_ENV_NAMES`). Core refuses other references when
settings are written (:func:`refused_env_references`) and again when they are resolved
(:func:`resolve`); neither error, nor any log line, carries a variable's value.

Responses show a secret as :data:`REDACTED`. Settings sent back as shown keep the stored
secret wherever the marker stands (:func:`restore_redacted`); the marker itself is never
stored (the storage layer refuses it too, see :class:`tuition.models.TenantPlugin`).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from marshmallow import Schema, fields

from tuition.config import CORE_ENV_NAMES, SECRET_ENV_PREFIX_VARIABLE, secret_env_prefix
from tuition.models import REDACTION_MARKER
from tuition.plugin_api import TuitionError

REDACTED = REDACTION_MARKER
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


def _is_env_reference(value: Any) -> bool:
    return env_reference(value) is not None


def redact(
    settings: Mapping[str, Any],
    schema: type[Schema] | None,
    is_reference: Callable[[Any], bool] = _is_env_reference,
) -> dict[str, Any]:
    """Settings safe to show: the value at every secret key replaced by :data:`REDACTED`,
    in nested objects and lists too; references kept (they name no secret): ``env:``, and
    those ``is_reference`` recognises (the application's
    :meth:`tuition.services.secret_store.SecretStore.is_reference`: ``aws-sm:`` …)."""
    return _redact_mapping(settings, schema, is_reference)


def _redact_mapping(
    settings: Mapping[str, Any], schema: type[Schema] | None, is_reference: Callable[[Any], bool]
) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for name, value in settings.items():
        if is_secret_field(schema, name) and value not in (None, ""):
            shown[name] = value if is_reference(value) else REDACTED
        else:
            shown[name] = _redact_value(value, _nested_schema(schema, name), is_reference)
    return shown


def _redact_value(
    value: Any, schema: type[Schema] | None, is_reference: Callable[[Any], bool]
) -> Any:
    if isinstance(value, Mapping):
        return _redact_mapping(value, schema, is_reference)
    if isinstance(value, list | tuple):
        return [_redact_value(item, schema, is_reference) for item in value]
    return value


def _nested_schema(schema: type[Schema] | None, name: str) -> type[Schema] | None:
    """The schema of the object (or list of objects) at key ``name``, if it declares one."""
    field = schema._declared_fields.get(name) if schema is not None else None
    if isinstance(field, fields.List):
        field = field.inner
    if isinstance(field, fields.Nested):
        nested = field.nested
        if isinstance(nested, Schema):
            return type(nested)
        if isinstance(nested, type) and issubclass(nested, Schema):
            return nested
    return None


def restore_redacted(
    settings: Mapping[str, Any], stored: Mapping[str, Any] | None, schema: type[Schema] | None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """``settings`` with each :data:`REDACTED` at a secret key (as :func:`redact` put it
    there, nested too) replaced by the value ``stored`` holds at the same place, and the
    places (dotted paths) where the marker stands for no stored secret, with a message."""
    errors: dict[str, list[str]] = {}
    return _restore_mapping(settings, stored, schema, "", errors), errors


_NOTHING_STORED = (
    f"{REDACTED!r} stands for a stored secret and none is stored here; send the value itself."
)


def _restore_mapping(
    settings: Mapping[str, Any],
    stored: Any,
    schema: type[Schema] | None,
    path: str,
    errors: dict[str, list[str]],
) -> dict[str, Any]:
    restored: dict[str, Any] = {}
    for name, value in settings.items():
        where = f"{path}.{name}" if path else str(name)
        old = stored.get(name) if isinstance(stored, Mapping) else None
        if isinstance(value, str) and value == REDACTED:
            if is_secret_field(schema, name) and old not in (None, "", REDACTED):
                restored[name] = old
            else:  # left in place for the schema; the error keeps it from being stored
                restored[name] = value
                errors[where] = [_NOTHING_STORED]
            continue
        restored[name] = _restore_value(value, old, _nested_schema(schema, name), where, errors)
    return restored


def _restore_value(
    value: Any, stored: Any, schema: type[Schema] | None, path: str, errors: dict[str, list[str]]
) -> Any:
    if isinstance(value, Mapping):
        return _restore_mapping(value, stored, schema, path, errors)
    if isinstance(value, list | tuple):
        olds = stored if isinstance(stored, list | tuple) else []
        return [
            _restore_value(item, olds[i] if i < len(olds) else None, schema, f"{path}.{i}", errors)
            for i, item in enumerate(value)
        ]
    if isinstance(value, str) and value == REDACTED:  # a list item: never a redacted place
        errors[path] = [_NOTHING_STORED]
    return value


def env_reference(value: Any) -> str | None:
    """The variable name of an ``env:NAME`` reference, or None for any other value."""
    if isinstance(value, str) and value.startswith(ENV_PREFIX):
        return value[len(ENV_PREFIX) :]
    return None


def env_reference_problem(name: str, prefix: str) -> str | None:
    """Why settings may not refer to the variable ``name``, or None if they may."""
    if not _ENV_NAME.fullmatch(name):
        return "An env:NAME reference names an environment variable (letters, digits, _)."
    if name.upper() in CORE_ENV_NAMES:
        return (
            f"env:{name} names a variable of Tuition itself; settings may only refer "
            f"to variables starting with {prefix}."
        )
    if not name.startswith(prefix) or name == prefix:
        return (
            f"Settings may only refer to environment variables starting with {prefix} "
            f"(the operator's {SECRET_ENV_PREFIX_VARIABLE}); env:{name} does not."
        )
    return None


def refused_env_references(value: Any, prefix: str) -> dict[str, list[str]]:
    """Every ``env:`` reference in ``value`` (settings, searched through nested dicts and
    lists) that may not be used, as ``{dotted path: [message]}`` (empty if none)."""

    def problem(item: Any) -> str | None:
        name = env_reference(item)
        return None if name is None else env_reference_problem(name, prefix)

    return refused_references(value, problem)


def refused_references(
    value: Any, problem: Callable[[Any], str | None], path: str = ""
) -> dict[str, list[str]]:
    """Every leaf of ``value`` (searched through nested dicts and lists) for which
    ``problem`` says why it may not be stored, as ``{dotted path: [message]}``."""
    refused: dict[str, list[str]] = {}
    if isinstance(value, Mapping):
        for key, item in value.items():
            refused.update(refused_references(item, problem, f"{path}.{key}" if path else str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            refused.update(
                refused_references(item, problem, f"{path}.{index}" if path else str(index))
            )
    else:
        found = problem(value)
        if found:
            refused[path] = [found]
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
        log.warning(
            "refused to resolve a setting's reference to environment variable %r: "
            "not a variable settings may name",
            name,
        )
        raise TuitionError(
            f"Setting refers to environment variable {name}, which settings may not name.",
            code="secret_reference_refused",
            status=503,
        )
    if name not in os.environ:
        raise TuitionError(
            f"Setting refers to environment variable {name}, which is not set.",
            code="secret_unavailable",
            status=503,
        )
    return os.environ[name]
