"""Admin API of the outbound webhooks plugin (secret key or staff token): endpoints, their
deliveries and attempts, redelivery and test pings. Every path answers 404 for tenants that
did not enable the plugin. Staff: changing endpoints is the owner's (they hold secrets and
send data out); reading needs support, redelivering manager."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from tuition.plugin_api import ADMIN, PageQuery, PluginBlueprint, problems, staff_role
from tuition.plugin_api.web import admin_tenant, commit_now, db, paginate
from tuition.plugin_api.web import host as tuition

from . import endpoints
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .schemas import (
    DeliveryPage,
    EndpointPage,
    WebhookDeliveryDetail,
    WebhookDeliveryQuery,
    WebhookEndpointOut,
    WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
    WebhookEndpointWrite,
    WebhookSecretRotation,
)
from .settings import PLUGIN

#: Secret-key callers of tenants that enabled the plugin (401, then 404 elsewhere).
blp = PluginBlueprint(
    "outbound_webhooks_admin",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin",
    description="Webhook endpoints, deliveries and attempts (outbound_webhooks plugin).",
)


def _doc(operation_id: str) -> dict[str, Any]:
    return {"security": ADMIN, "operationId": operation_id, "tags": ["admin"]}


def present_endpoint(endpoint: WebhookEndpoint, secret: str | None = None) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": endpoint.id,
        "url": endpoint.url,
        "description": endpoint.description,
        "events": list(endpoint.events or []),
        "enabled": endpoint.enabled,
        "disabled_reason": endpoint.disabled_reason,
        "disabled_at": endpoint.disabled_at,
        "secret_last4": endpoint.secret_last4,
        "previous_secret_expires_at": endpoint.previous_secret_expires_at,
        "created_at": endpoint.created_at,
        "updated_at": endpoint.updated_at,
    }
    if secret is not None:
        shown["secret"] = secret
    return shown


def present_delivery(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "endpoint_id": delivery.endpoint_id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "status": delivery.status,
        "attempt_count": delivery.attempt_count,
        "next_attempt_at": delivery.next_attempt_at,
        "give_up_at": delivery.give_up_at,
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "delivered_at": delivery.delivered_at,
        "created_at": delivery.created_at,
        "updated_at": delivery.updated_at,
    }


def present_attempt(attempt: WebhookAttempt) -> dict[str, Any]:
    return {
        "number": attempt.number,
        "trigger": attempt.trigger,
        "started_at": attempt.started_at,
        "duration_ms": attempt.duration_ms,
        "status_code": attempt.status_code,
        "outcome": attempt.outcome,
        "error": attempt.error,
        "response_excerpt": attempt.response_excerpt,
    }


def present_detail(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        **present_delivery(delivery),
        "payload": delivery.payload(),
        "attempts": [present_attempt(a) for a in endpoints.attempts_of(db(), delivery.id)],
    }


# -- endpoints ----------------------------------------------------------------------------


@blp.route("/webhook-endpoints")
class Endpoints(MethodView):
    @blp.doc(**_doc("listWebhookEndpoints"))
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, EndpointPage)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The tenant's webhook endpoints, oldest first (secrets shown as last 4 only)."""
        return paginate(
            endpoints.list_endpoints(),
            query,
            WebhookEndpoint.created_at,
            WebhookEndpoint.id,
            present=present_endpoint,
        )

    @staff_role("owner")
    @blp.doc(**_doc("createWebhookEndpoint"))
    @blp.arguments(WebhookEndpointWrite)
    @blp.response(201, WebhookEndpointWithSecret)
    @problems(blp, 401, 404, 409, 422)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Register an endpoint for some event types; the answer carries its signing secret,
        shown this once.

        ``url`` must be https:// on a public host (422 otherwise). ``too_many_endpoints``
        (409): the tenant has the most endpoints it may have.
        """
        created = endpoints.create_endpoint(tuition(), db(), admin_tenant(), data)
        db().flush()  # the request commits once the answer is built
        return present_endpoint(created.endpoint, created.secret)


@blp.route("/webhook-endpoints/<string:endpoint_id>")
class EndpointResource(MethodView):
    @blp.doc(**_doc("getWebhookEndpoint"))
    @blp.response(200, WebhookEndpointOut)
    @problems(blp, 401, 404)
    def get(self, endpoint_id: str) -> dict[str, Any]:
        """One webhook endpoint (the secret's last 4 characters only)."""
        return present_endpoint(endpoints.get_endpoint(db(), endpoint_id))

    @staff_role("owner")
    @blp.doc(**_doc("updateWebhookEndpoint"))
    @blp.arguments(WebhookEndpointUpdate, required=False)
    @blp.response(200, WebhookEndpointOut)
    @problems(blp, 401, 404, 422)
    def patch(self, data: dict[str, Any], endpoint_id: str) -> dict[str, Any]:
        """Change an endpoint's url, events, description, or enable/disable it."""
        updated = endpoints.update_endpoint(db(), endpoint_id, data)
        db().flush()
        return present_endpoint(updated)

    @staff_role("owner")
    @blp.doc(**_doc("deleteWebhookEndpoint"))
    @blp.response(204)
    @problems(blp, 401, 404)
    def delete(self, endpoint_id: str) -> None:
        """Delete an endpoint with its deliveries and their attempts."""
        endpoints.delete_endpoint(db(), endpoint_id)


@blp.route("/webhook-endpoints/<string:endpoint_id>/rotate-secret")
class RotateSecret(MethodView):
    @staff_role("owner")
    @blp.doc(**_doc("rotateWebhookEndpointSecret"))
    @blp.arguments(WebhookSecretRotation)
    @blp.response(200, WebhookEndpointWithSecret)
    @problems(blp, 401, 404, 422)
    def post(self, data: dict[str, Any], endpoint_id: str) -> dict[str, Any]:
        """Replace the endpoint's signing secret; the answer carries the new one, shown this
        once. The previous secret stops signing at once, or after
        ``keep_previous_minutes``."""
        rotated = endpoints.rotate_secret(
            tuition(), db(), endpoint_id, data["keep_previous_minutes"]
        )
        db().flush()
        return present_endpoint(rotated.endpoint, rotated.secret)


@blp.route("/webhook-endpoints/<string:endpoint_id>/test")
class PingEndpoint(MethodView):
    @staff_role("owner")
    @blp.doc(**_doc("testWebhookEndpoint"))
    @blp.response(202, WebhookDeliveryDetail)
    @problems(blp, 401, 404)
    def post(self, endpoint_id: str) -> dict[str, Any]:
        """Send a ``ping`` event to the endpoint now (once, no retries; disabled endpoints
        too). The answer is the delivery as it stands; poll it for the attempt."""
        delivery_id = endpoints.send_test(tuition(), db(), endpoint_id)
        commit_now()  # the ping is attempted now (inline) or handed to a worker: shown below
        return present_detail(endpoints.get_delivery(db(), delivery_id))


@blp.route("/webhook-endpoints/<string:endpoint_id>/deliveries")
class Deliveries(MethodView):
    @blp.doc(**_doc("listWebhookDeliveries"))
    @blp.arguments(WebhookDeliveryQuery, location="query")
    @blp.response(200, DeliveryPage)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any], endpoint_id: str) -> dict[str, Any]:
        """The endpoint's deliveries, newest first, optionally of one ``status``."""
        stmt = endpoints.deliveries_of(db(), endpoint_id, query.get("status"))
        return paginate(
            stmt,
            query,
            WebhookDelivery.created_at.desc(),
            WebhookDelivery.id.desc(),
            present=present_delivery,
        )


# -- deliveries ---------------------------------------------------------------------------


@blp.route("/webhook-deliveries/<string:delivery_id>")
class DeliveryResource(MethodView):
    @blp.doc(**_doc("getWebhookDelivery"))
    @blp.response(200, WebhookDeliveryDetail)
    @problems(blp, 401, 404)
    def get(self, delivery_id: str) -> dict[str, Any]:
        """One delivery with its body and every attempt (time, status code, duration,
        error, response excerpt)."""
        return present_detail(endpoints.get_delivery(db(), delivery_id))


@blp.route("/webhook-deliveries/<string:delivery_id>/redeliver")
class Redeliver(MethodView):
    @blp.doc(**_doc("redeliverWebhook"))
    @blp.response(202, WebhookDeliveryDetail)
    @problems(blp, 401, 404, 409)
    def post(self, delivery_id: str) -> dict[str, Any]:
        """Send a delivery again now with the same body, even if it succeeded; if that
        attempt fails the retry schedule starts over.

        ``endpoint_disabled`` (409): enable the endpoint first. ``delivery_in_progress``
        (409): an attempt is being sent right now.
        """
        endpoints.redeliver(tuition(), db(), delivery_id)
        commit_now()  # the attempt runs now (inline) or on a worker: the answer shows it
        return present_detail(endpoints.get_delivery(db(), delivery_id))
