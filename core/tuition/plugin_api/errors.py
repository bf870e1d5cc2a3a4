"""Domain errors. Services raise them; the API turns each into RFC 9457 problem+json."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tuition.plugin_api.values import Problem


class TuitionError(Exception):
    """Base of every error a caller may see; ``code`` is stable, ``detail`` is user-safe."""

    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.extra: dict[str, Any] = extra

    def to_problem(self) -> dict[str, Any]:
        """The problem+json document of this error."""
        body: dict[str, Any] = {
            "type": f"urn:tuition:problem:{self.code}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        body.update(self.extra)
        return body


class NotFound(TuitionError):
    status, code, title = 404, "not_found", "Not found"


class Unauthorized(TuitionError):
    status, code, title = 401, "unauthorized", "Unauthorized"


class Forbidden(TuitionError):
    status, code, title = 403, "forbidden", "Forbidden"


class Conflict(TuitionError):
    status, code, title = 409, "conflict", "Conflict"


class ValidationFailed(TuitionError):
    """Input that parsed but does not make sense; ``errors`` maps field paths to messages."""

    status, code, title = 422, "validation_error", "Validation failed"

    def __init__(self, errors: Mapping[str, Any], detail: str | None = None) -> None:
        super().__init__(detail or "The request has invalid fields.", errors=dict(errors))


class EnrollmentRefused(TuitionError):
    """A check or pricing model refused an enrollment; carries the check's problem."""

    title = "Enrollment refused"

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.detail, code=problem.code, status=problem.status, **problem.extra)
        self.problem = problem


class ConfigurationError(Exception):
    """The plugin set-up is inconsistent (duplicate registrations, bad plugin metadata)."""
