"""The jobs of paid orders: applying a stored provider event, refunding money Tuition
cannot keep. Registered by the ``one_time`` built-in plugin."""

from __future__ import annotations

from tuition.plugin_api import JobHandler, hookimpl
from tuition.services import payment_events


@hookimpl
def tuition_job_handlers() -> dict[str, JobHandler]:
    return {
        payment_events.PROCESS_EVENT_JOB: payment_events.process_event_job,
        payment_events.REFUND_ORDER_JOB: payment_events.refund_order_job,
    }
