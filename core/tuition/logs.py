"""Structured logs: one JSON object per line, carrying the request id, tenant and route.

Every module keeps logging through the standard ``logging`` module; :func:`configure` puts
structlog's formatter on the root logger so each record is rendered with the context bound
for the current request or job (:func:`bind`, kept in context variables).
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import IO, Any

import structlog

#: The header a request id arrives in (from a proxy or the client) and is echoed in.
REQUEST_ID_HEADER = "X-Request-Id"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_HANDLER_NAME = "tuition"


def configure(
    fmt: str = "json", level: str = "INFO", stream: IO[str] | None = None
) -> logging.Handler:
    """Render every log record as JSON (``fmt="json"``) or readable text (``"console"``)
    on ``stream`` (default stderr); returns the handler.

    Idempotent: calling it again replaces Tuition's handler instead of adding another.
    """
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # we log requests ourselves
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # at import
    return handler


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is a sane token, else a new one."""
    if header and _VALID_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def bind(**values: Any) -> None:
    """Add ``values`` to the context of every following log line of this request or job."""
    structlog.contextvars.bind_contextvars(**values)


def clear() -> None:
    """Forget the bound context (at the start and end of a request or job)."""
    structlog.contextvars.clear_contextvars()


def current(name: str) -> Any:
    """A value bound with :func:`bind`, or ``None``."""
    return structlog.contextvars.get_contextvars().get(name)
