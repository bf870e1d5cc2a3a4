"""Money and seat invariants of paid and free enrollment, as a Hypothesis state machine.

Each example builds a fresh tenant (``free_enrollment`` + ``dummy_provider``) on the one app
of the test: a paid ``one_time`` course of capacity 1-4, a free course of capacity 1-3 and
2-4 students. Rules then mix, through the real HTTP layer (the Flask test client):

* free enrollment and paid enrollment (checkout), re-enrollment after a failure or refund;
* paying or declining on the dummy's hosted page (webhooks sent at once, duplicated or
  reordered as the tenant's dummy settings say, or withheld);
* the held-back webhooks delivered late; a provider re-sending an event it already sent
  (the same signed payload, event id and body); stale events (a ``payment.pending`` after
  the outcome, a ``refund.succeeded`` for an earlier refund total, ``checkout.expired`` for
  a session never paid); an admin replaying a stored event (``replayPaymentEvent``);
* the student's return path (``refreshOrder``) and completing an enrollment;
* admin refunds (``refundOrder``): full, partial, and too large (refused);
* time passing (orders' ``created_at``/``expires_at`` moved back in the database), the
  reconcile run of ``tuition payments reconcile`` (``reconcile(runtime, now - 10 min)``,
  which is also how unpaid checkouts expire: ``tuition jobs sweep`` does not touch orders;
  it also asks about orders whose checkout closed less than 120 minutes ago, so late money
  for an expired hold is found without its webhook), and "expire" = 44 minutes passing
  followed by that run;
* the dummy's settings changed by the admin (duplicates, out-of-order, withheld webhooks).

Students cannot cancel or leave an enrollment: no such operation exists (the only student
changes are enrolling and completing), so the admin refund stands in for "cancel".

Rules the code intends, as read from it, and checked after every step (``@invariant``):

Seats. ``Course.seats_taken`` counts *live* enrollments: ``pending``, ``active`` and
``completed`` (``models.Course`` docstring, ``LIVE_ENROLLMENT_STATUSES``). A pending paid
enrollment holds a seat from checkout (``services/capacity.py``: ``CourseSeats.hold``) until
its order fails or expires (``orders._end_pending`` releases it); a full refund of an
owned (active/completed) enrollment releases it; late money for a released hold takes a
seat again only if one is free (``orders._activate``), else it is refunded. So for each
course: ``seats_taken == #live enrollments <= capacity``, and both equal the model's count.

Money. Per order, the provider's ledger (``dummy_payments``) nets ``captured - refunded``
where captured is the amount once the payment is ``paid``. Tuition's side nets
``amount - refunded_amount`` for orders ``paid``/``partially_refunded``/``refunded`` and 0
otherwise. The two agree for every order, except money "in flight": the ledger says paid
while Tuition has not been told yet (webhooks withheld and neither the return path nor
reconcile asked) — then the order is still unpaid-looking (pending/expired) and the model
knows it was never told. An order ``paid``/``partially_refunded`` owns its enrollment
(active/completed): the student keeps the course after a partial refund and the remainder
is the money kept; a ``refunded`` order's enrollment is not owned and it keeps 0. Hence in
total: ledger net == sum over owned paid-course enrollments of (price - refunded part) +
money in flight. Also: the ledger's refunded amount equals the order's; no order has more
than one transition to ``paid`` and its transitions form one chain ending in its status;
no student holds two orders with money kept for the same course; every owned enrollment of
the paid course has exactly one order and it is paid/partially refunded, free enrollments
have none; every job of the tenant ran (``done``). After the example, everything is
settled (all unpaid checkouts expired, all withheld webhooks delivered) and nothing may be
left in flight.

Model. A plain-Python model of orders, enrollments, ledger and stored events predicts every
response status, ``webhooks_sent``, reconcile's counts, and is compared after each step
with the admin API (``listOrders``: status, refunded amount, enrollment status), each
student's ``GET /v1/me/dashboard`` (owned courses with enrollment status and
``enroll_state``, available courses) and the database.

CI runs a few dozen examples per backend; ``TUITION_LONG_TESTS=1`` runs 1,000 examples of
up to 30 steps. Failures print the minimal steps and a ``@reproduce_failure`` blob.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from tuition.db import utcnow
from tuition.models import (
    LIVE_ENROLLMENT_STATUSES,
    OWNED_ENROLLMENT_STATUSES,
    Course,
    Enrollment,
    Job,
    Order,
    OrderTransition,
    PaymentEvent,
)
from tuition.runtime import Tuition
from tuition.services.payment_events import reconcile
from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition_dummy_provider.models import DummyPayment
from tuition_dummy_provider.provider import DummyProvider, sign

LONG = os.environ.get("TUITION_LONG_TESTS") == "1"
MAX_EXAMPLES = 1000 if LONG else 25
STEPS = 30 if LONG else 15

SECRET = "dummy-webhook-secret"
CURRENCY = "EUR"
PAID, FREE = "paid", "free"
PAYABLE = ("pending", "expired", "failed", "canceled")  # orders.PAYABLE
REFUNDABLE = ("paid", "partially_refunded")  # orders.REFUNDABLE
MONEY_KEPT = ("paid", "partially_refunded", "refunded")
#: ``tuition payments reconcile`` looks at pending orders at least this old.
RECONCILE_AGE = 10
#: The dummy's default ``checkout_ttl_seconds`` (1800 s).
CHECKOUT_TTL = 30
#: Reconcile's late window (``payment_events.LATE_WINDOW``, 120 min) after expiry.
LATE_WINDOW = 120
#: Time steps in minutes: multiples of 4 never land exactly on 10 or 30 minutes.
TIME_STEPS = (4, 12, 44)


@dataclass
class MEnrollment:
    id: str
    student: int
    course: str  # PAID | FREE
    status: str
    order: MOrder | None = None


@dataclass
class MOrder:
    id: str
    student: int
    enrollment: MEnrollment
    amount: int
    status: str = "pending"
    refunded: int = 0
    ledger: str | None = None  # None (nothing at the provider yet) | "paid" | "declined"
    ledger_refunded: int = 0
    told: bool = False  # Tuition heard of the ledger's outcome (webhook, refresh, reconcile)
    age: int = 0  # minutes the test moved this order back in time
    refund_totals: list[int] = field(default_factory=list)


@dataclass
class MEvent:
    order: MOrder
    kind: str
    amount: int | None


@dataclass
class Snapshot:
    courses: dict[str, Any]  # rows by slug
    enrollments: dict[str, Any]
    orders: dict[str, Any]
    ledger: dict[str, Any]  # dummy_payments rows by order id
    transitions: list[Any]
    unfinished_jobs: list[Any]


@dataclass
class DummySettings:
    duplicate_webhooks: int = 0
    out_of_order: bool = False
    withhold_webhooks: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "duplicate_webhooks": self.duplicate_webhooks,
            "out_of_order": self.out_of_order,
            "withhold_webhooks": self.withhold_webhooks,
        }


class TuitionMachine(RuleBasedStateMachine):
    """One tenant per example on the test's app; see the module docstring."""

    #: The test's fixtures, set on a subclass made per test (one app, one database).
    fixture_api: Api
    fixture_runtime: Tuition

    def __init__(self) -> None:
        super().__init__()
        self.api = self.fixture_api
        self.runtime = self.fixture_runtime
        self.tenant: TenantHandle | None = None
        self.slugs: dict[str, str] = {}
        self.capacity: dict[str, int] = {}
        self.price = 0
        self.students: list[StudentHandle] = []
        self.enrollments: list[MEnrollment] = []
        self.orders: list[MOrder] = []
        self.events: dict[str, MEvent] = {}  # provider event id -> what it said
        self.dummy = DummySettings()
        self.shown: dict[str, Any] = {}  # what the API views showed when last checked

    # -- set-up --------------------------------------------------------------------------

    @initialize(
        paid_capacity=st.integers(1, 4),
        free_capacity=st.integers(1, 3),
        students=st.integers(2, 4),
        price=st.sampled_from([2, 4900, 12345]),
        duplicates=st.integers(0, 2),
        out_of_order=st.booleans(),
        withhold=st.booleans(),
        first_checkouts=st.integers(0, 4),
    )
    def build_site(
        self,
        paid_capacity: int,
        free_capacity: int,
        students: int,
        price: int,
        duplicates: int,
        out_of_order: bool,
        withhold: bool,
        first_checkouts: int,
    ) -> None:
        """The tenant, its two courses and students; ``first_checkouts`` students start
        buying the paid course right away (later steps then have orders to act on)."""
        self.dummy = DummySettings(duplicates, out_of_order, withhold)
        tenant = self.api.create_tenant(
            {"free_enrollment": {}, "dummy_provider": {"settings": self.dummy.as_json()}}
        )
        self.tenant = tenant
        self.price = price
        self.capacity = {PAID: paid_capacity, FREE: free_capacity}
        self.slugs = {PAID: "pro", FREE: "intro"}
        self.api.create_course(
            tenant,
            "pro",
            pricing_model="one_time",
            capacity=paid_capacity,
            price={"amount": price, "currency": CURRENCY},
        )
        self.api.create_course(tenant, "intro", capacity=free_capacity)
        self.students = [self.api.signup(tenant) for _ in range(students)]
        for student in range(min(first_checkouts, students)):
            self.enroll(student, PAID)

    # -- helpers -------------------------------------------------------------------------

    @property
    def site(self) -> TenantHandle:
        assert self.tenant is not None
        return self.tenant

    def _student(self, index: int) -> int:
        return index % len(self.students)

    def _live(self, student: int, course: str) -> MEnrollment | None:
        return next(
            (
                e
                for e in self.enrollments
                if e.student == student
                and e.course == course
                and e.status in LIVE_ENROLLMENT_STATUSES
            ),
            None,
        )

    def _seats(self, course: str) -> int:
        return sum(
            1
            for e in self.enrollments
            if e.course == course and e.status in LIVE_ENROLLMENT_STATUSES
        )

    def _pick(self, orders: list[MOrder], index: int) -> MOrder:
        return orders[index % len(orders)]

    def _order_info(self, order: MOrder) -> dict[str, Any]:
        return {
            "tenant_id": self.site.id,
            "order_id": order.id,
            "amount": order.amount,
            "currency": CURRENCY,
            "payment_id": f"dpay_{order.id}",
        }

    # -- the model's transitions (mirroring services/orders.py) ---------------------------

    def _mark_paid(self, order: MOrder) -> str:
        order.told = True
        if order.status not in PAYABLE:
            return "already_settled"
        order.status = "paid"
        enrollment = order.enrollment
        if enrollment.status == "pending":
            enrollment.status = "active"
            return "fulfilled"
        if (
            enrollment.status in ("expired", "canceled")
            and self._seats(PAID) < self.capacity[PAID]
            and self._live(order.student, PAID) is None
        ):
            enrollment.status = "active"  # the released hold is revived: a seat was free
            return "fulfilled"
        # Paid for a seat that is gone: the refund_order job gives all of it back.
        self._refunded_by_provider(order, order.amount - order.refunded)
        self._apply_refund(order, order.amount)
        return "paid_without_seat"

    def _mark_unpaid(self, order: MOrder, to: str) -> str:
        if order.status != "pending":
            return "already_settled"
        order.status = to
        if order.enrollment.status == "pending":
            order.enrollment.status = "expired" if to == "expired" else "canceled"
        return to

    def _apply_refund(self, order: MOrder, total: int) -> str:
        total = min(total, order.amount)
        if total <= order.refunded or order.status not in REFUNDABLE:
            return "already_settled"
        full = total >= order.amount
        order.refunded = total
        order.status = "refunded" if full else "partially_refunded"
        if full and order.enrollment.status in OWNED_ENROLLMENT_STATUSES:
            order.enrollment.status = "refunded"
        return order.status

    def _refunded_by_provider(self, order: MOrder, amount: int) -> None:
        target = min(order.refunded + amount, order.amount)
        order.ledger_refunded = max(order.ledger_refunded, target)
        order.refund_totals.append(order.ledger_refunded)

    def _apply_event(self, event: MEvent) -> str:
        order = event.order
        if event.kind == "payment.succeeded":
            return self._mark_paid(order)
        if event.kind == "payment.failed":
            order.told = True
            return self._mark_unpaid(order, "failed")
        if event.kind == "checkout.expired":
            return self._mark_unpaid(order, "expired")
        if event.kind == "refund.succeeded" and event.amount is not None:
            return self._apply_refund(order, event.amount)
        return "no_action"

    def _receive(self, event_id: str, event: MEvent) -> bool:
        """A verified delivery: stored and processed once per provider event id."""
        if event_id in self.events:
            return False
        self.events[event_id] = event
        self._apply_event(event)
        return True

    def _status_from_provider(self, order: MOrder, *, expire: bool) -> str:
        """What refresh/reconcile do with a pending order (``fetch_status`` + apply)."""
        if order.ledger == "paid":
            return self._mark_paid(order)
        if order.ledger == "declined":
            order.told = True
            return self._mark_unpaid(order, "failed")
        if expire and order.age >= CHECKOUT_TTL:
            return self._mark_unpaid(order, "expired")
        return "unchanged"

    def _provider_deliveries(self, order: MOrder) -> list[tuple[str, MEvent]]:
        """The webhooks the dummy sends for its ledger (``DummyProvider.webhooks_for``)."""
        kind = "payment.succeeded" if order.ledger == "paid" else "payment.failed"
        kinds = [kind]
        if kind == "payment.succeeded" and self.dummy.out_of_order:
            kinds.append("payment.pending")
        copies = 1 + self.dummy.duplicate_webhooks
        return [
            (f"dev_dpay_{order.id}_{k}", MEvent(order, k, order.amount))
            for k in kinds
            for _ in range(copies)
        ]

    def _signed_post(self, body: dict[str, Any]) -> Any:
        raw = json.dumps(body).encode()
        return self.api.call(
            "POST",
            f"/v1/webhooks/dummy/{self.site.slug}",
            data=raw,
            expect=200,
            headers={"Dummy-Signature": sign(SECRET, raw), "Content-Type": "application/json"},
        ).get_json()

    # -- rules ---------------------------------------------------------------------------

    @rule(
        student=st.integers(0, 3),
        course=st.sampled_from([PAID, PAID, FREE]),
        then=st.sampled_from([None, "pay", "decline"]),
        newcomer=st.booleans(),
    )
    def enroll(
        self, student: int, course: str, then: str | None = None, newcomer: bool = True
    ) -> None:
        """Free enrollment, or a checkout for the paid course (also re-enrolling after a
        failed, expired or refunded order), ``then`` paid or declined at once.
        ``newcomer``: a student without a live enrollment in the course, if any."""
        index = self._student(student)
        newcomers = [i for i in range(len(self.students)) if self._live(i, course) is None]
        if newcomer and newcomers:
            index = newcomers[student % len(newcomers)]
        response = self.api.enroll(self.site, self.students[index], self.slugs[course], expect=None)
        live = self._live(index, course)
        if live is not None:
            assert response.status_code == 409, response.get_data(as_text=True)
            problem = response.get_json()
            assert problem["code"] == "already_enrolled"
            assert problem["enrollment_status"] == live.status
            if live.status == "pending":
                assert live.order is not None and problem["order_id"] == live.order.id
            return
        if self._seats(course) >= self.capacity[course]:
            assert response.status_code == 409, response.get_data(as_text=True)
            assert response.get_json()["code"] == "course_full"
            return
        body = response.get_json()
        if course == FREE:
            assert response.status_code == 201, response.get_data(as_text=True)
            assert body["status"] == "active" and body["checkout"] is None
            self.enrollments.append(MEnrollment(body["id"], index, FREE, "active"))
            return
        assert response.status_code == 202, response.get_data(as_text=True)
        checkout = body["checkout"]
        assert body["status"] == "pending"
        assert (checkout["amount"], checkout["currency"]) == (self.price, CURRENCY)
        enrollment = MEnrollment(body["id"], index, PAID, "pending")
        order = MOrder(checkout["order_id"], index, enrollment, self.price)
        enrollment.order = order
        self.enrollments.append(enrollment)
        self.orders.append(order)
        if then is not None:
            self._pay(order, then)

    @precondition(lambda self: self.orders)
    @rule(
        order=st.integers(0, 7),
        outcome=st.sampled_from(["pay", "pay", "decline"]),
        pending_one=st.booleans(),
    )
    def pay_or_decline(self, order: int, outcome: str, pending_one: bool) -> None:
        """The buyer acts on the hosted page: mostly an open checkout, else any order
        (money arriving late for an expired one, or a second click)."""
        pending = [o for o in self.orders if o.status == "pending"]
        self._pay(self._pick(pending if pending_one and pending else self.orders, order), outcome)

    def _pay(self, chosen: MOrder, outcome: str) -> None:
        result = self.api.call(
            "POST",
            f"/v1/dummy/checkout/{self.site.slug}/{chosen.id}",
            json={"outcome": outcome},
            expect=200,
        ).get_json()
        if chosen.ledger is None:
            chosen.ledger = "paid" if outcome == "pay" else "declined"
        deliveries = [] if self.dummy.withhold_webhooks else self._provider_deliveries(chosen)
        assert result == {
            "order_id": chosen.id,
            "status": chosen.ledger,
            "webhooks_sent": len(deliveries),
        }
        for event_id, event in deliveries:
            self._receive(event_id, event)

    @precondition(lambda self: self.orders)
    @rule(
        order=st.integers(0, 7),
        how=st.sampled_from(
            ["late", "resend", "stale_pending", "stale_expired", "stale_refund", "admin_replay"]
        ),
        which=st.integers(0, 15),
    )
    def webhook_arrives(self, order: int, how: str, which: int) -> None:
        """Webhooks other than the ones sent at payment:

        * ``late``: the held-back ones (``withhold_webhooks``) delivered now;
        * ``resend``: the provider sends its outcome event again, the very payload it sent
          (``DummyProvider._event``: same event id and body), freshly signed as a retry is;
        * ``stale_*``: events true once but arriving out of order: ``payment.pending``
          after the outcome, ``checkout.expired`` of a session nobody paid, the provider's
          ``refund.succeeded`` for this or an earlier refund total;
        * ``admin_replay``: ``replayPaymentEvent`` processes a stored event again.
        """
        chosen = self._pick(self.orders, order)
        if how == "late":
            self._deliver_late(chosen)
        elif how == "resend":
            self._resend(chosen)
        elif how == "admin_replay":
            self._admin_replay(which)
        else:
            self._stale_event(chosen, how, which)

    def _deliver_late(self, chosen: MOrder) -> None:
        url = f"/v1/dummy/checkout/{self.site.slug}/{chosen.id}/webhooks"
        if chosen.ledger is None:
            self.api.call("POST", url, json={}, expect=404)
            return
        result = self.api.call("POST", url, json={}, expect=200).get_json()
        deliveries = self._provider_deliveries(chosen)
        assert result["webhooks_sent"] == len(deliveries)
        for event_id, event in deliveries:
            self._receive(event_id, event)

    def _resend(self, chosen: MOrder) -> None:
        if chosen.ledger is None:
            return
        kind = "payment.succeeded" if chosen.ledger == "paid" else "payment.failed"
        payment = DummyPayment(
            id=f"dpay_{chosen.id}",
            order_id=chosen.id,
            tenant_id=self.site.id,
            amount=chosen.amount,
            currency=CURRENCY,
            status=chosen.ledger,
            refunded_amount=0,
        )
        body = dict(DummyProvider._event(payment, kind))
        ack = self._signed_post(body)
        new = self._receive(body["id"], MEvent(chosen, kind, chosen.amount))
        assert ack == {"received": int(new), "duplicates": int(not new), "ignored": 0}

    def _stale_event(self, chosen: MOrder, how: str, which: int) -> None:
        base = self._order_info(chosen)
        if how == "stale_pending":
            event_kind, amount = "payment.pending", chosen.amount
            event_id = f"dev_dpay_{chosen.id}_payment.pending"
        elif how == "stale_expired" and chosen.ledger is None:
            event_kind, amount = "checkout.expired", chosen.amount
            event_id = f"dev_dpay_{chosen.id}_checkout.expired"
        elif how == "stale_refund" and chosen.refund_totals:
            amount = chosen.refund_totals[which % len(chosen.refund_totals)]
            event_kind, event_id = "refund.succeeded", f"dev_dref_{chosen.id}_{amount}"
        else:
            return
        ack = self._signed_post({**base, "id": event_id, "type": event_kind, "amount": amount})
        new = self._receive(event_id, MEvent(chosen, event_kind, amount))
        assert ack == {"received": int(new), "duplicates": int(not new), "ignored": 0}

    def _admin_replay(self, which: int) -> None:
        if not self.events:
            return
        event_ids = sorted(self.events)
        event_id = event_ids[which % len(event_ids)]
        with self.runtime.session(self.site.id) as session:
            stored = session.scalar(
                select(PaymentEvent.id).where(
                    PaymentEvent.provider == "dummy", PaymentEvent.event_id == event_id
                )
            )
        assert stored is not None, f"event {event_id} was acknowledged but not stored"
        self.api.call(
            "POST", f"/v1/admin/payment-events/{stored}/replay", headers=self.site.admin, expect=202
        )
        self._apply_event(self.events[event_id])

    @precondition(lambda self: self.orders)
    @rule(order=st.integers(0, 7), pending_one=st.booleans())
    def return_path(self, order: int, pending_one: bool) -> None:
        """The student's return page asks the provider now (``refreshOrder``)."""
        pending = [o for o in self.orders if o.status == "pending"]
        chosen = self._pick(pending if pending_one and pending else self.orders, order)
        student = self.students[chosen.student]
        body = self.api.call(
            "POST", f"/v1/orders/{chosen.id}/refresh", headers=student.headers, expect=200
        ).get_json()
        if chosen.status == "pending":
            self._status_from_provider(chosen, expire=False)
        assert (body["status"], body["refunded_amount"]) == (chosen.status, chosen.refunded)
        assert body["enrollment_status"] == chosen.enrollment.status

    @precondition(lambda self: self.orders)
    @rule(
        order=st.integers(0, 7),
        kind=st.sampled_from(["full", "partial", "too_much"]),
        share=st.integers(1, 99),
    )
    def admin_refunds(self, order: int, kind: str, share: int) -> None:
        """``refundOrder`` of a paid order if there is one (else any order: refused).
        Also the stand-in for a student cancelling: there is no such operation."""
        refundable = [o for o in self.orders if o.status in REFUNDABLE]
        chosen = self._pick(refundable or self.orders, order)
        remaining = chosen.amount - chosen.refunded
        amount = {
            "full": None,
            "partial": max(1, remaining * share // 100),
            "too_much": remaining + 1,
        }[kind]
        response = self.api.call(
            "POST",
            f"/v1/admin/orders/{chosen.id}/refund",
            json={} if amount is None else {"amount": amount},
            headers=self.site.admin,
            expect=None,
        )
        if chosen.status not in REFUNDABLE:
            assert response.status_code == 409, response.get_data(as_text=True)
            assert response.get_json()["code"] == "order_not_refundable"
            return
        if amount is not None and amount > remaining:
            assert response.status_code == 422, response.get_data(as_text=True)
            assert response.get_json()["code"] == "invalid_refund_amount"
            return
        assert response.status_code == 200, response.get_data(as_text=True)
        refund = remaining if amount is None else amount
        self._refunded_by_provider(chosen, refund)
        outcome = self._apply_refund(chosen, chosen.refunded + refund)
        body = response.get_json()
        assert body["outcome"] == outcome
        assert (body["order"]["status"], body["order"]["refunded_amount"]) == (
            chosen.status,
            chosen.refunded,
        )
        assert body["order"]["enrollment_status"] == chosen.enrollment.status

    @precondition(lambda self: self.enrollments)
    @rule(which=st.integers(0, 7), owned_one=st.booleans())
    def student_completes(self, which: int, owned_one: bool) -> None:
        """The student finishes a course (an owned one, if ``owned_one`` and any)."""
        owned = [e for e in self.enrollments if e.status in OWNED_ENROLLMENT_STATUSES]
        pool = owned if owned_one and owned else self.enrollments
        enrollment = pool[which % len(pool)]
        student = self.students[enrollment.student]
        response = self.api.call(
            "POST",
            f"/v1/me/enrollments/{enrollment.id}/complete",
            headers=student.headers,
            expect=None,
        )
        if enrollment.status in OWNED_ENROLLMENT_STATUSES:
            assert response.status_code == 200, response.get_data(as_text=True)
            enrollment.status = "completed"
            assert response.get_json()["status"] == "completed"
        else:
            assert response.status_code == 409, response.get_data(as_text=True)
            assert response.get_json()["code"] == "enrollment_not_active"

    @precondition(lambda self: any(o.status == "pending" for o in self.orders))
    @rule(what=st.sampled_from(["expire", "reconcile", *TIME_STEPS]))
    def clock(self, what: int | str) -> None:
        """Time passes (``TIME_STEPS`` minutes), or the reconcile run, or "expire unpaid
        checkouts": 44 minutes pass, then the reconcile run expires them. (Time only
        matters to pending orders: reconcile looks at nothing else.)"""
        if what == "expire":
            self._move_time(TIME_STEPS[-1])
        elif isinstance(what, int):
            self._move_time(what)
            return
        self._reconcile()

    @precondition(lambda self: self.orders)
    @rule(duplicates=st.integers(0, 2), out_of_order=st.booleans(), withhold=st.booleans())
    def provider_behaviour_changes(
        self, duplicates: int, out_of_order: bool, withhold: bool
    ) -> None:
        """The admin changes the dummy's settings (``configurePlugin``)."""
        self.dummy = DummySettings(duplicates, out_of_order, withhold)
        self.api.call(
            "PUT",
            "/v1/admin/plugins/dummy_provider",
            headers=self.site.admin,
            json={"enabled": True, "settings": self.dummy.as_json()},
            expect=200,
        )

    # Hypothesis chooses among the rules evenly: listing a rule twice doubles its share
    # (it keeps its name in the printed steps). Buying, paying and refunding are what the
    # invariants are about, so they come up more often than the rest.
    enroll_ = enroll
    pay_or_decline_ = pay_or_decline
    admin_refunds_ = admin_refunds

    def _move_time(self, minutes: int) -> None:
        """Every order of the tenant was created ``minutes`` earlier than it was."""
        delta = timedelta(minutes=minutes)
        with self.runtime.session(self.site.id) as session:
            for row in session.scalars(select(Order)):
                row.created_at -= delta
                if row.expires_at is not None:
                    row.expires_at -= delta
            session.commit()
        for order in self.orders:
            order.age += minutes

    def _reconcile(self) -> None:
        """``tuition payments reconcile`` (default ``--older-than 10``)."""
        cutoff = utcnow() - timedelta(minutes=RECONCILE_AGE)
        with self.runtime.session() as session:
            foreign = (
                session.scalar(
                    select(func.count())
                    .select_from(Order)
                    .where(
                        Order.status == "pending",
                        Order.created_at < cutoff,
                        Order.tenant_id != self.site.id,
                    )
                )
                or 0
            )
        counts = reconcile(self.runtime, cutoff)
        expected: Counter[str] = Counter()
        late = [
            o
            for o in self.orders
            if o.status in ("expired", "failed", "canceled") and o.age < CHECKOUT_TTL + LATE_WINDOW
        ]
        for order in self.orders:
            if order.status == "pending" and order.age >= RECONCILE_AGE:
                expected[self._status_from_provider(order, expire=True)] += 1
        for order in late:  # money that came for a closed checkout, webhook withheld
            if order.ledger == "paid" and order.status in PAYABLE:
                expected[f"late_{self._mark_paid(order)}"] += 1
        if not foreign:  # other examples' tenants leave nothing pending (see teardown)
            assert counts == dict(expected)

    # -- invariants ----------------------------------------------------------------------

    def _snapshot(self) -> Snapshot:
        """The tenant's courses, enrollments, orders, ledger, transitions and unfinished
        jobs, read in one session (plain rows, no ORM objects: cheap)."""
        with self.runtime.session(self.site.id) as session:
            return Snapshot(
                courses={
                    r.slug: r
                    for r in session.execute(
                        select(Course.id, Course.slug, Course.capacity, Course.seats_taken)
                    )
                },
                enrollments={
                    r.id: r
                    for r in session.execute(
                        select(Enrollment.id, Enrollment.course_id, Enrollment.status)
                    )
                },
                orders={
                    r.id: r
                    for r in session.execute(
                        select(
                            Order.id,
                            Order.status,
                            Order.amount,
                            Order.currency,
                            Order.refunded_amount,
                            Order.enrollment_id,
                            Order.student_id,
                            Order.course_id,
                        )
                    )
                },
                ledger={
                    r.order_id: r
                    for r in session.execute(
                        select(
                            DummyPayment.order_id,
                            DummyPayment.status,
                            DummyPayment.amount,
                            DummyPayment.currency,
                            DummyPayment.refunded_amount,
                        )
                    )
                },
                transitions=list(
                    session.execute(
                        select(
                            OrderTransition.order_id,
                            OrderTransition.from_status,
                            OrderTransition.to_status,
                        ).order_by(OrderTransition.id)
                    )
                ),
                unfinished_jobs=list(
                    session.execute(
                        select(Job.name, Job.status, Job.last_error).where(
                            Job.tenant_id == self.site.id, Job.status != "done"
                        )
                    )
                ),
            )

    @invariant()
    def database_invariants(self) -> None:
        if self.tenant is None:
            return
        snap = self._snapshot()
        self._check_seats(snap)
        self._check_money(snap)
        self._check_model(snap)
        assert not snap.unfinished_jobs, f"jobs that did not finish: {snap.unfinished_jobs}"

    def _check_seats(self, snap: Snapshot) -> None:
        """seats_taken == live (pending + active + completed) enrollments <= capacity."""
        live = Counter(
            e.course_id for e in snap.enrollments.values() if e.status in LIVE_ENROLLMENT_STATUSES
        )
        for key, slug in self.slugs.items():
            course = snap.courses[slug]
            assert course.seats_taken == live[course.id], (
                f"{slug}: seats_taken {course.seats_taken} but {live[course.id]} live enrollments"
            )
            assert course.seats_taken <= course.capacity
            assert course.seats_taken == self._seats(key), (
                f"{slug}: seats_taken {course.seats_taken}, the model {self._seats(key)}"
            )

    def _check_money(self, snap: Snapshot) -> None:
        """The ledger's net money == what Tuition keeps for owned enrollments + in flight."""
        model = {o.id: o for o in self.orders}
        assert set(snap.orders) == set(model), "orders in the database are not the model's"
        chains: dict[str, list[tuple[str | None, str]]] = {}
        for t in snap.transitions:
            chains.setdefault(t.order_id, []).append((t.from_status, t.to_status))
        provider_total = kept_total = in_flight = 0
        kept_per_course: Counter[tuple[str, str]] = Counter()
        for order_id, row in snap.orders.items():
            payment = snap.ledger.get(order_id)
            enrollment = snap.enrollments[row.enrollment_id]
            captured = payment.amount if payment is not None and payment.status == "paid" else 0
            provider_net = captured - (payment.refunded_amount if payment is not None else 0)
            kept = row.amount - row.refunded_amount if row.status in MONEY_KEPT else 0
            if payment is not None:
                assert (payment.amount, payment.currency) == (row.amount, row.currency)
                assert payment.refunded_amount == row.refunded_amount, (
                    f"{order_id}: the provider refunded {payment.refunded_amount}, Tuition "
                    f"recorded {row.refunded_amount}"
                )
            if provider_net != kept:
                assert row.status in PAYABLE and captured and not model[order_id].told, (
                    f"{order_id}: the provider nets {provider_net}, Tuition keeps {kept} "
                    f"(order {row.status}, enrollment {enrollment.status})"
                )
                in_flight += provider_net
            provider_total += provider_net
            owned = enrollment.status in OWNED_ENROLLMENT_STATUSES
            assert owned == (row.status in REFUNDABLE), (
                f"{order_id}: order {row.status} but enrollment {enrollment.status}"
            )
            assert (row.status == "pending") == (enrollment.status == "pending"), (
                f"{order_id}: order {row.status} but enrollment {enrollment.status}"
            )
            if owned:
                kept_total += kept
            if kept:
                kept_per_course[(row.student_id, row.course_id)] += 1
            chain = chains.get(order_id, [])
            assert chain[:2] == [(None, "checkout_pending"), ("checkout_pending", "pending")], (
                f"{order_id}: {chain}"
            )
            for (_, before), (after_from, _) in itertools.pairwise(chain):
                assert after_from == before, f"{order_id}: broken transitions {chain}"
            assert chain[-1][1] == row.status, f"{order_id} is {row.status}: {chain}"
            assert sum(to == "paid" for _, to in chain) <= 1, f"{order_id} paid twice: {chain}"
        assert provider_total == kept_total + in_flight, (
            f"the provider nets {provider_total}, owned enrollments keep {kept_total}, "
            f"{in_flight} in flight"
        )
        twice = {key: n for key, n in kept_per_course.items() if n > 1}
        assert not twice, f"money kept twice for the same student and course: {twice}"
        orders_of = Counter(row.enrollment_id for row in snap.orders.values())
        paid_course = snap.courses[self.slugs[PAID]].id
        for enrollment in snap.enrollments.values():
            wanted = 1 if enrollment.course_id == paid_course else 0
            assert orders_of[enrollment.id] == wanted, (
                f"enrollment {enrollment.id} ({enrollment.status}) has "
                f"{orders_of[enrollment.id]} orders"
            )

    def _check_model(self, snap: Snapshot) -> None:
        assert {e.id: e.status for e in snap.enrollments.values()} == {
            e.id: e.status for e in self.enrollments
        }
        assert {o.id: (o.status, o.refunded_amount) for o in snap.orders.values()} == {
            o.id: (o.status, o.refunded) for o in self.orders
        }
        assert {p.order_id: (p.status, p.refunded_amount) for p in snap.ledger.values()} == {
            o.id: (o.ledger, o.ledger_refunded) for o in self.orders if o.ledger is not None
        }

    @invariant()
    def api_views_agree(self) -> None:
        """The API's views (``listOrders``, each student's dashboard), whenever what the
        model expects them to show changed (the database is compared after every step)."""
        if self.tenant is None:
            return
        expected_orders = {o.id: (o.status, o.refunded, o.enrollment.status) for o in self.orders}
        if expected_orders != self.shown.get("orders"):
            listed = self.api.call(
                "GET", "/v1/admin/orders?page_size=100", headers=self.site.admin, expect=200
            ).get_json()
            actual = {
                o["id"]: (o["status"], o["refunded_amount"], o["enrollment_status"])
                for o in listed["items"]
            }
            assert actual == expected_orders
            self.shown["orders"] = expected_orders
        seats_left = {
            slug: self.capacity[key] - self._seats(key) for key, slug in self.slugs.items()
        }
        for index, student in enumerate(self.students):
            owned: list[tuple[str, str, str]] = []
            available: set[str] = set()
            for key, slug in self.slugs.items():
                live = self._live(index, key)
                if live is not None:
                    state = "pending_payment" if live.status == "pending" else "enrolled"
                    owned.append((slug, live.status, state))
                elif seats_left[slug] > 0:
                    available.add(slug)
            expected = (sorted(owned), available, seats_left)
            if expected == self.shown.get(student.id):
                continue
            board = self.api.call(
                "GET", "/v1/me/dashboard", headers=student.headers, expect=200
            ).get_json()
            shown_owned = sorted(
                (o["course"]["slug"], o["enrollment"]["status"], o["course"]["enroll_state"])
                for o in board["owned"]
            )
            assert shown_owned == sorted(owned), f"student {index}: dashboard {shown_owned}"
            assert {c["slug"] for c in board["available"]} == available
            for course in [o["course"] for o in board["owned"]] + board["available"]:
                assert course["seats_left"] == seats_left[course["slug"]]
            self.shown[student.id] = expected

    # -- end of an example ---------------------------------------------------------------

    def teardown(self) -> None:
        """Settle everything: unpaid checkouts expire, withheld webhooks arrive. Then no
        money may be left in flight, and no order of this tenant is left pending (so the
        next example's reconcile runs see their own orders only)."""
        if self.tenant is None:
            return
        self._move_time(1000)
        self._reconcile()
        for order in self.orders:
            if order.ledger is not None and not order.told:
                self._deliver_late(order)
        self.database_invariants()
        for order in self.orders:
            assert order.status != "pending"
            assert not (order.ledger == "paid" and order.status in PAYABLE), order


def test_money_and_seat_invariants(api: Api, runtime: Tuition) -> None:
    class Machine(TuitionMachine):
        fixture_api = api
        fixture_runtime = runtime

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=MAX_EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=False,
            database=None,
            print_blob=True,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.filter_too_much,
                HealthCheck.data_too_large,
            ],
        ),
    )
