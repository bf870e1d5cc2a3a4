"""Publishing one domain event to the tenant's SNS topic and/or SQS queue.

Runs in the event's job, which starts with no transaction open; this module never touches
the job's session, so no transaction (and no row lock) is held during the AWS calls.
Failures are sorted at this edge: throttling, AWS-side errors (5xx) and connection
problems raise :class:`PublishFailed`, so core's job retry tries again; refusals that
another attempt cannot fix (access denied, no such topic or queue, invalid credentials)
are logged once, naming the tenant, event and target, and not retried.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from tuition.plugin_api import DomainEvent, JobContext, TuitionError

from .settings import PLUGIN, target_region, wanted

log = logging.getLogger(__name__)

#: Error codes worth another attempt (besides any HTTP 5xx or 429).
RETRYABLE_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ServiceUnavailable",
        "InternalError",
        "InternalFailure",
        "KMSThrottling",
        "KMSThrottlingException",
        "RequestLimitExceeded",
    }
)
#: boto's own retries inside one attempt; the job retry does the rest.
CLIENT_CONFIG: dict[str, Any] = {
    "connect_timeout": 5,
    "read_timeout": 10,
    "retries": {"mode": "standard", "max_attempts": 2},
}


class PublishFailed(RuntimeError):
    """A publish that may succeed later (throttled, AWS-side error, no connection): the
    job fails and core retries it. The message names the target, never a credential."""


def make_client(service: str, region: str, access_key_id: str, secret_access_key: str) -> Any:
    """A boto3 client of ``service`` with the tenant's credentials; the endpoint is the
    operator's (standard AWS configuration, e.g. ``AWS_ENDPOINT_URL_SQS``)."""
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        region_name=region,
    )
    return session.client(service, config=Config(**CLIENT_CONFIG))


def message_body(event: DomainEvent) -> str:
    """The JSON every target receives: the event as Tuition emits it."""
    return json.dumps(asdict(event), separators=(",", ":"), sort_keys=True, default=str)


def attributes(event: DomainEvent) -> dict[str, dict[str, str]]:
    """Message attributes (SNS and SQS alike), for subscription filter policies."""
    return {
        "event_type": {"DataType": "String", "StringValue": event.type},
        "tenant_id": {"DataType": "String", "StringValue": event.tenant_id},
        "event_id": {"DataType": "String", "StringValue": event.id},
    }


def fifo_fields(event: DomainEvent) -> dict[str, str]:
    """FIFO ordering per tenant, deduplicated by the event's id (a retry is no duplicate)."""
    return {"MessageGroupId": event.tenant_id, "MessageDeduplicationId": event.id}


def on_event(event: DomainEvent, job: JobContext) -> None:
    """Publish ``event`` to the tenant's targets (those configured and let through by the
    ``event_types`` filter)."""
    settings = job.plugin_settings(PLUGIN)
    topic, queue = settings.get("sns_topic_arn"), settings.get("sqs_queue_url")
    if not (topic or queue) or not wanted(event.type, settings.get("event_types")):
        return
    try:
        credentials = (
            str(job.secret(settings.get("access_key_id"))),
            str(job.secret(settings.get("secret_access_key"))),
        )
    except TuitionError as exc:
        if exc.code == "secret_unavailable":
            raise  # the variable or store may be there later: core retries the job
        # a reference the operator no longer allows, …
        log.error(
            "aws_events: event %s (%s) of tenant %s not published: the credentials cannot "
            "be used (%s); not retried",
            event.id, event.type, event.tenant_id, exc.code,
        )  # fmt: skip
        return
    failures: list[str] = []
    if topic:
        failures += _attempt(event, settings, "sns", str(topic), credentials)
    if queue:
        failures += _attempt(event, settings, "sqs", str(queue), credentials)
    if failures:
        raise PublishFailed("; ".join(failures))


def _attempt(
    event: DomainEvent,
    settings: Mapping[str, Any],
    service: str,
    target: str,
    credentials: tuple[str, str],
) -> list[str]:
    """Publish to one target; the retryable failures, described (permanent ones logged)."""
    from botocore.exceptions import BotoCoreError, ClientError

    region = target_region(settings, service)
    fifo = target.endswith(".fifo")
    try:
        client = make_client(service, region or "", *credentials)
        if service == "sns":
            client.publish(
                TopicArn=target,
                Message=message_body(event),
                MessageAttributes=attributes(event),
                **(fifo_fields(event) if fifo else {}),
            )
        else:
            client.send_message(
                QueueUrl=target,
                MessageBody=message_body(event),
                MessageAttributes=attributes(event),
                **(fifo_fields(event) if fifo else {}),
            )
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or "")
        status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
        detail = _safe(str(error.get("Message") or ""), credentials)
        if code in RETRYABLE_CODES or status >= 500 or status == 429:
            log.warning(
                "aws_events: %s %s answered %s (HTTP %s) for event %s of tenant %s; "
                "the job will be retried",
                service.upper(), target, code or "an error", status, event.id, event.tenant_id,
            )  # fmt: skip
            return [f"{service.upper()} {target}: {code or status} (retryable)"]
        log.error(
            "aws_events: %s refused event %s (%s) of tenant %s for %s: %s %s; not retried "
            "(check the target and the IAM permissions in the plugin's settings)",
            service.upper(), event.id, event.type, event.tenant_id, target, code, detail,
        )  # fmt: skip
        return []
    except BotoCoreError as exc:  # no connection, timeout, bad endpoint, …
        log.warning(
            "aws_events: %s %s could not be reached for event %s of tenant %s (%s); "
            "the job will be retried",
            service.upper(), target, event.id, event.tenant_id, type(exc).__name__,
        )  # fmt: skip
        return [f"{service.upper()} {target}: {type(exc).__name__} (retryable)"]
    log.info(
        "aws_events: event %s (%s) published to %s %s",
        event.id, event.type, service.upper(), target,
    )  # fmt: skip
    return []


def _safe(text: str, credentials: tuple[str, str]) -> str:
    """``text`` (an AWS error message) without the credentials, shortened."""
    for value in credentials:
        if value:
            text = text.replace(value, "[redacted]")
    return text[:300]
