"""RFC 9457 problem+json for every error: domain errors, HTTP errors, validation, crashes."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json
from flask_smorest import Api
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from tuition.errors import TuitionError

log = logging.getLogger("tuition.api")
PROBLEM_MIMETYPE = "application/problem+json"

# Stable codes for HTTP-level errors that do not come from a service.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
}

PROBLEM_CODES = sorted({
    *_HTTP_CODES.values(), "invalid_json", "course_full", "registration_closed",
    "already_enrolled", "not_published", "not_available", "prerequisite_missing",
    "invalid_token", "invalid_credentials", "email_taken", "tenant_exists", "course_exists",
    "course_has_enrollments", "idempotency_key_reused", "idempotency_key_in_use",
    "secret_unavailable", "login_required",
})


class ProblemSchema(Schema):
    """An RFC 9457 problem document; ``code`` is the stable, machine-readable reason."""

    type = fields.String(metadata={"example": "urn:tuition:problem:course_full"})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    code = fields.String(metadata={"enum": PROBLEM_CODES})
    errors = fields.Dict(
        keys=fields.String(), metadata={"description": "Field path → messages (validation)."}
    )


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(body), status=body["status"], mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _flatten(messages: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(messages, dict):
        return {prefix or "_": messages}
    flat: dict[str, Any] = {}
    for key, value in messages.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(_flatten(value, path))
        else:
            flat[path] = value
    return flat


def _validation_errors(messages: dict[str, Any]) -> dict[str, Any]:
    """webargs messages are keyed by location; keep the location only for non-body input."""
    errors: dict[str, Any] = {}
    for location, value in messages.items():
        flat = _flatten(value)
        if location == "json":
            errors.update(flat)
        else:
            errors.update({f"{location}.{key}": msg for key, msg in flat.items()})
    return errors


class ProblemApi(Api):
    """flask-smorest's Api answering every HTTP error as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:
        status = error.code or 500
        code = _HTTP_CODES.get(status, "error")
        body: dict[str, Any] = {
            "type": f"urn:tuition:problem:{code}",
            "title": error.name,
            "status": status,
            "detail": error.description or error.name,
            "code": code,
        }
        data = getattr(error, "data", None) or {}
        messages = data.get("messages")
        if status == 400 and messages == {"json": ["Invalid JSON body."]}:
            body.update(code="invalid_json", type="urn:tuition:problem:invalid_json",
                        detail="The request body is not valid JSON.")
        elif messages:
            body["errors"] = _validation_errors(messages)
            body["detail"] = "The request has invalid fields."
        if status == 413:
            body["detail"] = "The request body is too large."
        headers = dict(data.get("headers") or {})
        if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        return problem_response(body, headers)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(TuitionError)
    def _domain_error(error: TuitionError) -> Response:
        return problem_response(error.to_problem())

    @app.errorhandler(Exception)
    def _crash(error: Exception) -> Response:
        if isinstance(error, HTTPException):
            return app.extensions["tuition_api"].handle_http_exception(error)
        log.exception("unhandled error")
        return problem_response({
            "type": "urn:tuition:problem:internal_error", "title": "Internal Server Error",
            "status": 500, "detail": "Something went wrong on our side.",
            "code": "internal_error",
        })
