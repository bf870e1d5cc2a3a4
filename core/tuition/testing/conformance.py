"""Every JSON answer a test sees must match the OpenAPI document.

:class:`~tuition.testing.api.Api` passes each response of a documented operation and status
to :func:`check_response`: the body is validated (OpenAPI 3.0 rules: ``nullable``, required
properties) against the schema the document gives for that status, so a field the document
calls required but a code path leaves out, or a wrong type, fails the test that hit it.
Undocumented paths or statuses are left to the Schemathesis tests, which check those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask import Flask
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

_DOCUMENT_URI = "urn:tuition:openapi"
_PARAMETER = re.compile(r"\{[^/}]+\}")


class ResponseMismatch(AssertionError):
    """A response does not match its documented schema."""


@dataclass
class _Operation:
    pattern: re.Pattern[str]
    literal_segments: int
    operations: dict[str, Any]


@dataclass
class Document:
    """The app's OpenAPI document, with its paths as patterns and a $ref registry."""

    spec: dict[str, Any]

    @cached_property
    def _paths(self) -> list[_Operation]:
        found = []
        for template, operations in self.spec["paths"].items():
            parts = _PARAMETER.split(template)
            regex = "^" + "[^/]+".join(re.escape(part) for part in parts) + "$"
            literal = sum(1 for part in template.split("/") if part and "{" not in part)
            found.append(_Operation(re.compile(regex), literal, operations))
        # The most literal template first: /v1/admin/plugins/plan before .../{name}.
        return sorted(found, key=lambda o: -o.literal_segments)

    @cached_property
    def _registry(self) -> Registry:
        resource = Resource.from_contents(
            _nullable_compositions(self.spec), default_specification=DRAFT4
        )
        return Registry().with_resource(_DOCUMENT_URI, resource)

    def response_schema(
        self, method: str, path: str, status: int, mimetype: str
    ) -> dict[str, Any] | None:
        """The documented schema of this answer, or None when it is not documented."""
        for candidate in self._paths:
            if not candidate.pattern.match(path):
                continue
            operation = candidate.operations.get(method.lower())
            if operation is None:
                return None
            responses = operation.get("responses", {})
            response = responses.get(str(status)) or responses.get("default")
            if response is None:
                return None
            if "$ref" in response:
                name = response["$ref"].rsplit("/", 1)[1]
                response = self.spec["components"]["responses"][name]
            content = response.get("content", {}).get(mimetype)
            return None if content is None else content.get("schema")
        return None

    def validate(self, schema: dict[str, Any], body: Any) -> list[str]:
        """Why ``body`` does not match ``schema`` ([] when it does)."""
        validator = OAS30Validator(_rebase(_nullable_compositions(schema)), registry=self._registry)
        return [
            f"{'/'.join(str(p) for p in error.absolute_path) or '(body)'}: {error.message}"
            for error in validator.iter_errors(body)
        ]


def _nullable_compositions(schema: Any) -> Any:
    """``{allOf: [$ref], nullable: true}`` (how the document writes a nullable nested object,
    for generated clients) as ``anyOf: [null, …]``: the validator reads ``nullable`` only
    next to ``type``, so the referenced object schema would refuse null."""
    if isinstance(schema, list):
        return [_nullable_compositions(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    found = {key: _nullable_compositions(value) for key, value in schema.items()}
    if found.get("nullable") is True and "type" not in found:
        rest = {key: value for key, value in found.items() if key != "nullable"}
        return {"anyOf": [{"enum": [None]}, rest]}
    return found


def _rebase(schema: Any) -> Any:
    """``#/components/…`` references made absolute against the registered document."""
    if isinstance(schema, dict):
        return {
            key: (
                f"{_DOCUMENT_URI}{value}"
                if key == "$ref" and isinstance(value, str) and value.startswith("#")
                else _rebase(value)
            )
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_rebase(item) for item in schema]
    return schema


def document(app: Flask) -> Document:
    """The app's document (built once per app)."""
    found = app.extensions.get("tuition_test_document")
    if found is None:
        found = Document(app.extensions["tuition_api"].spec.to_dict())
        app.extensions["tuition_test_document"] = found
    return found


def check_response(app: Flask, method: str, path: str, response: Any) -> None:
    """Raise :class:`ResponseMismatch` when a JSON answer differs from its documentation."""
    mimetype = response.mimetype
    if mimetype not in ("application/json", "application/problem+json"):
        return
    doc = document(app)
    schema = doc.response_schema(method, path.split("?", 1)[0], response.status_code, mimetype)
    if schema is None:
        return
    problems = doc.validate(schema, response.get_json())
    if problems:
        raise ResponseMismatch(
            f"{method} {path} → {response.status_code} does not match the "
            f"OpenAPI document:\n  " + "\n  ".join(problems[:10])
        )
