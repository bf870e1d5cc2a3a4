"""Memberships as a Hypothesis state machine: subscriptions (with and without a trial),
renewals, failures, grace and pause, cancel at the period's end and resume, an admin's
cancel with or without a prorated refund, plan changes (upgrades charged prorated now,
downgrades at the renewal, taken back), and the dummy provider's renewal webhooks on
time, held back, duplicated or out of order.

Each example builds a fresh tenant (``memberships`` + ``dummy_provider``) on the test's
one app: monthly plans ``club`` (2000: python, sql), ``pro`` (3000: every course),
``lite`` (1000: python) and ``taster`` (1500: python, sql, a 7-day trial), and two or
three students. Checked after every step (``@invariant``), for every subscription:

* access granted = subscriptions in good standing: a grant is ``active`` (its enrollment
  active, its course in the current plan) only while the subscription is ``trialing``,
  ``active`` or ``past_due``; ``paused`` only while it is paused; ended (its enrollment
  ended) once it is canceled; a course of the plan not held shows ``included`` exactly
  while the subscription is in good standing;
* money: what the dummy captured for the subscription's order (the checkout, renewals,
  prorated upgrades) less what it gave back, without the renewals whose webhooks are
  still held back, is what the subscription records: its paid charges and prorated
  upgrades less its ``refunded_amount``; each paid renewal takes a plan's price;
* no renewal is applied twice (one ``subscription.renewed`` per subscription and period).
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
from tuition_dummy_provider.testing import DummyBehaviour, DummyScheduleRules
from tuition_memberships.models import PlanChange, SubscriptionCharge

#: The backend is not the point here (the plugin's rq test runs on PostgreSQL).
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

LONG = os.environ.get("TUITION_LONG_TESTS") == "1"
MAX_EXAMPLES = 60 if LONG else 5
STEPS = 40 if LONG else 18

PLANS = {
    "club": (2000, ["python", "sql"], 0),
    "pro": (3000, "all", 0),
    "lite": (1000, ["python"], 0),
    "taster": (1500, ["python", "sql"], 7),
}
COURSES = ("python", "sql", "other")
GOOD_STANDING = ("trialing", "active", "past_due")
#: What a plan change may answer besides 200.
CHANGE_REFUSALS = {
    "plan_change_invalid",
    "plan_change_pending",
    "subscription_not_in_good_standing",
    "subscription_closed",
}


@dataclass
class MSub:
    """A subscription bought in this example: its student and its first order."""

    student: int
    order_id: str
    sub_id: str | None = None


def covers(plan: str | None, course: str) -> bool:
    if plan is None:
        return False
    courses = PLANS[plan][1]
    return courses == "all" or course in courses


class MembershipMachine(DummyScheduleRules, RuleBasedStateMachine):
    """One tenant per example on the test's app; see the module docstring."""

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
        self.subs: list[MSub] = []
        self.dummy = DummyBehaviour()

    # -- set-up ------------------------------------------------------------------------

    @initialize(
        students=st.integers(2, 3),
        grace_days=st.sampled_from([0, 3]),
        plan=st.sampled_from(sorted(PLANS)),
        duplicates=st.integers(0, 1),
        out_of_order=st.booleans(),
    )
    def build_site(
        self, students: int, grace_days: int, plan: str, duplicates: int, out_of_order: bool
    ) -> None:
        """The site, its first member (so that renewals come early) and the dummy's
        webhooks copied or out of order from the start."""
        self.tenant = self.api.create_tenant(
            {
                "recorder": {},
                "dummy_provider": {},
                "memberships": {"settings": {"grace_days": grace_days, "final_deadline_days": 10}},
            }
        )
        for slug in COURSES:
            self.api.create_course(
                self.tenant,
                slug,
                pricing_model="one_time",
                price={"amount": 9900, "currency": "EUR"},
            )
        for slug, (amount, courses, trial) in PLANS.items():
            attributes: dict[str, Any] = {"interval": "month", "courses": courses}
            if trial:
                attributes["trial_days"] = trial
            self.api.create_course(
                self.tenant,
                slug,
                pricing_model="subscription",
                price={"amount": amount, "currency": "EUR"},
                attributes={"memberships": attributes},
            )
        self.students = [self.api.signup(self.tenant) for _ in range(students)]
        self.dummy = DummyBehaviour(duplicate_webhooks=duplicates, out_of_order=out_of_order)
        self.set_dummy()
        self.subscribe(0, plan, True)

    @property
    def site(self) -> TenantHandle:
        assert self.tenant is not None
        return self.tenant

    def _sub(self, index: int) -> MSub | None:
        return self.subs[index % len(self.subs)] if self.subs else None

    def order_of(self, which: int) -> str | None:
        sub = self._sub(which)
        return sub.order_id if sub is not None else None

    def _shown(self, sub: MSub) -> dict[str, Any]:
        found: dict[str, Any] = self.api.call(
            "GET", f"/v1/admin/subscriptions/{sub.sub_id}", headers=self.site.admin, expect=200
        ).get_json()
        return found

    def _live(self, student: int) -> MSub | None:
        for sub in reversed(self.subs):
            if sub.student == student and self._shown(sub)["status"] not in ("canceled", "void"):
                return sub
        return None

    # -- rules -------------------------------------------------------------------------

    @rule(student=st.integers(0, 2), plan=st.sampled_from(sorted(PLANS)), pay=st.booleans())
    def subscribe(self, student: int, plan: str, pay: bool) -> None:
        index = student % len(self.students)
        if self._live(index) is not None:
            return
        owner = self.students[index]
        answer = self.api.call(
            "POST", "/v1/enrollments", json={"course": plan}, headers=owner.headers
        )
        if answer.status_code == 409:  # holds the plan course through an older one
            assert answer.get_json()["code"] in ("already_enrolled", "already_subscribed")
            return
        assert answer.status_code == 202, answer.get_json()
        checkout = answer.get_json()["checkout"]
        assert checkout["amount"] == (0 if PLANS[plan][2] else PLANS[plan][0])
        self.api.call(
            "POST",
            f"/v1/dummy/checkout/{self.site.slug}/{checkout['order_id']}",
            json={"outcome": "pay" if pay else "decline"},
            expect=200,
        )
        listed = self.api.call(
            "GET",
            f"/v1/admin/subscriptions?student={owner.id}&page_size=100",
            headers=self.site.admin,
            expect=200,
        ).get_json()["items"]
        (found,) = [s for s in listed if s["order_id"] == checkout["order_id"]]
        self.subs.append(MSub(index, checkout["order_id"], found["id"]))

    @rule(student=st.integers(0, 2), course=st.sampled_from(COURSES))
    def enroll_included(self, student: int, course: str) -> None:
        owner = self.students[student % len(self.students)]
        shown = self.api.call("GET", f"/v1/courses/{course}", headers=owner.headers, expect=200)
        if shown.get_json()["enroll_state"] != "included":
            return
        answer = self.api.call(
            "POST", "/v1/enrollments", json={"course": course}, headers=owner.headers
        )
        assert answer.status_code == 201, answer.get_json()

    @rule(days=st.sampled_from([1, 4, 11, 32]))
    def sweep_runs(self, days: int) -> None:
        sweep(self.runtime, utcnow() + timedelta(days=days))

    @rule(which=st.integers(0, 5), cancel=st.booleans())
    def member_cancels_or_resumes(self, which: int, cancel: bool) -> None:
        sub = self._sub(which)
        if sub is None:
            return
        before = self._shown(sub)
        owner = self.students[sub.student]
        path = f"/v1/me/subscriptions/{sub.sub_id}/{'cancel' if cancel else 'resume'}"
        answer = self.api.call("POST", path, headers=owner.headers)
        running = before["status"] in ("trialing", "active", "past_due", "paused")
        if not running:
            assert answer.status_code in (404, 409), answer.get_json()
        elif cancel or before["cancel_at_period_end"]:
            assert answer.status_code == 200, answer.get_json()
            assert answer.get_json()["cancel_at_period_end"] is cancel
        else:
            assert answer.get_json()["code"] == "subscription_not_canceling"

    @rule(which=st.integers(0, 5), prorated=st.booleans())
    def admin_cancels(self, which: int, prorated: bool) -> None:
        sub = self._sub(which)
        if sub is None:
            return
        before = self._shown(sub)
        answer = self.api.call(
            "POST",
            f"/v1/admin/subscriptions/{sub.sub_id}/cancel",
            json={"refund": "prorated" if prorated else "none"},
            headers=self.site.admin,
        )
        if before["status"] in ("trialing", "active", "past_due", "paused"):
            assert answer.status_code == 200, answer.get_json()
            after = answer.get_json()
            assert after["status"] == "canceled"
            if not prorated:
                assert after["refunded_amount"] == before["refunded_amount"]
        else:
            assert answer.get_json()["code"] == "subscription_closed"

    @rule(which=st.integers(0, 5), plan=st.sampled_from(sorted(PLANS)), by_admin=st.booleans())
    def plan_changes(self, which: int, plan: str, by_admin: bool) -> None:
        sub = self._sub(which)
        if sub is None:
            return
        who = self.site.admin if by_admin else self.students[sub.student].headers
        place = "admin" if by_admin else "me"
        answer = self.api.call(
            "POST",
            f"/v1/{place}/subscriptions/{sub.sub_id}/change",
            json={"plan": plan},
            headers=who,
        )
        if answer.status_code != 200:
            assert answer.status_code == 409 and answer.get_json()["code"] in CHANGE_REFUSALS, (
                answer.get_json()
            )

    @rule(which=st.integers(0, 5))
    def downgrade_taken_back(self, which: int) -> None:
        sub = self._sub(which)
        if sub is None:
            return
        answer = self.api.call(
            "DELETE",
            f"/v1/me/subscriptions/{sub.sub_id}/change",
            headers=self.students[sub.student].headers,
        )
        assert answer.status_code in (200, 409), answer.get_json()

    # -- invariants --------------------------------------------------------------------

    def _provider_money(self, order_id: str) -> tuple[int, int]:
        """What the dummy kept of the subscription's order, and how much of it is in
        renewals whose webhooks are still held back."""
        with self.runtime.session(self.site.id) as session:
            first = session.execute(
                select(DummyPayment.amount, DummyPayment.refunded_amount).where(
                    DummyPayment.order_id == order_id, DummyPayment.status == "paid"
                )
            ).first()
            later = session.execute(
                select(DummyCharge.amount, DummyCharge.delivered).where(
                    DummyCharge.order_id == order_id, DummyCharge.status == "paid"
                )
            ).all()
        kept = (first[0] - first[1]) if first else 0
        held = sum(amount for amount, delivered in later if not delivered)
        return kept + sum(amount for amount, _ in later), held

    def _recorded_money(self, sub_id: str) -> tuple[int, list[int]]:
        with self.runtime.session(self.site.id) as session:
            charges = session.execute(
                select(SubscriptionCharge.seq, SubscriptionCharge.amount).where(
                    SubscriptionCharge.subscription_id == sub_id,
                    SubscriptionCharge.status == "paid",
                )
            ).all()
            prorations = session.scalar(
                select(func.coalesce(func.sum(PlanChange.proration), 0)).where(
                    PlanChange.subscription_id == sub_id,
                    PlanChange.payment_id.is_not(None),
                )
            )
        renewals = [amount for seq, amount in charges if seq > 1]
        return sum(amount for _, amount in charges) + int(prorations or 0), renewals

    @invariant()
    def money_agrees(self) -> None:
        if self.tenant is None:
            return
        prices = {amount for amount, _, _ in PLANS.values()}
        for sub in self.subs:
            shown = self._shown(sub)
            captured, held = self._provider_money(sub.order_id)
            if shown["status"] == "pending":  # the first payment's news is held back
                continue
            recorded, renewals = self._recorded_money(shown["id"])
            assert captured - held == recorded - shown["refunded_amount"], (
                shown["status"],
                captured,
                held,
                recorded,
                shown["refunded_amount"],
            )
            assert set(renewals) <= prices, renewals

    @invariant()
    def no_renewal_is_applied_twice(self) -> None:
        ours = {sub.sub_id for sub in self.subs}
        applied = Counter(
            (data["subscription_id"], data["period"])
            for data in self.recorder.events("subscription.renewed")
            if data["subscription_id"] in ours
        )
        assert all(times == 1 for times in applied.values()), applied

    @invariant()
    def access_follows_standing(self) -> None:
        if self.tenant is None:
            return
        enrollments = {
            e["id"]: e["status"]
            for e in self.api.call(
                "GET",
                "/v1/admin/enrollments?page_size=100",
                headers=self.site.admin,
                expect=200,
            ).get_json()["items"]
        }
        for sub in self.subs:
            shown = self._shown(sub)
            status, plan = shown["status"], shown["plan"]
            for grant in shown["grants"]:
                held = enrollments.get(grant["enrollment_id"])
                if grant["status"] == "active":
                    assert status in GOOD_STANDING and held == "active", (shown, grant)
                    assert covers(plan, grant["course"]), (plan, grant)
                elif grant["status"] == "paused":
                    assert status == "paused", (shown, grant)
                else:
                    assert held != "active", (shown, grant)
            if status in ("canceled", "void"):
                assert all(g["status"] == "ended" for g in shown["grants"]), shown
            if status == "paused":
                assert all(g["status"] != "active" for g in shown["grants"]), shown
        for index, student in enumerate(self.students):
            live = self._live(index)
            shown = self._shown(live) if live is not None else None
            good = shown is not None and shown["status"] in GOOD_STANDING
            granted = {g["course"] for g in shown["grants"]} if shown else set()
            for course in COURSES:
                state = self.api.call(
                    "GET", f"/v1/courses/{course}", headers=student.headers, expect=200
                ).get_json()["enroll_state"]
                if state == "included":
                    assert good and covers(shown["plan"] if shown else None, course), (
                        index,
                        course,
                    )
                elif good and covers(shown["plan"] if shown else None, course):
                    assert course in granted or state == "enrolled", (index, course, state)

    def teardown(self) -> None:
        """Every held-back webhook arrives: then no money is in flight."""
        if self.tenant is None:
            return
        self.dummy.withhold_webhooks = False
        self.set_dummy()
        for index in range(len(self.subs)):
            self.held_webhooks_arrive(index)
        self.money_agrees()
        for sub in self.subs:
            assert self._provider_money(sub.order_id)[1] == 0
            assert self._shown(sub)["status"] != "pending"


def test_membership_invariants(api: Api, runtime: Any, recorder: Recorder) -> None:
    class Machine(MembershipMachine):
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
