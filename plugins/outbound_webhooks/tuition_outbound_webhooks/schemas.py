"""marshmallow schemas of the webhook endpoints admin API (snake_case JSON, like core)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from tuition.plugin_api import Out, PageQuery, page_of
from tuition.plugin_api.outbound import ALLOWED_HOSTS_VARIABLE, MAX_URL_LENGTH

from .events import ALL_EVENTS, MAX_SUBSCRIPTIONS, event_types
from .models import DELIVERY_STATUSES

MAX_ROTATION_OVERLAP_MINUTES = 3 * 24 * 60


def _url(**kwargs: Any) -> fields.String:
    return fields.String(
        validate=validate.Length(min=1, max=MAX_URL_LENGTH),
        metadata={
            "description": "Where deliveries are POSTed: https:// on a public host (http:// "
            f"only for hosts in the operator's {ALLOWED_HOSTS_VARIABLE}).",
            "example": "https://example.com/hooks/tuition",
        },
        **kwargs,
    )


def _known_event(value: str) -> None:
    if value != ALL_EVENTS and value not in event_types():
        raise ValidationError(f'Unknown event type {value!r}; see the plugin\'s README or use "*".')


def _events(**kwargs: Any) -> fields.List:
    return fields.List(
        fields.String(validate=[validate.Length(min=1, max=100), _known_event]),
        validate=validate.Length(min=1, max=MAX_SUBSCRIPTIONS),
        metadata={
            "description": 'Event types to receive, or ["*"] for all of them.',
            "example": ["enrollment.activated", "order.paid"],
        },
        **kwargs,
    )


def _description(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(max=500), **kwargs)


class WebhookEndpointUpdate(Schema):
    """Every field optional. Enabling an endpoint clears the reason it was disabled."""

    url = _url()
    events = _events()
    description = _description()
    enabled = fields.Boolean(
        metadata={
            "description": "Disabled endpoints receive no deliveries (a 410 answer disables "
            "an endpoint)."
        }
    )


class WebhookEndpointWrite(Schema):
    url = _url(required=True)
    events = _events(required=True)
    description = _description(load_default="")
    enabled = fields.Boolean(load_default=True)


class WebhookEndpointOut(Out):
    id = fields.String()
    url = fields.String()
    description = fields.String()
    events = fields.List(fields.String())
    enabled = fields.Boolean()
    disabled_reason = fields.String(allow_none=True)
    disabled_at = fields.DateTime(allow_none=True)
    secret_last4 = fields.String(
        metadata={
            "description": "The last 4 characters of the signing secret (shown in full only "
            "when it is created or rotated)."
        }
    )
    previous_secret_expires_at = fields.DateTime(
        allow_none=True,
        metadata={
            "description": "After a rotation with an overlap: deliveries carry a second "
            "signature with the previous secret until then."
        },
    )
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class WebhookEndpointWithSecret(WebhookEndpointOut):
    secret = fields.String(
        metadata={"description": "The signing secret (whsec_…). Shown this once: store it now."}
    )


EndpointPage = page_of(WebhookEndpointOut, "WebhookEndpointPage")


class WebhookSecretRotation(Schema):
    keep_previous_minutes = fields.Integer(
        load_default=0,
        strict=True,
        validate=validate.Range(min=0, max=MAX_ROTATION_OVERLAP_MINUTES),
        metadata={
            "description": "Keep signing with the previous secret as well (a second "
            "v1 in Tuition-Signature) for this many minutes; 0 "
            "retires it at once."
        },
    )


class WebhookDeliveryQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(DELIVERY_STATUSES))


class WebhookDeliveryOut(Out):
    id = fields.String()
    endpoint_id = fields.String()
    event_id = fields.String()
    event_type = fields.String()
    status = fields.String(
        metadata={
            "enum": list(DELIVERY_STATUSES),
            "description": "pending (waiting for next_attempt_at), sending, succeeded, failed "
            "(a 410, the endpoint disabled, or 3 days of failed retries).",
        }
    )
    attempt_count = fields.Integer()
    next_attempt_at = fields.DateTime(allow_none=True)
    give_up_at = fields.DateTime(
        metadata={"description": "No automatic retry is scheduled after this instant."}
    )
    last_status_code = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


DeliveryPage = page_of(WebhookDeliveryOut, "WebhookDeliveryPage")


class WebhookAttemptOut(Out):
    number = fields.Integer()
    trigger = fields.String(metadata={"enum": ["automatic", "manual"]})
    started_at = fields.DateTime()
    duration_ms = fields.Integer()
    status_code = fields.Integer(allow_none=True)
    outcome = fields.String(metadata={"enum": ["succeeded", "failed"]})
    error = fields.String(allow_none=True)
    response_excerpt = fields.String(
        allow_none=True, metadata={"description": "The first 1000 bytes of the endpoint's answer."}
    )


class WebhookDeliveryDetail(WebhookDeliveryOut):
    payload = fields.Dict(
        metadata={"description": "The JSON body sent: id, type, occurred_at, data."}
    )
    attempts = fields.List(fields.Nested(WebhookAttemptOut))
