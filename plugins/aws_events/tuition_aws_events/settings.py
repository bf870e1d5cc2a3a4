"""The plugin's per-tenant settings: where events go, which ones, and the credentials.

A tenant names its own SNS topic (by ARN) and/or SQS queue (by URL); the plugin publishes
with the tenant's own AWS credentials, given as secret references (``env:NAME``,
``aws-sm:…``) that core resolves, never as values. The endpoint the AWS calls go to is the
operator's: AWS's own for the target's region, or the standard AWS configuration
(``AWS_ENDPOINT_URL_SNS``, ``AWS_ENDPOINT_URL_SQS``, ``AWS_ENDPOINT_URL``; tests point
them at moto). A queue URL must therefore name AWS's SQS host, or the operator's endpoint.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

PLUGIN = "aws_events"

_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}"
#: ``arn:<partition>:sns:<region>:<account>:<topic>`` (``.fifo`` for a FIFO topic).
TOPIC_ARN = re.compile(
    rf"^arn:aws(?:-cn|-us-gov)?:sns:(?P<region>{_REGION}):\d{{12}}:[A-Za-z0-9_-]{{1,256}}(?:\.fifo)?$"
)
#: AWS's SQS hosts: ``sqs.<region>.amazonaws.com`` (``.com.cn``) and the legacy
#: ``<region>.queue.amazonaws.com``.
_SQS_HOST = re.compile(
    rf"^(?:sqs\.(?P<region>{_REGION})\.amazonaws\.com(?:\.cn)?|(?P<legacy>{_REGION})\.queue\.amazonaws\.com)$"
)
_QUEUE_PATH = re.compile(r"^/\d{12}/[A-Za-z0-9_-]{1,80}(?:\.fifo)?$")
REGION = re.compile(rf"^{_REGION}$")
#: ``<scheme>:<name>``: core checks the scheme and whether the operator allows the name.
SECRET_REFERENCE = re.compile(r"^[a-z][a-z0-9-]*:\S{1,2048}$")
EVENT_TYPE = re.compile(r"^(?:\*|[a-z0-9_]+(?:\.[a-z0-9_]+)*(?:\.\*)?)$")
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL")


def operator_endpoints() -> list[str]:
    """The SQS endpoints the operator configured (read at each use, like boto3 does)."""
    return [os.environ[name] for name in ENDPOINT_VARIABLES if os.environ.get(name)]


def queue_url_problem(url: str) -> str | None:
    """Why ``url`` is not an SQS queue URL the plugin may send to, or None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "Not a valid URL."
    host = (parts.hostname or "").lower()
    if parts.username or parts.password or parts.query or parts.fragment:
        return "Give the queue URL only (no credentials, query or fragment)."
    if not _QUEUE_PATH.fullmatch(parts.path):
        return "Expected https://sqs.<region>.amazonaws.com/<12-digit account>/<queue name>."
    if parts.scheme == "https" and port in (None, 443) and _SQS_HOST.fullmatch(host):
        return None
    for endpoint in operator_endpoints():
        allowed = urlsplit(endpoint)
        if (parts.scheme, parts.netloc.lower()) == (allowed.scheme, allowed.netloc.lower()):
            return None
    return (
        "The queue URL must name AWS's SQS host (https://sqs.<region>.amazonaws.com/…) "
        "or the endpoint the operator configured."
    )


def target_region(settings: Mapping[str, Any], target: str) -> str | None:
    """The region of ``target`` (``"sns"`` or ``"sqs"``): the ``region`` setting, else
    the one in the topic ARN / queue URL."""
    if settings.get("region"):
        return str(settings["region"])
    if target == "sns":
        match = TOPIC_ARN.match(str(settings.get("sns_topic_arn") or ""))
        return match.group("region") if match else None
    host = (urlsplit(str(settings.get("sqs_queue_url") or "")).hostname or "").lower()
    match = _SQS_HOST.match(host)
    return (match.group("region") or match.group("legacy")) if match else None


def wanted(event_type: str, patterns: list[str] | None) -> bool:
    """Whether the ``event_types`` filter lets ``event_type`` through (no filter: all)."""
    if not patterns:
        return True
    for pattern in patterns:
        if pattern == "*" or pattern == event_type:
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False


def _secret_reference(what: str) -> fields.String:
    return fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(
            SECRET_REFERENCE.pattern,
            error="Give a secret reference (env:NAME or aws-sm:<name>[#<key>]), not the value.",
        ),
        metadata={"secret": True, "description": f"The AWS {what}, as a secret reference."},
    )


class AwsEventsSettings(Schema):
    """Per-tenant settings: an SNS topic and/or an SQS queue, the region, an optional
    filter of event types, and the IAM user's key as secret references."""

    sns_topic_arn = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(
            TOPIC_ARN.pattern,
            error="Expected an SNS topic ARN: arn:aws:sns:<region>:<12-digit account>:<topic>.",
        ),
        metadata={"description": "Publish each event to this SNS topic (.fifo: FIFO)."},
    )
    sqs_queue_url = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=500),
        metadata={"description": "Send each event to this SQS queue (.fifo: FIFO)."},
    )
    region = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(REGION.pattern, error="Expected an AWS region, e.g. eu-west-1."),
        metadata={"description": "AWS region (default: the one in the topic ARN / queue URL)."},
    )
    event_types = fields.List(
        fields.String(
            validate=validate.Regexp(
                EVENT_TYPE.pattern, error="Expected an event type, a prefix like order.* or *."
            )
        ),
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "Publish only these event types (order.paid, order.*)."},
    )
    access_key_id = _secret_reference("access key id")
    secret_access_key = _secret_reference("secret access key")

    @validates("sqs_queue_url")
    def _check_queue_url(self, value: str | None, **_: Any) -> None:
        problem = None if value is None else queue_url_problem(value)
        if problem:
            raise ValidationError(problem)

    @validates_schema(skip_on_field_errors=True)
    def _check_together(self, data: Mapping[str, Any], **_: Any) -> None:
        if not (data.get("sns_topic_arn") or data.get("sqs_queue_url")):
            return  # enabled, not configured yet: events are skipped
        missing = {
            name: ["Required with a topic or queue (the tenant's own IAM credentials)."]
            for name in ("access_key_id", "secret_access_key")
            if not data.get(name)
        }
        if missing:
            raise ValidationError(missing)
        if data.get("sqs_queue_url") and not target_region(data, "sqs"):
            raise ValidationError({"region": ["Required: the queue URL does not name a region."]})
