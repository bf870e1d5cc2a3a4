"""Stripe Billing for :class:`~tuition_stripe_provider.testing.FakeStripe`: subscriptions
started by a ``mode=subscription`` Checkout Session, their invoices, a test clock, and
Billing customer portal sessions, in Stripe's wire format (API versions since
``2025-03-31.basil``: an invoice names its subscription in
``parent.subscription_details``, with a snapshot of the subscription's metadata; the
billing period is on the subscription's items and the invoice's lines).

Renewals happen when the test moves the clock (:meth:`BillingFake.advance`): each billing
period that started meanwhile gets an invoice, paid or (with
:attr:`BillingFake.decline_renewals`) left ``open`` with the subscription ``past_due``; a
subscription whose ``cancel_at`` is reached ends. ``advance`` returns the events Stripe
would send, for the test to deliver (signed by ``signed_webhook``).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tuition.plugin_api import add_interval

if TYPE_CHECKING:
    import re

    from tuition_stripe_provider.testing import Json, _Stored

_CANCEL_FIELDS = ("cancel_at", "cancel_at_period_end", "metadata", "proration_behavior")


class BillingFake:
    """The Billing half of FakeStripe (a mixin: it uses the fake's store and errors)."""

    lock: Any
    objects: dict[str, _Stored]
    #: Seconds the test clock is ahead of the wall clock (:meth:`advance`).
    clock_offset: int = 0
    #: Decline the card on renewals (the invoice stays ``open``, the subscription goes
    #: ``past_due``) until :meth:`pay_invoice` (the buyer updated the card).
    decline_renewals: bool = False

    if TYPE_CHECKING:

        def _new_id(self, prefix: str) -> str: ...
        def _store(self, account: str, obj: Json, **private: Any) -> Json: ...
        def _find(self, account: str, object_id: str, kind: str, param: str = "id") -> _Stored: ...
        def _succeed(self, account: str, intent: Json) -> None: ...
        def _expand(self, account: str, obj: Json, expand: Any) -> Json: ...
        def event(
            self,
            type: str,
            obj: Mapping[str, Any],
            *,
            event_id: str | None = None,
            created: int | None = None,
        ) -> Json: ...

    def _billing_routes(self) -> list[tuple[str, re.Pattern[str], Callable[..., Json]]]:
        import re

        return [
            ("GET", re.compile(r"^/v1/subscriptions/([^/]+)$"), self._get_subscription),
            ("POST", re.compile(r"^/v1/subscriptions/([^/]+)$"), self._update_subscription),
            ("DELETE", re.compile(r"^/v1/subscriptions/([^/]+)$"), self._cancel_subscription),
            ("GET", re.compile(r"^/v1/invoices/([^/]+)$"), self._get_invoice),
            ("POST", re.compile(r"^/v1/billing_portal/sessions$"), self._create_portal_session),
        ]

    # -- the test clock ------------------------------------------------------------------

    def now(self) -> int:
        """The test clock (unix seconds)."""
        return int(time.time()) + self.clock_offset

    def advance(self, *, days: float = 0, seconds: int = 0) -> list[Json]:
        """Move the test clock forward and bill what fell due: the events Stripe sends
        (``invoice.paid``, ``invoice.payment_failed``, ``customer.subscription.deleted``),
        in the order it sends them."""
        with self.lock:
            self.clock_offset += int(days * 86400) + seconds
            events: list[Json] = []
            for stored in list(self.objects.values()):
                if stored.obj.get("object") == "subscription":
                    events.extend(self._bill(stored))
            return events

    def pay_invoice(self, invoice_id: str) -> Json:
        """An ``open`` invoice is paid (Smart Retries after the buyer updated the card):
        the ``invoice.paid`` event; the subscription is ``active`` again when nothing else
        is open."""
        with self.lock:
            stored = self.objects[invoice_id]
            self._settle(stored.account, stored.obj, paid=True)
            subscription = self.objects[str(_subscription_of(stored.obj))].obj
            if subscription["status"] == "past_due" and not self._open_invoices(subscription):
                subscription["status"] = "active"
            return self.event("invoice.paid", stored.obj, created=self.now())

    def payment_intent_of(self, invoice_id: str) -> str | None:
        """The payment intent that paid an invoice."""
        with self.lock:
            found = self.objects[invoice_id].private.get("payment_intent")
            return str(found) if found else None

    def invoices(self, subscription_id: str) -> list[Json]:
        """A subscription's invoices, oldest first."""
        with self.lock:
            return sorted(
                (
                    s.obj
                    for s in self.objects.values()
                    if s.obj.get("object") == "invoice"
                    and _subscription_of(s.obj) == subscription_id
                ),
                key=lambda invoice: (invoice["created"], invoice["id"]),
            )

    # -- objects -------------------------------------------------------------------------

    def _start_subscription(self, session: _Stored, payment_status: str) -> Json:
        """The buyer finished a subscription-mode checkout: a customer, the subscription
        and its first invoice (``billing_reason=subscription_create``), paid by card."""
        obj, account, now = session.obj, session.account, self.now()
        items = session.private["line_items"]
        item = next(i for i in items if (i.get("price_data") or {}).get("recurring"))
        # One-time items (a setup fee) are charged on the first invoice only.
        once = [
            (int(i["price_data"]["unit_amount"]) * int(i.get("quantity", 1)), i["price_data"])
            for i in items
            if i is not item
        ]
        data = item["price_data"]
        recurring = {
            "interval": data["recurring"]["interval"],
            "interval_count": int(data["recurring"].get("interval_count", 1)),
            "usage_type": "licensed",
        }
        price = self._store(
            account,
            {
                "id": self._new_id("price"),
                "object": "price",
                "active": False,  # inline price_data makes an inactive price
                "created": now,
                "currency": data["currency"],
                "livemode": False,
                "metadata": {},
                "product": data.get("product") or self._new_id("prod"),
                "recurring": recurring,
                "type": "recurring",
                "unit_amount": int(data["unit_amount"]),
            },
        )
        customer = self._store(
            account,
            {
                "id": self._new_id("cus"),
                "object": "customer",
                "email": obj.get("customer_email"),
                "created": now,
                "livemode": False,
            },
        )
        metadata = dict(session.private["subscription_data"].get("metadata") or {})
        subscription = self._store(
            account,
            {
                "id": self._new_id("sub"),
                "object": "subscription",
                "billing_cycle_anchor": now,
                "cancel_at": None,
                "cancel_at_period_end": False,
                "canceled_at": None,
                "cancellation_details": {"comment": None, "feedback": None, "reason": None},
                "collection_method": "charge_automatically",
                "created": now,
                "currency": data["currency"],
                "customer": customer["id"],
                "ended_at": None,
                "items": {
                    "object": "list",
                    "data": [
                        {
                            "id": self._new_id("si"),
                            "object": "subscription_item",
                            "current_period_start": now,
                            "current_period_end": now,
                            "price": price,
                            "quantity": int(item.get("quantity", 1)),
                        }
                    ],
                    "has_more": False,
                },
                "latest_invoice": None,
                "livemode": False,
                "metadata": metadata,
                "start_date": now,
                "status": "active",
                "test_clock": None,
            },
            periods=0,
            # Stripe Tax on the checkout: on every invoice of the subscription too.
            tax_terms=session.private.get("tax_terms"),
        )
        invoice = self._new_invoice(
            self.objects[subscription["id"]], "subscription_create", one_time=once
        )
        self._settle(account, invoice, paid=payment_status == "paid")
        if payment_status != "paid":
            subscription["status"] = "incomplete"
        obj.update(
            status="complete",
            payment_status=payment_status,
            subscription=subscription["id"],
            invoice=invoice["id"],
            customer=customer["id"],
        )
        return dict(obj)

    def _period(self, subscription: Json, number: int) -> int:
        """The start of billing period ``number`` (0 = the first) of ``subscription``:
        Stripe counts calendar intervals from the billing cycle anchor."""
        recurring = subscription["items"]["data"][0]["price"]["recurring"]
        anchor = datetime.fromtimestamp(subscription["billing_cycle_anchor"], UTC)
        moment = add_interval(anchor, recurring["interval"], recurring["interval_count"] * number)
        return int(moment.timestamp())

    def _new_invoice(
        self,
        stored: _Stored,
        billing_reason: str,
        one_time: list[tuple[int, Json]] | None = None,
    ) -> Json:
        """The invoice of the next billing period, with ``one_time`` items ((amount,
        price_data) of a checkout's non-recurring line items) on top."""
        subscription, number = stored.obj, stored.private["periods"]
        start, end = self._period(subscription, number), self._period(subscription, number + 1)
        item = subscription["items"]["data"][0]
        item.update(current_period_start=start, current_period_end=end)
        price = item["price"]
        period_amount = price["unit_amount"] * item["quantity"]
        amount = period_amount + sum(extra for extra, _ in one_time or [])
        stored.private["periods"] = number + 1
        invoice_id = self._new_id("in")
        extra_lines = [
            {
                "id": self._new_id("il"),
                "object": "line_item",
                "amount": extra,
                "currency": price["currency"],
                "description": (data.get("product_data") or {}).get("name"),
                "invoice": invoice_id,
                "period": {"start": start, "end": start},
                "pricing": {
                    "type": "price_details",
                    "price_details": {
                        "price": self._new_id("price"),
                        "product": data.get("product") or self._new_id("prod"),
                    },
                },
                "quantity": 1,
            }
            for extra, data in one_time or []
        ]
        invoice = self._store(
            stored.account,
            {
                "id": invoice_id,
                "object": "invoice",
                "amount_due": amount,
                "amount_paid": 0,
                "amount_remaining": amount,
                "attempt_count": 0,
                "attempted": False,
                "billing_reason": billing_reason,
                "collection_method": "charge_automatically",
                "created": start,
                "currency": price["currency"],
                "customer": subscription["customer"],
                "lines": {
                    "object": "list",
                    "data": [
                        {
                            "id": self._new_id("il"),
                            "object": "line_item",
                            "amount": period_amount,
                            "currency": price["currency"],
                            "invoice": invoice_id,
                            "period": {"start": start, "end": end},
                            "pricing": {
                                "type": "price_details",
                                "price_details": {
                                    "price": price["id"],
                                    "product": price["product"],
                                },
                            },
                            "quantity": item["quantity"],
                        },
                        *extra_lines,
                    ],
                    "has_more": False,
                    "url": f"/v1/invoices/{invoice_id}/lines",
                },
                "livemode": False,
                "metadata": {},
                "next_payment_attempt": None,
                "parent": {
                    "type": "subscription_details",
                    "quote_details": None,
                    "subscription_details": {
                        "metadata": dict(subscription["metadata"]),
                        "subscription": subscription["id"],
                    },
                },
                "period_end": start,
                "period_start": start,
                "status": "open",
                "status_transitions": {"finalized_at": start, "paid_at": None},
                "total": amount,
                **_taxes(amount, stored.private.get("tax_terms")),
            },
        )
        subscription["latest_invoice"] = invoice_id
        return invoice

    def _settle(self, account: str, invoice: Json, *, paid: bool) -> None:
        """One payment attempt on an open invoice (its payment intent charged or not)."""
        if invoice["status"] != "open":
            return
        invoice.update(attempted=True, attempt_count=invoice["attempt_count"] + 1)
        if not paid:
            invoice["next_payment_attempt"] = self.now() + 3 * 86400
            return
        intent = self._store(
            account,
            {
                "id": self._new_id("pi"),
                "object": "payment_intent",
                "amount": invoice["amount_due"],
                "amount_received": 0,
                "currency": invoice["currency"],
                "latest_charge": None,
                "metadata": {},
                "status": "processing",
                "created": self.now(),
                "livemode": False,
            },
        )
        self._succeed(account, intent)
        invoice.update(
            status="paid",
            amount_paid=invoice["amount_due"],
            amount_remaining=0,
            next_payment_attempt=None,
        )
        invoice["status_transitions"]["paid_at"] = self.now()
        self.objects[invoice["id"]].private["payment_intent"] = intent["id"]

    def _open_invoices(self, subscription: Json) -> list[Json]:
        return [i for i in self.invoices(subscription["id"]) if i["status"] == "open"]

    def _bill(self, stored: _Stored) -> list[Json]:
        subscription, events = stored.obj, []
        while subscription["status"] in ("active", "past_due"):
            start = self._period(subscription, stored.private["periods"])
            cancel_at = subscription["cancel_at"]
            if cancel_at is not None and cancel_at <= min(start, self.now()):
                self._end(subscription, cancel_at)
                events.append(
                    self.event("customer.subscription.deleted", subscription, created=cancel_at)
                )
                break
            if start > self.now():
                break
            invoice = self._new_invoice(stored, "subscription_cycle")
            self._settle(stored.account, invoice, paid=not self.decline_renewals)
            if invoice["status"] == "paid":
                events.append(self.event("invoice.paid", invoice, created=start))
            else:
                subscription["status"] = "past_due"
                events.append(self.event("invoice.payment_failed", invoice, created=start))
        return events

    def _end(self, subscription: Json, at: int, reason: str = "cancellation_requested") -> None:
        subscription.update(status="canceled", canceled_at=at, ended_at=at)
        subscription["cancellation_details"]["reason"] = reason

    # -- endpoints -------------------------------------------------------------------------

    def _get_subscription(self, account: str, params: Json, subscription_id: str) -> Json:
        subscription = self._find(account, subscription_id, "subscription").obj
        return self._expand(account, subscription, params.get("expand"))

    def _update_subscription(self, account: str, params: Json, subscription_id: str) -> Json:
        from tuition_stripe_provider.testing import StripeHTTPError, _int

        subscription = self._find(account, subscription_id, "subscription").obj
        if subscription["status"] in ("canceled", "incomplete_expired") and set(params) - {
            "metadata",
            "cancellation_details",
        }:
            raise StripeHTTPError(
                400,
                "A canceled subscription can only update its cancellation_details and metadata.",
            )
        unknown = set(params) - set(_CANCEL_FIELDS) - {"expand", "cancellation_details"}
        if unknown:
            raise StripeHTTPError(
                400, f"Received unknown parameter: {sorted(unknown)[0]}", param=sorted(unknown)[0]
            )
        if "cancel_at" in params:
            value = params["cancel_at"]
            cancel_at = None if value == "" else _int(value, "cancel_at")
            if cancel_at is not None and cancel_at <= self.now():
                raise StripeHTTPError(400, "cancel_at must be in the future.", param="cancel_at")
            subscription["cancel_at"] = cancel_at
        subscription["metadata"].update(params.get("metadata") or {})
        return subscription

    def _cancel_subscription(self, account: str, params: Json, subscription_id: str) -> Json:
        from tuition_stripe_provider.testing import StripeHTTPError

        subscription = self._find(account, subscription_id, "subscription").obj
        if subscription["status"] in ("canceled", "incomplete_expired"):
            # What Stripe answers: a canceled subscription is as good as deleted.
            raise StripeHTTPError(
                404,
                f"No such subscription: '{subscription_id}'",
                code="resource_missing",
                param="id",
            )
        self._end(subscription, self.now())
        return subscription

    def _get_invoice(self, account: str, params: Json, invoice_id: str) -> Json:
        stored = self._find(account, invoice_id, "invoice")
        shown = self._expand(account, stored.obj, params.get("expand"))
        if "payments" in (params.get("expand") or []):
            intent = self.payment_intent_of(invoice_id)
            shown["payments"] = {
                "object": "list",
                "data": [
                    {
                        "id": f"inpay_{intent[3:]}",
                        "object": "invoice_payment",
                        "amount_paid": stored.obj["amount_paid"],
                        "currency": stored.obj["currency"],
                        "invoice": invoice_id,
                        "is_default": True,
                        "payment": {"type": "payment_intent", "payment_intent": intent},
                        "status": "paid",
                    }
                ]
                if intent
                else [],
                "has_more": False,
                "url": "/v1/invoice_payments",
            }
        return shown

    def _create_portal_session(self, account: str, params: Json) -> Json:
        customer = params.get("customer")
        self._find(account, str(customer), "customer", "customer")
        session_id = self._new_id("bps")
        return self._store(
            account,
            {
                "id": session_id,
                "object": "billing_portal.session",
                "configuration": "bpc_test_default",
                "created": self.now(),
                "customer": customer,
                "flow": None,
                "livemode": False,
                "locale": None,
                "on_behalf_of": None,
                "return_url": params.get("return_url"),
                "url": f"https://billing.stripe.com/p/session/test_{secrets.token_hex(12)}",
            },
        )


def _subscription_of(invoice: Json) -> str | None:
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    found = details.get("subscription")
    return str(found) if found else None


def _taxes(amount: int, terms: Json | None) -> Json:
    """An invoice's Stripe Tax fields (API 2025-03-31 on): ``automatic_tax``,
    ``total_taxes`` and ``total_excluding_tax``. With the checkout's ``terms`` (its rate in
    basis points, taxability reason and Tax Rate), the tax inside the tax-inclusive
    ``amount``, rounded half up as Stripe Tax does."""
    if not terms:
        return {
            "automatic_tax": {
                "disabled_reason": None,
                "enabled": False,
                "liability": None,
                "provider": None,
                "status": None,
            },
            "total_excluding_tax": amount,
            "total_taxes": [],
        }
    points = int(terms["basis_points"])
    tax = (2 * amount * points + 10000 + points) // (2 * (10000 + points))
    return {
        "automatic_tax": {
            "disabled_reason": None,
            "enabled": True,
            "liability": {"type": "self"},
            "provider": "stripe",
            "status": "complete",
        },
        "total_excluding_tax": amount - tax,
        "total_taxes": [
            {
                "amount": tax,
                "tax_behavior": "inclusive",
                "tax_rate_details": {"tax_rate": terms["tax_rate"]},
                "taxability_reason": terms["reason"],
                "taxable_amount": amount - tax,
                "type": "tax_rate_details",
            }
        ],
    }
