"""The event types an endpoint may subscribe to: core's catalogue, with every plugin's
``tuition_event_types``; the README documents the payloads of those this repository's
plugins emit. ``*`` subscribes to every event, including types added later.
"""

from __future__ import annotations

from tuition.plugin_api.web import host

ALL_EVENTS = "*"
#: Sent only by ``POST /v1/admin/webhook-endpoints/<id>/test``; never subscribed to.
PING = "ping"

MAX_SUBSCRIPTIONS = 100


def event_types() -> dict[str, str]:
    """The subscribable types: core's and every loaded plugin's (``tuition_event_types``),
    for the request being served."""
    return host().services.event_types()


def subscribed(events: list[str], event_type: str) -> bool:
    """Whether an endpoint subscribed to ``events`` receives ``event_type``."""
    return ALL_EVENTS in events or event_type in events
