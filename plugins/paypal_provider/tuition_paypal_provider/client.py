"""PayPal's REST API through ``paypal-server-sdk``, pointed at the tenant's API base.

The SDK is used for every REST call (OAuth token, Orders v2, Payments v2 captures and
refunds, Subscriptions v1). Its catalog has no controller for Catalog Products
(``/v1/catalogs/products``, which billing plans need): :class:`_CatalogProducts` adds one
built from the SDK's own request machinery (same auth, base URL and response guard). Three
things are added around it:

* **Base URL**: the SDK only knows its two environments; :class:`_Configuration` answers
  ``get_base_uri`` with the tenant's ``api_base`` (a PayPal mock, the tests' fake server).
* **Response guard**: the SDK decodes JSON with ``jsonpickle``, which instantiates Python
  objects (and calls functions) named by ``py/…`` keys. PayPal never sends such keys, so
  :class:`_ResponseGuard` refuses any response carrying one before the SDK decodes it.
* **Token cache**: a provider instance lives for one call, so the OAuth token is kept per
  (API base, client id, secret) in the process and reused until shortly before it expires.

Responses are returned as the plain JSON PayPal sent (``dict``), errors as
:class:`PayPalApiError`.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import requests
from apimatic_core.authentication.multiple.single_auth import Single
from apimatic_core.request_builder import RequestBuilder
from apimatic_core.response_handler import ResponseHandler
from apimatic_core.types.parameter import Parameter
from paypalserversdk.api_helper import APIHelper
from paypalserversdk.configuration import Configuration, Environment, Server
from paypalserversdk.controllers.base_controller import BaseController
from paypalserversdk.exceptions.api_exception import ApiException
from paypalserversdk.http.auth.o_auth_2 import ClientCredentialsAuthCredentials
from paypalserversdk.http.http_call_back import HttpCallBack
from paypalserversdk.http.http_method_enum import HttpMethodEnum
from paypalserversdk.models.amount_with_breakdown import AmountWithBreakdown
from paypalserversdk.models.checkout_payment_intent import CheckoutPaymentIntent
from paypalserversdk.models.money import Money
from paypalserversdk.models.order_request import OrderRequest
from paypalserversdk.models.payment_source import PaymentSource
from paypalserversdk.models.paypal_wallet import PaypalWallet
from paypalserversdk.models.paypal_wallet_experience_context import (
    PaypalWalletExperienceContext,
)
from paypalserversdk.models.purchase_unit_request import PurchaseUnitRequest
from paypalserversdk.models.refund_request import RefundRequest
from paypalserversdk.paypal_serversdk_client import PaypalServersdkClient

from tuition.plugin_api import CredentialsRefused, PaymentError

from .settings import api_base, url_problem

#: Renew a cached token this long before PayPal says it expires.
TOKEN_MARGIN_SECONDS = 120
#: Refuse responses bigger than this (PayPal's are a few KB).
MAX_RESPONSE_BYTES = 1024 * 1024

_tokens: dict[tuple[str, str, str], tuple[Any, float]] = {}
_tokens_lock = threading.Lock()


class PayPalApiError(Exception):
    """A PayPal call failed: HTTP ``status`` (None for network errors), PayPal's error
    ``name`` and ``issues`` (``details[].issue``)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        name: str | None = None,
        issues: tuple[str, ...] = (),
        debug_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.name = name
        self.issues = issues
        self.debug_id = debug_id

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500

    def to_payment_error(self, doing: str) -> PaymentError:
        what = self.name or (f"HTTP {self.status}" if self.status else "network error")
        if self.issues:
            what += f" ({', '.join(self.issues)})"
        extra: dict[str, Any] = {"provider_debug_id": self.debug_id} if self.debug_id else {}
        # PayPal's OAuth endpoint refuses a wrong client id or secret with invalid_client:
        # core then fetches secret-store references anew (a rotation) and tries once more.
        refused = self.status == 401 and self.name == "invalid_client"
        error = CredentialsRefused if refused else PaymentError
        return error(f"PayPal failed to {doing}: {what}.", retryable=self.retryable, **extra)


class _Configuration(Configuration):
    """The SDK's configuration with the base URI of our choosing."""

    def __init__(self, base_uri: str, **kwargs: Any) -> None:
        self._base_uri = base_uri
        super().__init__(**kwargs)

    def get_base_uri(self, server: Any = Server.DEFAULT) -> str:
        return self._base_uri


def _has_pickle_tags(value: Any) -> bool:
    if isinstance(value, dict):
        return any(str(k).startswith("py/") or _has_pickle_tags(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_pickle_tags(v) for v in value)
    return False


class _ResponseGuard(HttpCallBack):
    """Runs before the SDK decodes a response: only plain JSON (or nothing) gets through."""

    def on_before_request(self, request: Any) -> None:
        return None

    def on_after_response(self, response: Any) -> None:
        text = response.text or ""
        if len(text) > MAX_RESPONSE_BYTES:
            raise PayPalApiError("response too large", status=502)
        if not text.strip():
            return
        try:
            data = json.loads(text)
        except ValueError:
            if response.status_code >= 400:
                # An HTML error page from a proxy: the SDK treats it as a plain string.
                if text.lstrip().startswith(("{", "[")):
                    raise PayPalApiError(
                        "malformed error body", status=response.status_code
                    ) from None
                return
            raise PayPalApiError("response is not JSON", status=502) from None
        if _has_pickle_tags(data):
            raise PayPalApiError("response carries object tags", status=502)


class _MissingFromSdk(BaseController):
    """PayPal's endpoints the SDK lacks (the Catalog Products API,
    ``/v1/catalogs/products``; the v1 sales, ``/v1/payments/sale/<id>`` and its
    ``/refund``), in the SDK's own style: its errors are the SDK's ``ApiException``."""

    def get(self, options: dict[str, Any]) -> Any:
        return (
            self.new_api_call_builder.request(
                RequestBuilder()
                .server(Server.DEFAULT)
                .path(options["path"])
                .http_method(HttpMethodEnum.GET)
                .header_param(Parameter().key("accept").value("application/json"))
                .auth(Single("Oauth2")),
            )
            .response(
                ResponseHandler().deserializer(APIHelper.json_deserialize).is_api_response(True)
            )
            .execute()
        )

    def post(self, options: dict[str, Any]) -> Any:
        return (
            self.new_api_call_builder.request(
                RequestBuilder()
                .server(Server.DEFAULT)
                .path(options["path"])
                .http_method(HttpMethodEnum.POST)
                .header_param(Parameter().key("Content-Type").value("application/json"))
                .header_param(Parameter().key("Prefer").value(options.get("prefer")))
                .header_param(
                    Parameter().key("PayPal-Request-Id").value(options.get("paypal_request_id"))
                )
                .body_param(Parameter().value(options.get("body")))
                .header_param(Parameter().key("accept").value("application/json"))
                .body_serializer(APIHelper.json_serialize)
                .auth(Single("Oauth2")),
            )
            .response(
                ResponseHandler().deserializer(APIHelper.json_deserialize).is_api_response(True)
            )
            .execute()
        )


def _token_key(base: str, client_id: str, secret: str) -> tuple[str, str, str]:
    return base, client_id, hashlib.sha256(secret.encode()).hexdigest()


def forget_tokens() -> None:
    """Drop every cached OAuth token (tests, credential rotation)."""
    with _tokens_lock:
        _tokens.clear()


def _error_from(exc: ApiException) -> PayPalApiError:
    name = getattr(exc, "name", None)
    details = getattr(exc, "details", None) or []
    issues = tuple(str(getattr(d, "issue", "")) for d in details if getattr(d, "issue", None))
    if name is None:  # the OAuth endpoint answers {"error": …, "error_description": …}
        try:
            body = json.loads(exc.response.text or "{}")
        except (ValueError, AttributeError):
            body = {}
        if isinstance(body, dict):
            name = body.get("name") or body.get("error")
            listed = body.get("details")
            found: list[Any] = listed if isinstance(listed, list) else []
            issues = issues or tuple(
                str(d["issue"]) for d in found if isinstance(d, dict) and d.get("issue")
            )
    status = getattr(exc, "response_code", None)
    return PayPalApiError(
        f"PayPal answered {status}: {name}",
        status=status,
        name=str(name) if name else None,
        issues=issues,
        debug_id=getattr(exc, "debug_id", None),
    )


class PayPalClient:
    """PayPal's REST API for one tenant's REST app."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.base = api_base(settings)
        problem = url_problem(self.base)
        if problem:
            raise PaymentError(f"PayPal API base refused: {problem}.", retryable=False)
        client_id = str(settings.get("client_id") or "")
        secret = str(settings.get("client_secret") or "")
        if not client_id or not secret:
            raise PaymentError("PayPal credentials are not configured.", retryable=False)
        self._key = _token_key(self.base, client_id, secret)
        credentials = ClientCredentialsAuthCredentials(
            o_auth_client_id=client_id,
            o_auth_client_secret=secret,
            o_auth_token_provider=self._token,
        )
        environment = (
            Environment.PRODUCTION if settings.get("environment") == "live" else Environment.SANDBOX
        )
        self._config = _Configuration(
            self.base,
            timeout=float(settings.get("timeout_seconds") or 20.0),
            max_retries=0,
            http_call_back=_ResponseGuard(),
            environment=environment,
            client_credentials_auth_credentials=credentials,
        )
        self.sdk = PaypalServersdkClient(config=self._config)

    # -- OAuth ---------------------------------------------------------------------------

    def _token(self, last: Any, auth_manager: Any) -> Any:
        """The SDK's token provider: the cached token, or a new one (errors propagate,
        unlike the SDK's default provider, which swallows them)."""
        now = time.time()
        with _tokens_lock:
            cached = _tokens.get(self._key)
        if cached and cached[1] - TOKEN_MARGIN_SECONDS > now:
            return cached[0]
        token = auth_manager.fetch_token()
        if not getattr(token, "access_token", None):
            raise PayPalApiError("no access token in PayPal's answer", status=502)
        lifetime = float(getattr(token, "expires_in", 0) or 0)
        # The SDK checks ``expiry`` itself; keep it far enough ahead for our own margin.
        token.expiry = int(now + lifetime)
        with _tokens_lock:
            _tokens[self._key] = (token, now + lifetime)
        return token

    # -- calls ---------------------------------------------------------------------------

    def _call(self, controller: str, method: str, options: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._call_once(controller, method, options)
        except PayPalApiError as exc:
            if exc.status != 401 or exc.name != "invalid_token":
                raise
        # PayPal revoked the cached token before its time: forget it and try once more (a
        # 401 means the call did nothing, so repeating it is safe).
        with _tokens_lock:
            _tokens.pop(self._key, None)
        self.sdk = PaypalServersdkClient(config=self._config)
        return self._call_once(controller, method, options)

    def _call_once(self, controller: str, method: str, options: dict[str, Any]) -> dict[str, Any]:
        target = _MissingFromSdk(self.sdk.global_configuration) if controller == "missing" else None
        fn = getattr(target or getattr(self.sdk, controller), method)
        try:
            response = fn(options)
        except PayPalApiError:
            raise
        except ApiException as exc:
            raise _error_from(exc) from None
        except requests.RequestException as exc:
            raise PayPalApiError(f"network error: {type(exc).__name__}") from None
        except Exception as exc:  # the SDK's auth and validation errors
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, PayPalApiError):
                raise cause from None
            if isinstance(cause, ApiException):
                raise _error_from(cause) from None
            raise PayPalApiError(
                f"SDK error: {type(exc).__name__}: {exc}"[:300], status=502
            ) from None
        try:
            body = json.loads(response.text or "{}")
        except ValueError:
            raise PayPalApiError("response is not JSON", status=502) from None
        if not isinstance(body, dict):
            raise PayPalApiError("response is not a JSON object", status=502)
        return body

    def create_order(
        self,
        *,
        amount: str,
        currency: str,
        reference_id: str,
        custom_id: str,
        invoice_id: str,
        description: str,
        request_id: str,
        return_url: str | None = None,
        cancel_url: str | None = None,
        brand_name: str | None = None,
    ) -> dict[str, Any]:
        unit = PurchaseUnitRequest(
            amount=AmountWithBreakdown(currency_code=currency, value=amount),
            reference_id=reference_id,
            custom_id=custom_id,
            invoice_id=invoice_id,
            description=description[:127],
        )
        request = OrderRequest(intent=CheckoutPaymentIntent.CAPTURE, purchase_units=[unit])
        if return_url or cancel_url or brand_name:
            context: dict[str, Any] = {
                "shipping_preference": "NO_SHIPPING",
                "user_action": "PAY_NOW",
            }
            for key, value in (
                ("return_url", return_url),
                ("cancel_url", cancel_url),
                ("brand_name", brand_name),
            ):
                if value:
                    context[key] = value
            request.payment_source = PaymentSource(
                paypal=PaypalWallet(experience_context=PaypalWalletExperienceContext(**context))
            )
        return self._call(
            "orders",
            "create_order",
            {"body": request, "paypal_request_id": request_id, "prefer": "return=representation"},
        )

    def get_order(self, order_id: str) -> dict[str, Any]:
        return self._call("orders", "get_order", {"id": order_id})

    def capture_order(self, order_id: str, *, request_id: str) -> dict[str, Any]:
        return self._call(
            "orders",
            "capture_order",
            {"id": order_id, "paypal_request_id": request_id, "prefer": "return=representation"},
        )

    def get_capture(self, capture_id: str) -> dict[str, Any]:
        return self._call("payments", "get_captured_payment", {"capture_id": capture_id})

    def get_refund(self, refund_id: str) -> dict[str, Any]:
        return self._call("payments", "get_refund", {"refund_id": refund_id})

    def refund_capture(
        self, capture_id: str, *, amount: str, currency: str, request_id: str, custom_id: str
    ) -> dict[str, Any]:
        body = RefundRequest(
            amount=Money(currency_code=currency, value=amount), custom_id=custom_id
        )
        return self._call(
            "payments",
            "refund_captured_payment",
            {
                "capture_id": capture_id,
                "body": body,
                "paypal_request_id": request_id,
                "prefer": "return=representation",
            },
        )

    # -- Subscriptions v1 (recurring schedules) --------------------------------------------

    def create_product(
        self, *, product_id: str, name: str, description: str, request_id: str
    ) -> dict[str, Any]:
        body = {
            "id": product_id,
            "name": name[:127],
            "description": description[:256],
            "type": "DIGITAL",
            "category": "EDUCATIONAL_AND_TEXTBOOKS",
        }
        return self._call(
            "missing",
            "post",
            {
                "path": "/v1/catalogs/products",
                "body": body,
                "paypal_request_id": request_id,
                "prefer": "return=representation",
            },
        )

    def get_sale(self, sale_id: str) -> dict[str, Any]:
        """A v1 sale (a subscription's payment: ``billing_agreement_id``, ``state``)."""
        return self._call(
            "missing", "get", {"path": f"/v1/payments/sale/{quote(sale_id, safe='')}"}
        )

    def refund_sale(
        self, sale_id: str, *, amount: str, currency: str, request_id: str, invoice_number: str
    ) -> dict[str, Any]:
        """Refund (part of) a v1 sale: a subscription's payment. PayPal's answer is a v1
        refund (``state`` completed/pending/failed, ``amount.total``, ``sale_id``)."""
        return self._call(
            "missing",
            "post",
            {
                "path": f"/v1/payments/sale/{quote(sale_id, safe='')}/refund",
                "body": {
                    "amount": {"total": amount, "currency": currency},
                    "invoice_number": invoice_number[:127],
                },
                "paypal_request_id": request_id,
                "prefer": "return=representation",
            },
        )

    def create_plan(self, body: Mapping[str, Any], *, request_id: str) -> dict[str, Any]:
        return self._create("subscriptions", "create_billing_plan", body, request_id)

    def get_plan(self, plan_id: str) -> dict[str, Any]:
        # The SDK's get_billing_plan takes the id itself, not an options dict.
        return self._call(
            "missing", "get", {"path": f"/v1/billing/plans/{quote(plan_id, safe='')}"}
        )

    def create_subscription(self, body: Mapping[str, Any], *, request_id: str) -> dict[str, Any]:
        return self._create("subscriptions", "create_subscription", body, request_id)

    def _create(
        self, controller: str, method: str, body: Mapping[str, Any], request_id: str
    ) -> dict[str, Any]:
        options = {"body": dict(body), "paypal_request_id": request_id}
        return self._call(controller, method, {**options, "prefer": "return=representation"})

    def get_subscription(self, subscription_id: str) -> dict[str, Any]:
        return self._call("subscriptions", "get_subscription", {"id": subscription_id})

    def cancel_subscription(self, subscription_id: str, *, reason: str) -> dict[str, Any]:
        return self._call(
            "subscriptions",
            "cancel_subscription",
            {"id": subscription_id, "body": {"reason": reason[:128]}},
        )

    def patch_subscription(self, subscription_id: str, operations: list[dict[str, Any]]) -> None:
        """JSON Patch a subscription (ACTIVE or SUSPENDED): e.g. ``replace``
        ``/billing_info/outstanding_balance``. PayPal answers 204."""
        self._call(
            "subscriptions", "patch_subscription", {"id": subscription_id, "body": operations}
        )

    def capture_subscription(
        self, subscription_id: str, *, amount: str, currency: str, note: str, request_id: str
    ) -> dict[str, Any]:
        """Charge (part of) the subscription's outstanding balance now
        (``capture_type`` OUTSTANDING_BALANCE, at most the balance): PayPal's answer is
        the transaction (``id``, ``status``, ``amount_with_breakdown``, ``time``)."""
        body = {
            "note": note[:128],
            "capture_type": "OUTSTANDING_BALANCE",
            "amount": {"currency_code": currency, "value": amount},
        }
        return self._call(
            "subscriptions",
            "capture_subscription",
            {"id": subscription_id, "body": body, "paypal_request_id": request_id},
        )

    def subscription_transactions(
        self, subscription_id: str, *, start_time: str, end_time: str
    ) -> dict[str, Any]:
        return self._call(
            "subscriptions",
            "list_subscription_transactions",
            {"id": subscription_id, "start_time": start_time, "end_time": end_time},
        )
