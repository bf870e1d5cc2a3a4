"""Payment plans as a Hypothesis state machine: renewals, failures, dunning, cancellations
and waivers in any order, with the dummy provider's renewal webhooks on time, held back,
duplicated or out of order.

Each example builds a fresh tenant (``installments`` + ``dummy_provider``) on the test's
one app: a course sold in 3 or 4 installments (weekly or monthly) and 2-3 students. Rules,
through the REST API (the Flask test client):

* a student buys the plan and pays, or declines, its first installment on the dummy's
  hosted page (a student whose plan is over may buy again);
* the dummy's test clock moves on (its schedules charge what falls due), renewals paid or
  declined as its settings say (``decline_renewals``);
* the dummy's webhooks change behaviour (held back, copied, out of order with a stale
  failure and the payment again under other ids);
* held-back renewal webhooks arrive late; a declined charge is retried (the student
  updated the card);
* the sweep runs some days after now (grace days, then access paused, then the plan ends);
* the student cancels the rest; the site owner waives it;
* the student (or the site owner) pays the balance off at once (declined as the dummy's
  ``decline_renewals`` says; its charge's webhook arriving before the pay-off request
  commits, or never); the site owner refunds one installment.

Charges the schedule made for a plan closed meanwhile (canceled, ended, waived, paid off)
arrive late through the held-back webhooks: they go back automatically.

Checked after every step (``@invariant``), for every plan of the example:

* the plan's ``paid`` is the sum of its paid installments and its ``balance`` the sum of
  those still to pay (scheduled or failed);
* money: what the dummy captured for the plan's order (the first payment, later charges,
  pay-offs) less what it refunded, less the charges whose webhooks are still held back,
  is the plan's ``paid`` less its ``refunded`` (the site owner's refunds); after the
  example, with everything delivered, exactly that;
* no installment is applied twice (one ``payment_plan.installment_paid`` event per plan
  and installment, however often its webhook arrived), no refund is given twice (one
  ``payment_plan.refunded`` per plan and payment and installment), no charge is refunded
  beyond its amount;
* access follows standing: the student's enroll state is ``enrolled`` while their live
  plan is in good standing (active, past due within the grace days, completed, paid off),
  ``payment_overdue`` while it is overdue, and ``available`` once it is over; a student
  holds at most one live enrollment in the course.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from tuition.plugin_api import utcnow
from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition.testing.chores import sweep
from tuition.testing.recorders import Recorder
from tuition_dummy_provider.models import DummyCharge, DummyPayment
from tuition_dummy_provider.testing import DummyBehaviour, DummyScheduleRules, charge_webhooks

#: The backend is not the point here (the plugin's race and rq tests run on PostgreSQL).
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

LONG = os.environ.get("TUITION_LONG_TESTS") == "1"
MAX_EXAMPLES = 60 if LONG else 5
STEPS = 40 if LONG else 14

PRICE = {"amount": 30000, "currency": "EUR"}
#: The enroll state each plan access gives (tuition_installments.plans.access).
STATE_OF_ACCESS = {"granted": "enrolled", "paused": "payment_overdue", "ended": "available"}


@dataclass
class MPlan:
    """A plan bought in this example: its student and its first order."""

    student: int
    order_id: str
    plan_id: str | None = None


class PlanMachine(DummyScheduleRules, RuleBasedStateMachine):
    """One tenant per example on the test's app; see the module docstring."""

    #: The test's fixtures, set on a subclass made per test (one app, one database).
    fixture_api: Api
    fixture_runtime: Any
    fixture_recorder: Recorder

    def __init__(self) -> None:
        super().__init__()
        self.api = self.fixture_api
        self.runtime = self.fixture_runtime
        self.recorder = self.fixture_recorder
        self.tenant: TenantHandle | None = None
        self.students: list[StudentHandle] = []
        self.plans: list[MPlan] = []
        self.dummy = DummyBehaviour()

    # -- set-up ------------------------------------------------------------------------

    @initialize(
        count=st.integers(3, 4),
        interval=st.sampled_from(["week", "month"]),
        students=st.integers(2, 3),
        grace_days=st.sampled_from([0, 3]),
    )
    def build_site(self, count: int, interval: str, students: int, grace_days: int) -> None:
        self.tenant = self.api.create_tenant(
            {
                "recorder": {},
                "dummy_provider": {},
                "installments": {"settings": {"grace_days": grace_days, "final_deadline_days": 10}},
            }
        )
        amount = PRICE["amount"] // count
        self.api.create_course(
            self.tenant,
            "pro",
            pricing_model="installments",
            price=PRICE,
            attributes={"installments": {"count": count, "amount": amount, "interval": interval}},
        )
        self.students = [self.api.signup(self.tenant) for _ in range(students)]

    @property
    def site(self) -> TenantHandle:
        assert self.tenant is not None
        return self.tenant

    def _plan(self, index: int) -> MPlan | None:
        return self.plans[index % len(self.plans)] if self.plans else None

    def order_of(self, which: int) -> str | None:
        plan = self._plan(which)
        return plan.order_id if plan is not None else None

    def _shown(self, plan: MPlan) -> dict[str, Any] | None:
        if plan.plan_id is None:
            return None
        found: dict[str, Any] = self.api.call(
            "GET", f"/v1/admin/payment-plans/{plan.plan_id}", headers=self.site.admin, expect=200
        ).get_json()
        return found

    def _live_plan(self, student: int) -> MPlan | None:
        for plan in reversed(self.plans):
            shown = self._shown(plan)
            if plan.student == student and shown and shown["access"] not in ("ended", "void"):
                return plan
        return None

    # -- rules -------------------------------------------------------------------------

    @rule(student=st.integers(0, 2), pay=st.booleans())
    def buy(self, student: int, pay: bool) -> None:
        index = student % len(self.students)
        owner = self.students[index]
        if self._live_plan(index) is not None:  # they own the course through it
            return
        answer = self.api.call(
            "POST",
            "/v1/enrollments",
            json={"course": "pro", "payment_plan": "installments"},
            headers=owner.headers,
            expect=202,
        )
        order_id = answer.get_json()["checkout"]["order_id"]
        self.api.call(
            "POST",
            f"/v1/dummy/checkout/{self.site.slug}/{order_id}",
            json={"outcome": "pay" if pay else "decline"},
            expect=200,
        )
        listed = self.api.call(
            "GET",
            f"/v1/admin/payment-plans?student={owner.id}&page_size=100",
            headers=self.site.admin,
            expect=200,
        )
        plan = {p["order_id"]: p for p in listed.get_json()["items"]}[order_id]
        # Told at once, or (webhooks held back) still waiting for the first payment's news.
        told = "active" if pay else "void"
        assert plan["status"] == ("pending" if self.dummy.withhold_webhooks else told), plan
        self.plans.append(MPlan(index, order_id, plan["id"]))

    @rule(days=st.sampled_from([1, 4, 11]))
    def sweep_runs(self, days: int) -> None:
        sweep(self.runtime, utcnow() + timedelta(days=days))

    @rule(which=st.integers(0, 5), by_admin=st.booleans())
    def the_rest_is_canceled_or_waived(self, which: int, by_admin: bool) -> None:
        plan = self._plan(which)
        shown = self._shown(plan) if plan is not None else None
        if plan is None or shown is None:
            return
        if by_admin:
            path, headers = f"/v1/admin/payment-plans/{plan.plan_id}/waive", self.site.admin
        else:
            path = f"/v1/me/payment-plans/{plan.plan_id}/cancel"
            headers = self.students[plan.student].headers
        answer = self.api.call("POST", path, headers=headers)
        running = shown["status"] in ("active", "past_due", "overdue")
        assert answer.status_code == (200 if running else 409), answer.get_json()
        if running:
            after = answer.get_json()
            assert after["status"] == ("completed" if by_admin else "canceled")
            assert after["balance"] == 0
        else:
            assert answer.get_json()["code"] == "payment_plan_closed"

    @rule(which=st.integers(0, 5), by_admin=st.booleans(), announced=st.booleans())
    def the_balance_is_paid_off(self, which: int, by_admin: bool, announced: bool) -> None:
        """``announced``: the provider's webhook of the pay-off's charge arrives before
        the pay-off request commits (:func:`charge_webhooks`)."""
        plan = self._plan(which)
        shown = self._shown(plan) if plan is not None else None
        if plan is None or shown is None:
            return
        if by_admin:
            path, headers = f"/v1/admin/payment-plans/{plan.plan_id}/pay-off", self.site.admin
        else:
            path = f"/v1/me/payment-plans/{plan.plan_id}/pay-off"
            headers = self.students[plan.student].headers
        with charge_webhooks(self.api.client.application, "before" if announced else "held"):
            answer = self.api.call("POST", path, headers=headers)
        body = answer.get_json()
        if shown["status"] in ("active", "past_due", "overdue"):
            if self.dummy.decline_renewals:
                assert (answer.status_code, body["code"]) == (409, "pay_off_declined"), body
                assert self._shown(plan) == shown  # nothing taken, nothing changed
            else:
                assert answer.status_code == 200, body
                assert (body["status"], body["access"], body["balance"]) == (
                    "paid_off",
                    "granted",
                    0,
                )
        elif shown["status"] == "paid_off":
            assert answer.status_code == 200 and body == shown  # a repeat takes nothing
        else:
            assert (answer.status_code, body["code"]) == (409, "payment_plan_closed"), body

    @rule(which=st.integers(0, 5), seq=st.integers(1, 4))
    def the_site_owner_refunds_an_installment(self, which: int, seq: int) -> None:
        plan = self._plan(which)
        shown = self._shown(plan) if plan is not None else None
        if plan is None or shown is None:
            return
        answer = self.api.call(
            "POST",
            f"/v1/admin/payment-plans/{plan.plan_id}/installments/{seq}/refund",
            headers=self.site.admin,
        )
        body = answer.get_json()
        if seq > len(shown["installments"]):
            assert answer.status_code == 404, body
            return
        installment = shown["installments"][seq - 1]
        if installment["status"] == "paid" and seq > 1:
            assert answer.status_code == 200, body
            after = body["installments"][seq - 1]
            assert after["status"] == "paid"
            assert after["refunded_amount"] == installment["paid_amount"]
            assert (body["status"], body["balance"]) == (shown["status"], shown["balance"])
        else:
            assert (answer.status_code, body["code"]) == (409, "installment_not_refundable")

    # -- invariants --------------------------------------------------------------------

    def _money(self, order_id: str) -> tuple[int, int]:
        """What the dummy holds for the plan of ``order_id`` (captured less refunded), and
        how much of it is in charges whose webhooks are still held back."""
        with self.runtime.session(self.site.id) as session:
            first = session.scalar(
                select(
                    func.coalesce(func.sum(DummyPayment.amount - DummyPayment.refunded_amount), 0)
                ).where(DummyPayment.order_id == order_id, DummyPayment.status == "paid")
            )
            later = session.execute(
                select(
                    DummyCharge.amount, DummyCharge.refunded_amount, DummyCharge.delivered
                ).where(DummyCharge.order_id == order_id, DummyCharge.status == "paid")
            ).all()
        assert all(0 <= back <= amount for amount, back, _ in later)
        held = sum(amount for amount, _, delivered in later if not delivered)
        return first + sum(amount - back for amount, back, _ in later), held

    @invariant()
    def plans_agree_with_the_money(self) -> None:
        if self.tenant is None:
            return
        for plan in self.plans:
            shown = self._shown(plan)
            assert shown is not None
            installments = shown["installments"]
            paid = sum(i["paid_amount"] or 0 for i in installments if i["status"] == "paid")
            assert shown["paid"] == paid
            assert shown["balance"] == sum(
                i["amount"] for i in installments if i["status"] in ("scheduled", "failed")
            )
            kept, held = self._money(plan.order_id)
            assert shown["refunded"] == sum(
                r["amount"] for r in shown["refunds"] if r["reason"] == "admin"
            )
            assert all(r["status"] == "succeeded" for r in shown["refunds"]), shown["refunds"]
            expected = shown["paid"] - shown["refunded"]
            if shown["status"] == "pending":  # the first payment's news is held back
                assert kept - held >= expected, (kept, held, shown)  # (later charges count)
                continue
            assert kept - held == expected, (shown["status"], kept, held, shown["refunds"])

    @invariant()
    def no_installment_is_applied_twice(self) -> None:
        ours = {plan.plan_id for plan in self.plans}
        applied = Counter(
            (data["plan_id"], data["installment"])
            for data in self.recorder.events("payment_plan.installment_paid")
            if data["plan_id"] in ours
        )
        assert all(times == 1 for times in applied.values()), applied
        refunded = Counter(
            (data["plan_id"], data["payment_id"], data["installment"], data["reason"])
            for data in self.recorder.events("payment_plan.refunded")
            if data["plan_id"] in ours
        )
        assert all(times == 1 for times in refunded.values()), refunded

    @invariant()
    def access_follows_standing(self) -> None:
        if self.tenant is None:
            return
        for index, student in enumerate(self.students):
            live = self._live_plan(index)
            expected = "available"
            if live is not None:
                shown = self._shown(live)
                assert shown is not None
                if shown["access"] == "pending":  # the first payment's news is held back
                    continue
                expected = STATE_OF_ACCESS[shown["access"]]
            course = self.api.call("GET", "/v1/courses/pro", headers=student.headers, expect=200)
            assert course.get_json()["enroll_state"] == expected, index
        enrollments = self.api.call(
            "GET", "/v1/admin/enrollments?page_size=100", headers=self.site.admin, expect=200
        ).get_json()["items"]
        live_per_student = Counter(
            e["student_id"] for e in enrollments if e["status"] in ("pending", "active")
        )
        assert all(n <= 1 for n in live_per_student.values()), live_per_student

    def teardown(self) -> None:
        """Every held-back webhook arrives: then no money is in flight."""
        if self.tenant is None:
            return
        self.dummy.withhold_webhooks = False
        self.set_dummy()
        for plan in self.plans:
            self.held_webhooks_arrive(self.plans.index(plan))
        self.plans_agree_with_the_money()
        for plan in self.plans:
            assert self._money(plan.order_id)[1] == 0
            shown = self._shown(plan)
            assert shown is not None and shown["status"] != "pending", shown


def test_payment_plan_invariants(api: Api, runtime: Any, recorder: Recorder) -> None:
    class Machine(PlanMachine):
        fixture_api = api
        fixture_runtime = runtime
        fixture_recorder = recorder

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=MAX_EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            print_blob=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
