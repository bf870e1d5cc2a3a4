"""``POST /v1/example/notes/<tenant slug>``: where the provider's side posts payment notes."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from tuition.plugin_api import (
    WEBHOOK,
    NotFound,
    Out,
    WebhookRequest,
    WebhookVerificationError,
    problems,
    raw_body,
)
from tuition.plugin_api.web import db, require_plugin
from tuition.plugin_api.web import host as tuition
from tuition.services.orders import provider
from tuition.services.payment_events import InvalidWebhook
from tuition.services.tenants import enter_by_slug

from .provider import ExampleProvider

blp = Blueprint("example_provider", __name__, url_prefix="/v1/example",
                description="The example payment provider: payment notes.")


class NoteAck(Out):
    recorded = fields.Boolean(metadata={"description": "False if the order was noted before."})


@blp.route("/notes/<string:tenant>")
class Notes(MethodView):
    @raw_body  # the signature covers the exact bytes: core must not parse or refuse them
    @blp.doc(security=WEBHOOK, operationId="examplePaymentNote", tags=["webhooks"])
    @blp.response(200, NoteAck)
    @problems(blp, 400, 404)
    def post(self, tenant: str) -> dict[str, bool]:
        """Record a signed payment note: the provider's side says an order was paid.

        The body is ``{"order_id": …, "amount": …, "currency": …}``, signed like a webhook
        but with purpose ``note``. The order itself changes later, when Tuition asks the
        provider (return-page refresh, reconciliation) or a webhook arrives.
        """
        found = enter_by_slug(db(), tenant)
        if found is None:
            raise NotFound("Not found.")
        require_plugin(found, "example_provider")  # 404 for tenants without the plugin
        gateway = provider(tuition(), found, ExampleProvider.name)  # this tenant's settings
        assert isinstance(gateway, ExampleProvider)
        try:
            recorded = gateway.take_note(WebhookRequest(
                body=request.get_data(cache=True), headers=dict(request.headers),
                tenant_id=found.id, tenant_slug=found.slug))
        except WebhookVerificationError as exc:
            raise InvalidWebhook(f"The payment note could not be verified: {exc}") from None
        return {"recorded": recorded}
