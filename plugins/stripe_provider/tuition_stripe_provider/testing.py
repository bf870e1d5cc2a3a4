"""A local stand-in for the Stripe API, for tests: :class:`FakeStripe`.

It speaks Stripe's wire format for the endpoints this plugin uses: form-encoded requests
with nested keys (``metadata[order_id]``, ``line_items[0][price]``), JSON objects with
``"object": "checkout.session"`` etc., ``{"error": {...}}`` bodies with Stripe's status
codes, and ``Idempotency-Key`` replays (same key, same request → the same response; same
key, other parameters → 400 ``idempotency_error``). Each API key is its own Stripe account:
one account cannot see another's objects.

The "customer side" (paying, expiring, async outcomes) is driven from the test through
:meth:`FakeStripe.complete`, :meth:`FakeStripe.expire`, … and :meth:`FakeStripe.event`
builds the event Stripe would send; :func:`signed_webhook` signs it as Stripe does.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

import stripe

from tuition.plugin_api import OrderInfo, Schedule
from tuition_stripe_provider.fake_billing import BillingFake

UI_MODES = ("elements", "embedded_page", "form", "hosted_page")
#: Stripe Tax in the fake: the rate of a buyer's country (percentage, display name, tax
#: type), for the origin the account registered in ``FakeStripe.origin_country``.
TAX_RATES: dict[str, tuple[float, str, str]] = {
    "DE": (19.0, "VAT", "vat"),
    "FR": (20.0, "VAT", "vat"),
    "AT": (20.0, "VAT", "vat"),
    "GB": (20.0, "VAT", "vat"),
}
EU = frozenset({"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR",
                "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI",
                "SK"})  # fmt: skip
INTERVALS = ("day", "week", "month", "year")
Json = dict[str, Any]


class StripeHTTPError(Exception):
    """Answered as Stripe's ``{"error": {...}}`` body with ``status``."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: Json = {"error": {"type": type, "message": message}}
        if code:
            self.body["error"]["code"] = code
        if param:
            self.body["error"]["param"] = param


@dataclass
class Failure:
    """An injected failure: ``status`` (e.g. 500) or ``"timeout"`` (sleep ``delay``)."""

    method: str
    path_prefix: str
    status: int | str
    times: int
    delay: float = 2.0


@dataclass
class Recorded:
    method: str
    path: str
    params: Json
    headers: dict[str, str]
    account: str | None
    status: int = 0


@dataclass
class _Stored:
    account: str
    obj: Json
    private: Json = field(default_factory=dict)


def decode_form(pairs: list[tuple[str, str]]) -> Json:
    """Stripe's nested form keys (``a[b][0][c]=v``) → nested dicts and lists."""
    root: Json = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        if not parts:
            continue
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    if isinstance(node, dict):
        converted = {key: _lists(value) for key, value in node.items()}
        if converted and all(key.isdigit() for key in converted):
            return [converted[key] for key in sorted(converted, key=int)]
        return converted
    return node


def _check_recurring(mode: Any, recurring: Any, index: int) -> None:
    """A payment-mode line item must have no ``price_data[recurring]``; a subscription-mode
    one may (then with a valid ``interval``) or may not (a one-time item, charged on the
    first invoice): Stripe's rule for inline prices. At least one recurring item in
    ``subscription`` mode is checked by the caller."""
    param = f"line_items[{index}][price_data][recurring]"
    if mode == "payment" and recurring:
        raise StripeHTTPError(
            400,
            "You specified `payment` mode but passed a recurring price. Either switch to "
            "`subscription` mode or use only one-time prices.",
            param=param,
        )
    if mode == "subscription" and recurring:
        if not isinstance(recurring, dict) or recurring.get("interval") not in INTERVALS:
            raise StripeHTTPError(
                400, "You must pass recurring[interval] in `subscription` mode.", param=param
            )
        if _int(recurring.get("interval_count", 1), f"{param}[interval_count]") < 1:
            raise StripeHTTPError(400, "Invalid interval_count.", param=f"{param}[interval_count]")


def _bool(value: Any) -> bool | None:
    if value is None:
        return None
    return str(value).lower() == "true"


def _int(value: Any, param: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise StripeHTTPError(400, f"Invalid integer: {value}", param=param) from None


class FakeStripe(BillingFake):
    """A threaded HTTP server on 127.0.0.1 (port chosen by the OS). Use as a context
    manager or call :meth:`start` / :meth:`stop`. Subscriptions, invoices and the test
    clock: :class:`~tuition_stripe_provider.fake_billing.BillingFake`."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.objects: dict[str, _Stored] = {}
        self.idempotency: dict[tuple[str, str], tuple[str, str, Json, int, Json]] = {}
        self.requests: list[Recorded] = []
        self.failures: list[Failure] = []
        #: Status new refunds get (``succeeded``; ``pending`` for slow methods).
        self.refund_status = "succeeded"
        #: Stripe Tax: where the account's business is, and the rates it applies.
        self.origin_country = "DE"
        self.tax_rates = dict(TAX_RATES)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._routes: list[tuple[str, re.Pattern[str], Callable[..., Json]]] = [
            ("POST", re.compile(r"^/v1/checkout/sessions$"), self._create_session),
            ("GET", re.compile(r"^/v1/checkout/sessions/([^/]+)$"), self._get_session),
            ("GET", re.compile(r"^/v1/payment_intents/([^/]+)$"), self._get_intent),
            ("GET", re.compile(r"^/v1/charges/([^/]+)$"), self._get_charge),
            ("POST", re.compile(r"^/v1/refunds$"), self._create_refund),
            ("GET", re.compile(r"^/v1/refunds/([^/]+)$"), self._get_refund),
            ("GET", re.compile(r"^/v1/products/search$"), self._search_products),
            ("POST", re.compile(r"^/v1/products$"), self._create_product),
            ("GET", re.compile(r"^/v1/products$"), self._list_products),
            ("GET", re.compile(r"^/v1/products/([^/]+)$"), self._get_product),
            ("POST", re.compile(r"^/v1/products/([^/]+)$"), self._update_product),
            ("POST", re.compile(r"^/v1/prices$"), self._create_price),
            ("GET", re.compile(r"^/v1/prices$"), self._list_prices),
            ("GET", re.compile(r"^/v1/prices/([^/]+)$"), self._get_price),
            ("POST", re.compile(r"^/v1/tax/calculations$"), self._create_tax_calculation),
            *self._billing_routes(),
        ]
        self.clock_offset = 0
        self.decline_renewals = False
        self.outbox = []

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeStripe:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._handle(self)

            def do_POST(self) -> None:
                fake._handle(self)

            def do_DELETE(self) -> None:
                fake._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, daemon=True, name="fake-stripe"
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeStripe:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- test controls -------------------------------------------------------------------

    def fail(
        self,
        method: str,
        path_prefix: str,
        status: int | str = 500,
        *,
        times: int = 1,
        delay: float = 2.0,
    ) -> None:
        """Make the next ``times`` matching requests fail with ``status`` or time out."""
        with self.lock:
            self.failures.append(Failure(method.upper(), path_prefix, status, times, delay))

    def calls(self, method: str | None = None, path_prefix: str = "") -> list[Recorded]:
        with self.lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method) and r.path.startswith(path_prefix)
            ]

    def all(self, kind: str, account: str | None = None) -> list[Json]:
        """Every object of ``kind`` (``"product"``, ``"price"``, …), optionally of one
        account (API key)."""
        with self.lock:
            return [
                s.obj
                for s in self.objects.values()
                if s.obj.get("object") == kind and (account is None or s.account == account)
            ]

    def get(self, object_id: str) -> Json:
        with self.lock:
            return self.objects[object_id].obj

    def complete(
        self,
        session_id: str,
        payment_status: str = "paid",
        *,
        country: str | None = None,
        vat_id: str | None = None,
        business_name: str | None = None,
    ) -> Json:
        """The buyer finished the embedded checkout: ``paid`` (card) or ``unpaid`` (an
        async method such as a bank debit, settled later by :meth:`async_result`). With
        Stripe Tax on, the buyer gave their billing ``country`` (and maybe a ``vat_id``
        and ``business_name``), from which the tax is computed as Stripe Tax would."""
        with self.lock:
            stored = self.objects[session_id]
            session = stored.obj
            if country is not None:
                session["customer_details"] = {
                    "address": {"city": None, "country": country, "line1": None,
                                "line2": None, "postal_code": None, "state": None},
                    "business_name": business_name,
                    "email": session.get("customer_email"),
                    "name": None,
                    "phone": None,
                    "tax_exempt": "none",
                    "tax_ids": [{"type": "eu_vat", "value": vat_id}] if vat_id else [],
                }  # fmt: skip
            if session["automatic_tax"]["enabled"]:
                self._calculate_tax(stored)
            if session["mode"] == "subscription":
                return self._start_subscription(stored, payment_status)
            intent = self._new_intent(stored)
            session.update(
                status="complete", payment_status=payment_status, payment_intent=intent["id"]
            )
            if payment_status == "paid":
                self._succeed(stored.account, intent)
            return dict(session)

    def async_result(self, session_id: str, succeeded: bool) -> Json:
        """The async payment of a completed, unpaid session settled (or failed)."""
        with self.lock:
            stored = self.objects[session_id]
            intent = self.objects[stored.obj["payment_intent"]].obj
            if succeeded:
                self._succeed(stored.account, intent)
                stored.obj["payment_status"] = "paid"
            else:
                intent["status"] = "requires_payment_method"
            return dict(stored.obj)

    def expire(self, session_id: str) -> Json:
        with self.lock:
            session = self.objects[session_id].obj
            if session["status"] == "open":
                session.update(status="expired", client_secret=None)
            return dict(session)

    def event(
        self,
        type: str,
        obj: Mapping[str, Any],
        *,
        event_id: str | None = None,
        created: int | None = None,
        previous_attributes: Mapping[str, Any] | None = None,
    ) -> Json:
        """The event Stripe would send about ``obj`` (a snapshot of it; an ``*.updated``
        event also carries the ``previous_attributes`` that changed)."""
        data: Json = {"object": json.loads(json.dumps(obj))}
        if previous_attributes is not None:
            data["previous_attributes"] = dict(previous_attributes)
        return {
            "id": event_id or self._new_id("evt"),
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": created or int(time.time()),
            "data": data,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": type,
        }

    # -- objects -------------------------------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_test_{next(self._ids):04d}{secrets.token_hex(6)}"

    def _store(self, account: str, obj: Json, **private: Any) -> Json:
        self.objects[obj["id"]] = _Stored(account, obj, dict(private))
        return obj

    def _find(self, account: str, object_id: str, kind: str, param: str = "id") -> _Stored:
        stored = self.objects.get(object_id)
        if stored is None or stored.account != account or stored.obj.get("object") != kind:
            raise StripeHTTPError(
                404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param
            )
        return stored

    def _new_intent(self, session: _Stored) -> Json:
        obj = session.obj
        return self._store(
            session.account,
            {
                "id": self._new_id("pi"),
                "object": "payment_intent",
                "amount": obj["amount_total"],
                "amount_received": 0,
                "currency": obj["currency"],
                "latest_charge": None,
                "metadata": dict(session.private.get("intent_metadata") or {}),
                "status": "processing",
                "created": int(time.time()),
                "livemode": False,
            },
        )

    def _succeed(self, account: str, intent: Json) -> None:
        charge = self._store(
            account,
            {
                "id": self._new_id("ch"),
                "object": "charge",
                "amount": intent["amount"],
                "amount_captured": intent["amount"],
                "amount_refunded": 0,
                "captured": True,
                "currency": intent["currency"],
                "metadata": dict(intent["metadata"]),
                "paid": True,
                "payment_intent": intent["id"],
                "refunded": False,
                "status": "succeeded",
                "created": int(time.time()),
                "livemode": False,
            },
        )
        intent.update(
            status="succeeded", amount_received=intent["amount"], latest_charge=charge["id"]
        )

    def _calculate_tax(self, stored: _Stored) -> None:
        """Stripe Tax on a session whose prices are tax-inclusive: the tax inside the
        total at the buyer's country's rate; a business of another EU country with a VAT
        ID: reverse charge (0); a country without a rate: not collecting."""
        session = stored.obj
        address = (session.get("customer_details") or {}).get("address") or {}
        country = address.get("country")
        if not country:
            raise AssertionError("Stripe Tax needs the buyer's address: complete(country=…)")
        total = session["amount_total"]
        tax_ids = session["customer_details"]["tax_ids"]
        rate = self.tax_rates.get(country)
        reverse = bool(tax_ids) and country in EU and country != self.origin_country
        if rate is None:
            percentage, name, tax_type, reason = 0.0, "Sales tax", "sales_tax", "not_collecting"
        else:
            percentage, name, tax_type = rate
            reason = "reverse_charge" if reverse else "standard_rated"
        if reverse:
            percentage = 0.0
        amount = (2 * total * int(percentage * 100) + (10000 + int(percentage * 100))) // (
            2 * (10000 + int(percentage * 100))
        )  # round(total * p / (100 + p)), half up
        tax_rate = {
            "id": self._new_id("txr"),
            "object": "tax_rate",
            "active": True,
            "country": country,
            "created": int(time.time()),
            "description": None,
            "display_name": name,
            "effective_percentage": percentage,
            "flat_amount": None,
            "inclusive": True,
            "jurisdiction": country,
            "jurisdiction_level": "country",
            "livemode": False,
            "metadata": {},
            "percentage": percentage,
            "rate_type": "percentage",
            "state": None,
            "tax_type": tax_type,
        }
        session["automatic_tax"]["status"] = "complete"
        session["total_details"]["amount_tax"] = amount
        # What a subscription this checkout starts taxes each invoice with (fake_billing).
        stored.private["tax_terms"] = {
            "basis_points": int(percentage * 100),
            "reason": reason,
            "tax_rate": tax_rate["id"],
        }
        stored.private["tax_breakdown"] = {
            "discounts": [],
            "taxes": [
                {
                    "amount": amount,
                    "rate": tax_rate,
                    "taxability_reason": reason,
                    "taxable_amount": total - amount,
                }
            ],
        }

    def _rate_for(self, country: str, business: bool) -> tuple[float, str, str]:
        """Stripe Tax's rate for a buyer in ``country`` (``business``: with a tax ID):
        ``(percentage, tax_type, taxability_reason)``, as :meth:`_calculate_tax` applies."""
        rate = self.tax_rates.get(country)
        if rate is None:
            return 0.0, "sales_tax", "not_collecting"
        if business and country in EU and country != self.origin_country:
            return 0.0, rate[2], "reverse_charge"
        return rate[0], rate[2], "standard_rated"

    def _create_tax_calculation(self, account: str, params: Json) -> Json:
        """``POST /v1/tax/calculations``: the tax of ``line_items`` (``amount`` and
        ``tax_behavior`` each) for ``customer_details`` (``address[country]``, ``state``,
        ``postal_code``, required in the US, and ``tax_ids``), at :attr:`tax_rates`
        (reverse charge for an EU business of another country than
        :attr:`origin_country`). A ``tax.calculation`` with
        ``tax_amount_inclusive``/``exclusive`` and its ``tax_breakdown``."""
        currency = params.get("currency")
        if not currency:
            raise StripeHTTPError(400, "Missing required param: currency.", param="currency")
        items = _lists(params.get("line_items"))
        if not isinstance(items, list) or not items:
            raise StripeHTTPError(400, "Missing required param: line_items.", param="line_items")
        details = params.get("customer_details") or {}
        address = details.get("address") or {}
        country = address.get("country")
        if not country or (country == "US" and not address.get("postal_code")):
            raise StripeHTTPError(
                400,
                "We could not determine the customer's tax location: give an address.",
                code="customer_tax_location_invalid",
                param="customer_details[address]",
            )
        tax_ids = _lists(details.get("tax_ids")) or []
        percentage, tax_type, reason = self._rate_for(country, bool(tax_ids))
        hundredths = round(percentage * 100)
        inclusive_tax = exclusive_tax = total = 0
        taxable = 0
        for index, item in enumerate(items):
            amount = _int(item.get("amount"), f"line_items[{index}][amount]")
            behavior = item.get("tax_behavior") or "exclusive"
            if behavior == "inclusive":  # round(amount * p / (100 + p)), half up
                tax = (2 * amount * hundredths + (10000 + hundredths)) // (2 * (10000 + hundredths))
                inclusive_tax += tax
                taxable += amount - tax
                total += amount
            else:  # round(amount * p / 100), half up
                tax = (2 * amount * hundredths + 10000) // 20000
                exclusive_tax += tax
                taxable += amount
                total += amount + tax
        rate_details = {
            "country": country,
            "flat_amount": None,
            "percentage_decimal": f"{percentage:g}",
            "rate_type": "percentage",
            "state": address.get("state"),
            "tax_type": tax_type,
        }
        return {
            "id": self._new_id("taxcalc"),
            "object": "tax.calculation",
            "amount_total": total,
            "currency": str(currency).lower(),
            "customer": None,
            "customer_details": {
                "address": {
                    "city": address.get("city"),
                    "country": country,
                    "line1": address.get("line1"),
                    "line2": address.get("line2"),
                    "postal_code": address.get("postal_code"),
                    "state": address.get("state"),
                },
                "address_source": details.get("address_source") or "billing",
                "ip_address": None,
                "tax_ids": [{"type": t.get("type"), "value": t.get("value")} for t in tax_ids],
                "taxability_override": details.get("taxability_override") or "none",
            },
            "expires_at": int(time.time()) + 90 * 86400,
            "livemode": False,
            "ship_from_details": None,
            "shipping_cost": None,
            "tax_amount_exclusive": exclusive_tax,
            "tax_amount_inclusive": inclusive_tax,
            "tax_breakdown": [
                {
                    "amount": inclusive_tax + exclusive_tax,
                    "inclusive": exclusive_tax == 0,
                    "tax_rate_details": rate_details,
                    "taxability_reason": reason,
                    "taxable_amount": taxable,
                }
            ],
            "tax_date": int(time.time()),
        }

    def _expand(self, account: str, obj: Json, expand: Any) -> Json:
        shown = json.loads(json.dumps(obj))
        for name in expand or []:
            value = shown.get(name)
            if (
                isinstance(value, str)
                and value in self.objects
                and self.objects[value].account == account
            ):
                shown[name] = json.loads(json.dumps(self.objects[value].obj))
        return shown

    # -- endpoints -----------------------------------------------------------------------

    def _create_session(self, account: str, params: Json) -> Json:
        mode = params.get("mode")
        if mode not in ("payment", "subscription"):
            raise StripeHTTPError(
                400, "This fake supports mode=payment and mode=subscription.", param="mode"
            )
        if mode == "subscription" and "payment_intent_data" in params:
            raise StripeHTTPError(
                400,
                "You can not pass `payment_intent_data` in `subscription` mode.",
                param="payment_intent_data",
            )
        ui_mode = params.get("ui_mode", "hosted_page")
        if ui_mode not in UI_MODES:
            raise StripeHTTPError(
                400, f"Invalid ui_mode: must be one of {', '.join(UI_MODES)}", param="ui_mode"
            )
        if ui_mode == "embedded_page":
            if not params.get("return_url"):
                raise StripeHTTPError(
                    400, "return_url is required when ui_mode is embedded_page.", param="return_url"
                )
            for forbidden in ("success_url", "cancel_url"):
                if forbidden in params:
                    raise StripeHTTPError(
                        400,
                        f"{forbidden} is not allowed when ui_mode is embedded_page.",
                        param=forbidden,
                    )
        now = int(time.time())
        expires_at = _int(params.get("expires_at", now + 86400), "expires_at")
        if not now + 1800 <= expires_at <= now + 86400:
            raise StripeHTTPError(
                400,
                "The `expires_at` timestamp must be between 30 "
                "minutes and 24 hours from Checkout Session "
                "creation.",
                param="expires_at",
            )
        items = params.get("line_items")
        if not isinstance(items, list) or not items:
            raise StripeHTTPError(
                400, "line_items is required in payment mode.", param="line_items"
            )
        total, currency, recurring_items = 0, None, 0
        for index, item in enumerate(items):
            quantity = _int(item.get("quantity", 1), f"line_items[{index}][quantity]")
            if "price" in item:
                price = self._find(
                    account, item["price"], "price", f"line_items[{index}][price]"
                ).obj
                if not price["active"]:
                    raise StripeHTTPError(
                        400,
                        f"The price {price['id']} is not active.",
                        param=f"line_items[{index}][price]",
                    )
                recurring_items += price["type"] == "recurring"
                unit, item_currency = price["unit_amount"], price["currency"]
            elif "price_data" in item:
                data = item["price_data"]
                _check_recurring(mode, data.get("recurring"), index)
                recurring_items += bool(data.get("recurring"))
                unit = _int(data.get("unit_amount"), f"line_items[{index}][price_data]")
                item_currency = data.get("currency")
                if "product" in data:
                    self._find(
                        account,
                        data["product"],
                        "product",
                        f"line_items[{index}][price_data][product]",
                    )
                elif not (data.get("product_data") or {}).get("name"):
                    raise StripeHTTPError(
                        400,
                        "price_data needs product or product_data.",
                        param=f"line_items[{index}][price_data]",
                    )
            else:
                raise StripeHTTPError(
                    400, "Each line item needs price or price_data.", param=f"line_items[{index}]"
                )
            if currency not in (None, item_currency):
                raise StripeHTTPError(400, "Line items must share one currency.")
            total, currency = total + unit * quantity, item_currency
        if mode == "subscription" and not recurring_items:
            raise StripeHTTPError(
                400,
                "You must provide at least one recurring price in `subscription` mode "
                "when using prices.",
                param="line_items",
            )
        automatic_tax = _bool((params.get("automatic_tax") or {}).get("enabled")) or False
        if automatic_tax:
            for index, item in enumerate(items):
                behavior = (item.get("price_data") or {}).get("tax_behavior")
                if "price_data" in item and behavior not in ("inclusive", "exclusive"):
                    raise StripeHTTPError(
                        400,
                        "A tax_behavior is required on the price when automatic_tax is "
                        "enabled (or set a default tax behavior in your Stripe Tax settings).",
                        param=f"line_items[{index}][price_data][tax_behavior]",
                    )
        customer = params.get("customer")
        if customer is not None:
            if "customer_email" in params:
                raise StripeHTTPError(
                    400,
                    "You may only specify one of these parameters: customer, customer_email.",
                    param="customer_email",
                )
            self._find(account, str(customer), "customer", "customer")
        trial = (params.get("subscription_data") or {}).get("trial_period_days")
        if trial is not None:
            if mode != "subscription" or _int(trial, "subscription_data[trial_period_days]") < 1:
                raise StripeHTTPError(
                    400,
                    "subscription_data[trial_period_days] must be a positive integer in "
                    "`subscription` mode.",
                    param="subscription_data[trial_period_days]",
                )
            total = 0  # nothing is due today: the first invoice comes at the trial's end
        session_id = self._new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "automatic_tax": {
                "enabled": automatic_tax,
                "liability": {"type": "self"} if automatic_tax else None,
                "provider": "stripe" if automatic_tax else None,
                "status": "requires_location_inputs" if automatic_tax else None,
            },
            "customer_details": None,
            "tax_id_collection": {
                "enabled": bool(_bool((params.get("tax_id_collection") or {}).get("enabled"))),
                "required": "never",
            },
            "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            "client_reference_id": params.get("client_reference_id"),
            "client_secret": f"{session_id}_secret_{secrets.token_hex(8)}",
            "created": now,
            "currency": currency,
            "customer_email": params.get("customer_email"),
            "expires_at": expires_at,
            "livemode": False,
            "metadata": dict(params.get("metadata") or {}),
            "mode": mode,
            "payment_intent": None,
            "subscription": None,
            "invoice": None,
            "customer": customer,
            "payment_status": "unpaid",
            "return_url": params.get("return_url"),
            "status": "open",
            "ui_mode": ui_mode,
            "url": None,
        }
        intent_metadata = (params.get("payment_intent_data") or {}).get("metadata") or {}
        return self._store(
            account,
            session,
            intent_metadata=dict(intent_metadata),
            line_items=items,
            subscription_data=dict(params.get("subscription_data") or {}),
        )

    def _get_session(self, account: str, params: Json, session_id: str) -> Json:
        stored = self._find(account, session_id, "checkout.session")
        shown = self._expand(account, stored.obj, params.get("expand"))
        if "total_details.breakdown" in (params.get("expand") or []):
            shown["total_details"]["breakdown"] = stored.private.get(
                "tax_breakdown", {"discounts": [], "taxes": []}
            )
        return shown

    def _get_intent(self, account: str, params: Json, intent_id: str) -> Json:
        return self._expand(
            account, self._find(account, intent_id, "payment_intent").obj, params.get("expand")
        )

    def _get_charge(self, account: str, params: Json, charge_id: str) -> Json:
        return self._expand(
            account, self._find(account, charge_id, "charge").obj, params.get("expand")
        )

    def _get_refund(self, account: str, params: Json, refund_id: str) -> Json:
        return self._find(account, refund_id, "refund").obj

    def _create_refund(self, account: str, params: Json) -> Json:
        if "payment_intent" in params:
            intent = self._find(
                account, params["payment_intent"], "payment_intent", "payment_intent"
            ).obj
            charge_id = intent.get("latest_charge")
            if not charge_id:
                raise StripeHTTPError(
                    400,
                    f"PaymentIntent {intent['id']} does not have a successful charge to refund.",
                    code="charge_not_refundable",
                )
        elif "charge" in params:
            charge_id = params["charge"]
        else:
            raise StripeHTTPError(400, "One of charge or payment_intent is required.")
        charge = self._find(account, charge_id, "charge", "charge").obj
        remaining = charge["amount"] - charge["amount_refunded"]
        amount = _int(params.get("amount", remaining), "amount")
        if amount <= 0 or amount > remaining:
            code = "charge_already_refunded" if remaining == 0 else "amount_too_large"
            raise StripeHTTPError(
                400,
                f"Refund amount ({amount}) is greater than the "
                f"unrefunded amount on the charge ({remaining}).",
                code=code,
                param="amount",
            )
        refund = {
            "id": self._new_id("re"),
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "currency": charge["currency"],
            "created": int(time.time()),
            "metadata": dict(params.get("metadata") or {}),
            "payment_intent": charge["payment_intent"],
            "reason": params.get("reason"),
            "status": self.refund_status,
        }
        if self.refund_status == "succeeded":
            charge["amount_refunded"] += amount
            charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        return self._store(account, refund)

    def _create_product(self, account: str, params: Json) -> Json:
        if not params.get("name"):
            raise StripeHTTPError(400, "Missing required param: name.", param="name")
        product_id = params.get("id") or self._new_id("prod")
        if product_id in self.objects:
            raise StripeHTTPError(
                400,
                f"Product already exists: {product_id}",
                code="resource_already_exists",
                param="id",
            )
        return self._store(
            account,
            {
                "id": product_id,
                "object": "product",
                "active": _bool(params.get("active")) is not False,
                "created": int(time.time()),
                "livemode": False,
                "metadata": dict(params.get("metadata") or {}),
                "name": params["name"],
                "type": "service",
            },
        )

    def _get_product(self, account: str, params: Json, product_id: str) -> Json:
        return self._find(account, product_id, "product").obj

    def _update_product(self, account: str, params: Json, product_id: str) -> Json:
        product = self._find(account, product_id, "product").obj
        if "name" in params:
            product["name"] = params["name"]
        if "active" in params:
            product["active"] = bool(_bool(params["active"]))
        product["metadata"].update(params.get("metadata") or {})
        return product

    def _list_products(self, account: str, params: Json) -> Json:
        return self._page("/v1/products", self.all("product", account), params)

    def _search_products(self, account: str, params: Json) -> Json:
        query = str(params.get("query", ""))
        clauses = re.findall(r"(\w+)(?:\['([^']+)'\])?\s*:\s*'([^']*)'", query)
        if not clauses:
            raise StripeHTTPError(400, "Invalid search query.", param="query")

        def matches(product: Json) -> bool:
            for name, key, value in clauses:
                if name == "metadata" and product["metadata"].get(key) != value:
                    return False
                if name == "active" and str(product["active"]).lower() != value:
                    return False
                if name == "name" and product["name"] != value:
                    return False
            return True

        found = [p for p in self.all("product", account) if matches(p)]
        limit = _int(params.get("limit", 10), "limit")
        return {
            "object": "search_result",
            "data": found[:limit],
            "has_more": len(found) > limit,
            "next_page": None,
            "url": "/v1/products/search",
        }

    def _create_price(self, account: str, params: Json) -> Json:
        product = self._find(account, str(params.get("product")), "product", "product").obj
        if not params.get("currency"):
            raise StripeHTTPError(400, "Missing required param: currency.", param="currency")
        return self._store(
            account,
            {
                "id": self._new_id("price"),
                "object": "price",
                "active": True,
                "created": int(time.time()),
                "currency": str(params["currency"]).lower(),
                "livemode": False,
                "metadata": dict(params.get("metadata") or {}),
                "product": product["id"],
                "type": "one_time",
                "unit_amount": _int(params.get("unit_amount"), "unit_amount"),
            },
        )

    def _get_price(self, account: str, params: Json, price_id: str) -> Json:
        return self._find(account, price_id, "price").obj

    def _list_prices(self, account: str, params: Json) -> Json:
        prices = self.all("price", account)
        if "product" in params:
            prices = [p for p in prices if p["product"] == params["product"]]
        if "active" in params:
            prices = [p for p in prices if p["active"] == _bool(params["active"])]
        if "type" in params:
            prices = [p for p in prices if p["type"] == params["type"]]
        if "currency" in params:
            prices = [p for p in prices if p["currency"] == params["currency"]]
        return self._page("/v1/prices", prices, params)

    @staticmethod
    def _page(url: str, items: list[Json], params: Json) -> Json:
        limit = _int(params.get("limit", 10), "limit")
        return {"object": "list", "data": items[:limit], "has_more": len(items) > limit, "url": url}

    # -- HTTP ----------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        split = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length).decode() if length else ""
        pairs = parse_qsl(split.query, keep_blank_values=True) + parse_qsl(
            raw, keep_blank_values=True
        )
        params = decode_form(pairs)
        headers = {key: value for key, value in request.headers.items()}
        auth = request.headers.get("Authorization", "")
        account = auth[7:] if auth.startswith("Bearer ") else None
        record = Recorded(request.command, split.path, params, headers, account)
        with self.lock:
            self.requests.append(record)
            failure = next(
                (
                    f
                    for f in self.failures
                    if f.times > 0
                    and f.method == request.command
                    and split.path.startswith(f.path_prefix)
                ),
                None,
            )
            if failure is not None:
                failure.times -= 1
        if failure is not None:
            if failure.status == "timeout":
                time.sleep(failure.delay)
                status = 500
            else:
                status = int(failure.status)
            record.status = status
            self._send(
                request,
                status,
                {"error": {"type": "api_error", "message": "An unknown error occurred (fake)."}},
            )
            return
        status, body, replayed = self._dispatch(
            request.command, split.path, params, account, headers
        )
        record.status = status
        self._send(request, status, body, replayed=replayed)

    def _dispatch(
        self, method: str, path: str, params: Json, account: str | None, headers: Mapping[str, str]
    ) -> tuple[int, Json, bool]:
        if not account:
            return (
                401,
                {
                    "error": {
                        "type": "invalid_request_error",
                        "message": "You did not provide an API key.",
                    }
                },
                False,
            )
        if not re.match(r"^(sk|rk)_test_\w+$", account):
            return (
                401,
                {
                    "error": {
                        "type": "invalid_request_error",
                        "message": f"Invalid API Key provided: {account[:8]}***",
                    }
                },
                False,
            )
        key = headers.get("Idempotency-Key") if method == "POST" else None
        with self.lock:
            if key is not None and (account, key) in self.idempotency:
                was_method, was_path, was_params, status, body = self.idempotency[(account, key)]
                if (was_method, was_path, was_params) != (method, path, params):
                    return (
                        400,
                        {
                            "error": {
                                "type": "idempotency_error",
                                "message": "Keys for idempotent requests can only be used with the "
                                "same parameters they were first used with.",
                            }
                        },
                        False,
                    )
                return status, body, True
            status, body = self._route(method, path, params, account)
            if key is not None and status < 500:
                self.idempotency[(account, key)] = (
                    method,
                    path,
                    params,
                    status,
                    json.loads(json.dumps(body)),
                )
        return status, body, False

    def _route(self, method: str, path: str, params: Json, account: str) -> tuple[int, Json]:
        for route_method, pattern, handler in self._routes:
            match = pattern.match(path)
            if match and route_method == method:
                try:
                    return 200, json.loads(json.dumps(handler(account, params, *match.groups())))
                except StripeHTTPError as exc:
                    return exc.status, exc.body
        return 404, {
            "error": {
                "type": "invalid_request_error",
                "message": f"Unrecognized request URL ({method}: {path}).",
            }
        }

    @staticmethod
    def _send(
        request: BaseHTTPRequestHandler, status: int, body: Json, replayed: bool = False
    ) -> None:
        data = json.dumps(body).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.send_header("Request-Id", f"req_{secrets.token_hex(7)}")
            if replayed:
                request.send_header("Idempotent-Replayed", "true")
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)


def signed_webhook(
    event: Mapping[str, Any],
    secret: str,
    *,
    timestamp: int | None = None,
    body: bytes | None = None,
) -> tuple[bytes, dict[str, str]]:
    """``event`` as Stripe delivers it: the JSON body and its ``Stripe-Signature``."""
    payload = body if body is not None else json.dumps(event).encode()
    try:
        header = stripe.WebhookSignature.generate_signature_header(
            payload.decode(), secret, timestamp=timestamp
        )
    except UnicodeDecodeError:  # not UTF-8: sign the bytes the way Stripe's scheme does
        ts = int(time.time()) if timestamp is None else timestamp
        digest = hmac.new(secret.encode(), f"{ts}.".encode() + payload, hashlib.sha256)
        header = f"t={ts},v1={digest.hexdigest()}"
    return payload, {"Stripe-Signature": header, "Content-Type": "application/json"}


class _Environment(Protocol):
    def setenv(self, name: str, value: str) -> None: ...


def stripe_server(monkeypatch: _Environment) -> Iterator[FakeStripe]:
    """A started fake that the plugin may call (the operator's
    ``TUITION_STRIPE_EXTRA_HOSTS`` allows its loopback host, through pytest's
    ``monkeypatch``), stopped afterwards: the body of a ``fake_stripe`` fixture::

        @pytest.fixture
        def fake_stripe(monkeypatch):
            yield from stripe_server(monkeypatch)
    """
    monkeypatch.setenv("TUITION_STRIPE_EXTRA_HOSTS", "127.0.0.1")
    yield from running()


def running() -> Iterator[FakeStripe]:
    """A started fake, stopped afterwards (for a pytest ``yield`` fixture)."""
    fake = FakeStripe().start()
    try:
        yield fake
    finally:
        fake.stop()


def order_info(
    order_id: str,
    tenant_id: str,
    tenant_slug: str,
    session_id: str | None = None,
    *,
    amount: int = 10000,
    schedule: Schedule | None = None,
) -> OrderInfo:
    """What core hands the provider about an order of the course "pro" (``amount`` in
    EUR; its checkout ``session_id``; the ``schedule`` it started), for tests that call
    the provider directly."""
    return OrderInfo(
        id=order_id,
        tenant_id=tenant_id,
        tenant_slug=tenant_slug,
        enrollment_id="",
        course_slug="pro",
        course_title="Pro Course",
        amount=amount,
        currency="EUR",
        customer_email=None,
        provider_reference=session_id,
        schedule=schedule,
    )
