"""Helpers for state machines that drive the dummy provider's schedules (payment plans,
memberships): its misbehaviour switches and the rules that move its test clock, change
its behaviour, deliver held-back webhooks and retry a declined charge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import rule


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
