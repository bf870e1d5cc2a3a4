"""The request owns its transaction: one commit at the boundary, or one rollback.

Every view function is wrapped (after the blueprints are registered, inside the
``Idempotency-Key`` wrapper): once the view has answered, the request's session
(:func:`tuition.api.context.db`) commits when the answer is a success (1xx-3xx) and rolls
back when it is an error (4xx/5xx) or when the view raised. This happens before the answer
leaves the view, so before ``after_request`` stores it for ``Idempotency-Key`` replays and
before it is sent: a commit that fails answers a problem, never the success it would have
been. An ``IntegrityError`` at commit (a concurrent change won) answers 409 ``conflict``;
any other failure answers 500. Either way the key is released, so a retry runs again.

Jobs deferred during the request (:meth:`tuition.jobs.JobRunner.defer`) are dispatched by
that commit (``after_commit``) and forgotten by the rollback.

Services and views never commit; the few deliberate side transactions take a session
factory and say so in their names (see ``docs/architecture.md``, "Transactions").
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, g, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import Conflict

log = logging.getLogger(__name__)

#: Set in the WSGI environ when the request's commit failed (its answer is not kept for
#: ``Idempotency-Key`` replays: nothing happened, a retry runs again).
COMMIT_FAILED = "tuition.commit_failed"


def install(app: Flask) -> None:
    """Make every view function of ``app`` commit or roll back the request's session.
    Call after every blueprint is registered, before :func:`tuition.api.idempotency.install`
    (whose claim then wraps the whole transaction)."""
    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = _owning_transaction(view)


def _owning_transaction(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def owning(*args: Any, **kwargs: Any) -> Response:
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except BaseException:
            rollback()
            raise
        if response.status_code < 400:
            commit()
        else:
            rollback()
        return response

    return owning


def _session() -> Session | None:
    session: Session | None = g.get("db")
    return session


def commit() -> None:
    """Commit the request's session (if it was used); a failure rolls back and raises the
    problem the request answers instead."""
    session = _session()
    if session is None:
        return
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        request.environ[COMMIT_FAILED] = True
        log.warning("the request's commit was refused by a constraint", exc_info=True)
        raise Conflict(
            "The change conflicts with another one made meanwhile; retry.", code="conflict"
        ) from exc
    except BaseException:
        request.environ[COMMIT_FAILED] = True
        _quiet_rollback(session)
        raise


def rollback() -> None:
    """Roll back whatever the request wrote (if its session was used)."""
    session = _session()
    if session is not None:
        _quiet_rollback(session)


def _quiet_rollback(session: Session) -> None:
    try:
        session.rollback()
    except Exception:  # the connection is gone: closing the session at teardown discards it
        log.warning("the request's rollback failed", exc_info=True)


def end_before_network_call() -> None:
    """Commit the request's transaction now, before the view calls out over the network
    (a provider): the rest of the request opens a new one if it writes, and the boundary
    commits that as usual."""
    commit()
