"""A fake PayPal for tests and local demos: OAuth, Orders v2, captures, refunds, the buyer's
approval page and signed webhooks, in PayPal's wire format, on 127.0.0.1. Also the
Subscriptions API (catalog products, billing plans, subscriptions, their approval, cancel
and transactions) with a clock to advance (:meth:`FakePayPal.advance`) that charges the
cycles falling due and queues their webhooks (``PAYMENT.SALE.COMPLETED``,
``BILLING.SUBSCRIPTION.PAYMENT.FAILED``, ``…EXPIRED``), duplicated on demand.

The real SDK is pointed at it through the tenant setting ``api_base`` (allow the host with
``TUITION_PAYPAL_EXTRA_HOSTS=127.0.0.1``). Webhooks are signed exactly as PayPal signs them:
SHA256withRSA over ``transmission_id|transmission_time|webhook_id|crc32(body)`` with a
self-signed certificate the server also serves (``cert_url``).

Nothing here is used by the provider itself.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import secrets
import string
import threading
import time
import uuid
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from tuition.plugin_api import add_interval

from .client import forget_tokens
from .money import decimals, from_paypal, to_paypal

_identity_lock = threading.Lock()
_identity: tuple[rsa.RSAPrivateKey, bytes] | None = None


def make_signing_identity(
    common_name: str = "messageverificationcerts.paypal.com",
    *,
    valid_days: int = 365,
    expired: bool = False,
) -> tuple[rsa.RSAPrivateKey, bytes]:
    """A fresh RSA key and a self-signed X.509 certificate (PEM) for it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    start = now - timedelta(days=valid_days + 2) if expired else now - timedelta(days=1)
    end = now - timedelta(days=1) if expired else now + timedelta(days=valid_days)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    return key, cert.public_bytes(serialization.Encoding.PEM)


def signing_identity() -> tuple[rsa.RSAPrivateKey, bytes]:
    """One key and certificate per process (generating RSA keys is slow)."""
    global _identity
    with _identity_lock:
        if _identity is None:
            _identity = make_signing_identity()
        return _identity


def transmission_time(at: datetime | None = None) -> str:
    return (at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_webhook(
    body: bytes,
    *,
    webhook_id: str,
    cert_url: str,
    key: rsa.RSAPrivateKey | None = None,
    transmission_id: str | None = None,
    at: datetime | None = None,
    algo: str = "SHA256withRSA",
) -> dict[str, str]:
    """The headers PayPal sends with ``body`` for the webhook ``webhook_id``."""
    key = key or signing_identity()[0]
    tid = transmission_id or str(uuid.uuid4())
    ttime = transmission_time(at)
    message = f"{tid}|{ttime}|{webhook_id}|{zlib.crc32(body) & 0xFFFFFFFF}".encode()
    signature = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    return {
        "Content-Type": "application/json",
        "PAYPAL-TRANSMISSION-ID": tid,
        "PAYPAL-TRANSMISSION-TIME": ttime,
        "PAYPAL-TRANSMISSION-SIG": base64.b64encode(signature).decode(),
        "PAYPAL-CERT-URL": cert_url,
        "PAYPAL-AUTH-ALGO": algo,
    }


def _paypal_id(length: int = 17) -> str:
    alphabet = string.ascii_uppercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _now() -> str:
    return _stamp(datetime.now(UTC))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _error(
    status: int, name: str, issue: str | None = None, description: str = ""
) -> tuple[int, dict[str, Any]]:
    body: dict[str, Any] = {
        "name": name,
        "message": description or name.replace("_", " "),
        "debug_id": secrets.token_hex(6),
    }
    if issue:
        body["details"] = [{"issue": issue, "description": description or issue}]
    return status, body


class FakePayPal:
    """PayPal's REST API in a thread. Inspect ``orders``, ``captures``, ``refunds``,
    ``capture_count`` (real captures made) and ``outbox`` (the webhook events PayPal would
    now send); make it misbehave with :meth:`fail_next`, ``capture_status``,
    ``capture_decline`` and ``capture_delay``."""

    def __init__(self, client_id: str = "fake-client", client_secret: str = "fake-secret") -> None:
        self.accounts: dict[str, str] = {client_id: client_secret}
        self.client_id, self.client_secret = client_id, client_secret
        self.lock = threading.RLock()
        self.tokens: dict[str, str] = {}
        self.orders: dict[str, dict[str, Any]] = {}
        self.captures: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.order_requests: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str, str | None]] = []
        self.outbox: list[dict[str, Any]] = []
        self.capture_count = 0
        self.token_count = 0
        self.cert_fetches = 0
        #: Requests answered PREVIOUS_REQUEST_IN_PROGRESS (a concurrent twin was running).
        self.in_progress_answers = 0
        #: Status of new captures: COMPLETED, PENDING or DECLINED.
        self.capture_status = "COMPLETED"
        #: Answer captures with 422 INSTRUMENT_DECLINED (the buyer's funding failed).
        self.capture_decline = False
        #: Seconds a capture takes (widens races).
        self.capture_delay = 0.0
        # Subscriptions API.
        self.products: dict[str, dict[str, Any]] = {}
        self.plans: dict[str, dict[str, Any]] = {}
        self.subscriptions: dict[str, dict[str, Any]] = {}
        #: Every charge attempt of a subscription: sales and declined attempts.
        self.sales: dict[str, dict[str, Any]] = {}
        #: Refunds of sales (``/v1/payments/sale/<id>/refund``), by refund id.
        self.sale_refunds: dict[str, dict[str, Any]] = {}
        self.plan_requests: list[dict[str, Any]] = []
        #: JSON Patches applied to subscriptions: (subscription id, operations).
        self.patches: list[tuple[str, list[dict[str, Any]]]] = []
        #: Sales made by ``/v1/billing/subscriptions/<id>/capture`` (charges made at once).
        self.subscription_captures: list[str] = []
        self.subscription_requests: list[dict[str, Any]] = []
        #: Decline the cycles charged from now on (a card that stopped working).
        self.decline_renewals = False
        #: Extra copies of each webhook event queued (PayPal redelivers under the same id).
        self.duplicate_webhooks = 0
        #: How far the fake's clock runs ahead of the real time (:meth:`advance`).
        self.clock_offset = timedelta(0)
        self._failures: dict[str, list[tuple[int, dict[str, Any] | str]]] = {}
        self._idempotent: dict[tuple[str, str, str], tuple[int, dict[str, Any]]] = {}
        self._in_flight: set[str] = set()
        self.key, self.cert_pem = signing_identity()
        self.cert_path = f"/v1/notifications/certs/CERT-{uuid.uuid4().hex[:8]}"
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="fake-paypal"
        )

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakePayPal:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def cert_url(self) -> str:
        return self.url + self.cert_path

    def add_account(self, client_id: str, client_secret: str) -> None:
        with self.lock:
            self.accounts[client_id] = client_secret

    def fail_next(
        self, operation: str, status: int, body: dict[str, Any] | str | None = None, times: int = 1
    ) -> None:
        """Answer the next ``times`` calls of ``operation`` (token, create_order, get_order,
        capture, refund, get_capture, get_refund, cert) with ``status``."""
        if body is None:
            body = _error(
                status, "INTERNAL_SERVER_ERROR" if status >= 500 else "UNPROCESSABLE_ENTITY"
            )[1]
        with self.lock:
            self._failures.setdefault(operation, []).extend([(status, body)] * times)

    def _failure(self, operation: str) -> tuple[int, dict[str, Any] | str] | None:
        with self.lock:
            queue = self._failures.get(operation)
            return queue.pop(0) if queue else None

    # -- what the buyer and PayPal do ----------------------------------------------------

    def approve(self, order_id: str) -> dict[str, Any]:
        """The buyer approves the order on PayPal's page."""
        with self.lock:
            order = self.orders[order_id]
            if order["status"] in ("CREATED", "PAYER_ACTION_REQUIRED"):
                order["status"] = "APPROVED"
                order["payer"] = {
                    "name": {"given_name": "Ada", "surname": "Buyer"},
                    "email_address": "buyer@example.com",
                    "payer_id": _paypal_id(13),
                }
                order["update_time"] = _now()
                self._emit("CHECKOUT.ORDER.APPROVED", "checkout-order", self._public(order))
            return self._public(order)

    def void(self, order_id: str) -> None:
        with self.lock:
            order = self.orders[order_id]
            order["status"] = "VOIDED"
            self._emit("CHECKOUT.ORDER.VOIDED", "checkout-order", self._public(order))

    def settle_capture(self, capture_id: str, status: str) -> None:
        """A PENDING capture completes (COMPLETED) or is denied (DECLINED)."""
        with self.lock:
            capture = self.captures[capture_id]
            capture["status"] = status
            capture["update_time"] = _now()
            event = {
                "COMPLETED": "PAYMENT.CAPTURE.COMPLETED",
                "DECLINED": "PAYMENT.CAPTURE.DENIED",
            }[status]
            self._emit(event, "capture", dict(capture))

    def refund_in_dashboard(self, capture_id: str, amount: int | None = None) -> dict[str, Any]:
        """The merchant refunds from PayPal's dashboard (not through Tuition)."""
        with self.lock:
            capture = self.captures[capture_id]
            body: dict[str, Any] = {}
            if amount is not None:
                body["amount"] = {
                    "currency_code": capture["amount"]["currency_code"],
                    "value": _value(amount, capture["amount"]["currency_code"]),
                }
            status, refund = self._refund(capture, body)
            assert status == 201, refund
            return refund

    def event(
        self, event_type: str, resource_type: str, resource: dict[str, Any]
    ) -> dict[str, Any]:
        event_id = f"WH-{_paypal_id(17)}-{_paypal_id(17)}"
        summaries = {
            "CHECKOUT.ORDER.APPROVED": "An order has been approved by buyer",
            "PAYMENT.CAPTURE.COMPLETED": "Payment completed",
            "PAYMENT.CAPTURE.REFUNDED": "A payment was refunded",
        }
        return {
            "id": event_id,
            "event_version": "1.0",
            "create_time": _now(),
            "resource_type": resource_type,
            "resource_version": "2.0",
            "event_type": event_type,
            "summary": summaries.get(event_type, event_type),
            "resource": json.loads(json.dumps(resource)),
            "links": [
                {
                    "href": f"{self.url}/v1/notifications/webhooks-events/{event_id}",
                    "rel": "self",
                    "method": "GET",
                },
                {
                    "href": f"{self.url}/v1/notifications/webhooks-events/{event_id}/resend",
                    "rel": "resend",
                    "method": "POST",
                },
            ],
        }

    def _emit(self, event_type: str, resource_type: str, resource: dict[str, Any]) -> None:
        event = self.event(event_type, resource_type, resource)
        self.outbox.extend([event] * (1 + self.duplicate_webhooks))

    # -- subscriptions: the buyer, the clock, the merchant ---------------------------------

    def now(self) -> datetime:
        """The fake's clock: the real time plus what :meth:`advance` added."""
        return datetime.now(UTC) + self.clock_offset

    def approve_subscription(self, subscription_id: str) -> dict[str, Any]:
        """The buyer approves the subscription: it becomes ACTIVE
        (``BILLING.SUBSCRIPTION.ACTIVATED``); the plan's setup fee is charged at once in
        a sale of its own, then the first REGULAR cycle in another, unless a TRIAL cycle
        comes first (its sales: ``PAYMENT.SALE.COMPLETED``)."""
        with self.lock:
            sub = self.subscriptions[subscription_id]
            if sub["status"] == "APPROVAL_PENDING":
                now = self.now()
                sub.update(status="ACTIVE", start_time=_stamp(now), status_update_time=_stamp(now))
                sub["subscriber"] = {
                    "name": {"given_name": "Ada", "surname": "Buyer"},
                    "email_address": "buyer@example.com",
                    "payer_id": _paypal_id(13),
                }
                self._emit("BILLING.SUBSCRIPTION.ACTIVATED", "subscription", self._public_sub(sub))
                fee = self.plans[sub["plan_id"]]["payment_preferences"].get("setup_fee")
                if fee:  # the setup fee: its own sale, before the subscription's cycles
                    price = {"currency_code": fee["currency_code"], "value": fee["value"]}
                    paid = self._new_sale(sub, _paypal_id(), price, _stamp(now))
                    sub["billing_info"]["last_payment"] = {
                        "amount": dict(price),
                        "time": _stamp(now),
                        "status": "COMPLETED",
                    }
                    self._emit("PAYMENT.SALE.COMPLETED", "sale", _strip(paid))
                trial = self._trial(sub)
                if trial is not None:
                    # A TRIAL cycle (free): nothing more now; the REGULAR cycle after it.
                    unit = trial["frequency"]["interval_unit"].lower()
                    sub["_next"] = add_interval(
                        now, unit, int(trial["frequency"]["interval_count"])
                    )
                    return self._public_sub(sub)
                sub["_next"] = now
                sale = self._charge_cycle(sub, now, emit=False)
                if sale is not None:
                    self._emit("PAYMENT.SALE.COMPLETED", "sale", _strip(sale))
                else:
                    self._emit_failed(sub)
            return self._public_sub(sub)

    def advance(self, days: float = 0, *, seconds: float = 0) -> None:
        """Move the clock ahead and charge every cycle falling due meanwhile (declined with
        ``decline_renewals``: the subscription then waits for :meth:`retry_payment`)."""
        with self.lock:
            self.clock_offset += timedelta(days=days, seconds=seconds)
            for sub in self.subscriptions.values():
                self._charge_due(sub)

    def retry_payment(self, subscription_id: str) -> None:
        """PayPal retries the outstanding (declined) cycle, then any cycle due since."""
        with self.lock:
            sub = self.subscriptions[subscription_id]
            if sub["status"] in ("ACTIVE", "SUSPENDED") and sub.get("_outstanding"):
                sub["status"] = "ACTIVE"
                self._charge_cycle(sub, sub["_next"])
                self._charge_due(sub)

    def _charge_due(self, sub: dict[str, Any]) -> None:
        while (
            sub["status"] == "ACTIVE"
            and not sub.get("_outstanding")
            and sub.get("_next") is not None
            and sub["_next"] <= self.now()
        ):
            self._charge_cycle(sub, sub["_next"])

    def _cycle(self, sub: dict[str, Any]) -> dict[str, Any]:
        """The subscription's REGULAR cycle execution."""
        executions = sub["billing_info"]["cycle_executions"]
        return next(e for e in executions if e["tenure_type"] == "REGULAR")

    def _trial(self, sub: dict[str, Any]) -> dict[str, Any] | None:
        """The plan's TRIAL cycle (free: no pricing scheme), if any."""
        cycles = self.plans[sub["plan_id"]]["billing_cycles"]
        return next((c for c in cycles if c["tenure_type"] == "TRIAL"), None)

    def _end_trial(self, sub: dict[str, Any]) -> None:
        for execution in sub["billing_info"]["cycle_executions"]:
            if execution["tenure_type"] == "TRIAL" and execution["cycles_remaining"]:
                execution.update(cycles_completed=1, cycles_remaining=0)

    def _charge_cycle(
        self, sub: dict[str, Any], due: datetime, *, emit: bool = True
    ) -> dict[str, Any] | None:
        """Charge the cycle due at ``due``: the sale (None when declined)."""
        plan = self.plans[sub["plan_id"]]
        cycle = _regular(plan)
        price = dict(cycle["pricing_scheme"]["fixed_price"])
        self._end_trial(sub)
        at = _stamp(max(due, self.now()))
        attempt: dict[str, Any] = {"id": _paypal_id(), "_subscription": sub["id"], "time": at}
        info = sub["billing_info"]
        renewal = self._cycle(sub)["cycles_completed"] > 0 or self._trial(sub) is not None
        if self.decline_renewals and renewal:
            attempt.update(status="DECLINED", amount=dict(price))
            self.sales[attempt["id"]] = attempt
            if not sub.get("_outstanding"):  # the declined cycle is owed
                self._add_outstanding(sub, _minor(price["value"], price["currency_code"]))
            sub["_outstanding"] = True
            info["failed_payments_count"] += 1
            info["last_failed_payment"] = {
                "amount": dict(price),
                "time": at,
                "reason_code": "PAYMENT_DENIED",
            }
            if emit:
                self._emit_failed(sub)
            return None
        sale = self._new_sale(sub, attempt["id"], price, at)
        if sub.get("_outstanding"):  # the owed cycle is paid
            self._add_outstanding(sub, -_minor(price["value"], price["currency_code"]))
        sub["_outstanding"] = False
        executions = self._cycle(sub)
        executions["cycles_completed"] += 1
        if executions["total_cycles"]:
            executions["cycles_remaining"] = (
                executions["total_cycles"] - executions["cycles_completed"]
            )
        info["last_payment"] = {"amount": dict(price), "time": at, "status": "COMPLETED"}
        sub["_next"] = add_interval(
            sub["_next"],
            cycle["frequency"]["interval_unit"].lower(),
            int(cycle["frequency"]["interval_count"]),
        )
        sub["update_time"] = at
        finished = bool(executions["total_cycles"]) and (
            executions["cycles_completed"] >= executions["total_cycles"]
        )
        if emit:
            self._emit("PAYMENT.SALE.COMPLETED", "sale", _strip(sale))
        if finished:
            sub.update(status="EXPIRED", status_update_time=at)
            sub["_next"] = None
            if emit:
                self._emit("BILLING.SUBSCRIPTION.EXPIRED", "subscription", self._public_sub(sub))
        return sale

    def _new_sale(
        self, sub: dict[str, Any], sale_id: str, price: dict[str, str], at: str
    ) -> dict[str, Any]:
        """A completed v1 sale of the subscription (stored, not emitted)."""
        sale: dict[str, Any] = {
            "id": sale_id,
            "state": "completed",
            "amount": {
                "total": price["value"],
                "currency": price["currency_code"],
                "details": {"subtotal": price["value"]},
            },
            "payment_mode": "INSTANT_TRANSFER",
            "protection_eligibility": "ELIGIBLE",
            "protection_eligibility_type": (
                "ITEM_NOT_RECEIVED_ELIGIBLE,UNAUTHORIZED_PAYMENT_ELIGIBLE"
            ),
            "billing_agreement_id": sub["id"],
            "create_time": at,
            "update_time": at,
            "links": [
                {
                    "href": f"{self.url}/v1/payments/sale/{sale_id}",
                    "rel": "self",
                    "method": "GET",
                },
                {
                    "href": f"{self.url}/v1/payments/sale/{sale_id}/refund",
                    "rel": "refund",
                    "method": "POST",
                },
            ],
            "_subscription": sub["id"],
            "_status": "COMPLETED",
            "_price": dict(price),
            "_time": at,
        }
        self.sales[sale_id] = sale
        return sale

    def _add_outstanding(self, sub: dict[str, Any], amount: int) -> None:
        balance = sub["billing_info"]["outstanding_balance"]
        currency = balance["currency_code"]
        balance["value"] = _value(max(0, _minor(balance["value"], currency) + amount), currency)

    def _patch_subscription(
        self, sub: dict[str, Any], operations: Any
    ) -> tuple[int, dict[str, Any]]:
        """``PATCH /v1/billing/subscriptions/<id>`` (JSON Patch, 204): the fake knows
        ``replace`` of ``/billing_info/outstanding_balance``."""
        if sub["status"] not in ("ACTIVE", "SUSPENDED"):
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "SUBSCRIPTION_STATUS_INVALID",
                "Invalid subscription status for patch action.",
            )
        if not isinstance(operations, list) or not operations:
            return _error(400, "INVALID_REQUEST", "MALFORMED_REQUEST_JSON")
        balance = sub["billing_info"]["outstanding_balance"]
        for operation in operations:
            path = operation.get("path") if isinstance(operation, dict) else None
            if operation.get("op") != "replace" or path != "/billing_info/outstanding_balance":
                return _error(
                    400,
                    "INVALID_REQUEST",
                    "UNSUPPORTED_PATCH_OPERATION",
                    "The specified patch operation not supported for this field.",
                )
            value = operation.get("value") or {}
            currency = str(value.get("currency_code", ""))
            if currency != balance["currency_code"] or not _valid_amount(
                str(value.get("value", "")), currency
            ):
                return _error(422, "UNPROCESSABLE_ENTITY", "CURRENCY_MISMATCH")
        for operation in operations:
            balance["value"] = str(operation["value"]["value"])
        sub["update_time"] = _stamp(self.now())
        self.patches.append((sub["id"], json.loads(json.dumps(operations))))
        return 204, {}

    def _capture_subscription(
        self, sub: dict[str, Any], body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """``POST /v1/billing/subscriptions/<id>/capture``: charge (part of) the
        outstanding balance now; the transaction is answered (DECLINED with
        ``decline_renewals``), a completed one is a sale (``PAYMENT.SALE.COMPLETED``)."""
        if sub["status"] not in ("ACTIVE", "SUSPENDED", "EXPIRED"):
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "SUBSCRIPTION_STATUS_INVALID",
                "Invalid subscription status for capture action; subscription status "
                "should be active or suspended or expired.",
            )
        amount = body.get("amount") if isinstance(body.get("amount"), dict) else None
        if body.get("capture_type") != "OUTSTANDING_BALANCE" or not body.get("note") or not amount:
            return _error(400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER")
        balance = sub["billing_info"]["outstanding_balance"]
        currency = balance["currency_code"]
        if amount.get("currency_code") != currency:
            return _error(422, "UNPROCESSABLE_ENTITY", "CURRENCY_MISMATCH")
        if not _valid_amount(str(amount.get("value", "")), currency):
            return _error(400, "INVALID_REQUEST", "INVALID_PARAMETER_SYNTAX")
        value, owed = _minor(str(amount["value"]), currency), _minor(balance["value"], currency)
        if owed <= 0:
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "ZERO_OUTSTANDING_BALANCE",
                "Current outstanding balance should be greater than zero.",
            )
        if value > owed:
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "AMOUNT_GREATER_THAN_OUTSTANDING_BALANCE",
                "The capture amount can not be greater than the current outstanding balance.",
            )
        at = _stamp(self.now())
        sub["update_time"] = at
        price = {"currency_code": currency, "value": _value(value, currency)}
        transaction: dict[str, Any] = {
            "status": "DECLINED" if self.decline_renewals else "COMPLETED",
            "id": _paypal_id(),
            "amount_with_breakdown": {
                "gross_amount": dict(price),
                "fee_amount": {"currency_code": currency, "value": "0.30"},
                "net_amount": dict(price),
            },
            "payer_name": {"given_name": "Ada", "surname": "Buyer"},
            "payer_email": "buyer@example.com",
            "time": at,
        }
        if self.decline_renewals:
            self.sales[transaction["id"]] = {
                "id": transaction["id"],
                "_subscription": sub["id"],
                "time": at,
                "status": "DECLINED",
                "amount": dict(price),
            }
            return 200, transaction
        sale = self._new_sale(sub, transaction["id"], price, at)
        self._add_outstanding(sub, -value)
        if _minor(balance["value"], currency) == 0:
            sub["_outstanding"] = False
        self.subscription_captures.append(transaction["id"])
        self._emit("PAYMENT.SALE.COMPLETED", "sale", _strip(sale))
        return 200, transaction

    def _emit_failed(self, sub: dict[str, Any]) -> None:
        self._emit("BILLING.SUBSCRIPTION.PAYMENT.FAILED", "subscription", self._public_sub(sub))
        threshold = self.plans[sub["plan_id"]]["payment_preferences"]["payment_failure_threshold"]
        if threshold and sub["billing_info"]["failed_payments_count"] >= threshold:
            sub.update(status="SUSPENDED", status_update_time=_stamp(self.now()))
            self._emit("BILLING.SUBSCRIPTION.SUSPENDED", "subscription", self._public_sub(sub))

    def collected(self, subscription_id: str) -> int:
        """What the subscription's sales took, in minor units (refunds not deducted:
        :meth:`refunded`)."""
        with self.lock:
            return sum(
                _minor(sale["amount"]["total"], sale["amount"]["currency"])
                for sale in self.sales.values()
                if sale["_subscription"] == subscription_id
                and sale.get("state") in ("completed", "partially_refunded", "refunded")
            )

    def cancel_in_dashboard(self, subscription_id: str) -> None:
        """The merchant (or the buyer, from their PayPal account) cancels."""
        with self.lock:
            status, answer = self._cancel_subscription(self.subscriptions[subscription_id], {})
            assert status == 204, answer

    def _public_sub(self, sub: dict[str, Any]) -> dict[str, Any]:
        shown = _strip(sub)
        sid = sub["id"]
        links = [
            {"href": f"{self.url}/v1/billing/subscriptions/{sid}", "rel": "self", "method": "GET"}
        ]
        if sub["status"] == "APPROVAL_PENDING":
            links.insert(
                0,
                {
                    "href": f"{self.url}/webapps/billing/subscriptions?ba_token={sub['_token']}",
                    "rel": "approve",
                    "method": "GET",
                },
            )
        elif sub["status"] in ("ACTIVE", "SUSPENDED"):
            for action in ("cancel", "suspend", "capture"):
                links.append(
                    {
                        "href": f"{self.url}/v1/billing/subscriptions/{sid}/{action}",
                        "rel": action,
                        "method": "POST",
                    }
                )
        info = shown.get("billing_info") or {}
        if sub.get("_next") is not None and sub["status"] == "ACTIVE":
            info["next_billing_time"] = _stamp(sub["_next"])
        shown["links"] = links
        return shown

    def take_events(self, event_type: str | None = None) -> list[dict[str, Any]]:
        """Remove and return the queued webhook events (of ``event_type``)."""
        with self.lock:
            taken = [e for e in self.outbox if event_type in (None, e["event_type"])]
            self.outbox = [e for e in self.outbox if e not in taken]
            return taken

    def signed(
        self, event: dict[str, Any], webhook_id: str, **kwargs: Any
    ) -> tuple[bytes, dict[str, str]]:
        """``event`` as PayPal delivers it: raw body and signed headers."""
        body = json.dumps(event).encode()
        kwargs.setdefault("cert_url", self.cert_url)
        kwargs.setdefault("key", self.key)
        return body, sign_webhook(body, webhook_id=webhook_id, **kwargs)

    # -- the API -------------------------------------------------------------------------

    def _links(self, order: dict[str, Any]) -> list[dict[str, str]]:
        oid = order["id"]
        approve_rel = "payer-action" if order.get("_wallet") else "approve"
        return [
            {"href": f"{self.url}/v2/checkout/orders/{oid}", "rel": "self", "method": "GET"},
            {"href": f"{self.url}/checkoutnow?token={oid}", "rel": approve_rel, "method": "GET"},
            {"href": f"{self.url}/v2/checkout/orders/{oid}", "rel": "update", "method": "PATCH"},
            {
                "href": f"{self.url}/v2/checkout/orders/{oid}/capture",
                "rel": "capture",
                "method": "POST",
            },
        ]

    def _public(self, order: dict[str, Any]) -> dict[str, Any]:
        shown = {k: v for k, v in order.items() if not k.startswith("_")}
        shown["links"] = self._links(order)
        if order["status"] == "COMPLETED":
            shown["links"] = shown["links"][:1]
        return json.loads(json.dumps(shown))

    def _create_product(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not body.get("name") or body.get("type") not in ("PHYSICAL", "DIGITAL", "SERVICE"):
            return _error(400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER", "name/type")
        pid = str(body.get("id") or f"PROD-{_paypal_id(17)}")
        if pid in self.products:
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "DUPLICATE_RESOURCE_IDENTIFIER",
                "The value of a field should not be a duplicate.",
            )
        product = {**body, "id": pid, "create_time": _stamp(self.now())}
        product["update_time"] = product["create_time"]
        self.products[pid] = product
        return 201, _strip(product)

    def _create_plan(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if body.get("product_id") not in self.products:
            return _error(
                422, "UNPROCESSABLE_ENTITY", "INVALID_PRODUCT_ID", "Product id is invalid."
            )
        cycles = body.get("billing_cycles") or []
        regular = [c for c in cycles if c.get("tenure_type") == "REGULAR"]
        trials = [c for c in cycles if c.get("tenure_type") == "TRIAL"]
        units = ("DAY", "WEEK", "MONTH", "YEAR")
        if (
            len(regular) != 1
            or len(trials) > 2
            or len(regular) + len(trials) != len(cycles)
            or any(c.get("frequency", {}).get("interval_unit") not in units for c in cycles)
            or [c.get("sequence") for c in cycles] != list(range(1, len(cycles) + 1))
            or cycles[-1] is not regular[0]
            or any(c.get("total_cycles") != 1 or "pricing_scheme" in c for c in trials)
        ):
            # The fake knows free trials only (one cycle, no pricing scheme) before the
            # REGULAR cycle; PayPal allows paid ones too.
            return _error(400, "INVALID_REQUEST", "INVALID_PARAMETER_VALUE", "billing_cycles")
        price = (regular[0].get("pricing_scheme") or {}).get("fixed_price") or {}
        currency, value = str(price.get("currency_code", "")), str(price.get("value", ""))
        if not _valid_amount(value, currency):
            return _error(422, "UNPROCESSABLE_ENTITY", "CURRENCY_NOT_SUPPORTED_FOR_RECEIVER", value)
        self.plan_requests.append(json.loads(json.dumps(body)))
        plan = {
            **json.loads(json.dumps(body)),
            "id": f"P-{_paypal_id(24)}",
            "status": body.get("status", "CREATED"),
            "create_time": _stamp(self.now()),
        }
        plan.setdefault("payment_preferences", {}).setdefault("payment_failure_threshold", 0)
        self.plans[plan["id"]] = plan
        return 201, _strip(plan)

    def _create_subscription(self, client: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        plan = self.plans.get(str(body.get("plan_id")))
        if plan is None or plan["status"] != "ACTIVE":
            return _error(
                422, "UNPROCESSABLE_ENTITY", "INVALID_PLAN_ID", "Plan id is invalid or inactive."
            )
        self.subscription_requests.append(json.loads(json.dumps(body)))
        price = _regular(plan)["pricing_scheme"]["fixed_price"]
        now = _stamp(self.now())
        sub = {
            "id": f"I-{_paypal_id(12)}",
            "plan_id": plan["id"],
            "status": "APPROVAL_PENDING",
            "status_update_time": now,
            "custom_id": body.get("custom_id"),
            "quantity": "1",
            "plan_overridden": False,
            "billing_info": {
                "outstanding_balance": {"currency_code": price["currency_code"], "value": "0"},
                "cycle_executions": [
                    {
                        "tenure_type": cycle["tenure_type"],
                        "sequence": cycle["sequence"],
                        "cycles_completed": 0,
                        "cycles_remaining": cycle["total_cycles"],
                        "current_pricing_scheme_version": 1,
                        "total_cycles": cycle["total_cycles"],
                    }
                    for cycle in plan["billing_cycles"]
                ],
                "failed_payments_count": 0,
            },
            "create_time": now,
            "update_time": now,
            "_client": client,
            "_token": f"BA-{_paypal_id(17)}",
            "_context": body.get("application_context") or {},
        }
        self.subscriptions[sub["id"]] = sub
        return 201, self._public_sub(sub)

    def _cancel_subscription(
        self, sub: dict[str, Any], body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        if sub["status"] not in ("ACTIVE", "SUSPENDED", "APPROVED"):
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "SUBSCRIPTION_STATUS_INVALID",
                "Invalid subscription status for cancel action; subscription status should "
                "be active or suspended.",
            )
        now = _stamp(self.now())
        sub.update(status="CANCELLED", status_update_time=now, update_time=now, _next=None)
        sub["status_change_note"] = body.get("reason")
        self._emit("BILLING.SUBSCRIPTION.CANCELLED", "subscription", self._public_sub(sub))
        return 204, {}

    def _transactions(
        self, sub: dict[str, Any], query: dict[str, list[str]]
    ) -> tuple[int, dict[str, Any]]:
        try:
            start = datetime.fromisoformat(query["start_time"][0].replace("Z", "+00:00"))
            end = datetime.fromisoformat(query["end_time"][0].replace("Z", "+00:00"))
        except (KeyError, IndexError, ValueError):
            return _error(400, "INVALID_REQUEST", "INVALID_PARAMETER_SYNTAX", "start/end_time")
        rows = []
        for attempt in self.sales.values():
            when = attempt.get("_time") or attempt["time"]
            at = datetime.fromisoformat(when.replace("Z", "+00:00"))
            if attempt["_subscription"] != sub["id"] or not start <= at <= end:
                continue
            price = attempt.get("_price") or attempt["amount"]
            rows.append(
                {
                    "status": attempt.get("_status") or attempt["status"],
                    "id": attempt["id"],
                    "amount_with_breakdown": {
                        "gross_amount": dict(price),
                        "fee_amount": {"currency_code": price["currency_code"], "value": "0.30"},
                        "net_amount": dict(price),
                    },
                    "payer_name": {"given_name": "Ada", "surname": "Buyer"},
                    "payer_email": "buyer@example.com",
                    "time": when,
                }
            )
        return 200, {"transactions": rows, "total_items": len(rows), "total_pages": 1}

    def _create_order(self, client: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if body.get("intent") not in ("CAPTURE", "AUTHORIZE"):
            return _error(400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER", "intent")
        units = body.get("purchase_units") or []
        if len(units) != 1 or "amount" not in units[0]:
            return _error(
                400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER", "purchase_units[0].amount"
            )
        amount = units[0]["amount"]
        currency, value = str(amount.get("currency_code", "")), str(amount.get("value", ""))
        if not _valid_amount(value, currency):
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "DECIMAL_PRECISION",
                f"{value!r} is not a valid {currency} amount",
            )
        self.order_requests.append(json.loads(json.dumps(body)))
        wallet = (body.get("payment_source") or {}).get("paypal") or None
        order = {
            "id": _paypal_id(),
            "intent": body["intent"],
            "status": "PAYER_ACTION_REQUIRED" if wallet else "CREATED",
            "purchase_units": [
                {
                    **{k: v for k, v in units[0].items()},
                    "reference_id": units[0].get("reference_id", "default"),
                    "payee": {"merchant_id": "FAKEMERCHANT1"},
                }
            ],
            "create_time": _now(),
            "_client": client,
            "_wallet": bool(wallet),
        }
        self.orders[order["id"]] = order
        return 201, self._public(order)

    def _capture(self, client: str, order: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if order["status"] == "COMPLETED":
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "ORDER_ALREADY_CAPTURED",
                "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
            )
        if order["status"] != "APPROVED":
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "ORDER_NOT_APPROVED",
                "Payer has not yet approved the Order for payment.",
            )
        if self.capture_decline:
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "INSTRUMENT_DECLINED",
                "The instrument presented was either declined by the processor "
                "or bank, or it can't be used for this payment.",
            )
        unit = order["purchase_units"][0]
        capture = {
            "id": _paypal_id(),
            "status": self.capture_status,
            "amount": dict(unit["amount"]),
            "final_capture": True,
            "seller_protection": {"status": "ELIGIBLE"},
            "custom_id": unit.get("custom_id"),
            "invoice_id": unit.get("invoice_id"),
            "create_time": _now(),
            "update_time": _now(),
            "supplementary_data": {"related_ids": {"order_id": order["id"]}},
        }
        if self.capture_status == "PENDING":
            capture["status_details"] = {"reason": "PENDING_REVIEW"}
        capture["links"] = [
            {
                "href": f"{self.url}/v2/payments/captures/{capture['id']}",
                "rel": "self",
                "method": "GET",
            },
            {
                "href": f"{self.url}/v2/payments/captures/{capture['id']}/refund",
                "rel": "refund",
                "method": "POST",
            },
            {"href": f"{self.url}/v2/checkout/orders/{order['id']}", "rel": "up", "method": "GET"},
        ]
        self.captures[capture["id"]] = capture
        self.capture_count += 1
        order["status"] = "COMPLETED"
        order["update_time"] = _now()
        unit["payments"] = {"captures": [capture]}  # the same dict: later changes show
        event = {
            "COMPLETED": "PAYMENT.CAPTURE.COMPLETED",
            "PENDING": "PAYMENT.CAPTURE.PENDING",
            "DECLINED": "PAYMENT.CAPTURE.DECLINED",
        }[self.capture_status]
        self._emit(event, "capture", dict(capture))
        return 201, self._public(order)

    def _refund(self, capture: dict[str, Any], body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        currency = capture["amount"]["currency_code"]
        total = _minor(capture["amount"]["value"], currency)
        done = sum(
            _minor(r["amount"]["value"], currency)
            for r in self.refunds.values()
            if r["_capture"] == capture["id"]
        )
        if capture["status"] not in ("COMPLETED", "PARTIALLY_REFUNDED"):
            if capture["status"] == "REFUNDED":
                return _error(422, "UNPROCESSABLE_ENTITY", "CAPTURE_FULLY_REFUNDED")
            return _error(422, "UNPROCESSABLE_ENTITY", "REFUND_NOT_ALLOWED")
        wanted = body.get("amount")
        if wanted:
            if wanted.get("currency_code") != currency:
                return _error(422, "UNPROCESSABLE_ENTITY", "REFUND_CURRENCY_MISMATCH")
            amount = _minor(str(wanted.get("value")), currency)
        else:
            amount = total - done
        if amount <= 0 or done + amount > total:
            return _error(
                422,
                "UNPROCESSABLE_ENTITY",
                "REFUND_AMOUNT_EXCEEDED",
                "The refund amount must be less than or equal to the capture "
                "amount that has not yet been refunded.",
            )
        refund = {
            "id": _paypal_id(),
            "status": "COMPLETED",
            "amount": {"currency_code": currency, "value": _value(amount, currency)},
            "custom_id": body.get("custom_id", capture.get("custom_id")),
            "invoice_id": capture.get("invoice_id"),
            "seller_payable_breakdown": {
                "gross_amount": {"currency_code": currency, "value": _value(amount, currency)},
                "total_refunded_amount": {
                    "currency_code": currency,
                    "value": _value(done + amount, currency),
                },
            },
            "create_time": _now(),
            "update_time": _now(),
            "links": [
                {"href": f"{self.url}/v2/payments/refunds/{{id}}", "rel": "self", "method": "GET"},
                {
                    "href": f"{self.url}/v2/payments/captures/{capture['id']}",
                    "rel": "up",
                    "method": "GET",
                },
            ],
            "_capture": capture["id"],
        }
        refund["links"][0]["href"] = f"{self.url}/v2/payments/refunds/{refund['id']}"
        if not body.get("custom_id") and not capture.get("custom_id"):
            refund.pop("custom_id")
        self.refunds[refund["id"]] = refund
        capture["status"] = "REFUNDED" if done + amount == total else "PARTIALLY_REFUNDED"
        shown = _strip(refund)
        self._emit("PAYMENT.CAPTURE.REFUNDED", "refund", shown)
        return 201, shown

    def _refund_sale(
        self, sale: dict[str, Any], body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """``POST /v1/payments/sale/<id>/refund`` (a subscription's payment): the v1
        refund, ``PAYMENT.SALE.REFUNDED`` queued; v1 errors (``name``, ``message``)."""
        if "state" not in sale:  # a declined attempt is no sale
            return _error(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
        currency = sale["amount"]["currency"]
        total = _minor(sale["amount"]["total"], currency)
        done = sum(
            _minor(r["amount"]["total"], currency)
            for r in self.sale_refunds.values()
            if r["sale_id"] == sale["id"]
        )
        wanted = body.get("amount")
        if wanted:
            if wanted.get("currency") != currency:
                return _v1_error("CURRENCY_MISMATCH", "Refund currency does not match the sale.")
            amount = _minor(str(wanted.get("total")), currency)
        else:
            amount = total - done
        if sale["state"] == "refunded":
            return _v1_error("TRANSACTION_ALREADY_REFUNDED", "Request was refused.")
        if amount <= 0 or done + amount > total:
            return _v1_error(
                "REFUND_EXCEEDED_TRANSACTION_AMOUNT", "Refund amount exceeded transaction amount."
            )
        now = _stamp(self.now())
        refund_id = _paypal_id()
        refund = {
            "id": refund_id,
            "create_time": now,
            "update_time": now,
            "state": "completed",
            "amount": {"total": _value(amount, currency), "currency": currency},
            "total_refunded_amount": {
                "value": _value(done + amount, currency),
                "currency": currency,
            },
            "refund_from_received_amount": {
                "value": _value(amount, currency),
                "currency": currency,
            },
            "sale_id": sale["id"],
            "invoice_number": body.get("invoice_number"),
            "links": [
                {
                    "href": f"{self.url}/v1/payments/refund/{refund_id}",
                    "rel": "self",
                    "method": "GET",
                },
                {
                    "href": f"{self.url}/v1/payments/sale/{sale['id']}",
                    "rel": "sale",
                    "method": "GET",
                },
            ],
        }
        if refund["invoice_number"] is None:
            refund.pop("invoice_number")
        self.sale_refunds[refund_id] = refund
        sale["state"] = "refunded" if done + amount == total else "partially_refunded"
        sale["_status"] = "REFUNDED" if sale["state"] == "refunded" else "PARTIALLY_REFUNDED"
        self._emit("PAYMENT.SALE.REFUNDED", "refund", dict(refund))
        return 201, dict(refund)

    def refund_sale_in_dashboard(self, sale_id: str, amount: int | None = None) -> dict[str, Any]:
        """The merchant refunds (part of) a subscription's sale in PayPal's dashboard
        (``PAYMENT.SALE.REFUNDED`` queued)."""
        with self.lock:
            sale = self.sales[sale_id]
            body = {}
            if amount is not None:
                currency = sale["amount"]["currency"]
                body = {"amount": {"total": _value(amount, currency), "currency": currency}}
            status, refund = self._refund_sale(sale, body)
            assert status == 201, refund
            return refund

    def refunded(self, subscription_id: str) -> int:
        """What was refunded of the subscription's sales, in minor units."""
        with self.lock:
            return sum(
                _minor(r["amount"]["total"], r["amount"]["currency"])
                for r in self.sale_refunds.values()
                if self.sales[r["sale_id"]]["_subscription"] == subscription_id
            )

    def handle(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        raw: bytes,
    ) -> tuple[int, dict[str, Any] | str, str]:
        """One request → (status, body, content type)."""
        request_id = headers.get("paypal-request-id")
        with self.lock:
            self.requests.append((method, path, request_id))
        if method == "GET" and path == self.cert_path:
            failure = self._failure("cert")
            if failure:
                return failure[0], failure[1], "application/json"
            with self.lock:
                self.cert_fetches += 1
            return 200, self.cert_pem.decode(), "application/x-pem-file"
        if path == "/checkoutnow":
            order_id = (query.get("token") or [""])[0]
            if order_id not in self.orders:
                return 404, "<html>No such order</html>", "text/html"
            if method == "POST":
                return 200, self.approve(order_id), "application/json"
            order = self.orders[order_id]
            amount = order["purchase_units"][0]["amount"]
            return (
                200,
                (
                    f"<html><body>Pay {amount['value']} {amount['currency_code']} "
                    f"with PayPal</body></html>"
                ),
                "text/html",
            )
        if path == "/webapps/billing/subscriptions":
            token = (query.get("ba_token") or [""])[0]
            with self.lock:
                found = [s for s in self.subscriptions.values() if s["_token"] == token]
            if not found:
                return 404, "<html>No such subscription</html>", "text/html"
            if method == "POST":
                return 200, self.approve_subscription(found[0]["id"]), "application/json"
            return 200, "<html><body>Subscribe with PayPal</body></html>", "text/html"
        if method == "POST" and path == "/v1/oauth2/token":
            status, body = self._token(headers, raw)
            return status, body, "application/json"
        client = self._client(headers)
        if client is None:
            return (
                401,
                {
                    "error": "invalid_token",
                    "error_description": "Token signature verification failed",
                },
                "application/json",
            )
        status, body = self._route(client, method, path, request_id, raw, query)
        if status == 204:
            return 204, "", "application/json"
        return status, body, "application/json"

    def _token(self, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, Any]]:
        failure = self._failure("token")
        if failure:
            return failure[0], failure[1]  # type: ignore[return-value]
        auth = headers.get("authorization", "")
        try:
            client_id, _, secret = (
                base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
            )
        except (binascii.Error, UnicodeDecodeError):
            client_id, secret = "", ""
        form = parse_qs(raw.decode())
        if form.get("grant_type") != ["client_credentials"]:
            return 400, {
                "error": "unsupported_grant_type",
                "error_description": "Grant Type is NULL",
            }
        if not auth.startswith("Basic ") or self.accounts.get(client_id) != secret:
            return 401, {
                "error": "invalid_client",
                "error_description": "Client Authentication failed",
            }
        token = f"A21AA{secrets.token_urlsafe(24)}"
        with self.lock:
            self.tokens[token] = client_id
            self.token_count += 1
        return 200, {
            "scope": "https://uri.paypal.com/services/payments/payment",
            "access_token": token,
            "token_type": "Bearer",
            "app_id": "APP-80W284485P519543T",
            "expires_in": 32400,
            "nonce": f"{_now()}{secrets.token_hex(8)}",
        }

    def _client(self, headers: dict[str, str]) -> str | None:
        auth = headers.get("authorization", "")
        if not auth.startswith("Bearer "):
            return None
        with self.lock:
            return self.tokens.get(auth.removeprefix("Bearer "))

    def _route(
        self,
        client: str,
        method: str,
        path: str,
        request_id: str | None,
        raw: bytes,
        query: dict[str, list[str]] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        try:
            body = json.loads(raw) if raw.strip() else {}
        except ValueError:
            return _error(400, "INVALID_REQUEST", "MALFORMED_REQUEST_JSON")
        routes: list[tuple[str, str, str]] = [
            ("POST", r"^/v2/checkout/orders$", "create_order"),
            ("GET", r"^/v2/checkout/orders/(?P<id>[A-Z0-9]+)$", "get_order"),
            ("POST", r"^/v2/checkout/orders/(?P<id>[A-Z0-9]+)/capture$", "capture"),
            ("POST", r"^/v2/payments/captures/(?P<id>[A-Z0-9]+)/refund$", "refund"),
            ("POST", r"^/v1/payments/sale/(?P<id>[A-Z0-9]+)/refund$", "refund_sale"),
            ("GET", r"^/v1/payments/sale/(?P<id>[A-Z0-9]+)$", "get_sale"),
            ("GET", r"^/v2/payments/captures/(?P<id>[A-Z0-9]+)$", "get_capture"),
            ("GET", r"^/v2/payments/refunds/(?P<id>[A-Z0-9]+)$", "get_refund"),
            ("POST", r"^/v1/catalogs/products$", "create_product"),
            ("POST", r"^/v1/billing/plans$", "create_plan"),
            ("GET", r"^/v1/billing/plans/(?P<id>P-[A-Z0-9]+)$", "get_plan"),
            ("POST", r"^/v1/billing/subscriptions$", "create_subscription"),
            ("GET", r"^/v1/billing/subscriptions/(?P<id>I-[A-Z0-9]+)$", "get_subscription"),
            ("POST", r"^/v1/billing/subscriptions/(?P<id>I-[A-Z0-9]+)/cancel$", "cancel"),
            ("PATCH", r"^/v1/billing/subscriptions/(?P<id>I-[A-Z0-9]+)$", "patch_subscription"),
            (
                "POST",
                r"^/v1/billing/subscriptions/(?P<id>I-[A-Z0-9]+)/capture$",
                "capture_subscription",
            ),
            (
                "GET",
                r"^/v1/billing/subscriptions/(?P<id>I-[A-Z0-9]+)/transactions$",
                "transactions",
            ),
        ]
        found = next(
            (
                (operation, match)
                for verb, pattern, operation in routes
                if verb == method and (match := re.match(pattern, path))
            ),
            None,
        )
        if found is None:
            return _error(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
        operation, match = found
        failure = self._failure(operation)
        if failure:
            return failure[0], failure[1]  # type: ignore[return-value]
        rid = match.groupdict().get("id", "")
        if method == "GET":
            with self.lock:
                store = {
                    "get_order": self.orders,
                    "get_capture": self.captures,
                    "get_refund": self.refunds,
                    "get_plan": self.plans,
                    "get_subscription": self.subscriptions,
                    "transactions": self.subscriptions,
                    "get_sale": self.sales,
                }[operation]
                item = store.get(rid)
                owned = operation in ("get_order", "get_subscription", "transactions")
                if item is None or (owned and item["_client"] != client):
                    return _error(
                        404,
                        "RESOURCE_NOT_FOUND",
                        "INVALID_RESOURCE_ID",
                        "Specified resource ID does not exist.",
                    )
                if operation == "transactions":
                    return self._transactions(item, query or {})
                if operation == "get_subscription":
                    return 200, self._public_sub(item)
                if operation == "get_sale" and "state" not in item:
                    return _error(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
                return 200, self._public(item) if operation == "get_order" else _strip(item)
        return self._idempotent_post(client, operation, rid, request_id, body)

    def _idempotent_post(
        self, client: str, operation: str, rid: str, request_id: str | None, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        key = (client, f"{operation}:{rid}", request_id or "")
        busy = f"{operation}:{rid}"
        with self.lock:
            if request_id and key in self._idempotent:
                status, stored = self._idempotent[key]
                return (200 if status == 201 else status), stored
            if busy in self._in_flight:
                self.in_progress_answers += 1
                return _error(
                    422,
                    "UNPROCESSABLE_ENTITY",
                    "PREVIOUS_REQUEST_IN_PROGRESS",
                    "A previous request on this resource is currently in "
                    "progress. Please wait for sometime and try again.",
                )
            self._in_flight.add(busy)
        try:
            if operation == "capture" and self.capture_delay:
                time.sleep(self.capture_delay)
            with self.lock:
                status, answer = self._post(client, operation, rid, body)
                if request_id and status < 300:
                    self._idempotent[key] = (status, answer)
                return status, answer
        finally:
            with self.lock:
                self._in_flight.discard(busy)

    def _post(
        self, client: str, operation: str, rid: str, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """One unsafe call (the lock held): a creation, or an action on resource ``rid``."""
        if operation == "create_order":
            return self._create_order(client, body)
        if operation == "create_product":
            return self._create_product(body)
        if operation == "create_plan":
            return self._create_plan(body)
        if operation == "create_subscription":
            return self._create_subscription(client, body)
        # The resource acted on, and whether it belongs to the calling REST app only.
        store, owned = {
            "cancel": (self.subscriptions, True),
            "patch_subscription": (self.subscriptions, True),
            "capture_subscription": (self.subscriptions, True),
            "capture": (self.orders, True),
            "refund": (self.captures, False),
            "refund_sale": (self.sales, False),
        }[operation]
        item = store.get(rid)
        if item is None or (owned and item["_client"] != client):
            return _error(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
        if operation == "cancel":
            return self._cancel_subscription(item, body)
        if operation == "patch_subscription":
            return self._patch_subscription(item, body)
        if operation == "capture_subscription":
            return self._capture_subscription(item, body)
        if operation == "capture":
            return self._capture(client, item)
        if operation == "refund_sale":
            return self._refund_sale(item, body)
        return self._refund(item, body)


def _v1_error(name: str, message: str, status: int = 400) -> tuple[int, dict[str, Any]]:
    """An error of PayPal's v1 APIs: ``name``, ``message``, no ``details``."""
    return status, {
        "name": name,
        "message": message,
        "information_link": "https://developer.paypal.com/docs/api/payments/#errors",
        "debug_id": secrets.token_hex(7),
    }


def _regular(plan: dict[str, Any]) -> dict[str, Any]:
    """A plan's REGULAR billing cycle."""
    return next(c for c in plan["billing_cycles"] if c["tenure_type"] == "REGULAR")


def _valid_amount(value: str, currency: str) -> bool:
    places = decimals(currency)
    pattern = r"^\d{1,10}$" if places == 0 else rf"^\d{{1,10}}(\.\d{{1,{places}}})?$"
    return bool(re.match(pattern, value))


def _strip(resource: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps({k: v for k, v in resource.items() if not k.startswith("_")}))


def _minor(value: str, currency: str) -> int:
    return from_paypal(value, currency)


def _value(amount: int, currency: str) -> str:
    return to_paypal(amount, currency)


def _handler(fake: FakePayPal) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return None

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status, body, content_type = fake.handle(
                    self.command, parts.path, parse_qs(parts.query), headers, raw
                )
            except Exception as exc:  # a bug in the fake: show it as PayPal's 500
                status, body, content_type = (
                    500,
                    {"name": "INTERNAL_SERVER_ERROR", "message": repr(exc)},
                    "application/json",
                )
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Paypal-Debug-Id", secrets.token_hex(6))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _serve

    return Handler


@contextlib.contextmanager
def running(**kwargs: Any) -> Iterator[FakePayPal]:
    """A started fake PayPal, stopped afterwards."""
    fake = FakePayPal(**kwargs).start()
    try:
        yield fake
    finally:
        fake.stop()


class _Environment(Protocol):
    def setenv(self, name: str, value: str) -> None: ...


def serving(monkeypatch: _Environment) -> Iterator[FakePayPal]:
    """A started fake PayPal the provider may call (its loopback host allowed through
    ``TUITION_PAYPAL_EXTRA_HOSTS``, no OAuth token cached from another test), stopped
    afterwards. Other plugins' tests wrap it as their fixture::

        @pytest.fixture
        def fake_paypal(monkeypatch):
            yield from serving(monkeypatch)
    """
    monkeypatch.setenv("TUITION_PAYPAL_EXTRA_HOSTS", "127.0.0.1")
    forget_tokens()
    with running() as server:
        yield server
    forget_tokens()
