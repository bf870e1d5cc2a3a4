"""Secret values in plugin settings: ``env:NAME`` references and redaction."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from marshmallow import Schema

from tuition.errors import TuitionError

REDACTED = "[redacted]"
_SECRET_NAME = re.compile(r"(secret|password|token|private|api_key|credential)", re.I)


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
            is_ref = isinstance(value, str) and value.startswith("env:")
            shown[name] = value if is_ref else REDACTED
        else:
            shown[name] = value
    return shown


def resolve(value: Any) -> Any:
    """Resolve an ``env:NAME`` reference to the variable's value; other values pass through."""
    if isinstance(value, str) and value.startswith("env:"):
        name = value[4:]
        if name not in os.environ:
            raise TuitionError(
                f"Setting refers to environment variable {name}, which is not set.",
                code="secret_unavailable", status=503,
            )
        return os.environ[name]
    return value
