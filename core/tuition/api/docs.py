"""OpenAPI security schemes and shared response documentation."""

from __future__ import annotations

from functools import cache
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from apispec.ext.marshmallow.common import get_fields, resolve_schema_instance
from marshmallow import Schema

from tuition.api.schemas import Out
from tuition.plugin_api.web import ADMIN, OPERATOR, STOREFRONT, STUDENT, WEBHOOK, problems
from tuition.services.redaction import is_secret_field

__all__ = [
    "ADMIN",
    "API_TAGS",
    "OPERATOR",
    "SECURITY_SCHEMES",
    "STOREFRONT",
    "STUDENT",
    "WEBHOOK",
    "problems",
    "settings_json_schema",
]

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "TenantKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Tenant-Key",
        "description": "The site's publishable key, pk_…",
    },
    "StudentToken": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A student token from /v1/auth/login or the site's identity "
        "provider, sent with X-Tenant-Key.",
    },
    "SecretKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "The site's secret key, sk_… (admin API).",
    },
    "StaffToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "A staff member's token, st_…, from /v1/staff/sign-in, or a token "
        "of the site's identity provider whose groups map to a staff role "
        "(identity_provider.staff_groups; sent with X-Tenant-Key): admin API, as far as "
        "the role allows.",
    },
    "OperatorToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "The platform operator token (TUITION_OPERATOR_TOKEN).",
    },
    "ExportLink": {
        "type": "apiKey",
        "in": "query",
        "name": "signature",
        "description": "A large export's download link carries its own HMAC signature "
        "(with ``expires``): the link is the credential, until it expires.",
    },
    "ProviderSignature": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Provider-Signature",
        "description": "Webhooks carry no key: the payment provider signs "
        "the raw body in its own header, checked with the "
        "tenant's webhook secret.",
    },
}

#: The operation groups of the document (each operation carries one of these tags).
API_TAGS: list[dict[str, str]] = [
    {
        "name": "storefront",
        "description": "Public catalogue and student accounts, with the site's publishable key.",
    },
    {"name": "student", "description": "A signed-in student's enrollments, orders and dashboard."},
    {"name": "admin", "description": "A site's own administration, with its secret key."},
    {"name": "staff", "description": "Staff members' sign-in, second factor and sessions."},
    {"name": "operator", "description": "Platform operation: creating sites."},
    {"name": "webhooks", "description": "Payment providers' callbacks and hosted pages."},
    {"name": "health", "description": "Liveness and readiness probes."},
]


class _ResponseConverter(OpenAPIConverter):
    """apispec's converter, listing every field of an :class:`Out` schema as required."""

    def schema2jsonschema(self, schema: Any) -> dict[str, Any]:
        jsonschema: dict[str, Any] = super().schema2jsonschema(schema)
        if isinstance(resolve_schema_instance(schema), Out):
            present = {
                field.data_key or name
                for name, field in get_fields(schema).items()
                if not field.load_only
            }
            jsonschema["required"] = sorted(present | set(jsonschema.get("required", [])))
        return jsonschema


class DocumentingPlugin(MarshmallowPlugin):
    """The marshmallow plugin of Tuition's OpenAPI document (response fields required)."""

    Converter = _ResponseConverter


_NO_SETTINGS: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}


@cache
def _settings_json_schema(schema: type[Schema]) -> dict[str, Any]:
    spec = APISpec("settings", "1", "3.0.3")
    # No schema names: nested objects are written in place, not as $refs.
    converter = OpenAPIConverter("3.0.3", lambda _schema: None, spec)
    jsonschema: dict[str, Any] = converter.schema2jsonschema(schema)
    for name, prop in jsonschema.get("properties", {}).items():
        if is_secret_field(schema, name):
            prop["writeOnly"] = True
    return jsonschema


def settings_json_schema(schema: type[Schema] | None) -> dict[str, Any]:
    """A plugin's settings schema as JSON Schema (OpenAPI 3.0 dialect), for forms: a
    property per setting with its type, ``description``, ``default``, bounds and
    ``required``; secret settings (redacted in answers) are marked ``writeOnly``."""
    if schema is None:
        return dict(_NO_SETTINGS)
    return _settings_json_schema(schema)
