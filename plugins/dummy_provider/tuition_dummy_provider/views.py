"""The dummy provider's hosted checkout page: GET shows it, POST pays or declines and
sends the signed webhooks to this server's own webhook endpoint."""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from typing import Any

from flask import Response, current_app, redirect, request
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from tuition.plugin_api import (
    ADMIN,
    NotFound,
    OrderInfo,
    OrderRecord,
    Out,
    PluginBlueprint,
    TenantRecord,
    TuitionError,
    ValidationFailed,
    problems,
    raw_body,
)
from tuition.plugin_api.web import (
    admin_tenant,
    commit_now,
    db,
    host,
    require_plugin,
    tenant_by_slug,
)
from tuition_dummy_provider.provider import ORDER_PLACEHOLDER, DummyProvider

PLUGIN = "dummy_provider"

blp = PluginBlueprint(
    "dummy_provider",
    __name__,
    plugin=PLUGIN,
    audience="public",
    url_prefix="/v1/dummy",
    description="Offline demo provider: hosted checkout page.",
)

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dummy checkout</title></head><body style="font-family:sans-serif;max-width:30rem;
margin:2rem auto"><h1>Dummy checkout</h1><p>{title}</p><p><strong>{amount}</strong></p>{tax}
<p>Status: <span id="status">{status}</span></p>
<form method="post"><input type="hidden" name="outcome" value="pay">
<button id="pay" type="submit">Pay {amount}</button></form>
<form method="post"><input type="hidden" name="outcome" value="decline">
<button id="decline" type="submit">Decline</button></form></body></html>"""


#: The body of a pay request (JSON or a form); empty means ``pay``.
OUTCOME_DOC = {
    "type": "object",
    "properties": {"outcome": {"type": "string", "enum": ["pay", "decline"], "default": "pay"}},
}


class PayResult(Out):
    order_id = fields.String()
    status = fields.String()
    webhooks_sent = fields.Integer()


def _load(
    tenant_slug: str, order_id: str
) -> tuple[TenantRecord, OrderRecord, OrderInfo, DummyProvider]:
    """The tenant, its dummy order, what the provider sees of it, and the provider as core
    calls it (the tenant's settings, ``env:`` references resolved); 404 otherwise."""
    tenant = tenant_by_slug(tenant_slug)
    require_plugin(tenant, PLUGIN)
    services = host().services
    order = services.order(db(), order_id)
    if order is None or order.tenant_id != tenant.id or order.provider != DummyProvider.name:
        raise NotFound("Not found.")
    provider = services.payment_provider(tenant, DummyProvider.name)
    assert isinstance(provider, DummyProvider)
    return tenant, order, services.order_info(order, tenant), provider


@blp.route("/checkout/<string:tenant>/<string:order_id>")
class Checkout(MethodView):
    @blp.doc(
        security=[],
        operationId="dummyCheckoutPage",
        tags=["webhooks"],
        responses={
            "200": {
                "description": "The page.",
                "content": {"text/html": {"schema": {"type": "string"}}},
            }
        },
    )
    @blp.response(200, content_type="text/html")
    def get(self, tenant: str, order_id: str) -> Response:
        """The hosted payment page (HTML)."""
        _tenant, order, _info, _provider = _load(tenant, order_id)
        amount = f"{order.amount / 100:.2f} {order.currency}"
        return Response(
            PAGE.format(
                title=escape(order.course.title),
                amount=escape(amount),
                status=escape(order.status),
                tax=_tax_line(order.tax_amount, order.currency, order.tax),
            ),
            mimetype="text/html",
        )

    @raw_body
    @blp.doc(
        security=[],
        operationId="dummyPay",
        tags=["webhooks"],
        requestBody={
            "required": False,
            "content": {
                "application/json": {"schema": OUTCOME_DOC},
                "application/x-www-form-urlencoded": {"schema": OUTCOME_DOC},
            },
        },
        responses={
            "200": {
                "description": "OK",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/PayResult"}},
                    "text/html": {
                        "schema": {
                            "type": "string",
                            "description": "A form post without a return_url: the page again, "
                            "showing the outcome.",
                        }
                    },
                },
            }
        },
    )
    @blp.response(200, PayResult)
    @blp.alt_response(
        303, description="A form post, with the tenant's return_url set: the buyer is sent there."
    )
    def post(self, tenant: str, order_id: str) -> Any:
        """Pay (``outcome=pay``) or decline (``outcome=decline``), as JSON or a form.

        A form post is sent on to the tenant's ``return_url`` (303) when it has one."""
        is_form = request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
        body: Any = request.form if is_form else {}
        raw = b"" if is_form else request.get_data(cache=True)
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                raise TuitionError(
                    "The request body is not valid JSON.", code="invalid_json", status=400
                ) from None
            if not isinstance(body, Mapping):
                raise ValidationFailed(
                    {"body": ['Send a JSON object such as {"outcome": "pay"}, or no body.']}
                )
        outcome = body.get("outcome", "pay")
        if outcome not in ("pay", "decline"):
            raise ValidationFailed({"outcome": ["Use pay or decline."]})
        tenant_row, order, info, provider = _load(tenant, order_id)
        payment = provider.settle(info, outcome)
        deliveries = provider.webhooks_for(payment)
        _send(tenant_row.slug, deliveries)
        result = {"order_id": order.id, "status": payment.status, "webhooks_sent": len(deliveries)}
        if is_form:
            return_url = provider.settings.get("return_url")
            if return_url:
                return redirect(return_url.replace(ORDER_PLACEHOLDER, order.id), code=303)
            return Response(
                PAGE.format(
                    title=escape(order.course.title),
                    amount="",
                    status=escape(payment.status),
                    tax="",
                ),
                mimetype="text/html",
            )
        return result


def _send(tenant_slug: str, deliveries: list[tuple[bytes, dict[str, str]]]) -> None:
    client = current_app.test_client()  # the provider "calls" our public webhook URL
    for payload, headers in deliveries:
        client.post(f"/v1/webhooks/dummy/{tenant_slug}", data=payload, headers=headers)


@blp.route("/checkout/<string:tenant>/<string:order_id>/webhooks")
class LateWebhooks(MethodView):
    @raw_body
    @blp.doc(security=[], operationId="dummySendLateWebhooks", tags=["webhooks"])
    @blp.response(200, PayResult)
    def post(self, tenant: str, order_id: str) -> dict[str, Any]:
        """Deliver the webhooks held back by ``withhold_webhooks`` now (a delayed webhook)."""
        tenant_row, order, info, provider = _load(tenant, order_id)
        payment = provider.payment(info)
        if payment is None:
            raise NotFound("Nothing was paid or declined for this order yet.")
        deliveries = provider.webhooks_for(payment, late=True)
        _send(tenant_row.slug, deliveries)
        return {"order_id": order.id, "status": payment.status, "webhooks_sent": len(deliveries)}


def _tax_line(tax_amount: int, currency: str, tax: Mapping[str, Any] | None) -> str:
    """The tax the amount includes (net, tax, rate, name; the reverse-charge note)."""
    if tax is None:
        return ""
    net = f"{int(tax.get('net', 0)) / 100:.2f} {currency}"
    line = (
        f"Net {net}, {tax.get('name', 'tax')} {tax.get('rate', '')} %: "
        f"{tax_amount / 100:.2f} {currency}"
    )
    note = f"<br>{escape(str(tax['note']))}" if tax.get("note") else ""
    return f'<p id="tax">{escape(line)}{note}</p>'


# -- the test clock: schedules' later charges -------------------------------------------


class Advance(Schema):
    days = fields.Integer(load_default=0, validate=validate.Range(min=0, max=3660))
    seconds = fields.Integer(load_default=0, validate=validate.Range(min=0, max=316_224_000))


class Charge(Out):
    id = fields.String()
    order_id = fields.String()
    installment = fields.Integer()
    attempt = fields.Integer()
    amount = fields.Integer()
    currency = fields.String()
    status = fields.String()


class ChargesResult(Out):
    now = fields.DateTime()
    charges = fields.List(fields.Nested(Charge))
    webhooks_sent = fields.Integer()


def _charges_sent(
    tenant: TenantRecord, provider: DummyProvider, charges: list[Any], *, late: bool = False
) -> dict[str, Any]:
    deliveries = provider.renewal_webhooks(tenant.id, charges, late=late)
    _send(tenant.slug, deliveries)
    return {
        "now": provider.clock_now(tenant.id),
        "charges": charges,
        "webhooks_sent": len(deliveries),
    }


@blp.route("/checkout/<string:tenant>/<string:order_id>/retry")
class ScheduleRetry(MethodView):
    @raw_body
    @blp.doc(security=[], operationId="dummyRetryCharge", tags=["webhooks"])
    @blp.response(200, ChargesResult)
    def post(self, tenant: str, order_id: str) -> dict[str, Any]:
        """Charge a schedule's declined charge again (the buyer updated the card), then
        every charge due since."""
        tenant_row, _order, _info, provider = _load(tenant, order_id)
        return _charges_sent(tenant_row, provider, provider.retry(tenant_row.id, order_id))


@blp.route("/checkout/<string:tenant>/<string:order_id>/renewals")
class ScheduleLateWebhooks(MethodView):
    @raw_body
    @blp.doc(security=[], operationId="dummySendLateRenewalWebhooks", tags=["webhooks"])
    @blp.response(200, ChargesResult)
    def post(self, tenant: str, order_id: str) -> dict[str, Any]:
        """Deliver the schedule's webhooks held back by ``withhold_webhooks`` now."""
        tenant_row, _order, _info, provider = _load(tenant, order_id)
        charges = provider.undelivered(tenant_row.id, order_id)
        return _charges_sent(tenant_row, provider, charges, late=True)


admin = PluginBlueprint(
    "dummy_provider_admin",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin/dummy",
    description="The dummy provider's test clock (dummy provider plugin).",
)


@admin.route("/clock")
class Clock(MethodView):
    @admin.doc(security=ADMIN, operationId="dummyAdvanceClock", tags=["admin"])
    @admin.arguments(Advance)
    @admin.response(200, ChargesResult)
    @problems(admin, 401, 404, 422)
    def post(self, body: dict[str, int]) -> dict[str, Any]:
        """Move the site's test clock at the dummy provider ahead by ``days`` and
        ``seconds``: every schedule's charge that falls due meanwhile is made (declined
        with the setting ``decline_renewals``) and its webhooks are sent."""
        tenant = admin_tenant()
        provider = host().services.payment_provider(tenant, DummyProvider.name)
        assert isinstance(provider, DummyProvider)
        commit_now()  # nothing of the request's open while the "provider" works
        seconds = body["days"] * 86400 + body["seconds"]
        return _charges_sent(tenant, provider, provider.advance_clock(tenant.id, seconds))
