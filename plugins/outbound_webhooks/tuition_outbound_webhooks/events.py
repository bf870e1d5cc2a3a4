"""The event types an endpoint may subscribe to.

Core has no registry of event types (plugins emit theirs with ``ctx.emit``), so this plugin
keeps the catalogue of the events core and the bundled plugins emit; the README documents
their payloads. ``*`` subscribes to every event, including types added later.
"""

from __future__ import annotations

ALL_EVENTS = "*"
#: Sent only by ``POST /v1/admin/webhook-endpoints/<id>/test``; never subscribed to.
PING = "ping"

EVENT_TYPES: dict[str, str] = {
    # core
    "enrollment.activated": "an enrollment became active (free enrollment, or paid)",
    "enrollment.completed": "a student completed an active enrollment",
    "order.paid": "an order was paid",
    "order.failed": "an order's payment failed",
    "order.expired": "an order's checkout expired unpaid",
    "order.canceled": "an order's checkout was canceled",
    "order.refunded": "an order was refunded, fully or in part (refunded_amount)",
    "order.refund_scheduled": "money arrived for a seat that is gone; it is refunded",
    # cohorts plugin
    "cohort.session_booked": "a session of a cohort's step was booked or moved",
    "waitlist.offered": "a freed seat was offered to a student on the waitlist",
}


def subscribed(events: list[str], event_type: str) -> bool:
    """Whether an endpoint subscribed to ``events`` receives ``event_type``."""
    return ALL_EVENTS in events or event_type in events
