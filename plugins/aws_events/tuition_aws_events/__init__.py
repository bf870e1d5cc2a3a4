"""AWS events: publish every domain event (``order.paid``, ``enrollment.activated``, …) as
JSON to the tenant's SNS topic and/or SQS queue, for businesses that fan out there.

FIFO topics and queues get ``MessageGroupId`` = tenant id and ``MessageDeduplicationId`` =
event id; throttling and AWS-side errors are retried through core's job retry, refusals
(access denied, no such topic or queue) are logged and not retried.

Hooks: ``tuition_plugin_settings`` (the target, region, filter and credentials as secret
references) and ``tuition_event`` (one publish per event, in the event's job).
"""

from __future__ import annotations

from marshmallow import Schema

from tuition.plugin_api import DomainEvent, JobContext, PluginInfo, hookimpl

from . import publish
from .settings import PLUGIN, AwsEventsSettings

__version__ = "0.1.0"
__all__ = ["PLUGIN", "TUITION_PLUGIN", "__version__"]

TUITION_PLUGIN = PluginInfo(
    title="AWS events (SNS/SQS)",
    category="feature",
    description="Domain events as JSON to the site's SNS topic and/or SQS queue "
    "(FIFO deduplicated by event id), retried on throttling and AWS errors.",
    requires_core=">=0.1,<0.2",
)


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return AwsEventsSettings


@hookimpl
def tuition_event(event: DomainEvent, job: JobContext) -> None:
    """Publish the event to the tenant's topic and/or queue (no transaction open)."""
    publish.on_event(event, job)
