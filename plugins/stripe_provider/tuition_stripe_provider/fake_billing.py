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

import json
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
    #: Events Stripe sent while a test clock advanced, until :meth:`sent_events`.
    outbox: list[Json]
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
        def all(self, kind: str, account: str | None = None) -> list[Json]: ...
        def event(
            self,
            type: str,
            obj: Mapping[str, Any],
            *,
            event_id: str | None = None,
            created: int | None = None,
            previous_attributes: Mapping[str, Any] | None = None,
        ) -> Json: ...

    def _billing_routes(self) -> list[tuple[str, re.Pattern[str], Callable[..., Json]]]:
        import re

        return [
            ("GET", re.compile(r"^/v1/subscriptions/([^/]+)$"), self._get_subscription),
            ("POST", re.compile(r"^/v1/subscriptions/([^/]+)$"), self._update_subscription),
            ("DELETE", re.compile(r"^/v1/subscriptions/([^/]+)$"), self._cancel_subscription),
            ("GET", re.compile(r"^/v1/invoices/([^/]+)$"), self._get_invoice),
            ("GET", re.compile(r"^/v1/customers/([^/]+)$"), self._get_customer),
            ("POST", re.compile(r"^/v1/customers$"), self._create_customer),
            ("POST", re.compile(r"^/v1/test_helpers/test_clocks$"), self._create_clock),
            ("GET", re.compile(r"^/v1/test_helpers/test_clocks/([^/]+)$"), self._get_clock),
            ("DELETE", re.compile(r"^/v1/test_helpers/test_clocks/([^/]+)$"), self._delete_clock),
            (
                "POST",
                re.compile(r"^/v1/test_helpers/test_clocks/([^/]+)/advance$"),
                self._advance_clock,
            ),
            ("POST", re.compile(r"^/v1/payment_intents$"), self._create_intent),
            ("GET", re.compile(r"^/v1/payment_intents$"), self._list_intents),
            ("POST", re.compile(r"^/v1/billing_portal/sessions$"), self._create_portal_session),
        ]

    # -- the test clock ------------------------------------------------------------------

    def now(self) -> int:
        """The fake's own clock (unix seconds) for objects on no test clock."""
        return int(time.time()) + self.clock_offset

    def _time_of(self, obj: Mapping[str, Any]) -> int:
        """The time of an object's test clock (``test_clock``), else :meth:`now`."""
        clock = self.objects.get(str(obj.get("test_clock")))
        if clock is not None and clock.obj.get("object") == "test_helpers.test_clock":
            return int(clock.obj["frozen_time"])
        return self.now()

    def sent_events(self) -> list[Json]:
        """The events Stripe sent while test clocks advanced (``POST
        /v1/test_helpers/test_clocks/<id>/advance``), in order, since the last call: the
        test delivers them (signed by ``signed_webhook``) as Stripe would."""
        with self.lock:
            events, self.outbox[:] = list(self.outbox), []
            return events

    def advance(self, *, days: float = 0, seconds: int = 0) -> list[Json]:
        """Move the test clock forward and bill what fell due: the events Stripe sends
        (``invoice.paid``, ``invoice.payment_failed``, ``customer.subscription.deleted``),
        in the order it sends them."""
        with self.lock:
            self.clock_offset += int(days * 86400) + seconds
            events: list[Json] = []
            for stored in list(self.objects.values()):
                if stored.obj.get("object") == "subscription" and not stored.obj["test_clock"]:
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
            return self.event("invoice.paid", stored.obj, created=self._time_of(stored.obj))

    def update_card(self, customer_id: str) -> Json:
        """The buyer replaced the card in the customer portal: a new payment method,
        the customer's invoice default and its subscriptions' default payment method
        (what later invoices and off-session charges use)."""
        with self.lock:
            customer = self.objects[customer_id]
            card = self._store(
                customer.account,
                {
                    "id": self._new_id("pm"),
                    "object": "payment_method",
                    "card": {"brand": "visa", "exp_month": 1, "exp_year": 2035, "last4": "4444"},
                    "created": self.now(),
                    "customer": customer_id,
                    "livemode": False,
                    "type": "card",
                },
            )
            customer.obj["invoice_settings"]["default_payment_method"] = card["id"]
            for subscription in self.all("subscription", customer.account):
                if subscription["customer"] == customer_id:
                    subscription["default_payment_method"] = card["id"]
            return card

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
        obj, account = session.obj, session.account
        existing = self.objects.get(str(obj.get("customer")))
        now = self._time_of(existing.obj) if existing is not None else self.now()
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
                "product": data.get("product") or self._inline_product(account, data),
                "recurring": recurring,
                "type": "recurring",
                "unit_amount": int(data["unit_amount"]),
            },
        )
        card = self._store(
            account,
            {
                "id": self._new_id("pm"),
                "object": "payment_method",
                "card": {"brand": "visa", "exp_month": 12, "exp_year": 2034, "last4": "4242"},
                "created": now,
                "customer": None,
                "livemode": False,
                "type": "card",
            },
        )
        customer = (
            existing.obj
            if existing is not None
            else self._new_customer(account, {"email": obj.get("customer_email")})
        )
        card["customer"] = customer["id"]
        subscription_data = session.private["subscription_data"]
        metadata = dict(subscription_data.get("metadata") or {})
        trial_days = int(subscription_data.get("trial_period_days") or 0)
        trial_end = now + trial_days * 86400 if trial_days else None
        subscription = self._store(
            account,
            {
                "id": self._new_id("sub"),
                "object": "subscription",
                # After a trial, Stripe anchors the billing cycle at the trial's end.
                "billing_cycle_anchor": trial_end or now,
                "cancel_at": None,
                "cancel_at_period_end": False,
                "canceled_at": None,
                "cancellation_details": {"comment": None, "feedback": None, "reason": None},
                "collection_method": "charge_automatically",
                "created": now,
                "currency": data["currency"],
                "customer": customer["id"],
                "default_payment_method": card["id"],
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
                "status": "trialing" if trial_end else "active",
                "test_clock": customer["test_clock"],
                "trial_end": trial_end,
                "trial_start": now if trial_end else None,
            },
            periods=0,
            # Stripe Tax on the checkout: on every invoice of the subscription too.
            tax_terms=session.private.get("tax_terms"),
        )
        if trial_end:
            # The trial's invoice, of nothing: paid at once, no payment intent.
            invoice = self._new_invoice(
                self.objects[subscription["id"]], "subscription_create", trial_until=trial_end
            )
            payment_status = "no_payment_required"
            invoice.update(status="paid", attempted=True)
            invoice["status_transitions"]["paid_at"] = now
        else:
            invoice = self._new_invoice(
                self.objects[subscription["id"]], "subscription_create", one_time=once
            )
            self._settle(account, invoice, paid=payment_status == "paid")
        if payment_status not in ("paid", "no_payment_required"):
            subscription["status"] = "incomplete"
        obj.update(
            status="complete",
            payment_status=payment_status,
            subscription=subscription["id"],
            invoice=invoice["id"],
            customer=customer["id"],
        )
        return dict(obj)

    def _inline_product(self, account: str, price_data: Json) -> str:
        """The product Stripe makes for inline ``price_data[product_data]``."""
        product_data = price_data.get("product_data") or {}
        return str(
            self._store(
                account,
                {
                    "id": self._new_id("prod"),
                    "object": "product",
                    "active": True,
                    "created": self.now(),
                    "livemode": False,
                    "metadata": dict(product_data.get("metadata") or {}),
                    "name": product_data.get("name"),
                    "type": "service",
                },
            )["id"]
        )

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
        trial_until: int | None = None,
    ) -> Json:
        """The invoice of the next billing period, with ``one_time`` items ((amount,
        price_data) of a checkout's non-recurring line items) on top; with
        ``trial_until``, the trial's invoice of nothing (from now until then)."""
        subscription, number = stored.obj, stored.private["periods"]
        start, end = self._period(subscription, number), self._period(subscription, number + 1)
        item = subscription["items"]["data"][0]
        price = item["price"]
        period_amount = price["unit_amount"] * item["quantity"]
        if trial_until is not None:
            start, end, period_amount = self._time_of(subscription), trial_until, 0
        else:
            stored.private["periods"] = number + 1
        item.update(current_period_start=start, current_period_end=end)
        amount = period_amount + sum(extra for extra, _ in one_time or [])
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
                "test_clock": subscription.get("test_clock"),
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
            invoice["next_payment_attempt"] = self._time_of(invoice) + 3 * 86400
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
                "created": self._time_of(invoice),
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
        invoice["status_transitions"]["paid_at"] = self._time_of(invoice)
        self.objects[invoice["id"]].private["payment_intent"] = intent["id"]

    def _open_invoices(self, subscription: Json) -> list[Json]:
        return [i for i in self.invoices(subscription["id"]) if i["status"] == "open"]

    def _bill(self, stored: _Stored) -> list[Json]:
        subscription, events = stored.obj, []
        now = self._time_of(subscription)
        while subscription["status"] in ("trialing", "active", "past_due"):
            start = self._period(subscription, stored.private["periods"])
            cancel_at = subscription["cancel_at"]
            if cancel_at is not None and cancel_at <= min(start, now):
                self._end(subscription, cancel_at)
                events.append(
                    self.event("customer.subscription.deleted", subscription, created=cancel_at)
                )
                break
            if start > now:
                break
            invoice = self._new_invoice(stored, "subscription_cycle")
            self._settle(stored.account, invoice, paid=not self.decline_renewals)
            was = subscription["status"]
            subscription["status"] = "active" if invoice["status"] == "paid" else "past_due"
            if was == "trialing":
                # The trial is over: Stripe reports the subscription's change first
                # (``active``, or ``past_due`` when the first period's payment failed).
                events.append(
                    self.event(
                        "customer.subscription.updated",
                        subscription,
                        created=start,
                        previous_attributes={"status": "trialing"},
                    )
                )
            if invoice["status"] == "paid":
                subscription["status"] = was if was == "past_due" else "active"
                events.append(self.event("invoice.paid", invoice, created=start))
            else:
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
        unknown = set(params) - set(_CANCEL_FIELDS) - {"expand", "cancellation_details", "items"}
        if unknown:
            raise StripeHTTPError(
                400, f"Received unknown parameter: {sorted(unknown)[0]}", param=sorted(unknown)[0]
            )
        if "items" in params:
            self._update_items(account, subscription, params)
        if "cancel_at" in params:
            value = params["cancel_at"]
            cancel_at = None if value == "" else _int(value, "cancel_at")
            if cancel_at is not None and cancel_at <= self._time_of(subscription):
                raise StripeHTTPError(400, "cancel_at must be in the future.", param="cancel_at")
            subscription["cancel_at"] = cancel_at
        subscription["metadata"].update(params.get("metadata") or {})
        return subscription

    def _update_items(self, account: str, subscription: Json, params: Json) -> None:
        """``items[0][id]`` with ``items[0][price_data]`` (an inline recurring price on a
        product) and ``proration_behavior``: only ``none`` is supported here (the new
        price is billed from the next period; the anchor stays)."""
        from tuition_stripe_provider.testing import StripeHTTPError, _check_recurring, _int

        items = params["items"]
        behavior = params.get("proration_behavior", "create_prorations")
        if behavior != "none":
            raise StripeHTTPError(
                400, "This fake supports proration_behavior=none only.", param="proration_behavior"
            )
        if not isinstance(items, list) or len(items) != 1:
            raise StripeHTTPError(400, "This fake changes one item.", param="items")
        change = items[0]
        item = subscription["items"]["data"][0]
        if change.get("id") != item["id"]:
            raise StripeHTTPError(
                400,
                f"No such subscription item: '{change.get('id')}'",
                code="resource_missing",
                param="items[0][id]",
            )
        data = change.get("price_data")
        if not isinstance(data, dict):
            raise StripeHTTPError(400, "Pass items[0][price_data].", param="items[0][price_data]")
        for required in ("currency", "product", "recurring"):
            if not data.get(required):
                raise StripeHTTPError(
                    400,
                    f"Missing required param: items[0][price_data][{required}].",
                    param=f"items[0][price_data][{required}]",
                )
        _check_recurring("subscription", data["recurring"], 0)
        self._find(account, data["product"], "product", "items[0][price_data][product]")
        if data["currency"] != subscription["currency"]:
            raise StripeHTTPError(
                400, "The currency of a subscription cannot change.", param="items[0][price_data]"
            )
        item["price"] = self._store(
            account,
            {
                "id": self._new_id("price"),
                "object": "price",
                "active": False,
                "created": self.now(),
                "currency": data["currency"],
                "livemode": False,
                "metadata": {},
                "product": data["product"],
                "recurring": {
                    "interval": data["recurring"]["interval"],
                    "interval_count": int(data["recurring"].get("interval_count", 1)),
                    "usage_type": "licensed",
                },
                "type": "recurring",
                "unit_amount": _int(data.get("unit_amount"), "items[0][price_data][unit_amount]"),
            },
        )

    def _get_customer(self, account: str, params: Json, customer_id: str) -> Json:
        return self._find(account, customer_id, "customer").obj

    def _new_customer(self, account: str, params: Json) -> Json:
        clock = params.get("test_clock") or None
        if clock is not None:
            from tuition_stripe_provider.testing import StripeHTTPError

            found = self.objects.get(str(clock))
            if found is None or found.account != account or found.obj.get("deleted"):
                raise StripeHTTPError(
                    400,
                    f"No such test_helpers.test_clock: '{clock}'",
                    code="resource_missing",
                    param="test_clock",
                )
        return self._store(
            account,
            {
                "id": self._new_id("cus"),
                "object": "customer",
                "created": self._time_of({"test_clock": clock}),
                "email": params.get("email"),
                "invoice_settings": {
                    "custom_fields": None,
                    "default_payment_method": None,
                    "footer": None,
                    "rendering_options": None,
                },
                "livemode": False,
                "metadata": dict(params.get("metadata") or {}),
                "name": params.get("name"),
                "test_clock": clock,
            },
        )

    def _create_customer(self, account: str, params: Json) -> Json:
        """``POST /v1/customers`` (``email``, ``name``, ``metadata``, ``test_clock``)."""
        return self._new_customer(account, params)

    # -- test clocks (``/v1/test_helpers/test_clocks``) -----------------------------------

    def _create_clock(self, account: str, params: Json) -> Json:
        from tuition_stripe_provider.testing import StripeHTTPError, _int

        if "frozen_time" not in params:
            raise StripeHTTPError(400, "Missing required param: frozen_time.", param="frozen_time")
        frozen = _int(params["frozen_time"], "frozen_time")
        return self._store(
            account,
            {
                "id": self._new_id("clock"),
                "object": "test_helpers.test_clock",
                "created": int(time.time()),
                "deletes_after": int(time.time()) + 30 * 86400,
                "frozen_time": frozen,
                "livemode": False,
                "name": params.get("name"),
                "status": "ready",
                "status_details": {},
            },
        )

    def _get_clock(self, account: str, params: Json, clock_id: str) -> Json:
        return self._find(account, clock_id, "test_helpers.test_clock").obj

    def _delete_clock(self, account: str, params: Json, clock_id: str) -> Json:
        self._find(account, clock_id, "test_helpers.test_clock")
        with self.lock:
            del self.objects[clock_id]
        return {"id": clock_id, "object": "test_helpers.test_clock", "deleted": True}

    def _advance_clock(self, account: str, params: Json, clock_id: str) -> Json:
        """Move a test clock to ``frozen_time``: the answer is the clock ``advancing``
        (``status_details.advancing.target_frozen_time``); the subscriptions of its
        customers bill what fell due on the way, the events go to :meth:`sent_events`
        between ``test_helpers.test_clock.advancing`` and ``.ready``, and the clock is
        ``ready`` at the new time when the next request reads it."""
        from tuition_stripe_provider.testing import StripeHTTPError, _int

        clock = self._find(account, clock_id, "test_helpers.test_clock").obj
        if "frozen_time" not in params:
            raise StripeHTTPError(400, "Missing required param: frozen_time.", param="frozen_time")
        target = _int(params["frozen_time"], "frozen_time")
        if target <= clock["frozen_time"]:
            raise StripeHTTPError(
                400,
                "The test clock can only be advanced to a time after its current frozen_time.",
                param="frozen_time",
            )
        advancing = dict(
            clock, status="advancing", status_details={"advancing": {"target_frozen_time": target}}
        )
        events = [self.event("test_helpers.test_clock.advancing", advancing, created=target)]
        clock["frozen_time"] = target
        for stored in list(self.objects.values()):
            if stored.obj.get("object") == "subscription" and stored.obj["test_clock"] == clock_id:
                events.extend(self._bill(stored))
        events.append(self.event("test_helpers.test_clock.ready", clock, created=target))
        self.outbox.extend(events)
        return advancing

    def _create_intent(self, account: str, params: Json) -> Json:
        """``POST /v1/payment_intents`` with ``confirm=true`` and ``off_session=true`` on
        a customer's saved card: succeeded at once, or (``decline_renewals``: the card
        declines) a 402 ``card_error`` carrying the PaymentIntent, left
        ``requires_payment_method``, as Stripe answers."""
        from tuition_stripe_provider.testing import StripeHTTPError, _bool, _int

        amount = _int(params.get("amount"), "amount")
        if amount < 50:
            raise StripeHTTPError(
                400,
                "Amount must be at least €0.50 eur",
                code="amount_too_small",
                param="amount",
            )
        if not params.get("currency"):
            raise StripeHTTPError(400, "Missing required param: currency.", param="currency")
        if not (_bool(params.get("confirm")) and _bool(params.get("off_session"))):
            raise StripeHTTPError(400, "This fake creates confirmed off-session intents only.")
        customer = self._find(account, str(params.get("customer")), "customer", "customer").obj
        method = self.objects.get(str(params.get("payment_method")))
        if (
            method is None
            or method.account != account
            or method.obj.get("object") != "payment_method"
        ):
            raise StripeHTTPError(
                400,
                f"No such PaymentMethod: '{params.get('payment_method')}'",
                code="resource_missing",
                param="payment_method",
            )
        if method.obj["customer"] != customer["id"]:
            raise StripeHTTPError(
                400,
                "The provided PaymentMethod was previously used with a PaymentIntent without "
                "Customer attachment, shared with a connected account without Customer "
                "attachment, or was detached from a Customer.",
                param="payment_method",
            )
        intent = self._store(
            account,
            {
                "id": self._new_id("pi"),
                "object": "payment_intent",
                "amount": amount,
                "amount_received": 0,
                "confirmation_method": "automatic",
                "created": self.now(),
                "currency": str(params["currency"]).lower(),
                "customer": customer["id"],
                "description": params.get("description"),
                "last_payment_error": None,
                "latest_charge": None,
                "livemode": False,
                "metadata": dict(params.get("metadata") or {}),
                "payment_method": method.obj["id"],
                "status": "processing",
            },
        )
        if self.decline_renewals:
            error = {
                "charge": None,
                "code": "card_declined",
                "decline_code": "generic_decline",
                "doc_url": "https://stripe.com/docs/error-codes/card-declined",
                "message": "Your card was declined.",
                "payment_method": method.obj,
                "type": "card_error",
            }
            intent.update(status="requires_payment_method", last_payment_error=error)
            declined = StripeHTTPError(402, "Your card was declined.", type="card_error")
            declined.body["error"].update(error, payment_intent=json.loads(json.dumps(intent)))
            raise declined
        self._succeed(account, intent)
        return intent

    def _list_intents(self, account: str, params: Json) -> Json:
        from tuition_stripe_provider.testing import _int

        intents = sorted(
            self.all("payment_intent", account), key=lambda i: (i["created"], i["id"]), reverse=True
        )
        if "customer" in params:
            intents = [i for i in intents if i.get("customer") == params["customer"]]
        limit = _int(params.get("limit", 10), "limit")
        return {
            "object": "list",
            "data": intents[:limit],
            "has_more": len(intents) > limit,
            "url": "/v1/payment_intents",
        }

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
        self._end(subscription, self._time_of(subscription))
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
