"""Helpers for state machines that drive the dummy provider's schedules (payment plans,
memberships): its misbehaviour switches and the rules that move its test clock, change
its behaviour, deliver held-back webhooks and retry a declined charge; and
:func:`charge_webhooks`, which makes its one-off charges (``charge_now``) announce
themselves by webhook before they are answered."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask
from hypothesis import strategies as st
from hypothesis.stateful import rule

from tuition.plugin_api import ChargeResult, OrderInfo
from tuition_dummy_provider.models import DummyCharge
from tuition_dummy_provider.provider import DummyProvider


@dataclass
class DummyBehaviour:
    """The dummy's settings a state machine switches."""

    decline_renewals: bool = False
    withhold_webhooks: bool = False
    duplicate_webhooks: int = 0
    out_of_order: bool = False

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


class DummyScheduleRules:
    """Rules for a ``RuleBasedStateMachine`` (mixed in before it) whose tenant ``site``
    sells on the dummy's schedules through ``api``; :meth:`order_of` names the order of
    the ``which``-th schedule bought (None before any)."""

    api: Any
    dummy: DummyBehaviour

    @property
    def site(self) -> Any:
        raise NotImplementedError

    def order_of(self, which: int) -> str | None:
        raise NotImplementedError

    def set_dummy(self) -> None:
        self.api.call(
            "PATCH",
            "/v1/admin/plugins/dummy_provider",
            json={"settings": self.dummy.as_json()},
            headers=self.site.admin,
            expect=200,
        )

    @rule(days=st.sampled_from([3, 8, 31]))
    def clock_moves(self, days: int) -> None:
        self.api.call(
            "POST",
            "/v1/admin/dummy/clock",
            json={"days": days},
            headers=self.site.admin,
            expect=200,
        )

    @rule(
        decline=st.booleans(),
        withhold=st.booleans(),
        duplicates=st.integers(0, 1),
        out_of_order=st.booleans(),
    )
    def provider_behaviour_changes(
        self, decline: bool, withhold: bool, duplicates: int, out_of_order: bool
    ) -> None:
        self.dummy = DummyBehaviour(decline, withhold, duplicates, out_of_order)
        self.set_dummy()

    @rule(which=st.integers(0, 5))
    def held_webhooks_arrive(self, which: int) -> None:
        order_id = self.order_of(which)
        if order_id is not None:
            # The first payment's (a 404 once it was told), then the renewals'.
            self.api.call("POST", f"/v1/dummy/checkout/{self.site.slug}/{order_id}/webhooks")
            self.api.call(
                "POST", f"/v1/dummy/checkout/{self.site.slug}/{order_id}/renewals", expect=200
            )

    @rule(which=st.integers(0, 5))
    def declined_charge_retried(self, which: int) -> None:
        order_id = self.order_of(which)
        if order_id is not None:
            self.api.call(
                "POST", f"/v1/dummy/checkout/{self.site.slug}/{order_id}/retry", expect=200
            )


class ChargeWebhooks:
    """The webhooks of the dummy's one-off charges while :func:`charge_webhooks` is open:
    ``answered`` holds the status codes the webhook endpoint answered; :meth:`deliver`
    sends every one made so far (again: a provider's retry, or the held ones)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.answered: list[int] = []
        self.made: list[tuple[str, list[tuple[bytes, dict[str, str]]]]] = []

    def send(self, tenant_slug: str, deliveries: list[tuple[bytes, dict[str, str]]]) -> None:
        client = self.app.test_client()
        for body, headers in deliveries:
            answer = client.post(f"/v1/webhooks/dummy/{tenant_slug}", data=body, headers=headers)
            self.answered.append(answer.status_code)

    def deliver(self) -> None:
        for tenant_slug, deliveries in self.made:
            self.send(tenant_slug, deliveries)


@contextmanager
def charge_webhooks(app: Flask, when: str = "before") -> Iterator[ChargeWebhooks]:
    """While open, each one-off charge the dummy makes (:meth:`DummyProvider.charge_now`,
    e.g. a plan's pay-off) is announced by its webhook (``installment.paid`` of
    ``installment`` 0 with the charge's ``payment_id``, copied as ``duplicate_webhooks``
    says), as a real provider announces a charge. ``when``: ``before`` delivers it before
    ``charge_now`` answers (the caller has not committed what it does with the answer
    yet), ``concurrently`` from other threads (one per copy) while the caller goes on
    (joined when the block ends), ``held`` only on :meth:`ChargeWebhooks.deliver`."""
    original = DummyProvider.charge_now
    webhooks = ChargeWebhooks(app)
    threads: list[threading.Thread] = []

    def charge_now(self: DummyProvider, order: OrderInfo, amount: int, key: str) -> ChargeResult:
        result = original(self, order, amount, key)
        if result.status != "succeeded":
            return result
        with self._read(order.tenant_id) as session:
            charge = session.get(DummyCharge, result.payment_id)
            assert charge is not None
            event = self._charge_event(charge, "installment.paid", f"dev_{charge.id}_paid")
        deliveries = self._signed([event])
        webhooks.made.append((order.tenant_slug, deliveries))
        if when == "concurrently":  # each copy from a thread of its own
            for delivery in deliveries:
                thread = threading.Thread(
                    target=webhooks.send, args=(order.tenant_slug, [delivery])
                )
                threads.append(thread)
                thread.start()
        elif when == "before":
            webhooks.send(order.tenant_slug, deliveries)
        return result

    DummyProvider.charge_now = charge_now  # type: ignore[method-assign]
    try:
        yield webhooks
    finally:
        DummyProvider.charge_now = original  # type: ignore[method-assign]
        for thread in threads:
            thread.join()
