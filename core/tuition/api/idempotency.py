"""``Idempotency-Key`` on every unsafe request of the API (POST, PUT, PATCH, DELETE).

Keyed per credential (the ``Authorization`` and ``X-Tenant-Key`` headers): the same key from
another caller is another key. Requests without any credential (provider webhooks, which
are deduplicated by event id, and the dummy provider's pay page) are not keyed. See
:mod:`tuition.services.idempotency` for the semantics.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask, Response, current_app, request

from tuition.api.transaction import COMMIT_FAILED
from tuition.runtime import Tuition
from tuition.services.idempotency import Claim, IdempotencyStore, credential_of, fingerprint

log = logging.getLogger(__name__)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
#: Headers of the first answer that a replay repeats (CORS and request ids are added anew).
KEPT_HEADERS = ("Content-Type", "Location", "Retry-After")
_CLAIM = "tuition.idempotency_claim"
PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Same key and body within 24 h → the first answer again, with "
    "`Idempotent-Replayed: true`; the same key with another request → 422 "
    "`idempotency_key_reused`; while the first still runs → 409 "
    "`idempotency_key_in_use`. Keys are per credential.",
}


def install(app: Flask) -> None:
    """Claim keys as each view starts (after the routing, the credential checks and the
    plugin checks of ``before_request``: a caller without valid credentials, or a method the
    route does not take, claims nothing), store answers after it: after the request's
    commit (:mod:`tuition.api.transaction`, installed first, so its wrapper is inside this
    one). Call after every blueprint is registered."""
    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = _keyed(view)
    app.after_request(_store_answer)
    app.teardown_request(_release_unanswered)


def _keyed(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def keyed(*args: Any, **kwargs: Any) -> Any:
        replay = _claim_or_replay()
        return replay if replay is not None else view(*args, **kwargs)

    return keyed


def store() -> IdempotencyStore:
    """The application's store (made on first use: the secret key may be loaded late)."""
    found: IdempotencyStore | None = current_app.extensions.get("tuition_idempotency")
    if found is None:
        runtime: Tuition = current_app.extensions["tuition"]
        found = IdempotencyStore(
            runtime.engine,
            runtime.secret_key,
            timedelta(hours=runtime.settings.idempotency_ttl_hours),
        )
        current_app.extensions["tuition_idempotency"] = found
    return found


def _claim_or_replay() -> Response | None:
    if request.method not in UNSAFE_METHODS or not request.path.startswith("/v1/"):
        return None
    key = request.headers.get(HEADER)
    if key is None:
        return None
    credential = credential_of(
        request.headers.get("Authorization", ""), request.headers.get("X-Tenant-Key", "")
    )
    if credential is None:
        return None
    path = request.full_path if request.query_string else request.path
    outcome = store().claim(
        credential, key, fingerprint(request.method, path, request.get_data(cache=True))
    )
    if isinstance(outcome, Claim):
        request.environ[_CLAIM] = outcome
        return None
    response = Response(outcome.body, status=outcome.status)
    for name, value in outcome.headers.items():
        response.headers[name] = value
    response.headers[REPLAYED_HEADER] = "true"
    return response


def _store_answer(response: Response) -> Response:
    claim: Claim | None = request.environ.pop(_CLAIM, None)
    if claim is None:
        return response
    try:
        if (
            response.status_code >= 500
            or response.status_code == 429
            or response.is_streamed
            or request.environ.get(COMMIT_FAILED)
        ):
            store().release(claim)  # nothing happened (rolled back or refused): retry freely
        else:
            headers = {
                name: response.headers[name] for name in KEPT_HEADERS if name in response.headers
            }
            store().complete(claim, response.status_code, headers, response.get_data())
    except Exception:  # the work is done: answer it even if its record could not be kept
        log.exception("could not store the answer to an Idempotency-Key")
    return response


def _release_unanswered(_exc: BaseException | None = None) -> None:
    claim: Claim | None = request.environ.pop(_CLAIM, None)
    if claim is not None:
        try:
            store().release(claim)
        except Exception:
            log.exception("could not release an Idempotency-Key")


def document(api: Any) -> None:
    """Add the ``Idempotency-Key`` header, and the 409/422 problems it may answer, to every
    unsafe operation that takes a credential (webhooks and pay pages take none)."""
    problem = {
        "description": "Problem (see `code`).",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    for path in api.spec._paths.values():
        for method, operation in path.items():
            if method.upper() not in UNSAFE_METHODS or not isinstance(operation, dict):
                continue
            schemes = {name for option in operation.get("security", []) for name in option}
            if not schemes - {"ProviderSignature"}:
                continue
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("name") == HEADER for p in parameters if isinstance(p, dict)):
                parameters.append(dict(PARAMETER))
            responses = operation.setdefault("responses", {})
            for status in ("409", "422"):
                responses.setdefault(status, dict(problem))
