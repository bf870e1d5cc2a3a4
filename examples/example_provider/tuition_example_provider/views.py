"""``POST /v1/example/notes/<tenant slug>``: where the provider's side posts payment notes."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from marshmallow import fields

from tuition.plugin_api import (
    WEBHOOK,
    Out,
    PluginBlueprint,
    TuitionError,
    WebhookRequest,
    WebhookVerificationError,
    problems,
    raw_body,
)
from tuition.plugin_api.web import host, require_plugin, tenant_by_slug

from .provider import ExampleProvider

PLUGIN = "example_provider"

# ``public``: the provider's side calls with no Tuition credentials; the view finds the
# tenant from the URL and answers 404 where the plugin is not enabled.
blp = PluginBlueprint(
    "example_provider",
    __name__,
    plugin=PLUGIN,
    audience="public",
    url_prefix="/v1/example",
    description="The example payment provider: payment notes.",
)


class InvalidNote(TuitionError):
    """A payment note whose signature or body does not check out (like a bad webhook)."""

    status, code, title = 400, "invalid_webhook", "Invalid webhook"


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
        found = tenant_by_slug(tenant)  # 404 for an unknown tenant
        require_plugin(found, PLUGIN)  # 404 for tenants without the plugin
        # The provider as core calls it: this tenant's settings, env: references resolved.
        gateway = host().services.payment_provider(found, ExampleProvider.name)
        assert isinstance(gateway, ExampleProvider)
        try:
            recorded = gateway.take_note(
                WebhookRequest(
                    body=request.get_data(cache=True),
                    headers=dict(request.headers),
                    tenant_id=found.id,
                    tenant_slug=found.slug,
                )
            )
        except WebhookVerificationError as exc:
            raise InvalidNote(f"The payment note could not be verified: {exc}") from None
        return {"recorded": recorded}
