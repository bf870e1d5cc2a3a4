"""Live streams (Server-Sent Events): a student's events, and those of one of their orders.

The view checks who is calling and what they may see with the request's session, then
answers a streaming body (:func:`tuition.services.live.stream`) that runs after the
request's transaction has ended and its session is closed: a stream holds no database
connection while it waits. Browsers' ``EventSource`` cannot send headers, so these two
operations (and only these) also take the publishable key and the student token as the
query parameters ``tenant_key`` and ``access_token``
(:func:`tuition.api.context.query_credentials`).
"""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from tuition.api.context import QUERY_KEY, QUERY_TOKEN, db, storefront_tenant, student, tuition
from tuition.api.docs import STUDENT, problems
from tuition.plugin_api import NotFound, ValidationFailed
from tuition.services import live, orders

blp = Blueprint(
    "live",
    __name__,
    url_prefix="/v1",
    description="Live order and enrollment status (Server-Sent Events).",
)

_STREAM_DOC = (
    "A `text/event-stream`: each event has an `id` (send it back as `Last-Event-ID` to "
    "resume) and one `data` line, a JSON object with `id`, `type` (`order.paid`, "
    "`enrollment.activated`, `order.refunded`, `cohort.session_booked`, …), `order_id`, "
    "`occurred_at` and the domain event's `data`. Comment lines are heartbeats. The stream "
    "ends after `TUITION_LIVE_STREAM_SECONDS`; reconnect with `Last-Event-ID`."
)
_PARAMETERS: list[dict[str, Any]] = [
    {
        "in": "header",
        "name": "Last-Event-ID",
        "required": False,
        "description": "Resume after this event (EventSource sends it when it reconnects).",
        "schema": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
    },
    {
        "in": "query",
        "name": QUERY_KEY,
        "required": False,
        "description": "The publishable key, for clients that cannot send X-Tenant-Key "
        "(EventSource); only these stream operations read it.",
        "schema": {"type": "string"},
    },
    {
        "in": "query",
        "name": QUERY_TOKEN,
        "required": False,
        "description": "The student token, for clients that cannot send Authorization "
        "(EventSource); only these stream operations read it.",
        "schema": {"type": "string"},
    },
]


def _last_event_id() -> int | None:
    raw = request.headers.get("Last-Event-ID", "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise ValidationFailed(
            {"Last-Event-ID": ["Send the id of the last event received (a whole number)."]}
        )
    return int(raw)


def _answer(scope: live.StreamScope, after: int) -> Response:
    return Response(
        live.stream(tuition(), scope, after),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


class _Stream(MethodView):
    #: Read the publishable key and student token from the query too (EventSource).
    query_credentials = True


@blp.route("/orders/<string:order_id>/events")
class OrderEvents(_Stream):
    @blp.doc(
        security=STUDENT, operationId="streamOrderEvents", tags=["student"], parameters=_PARAMETERS
    )
    @blp.response(200, description=_STREAM_DOC, content_type="text/event-stream")
    @problems(blp, 401, 404, 422)
    def get(self, order_id: str) -> Response:
        """The events of the signed-in student's order as they happen (payment received,
        enrollment active, refunds); without ``Last-Event-ID`` the order's recent events
        first. The storefront's return page listens to it."""
        tenant, me = storefront_tenant(), student()
        after = _last_event_id()
        order = orders.get_order(db(), order_id)
        if order.student_id != me.id:
            raise NotFound(f"No order {order_id!r}.")
        scope = live.StreamScope(tenant.id, me.id, order.id, order.enrollment_id)
        return _answer(scope, after or 0)


@blp.route("/me/events")
class MyEvents(_Stream):
    @blp.doc(
        security=STUDENT, operationId="streamMyEvents", tags=["student"], parameters=_PARAMETERS
    )
    @blp.response(200, description=_STREAM_DOC, content_type="text/event-stream")
    @problems(blp, 401, 422)
    def get(self) -> Response:
        """The signed-in student's events as they happen (orders, enrollments, bookings,
        plugins' events naming the student); without ``Last-Event-ID`` from now on."""
        tenant, me = storefront_tenant(), student()
        after = _last_event_id()
        if after is None:
            after = live.latest_id(db(), me.id)
        return _answer(live.StreamScope(tenant.id, me.id), after)
