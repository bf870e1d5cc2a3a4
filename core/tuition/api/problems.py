"""RFC 9457 problem+json for every error: domain errors, HTTP errors, validation, crashes."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, json, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from tuition.plugin_api.errors import TuitionError
from tuition.plugin_api.problems import HTTP_CODES, ProblemSchema

log = logging.getLogger("tuition.api")
PROBLEM_MIMETYPE = "application/problem+json"


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    """A problem document with the five members every problem has."""
    return {
        "type": f"urn:tuition:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }


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
        code = HTTP_CODES.get(status, "error")
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
            body.update(
                code="invalid_json",
                type="urn:tuition:problem:invalid_json",
                detail="The request body is not valid JSON.",
            )
        elif messages:
            body["errors"] = _validation_errors(messages)
            body["detail"] = "The request has invalid fields."
            if body["errors"] == {"_schema": ["Invalid input type."]}:
                body["detail"] = "The request body must be a JSON object."
        if status == 413:
            body["detail"] = "The request body is too large."
        headers = dict(data.get("headers") or {})
        if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        return problem_response(body, headers)


# -- input guards ---------------------------------------------------------------------------
# Checks every request before its view runs, so that input no schema sees (path, query keys,
# plugin settings, nesting) cannot reach the database as something it refuses (a 500).

MAX_JSON_DEPTH = 32
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
NUL_MESSAGE = "Must not contain NUL characters."


def _takes_raw_body() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    view_class = getattr(view, "view_class", None)
    method = getattr(view_class, request.method.lower(), None)
    return any(
        getattr(target, "tuition_raw_body", False)
        for target in (view, view_class, method)
        if target is not None
    )


def _has_body() -> bool:
    return (
        bool(request.content_length)
        or "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    )


def _invalid_json(detail: str = "The request body is not valid JSON.") -> Response:
    return problem_response(problem(400, "invalid_json", "Bad Request", detail))


def _json_problems(value: Any) -> tuple[int, dict[str, list[str]]]:
    """The nesting depth of a parsed JSON value and the paths of strings holding NUL."""
    depth, errors = 0, {}
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        item, level, path = stack.pop()
        depth = max(depth, level)
        if depth > MAX_JSON_DEPTH:
            break
        if isinstance(item, str):
            if "\x00" in item:
                errors[path or "_schema"] = [NUL_MESSAGE]
        elif isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{path}.{key}" if path else str(key)
                if "\x00" in key:
                    errors[child_path] = [NUL_MESSAGE]
                stack.append((child, level + 1, child_path))
        elif isinstance(item, list):
            for index, child in enumerate(item):
                stack.append((child, level + 1, f"{path}.{index}" if path else str(index)))
    return depth, errors


def guard_request() -> Response | None:
    """Refuse NUL characters in the URL, non-JSON bodies, and JSON the views cannot take."""
    if request.routing_exception is not None:
        return None  # let the 404 or 405 answer
    if "\x00" in request.path or any(
        "\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)
    ):
        return problem_response(
            problem(400, "bad_request", "Bad Request", "The URL must not contain NUL characters.")
        )
    if request.method not in _BODY_METHODS or not _has_body() or _takes_raw_body():
        return None
    if not request.is_json:
        return problem_response(
            problem(
                415,
                "unsupported_media_type",
                "Unsupported Media Type",
                "Send the request body as JSON with 'Content-Type: application/json'.",
            )
        )
    raw = request.get_data(cache=True)  # 413 beyond MAX_CONTENT_LENGTH
    try:
        value = json.loads(raw.decode("utf-8"))
    except RecursionError:
        return _invalid_json(f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels.")
    except ValueError:  # syntax, encoding, integers too long to convert
        return _invalid_json()
    depth, errors = _json_problems(value)
    if depth > MAX_JSON_DEPTH:
        return _invalid_json(f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels.")
    if errors:
        return problem_response(
            problem(
                422,
                "validation_error",
                "Unprocessable Entity",
                "The request has invalid fields.",
                errors=errors,
            )
        )
    return None


def register_error_handlers(app: Flask) -> None:
    app.before_request(guard_request)

    @app.errorhandler(TuitionError)
    def _domain_error(error: TuitionError) -> Response:
        retry_after = getattr(error, "retry_after", None)  # PaymentError's, when retryable
        return problem_response(
            error.to_problem(), {"Retry-After": str(retry_after)} if retry_after else None
        )

    @app.errorhandler(Exception)
    def _crash(error: Exception) -> Response:
        if isinstance(error, HTTPException):
            return app.extensions["tuition_api"].handle_http_exception(error)
        log.exception("unhandled error")
        return problem_response(
            {
                "type": "urn:tuition:problem:internal_error",
                "title": "Internal Server Error",
                "status": 500,
                "detail": "Something went wrong on our side.",
                "code": "internal_error",
            }
        )
