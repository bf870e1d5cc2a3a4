"""Checkout in three steps: the seat is held and the order written in a short transaction,
the provider's ``create_checkout`` runs with no transaction open, and a second short
transaction stores the checkout. A slow provider holds no lock (no other buyer or tenant
waits for it), a failing one releases the hold, and a crash between the steps is released
by reconcile and the sweep. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import timedelta
from typing import Any, cast

import pytest
from flask import Flask
from sqlalchemy import select

from tuition.db import utcnow
from tuition.models import Course, Enrollment, Order, OrderTransition, Student, Tenant
from tuition.plugin_api import (
    Capabilities,
    CheckoutSession,
    Host,
    OrderInfo,
    PaymentError,
    PaymentProvider,
    PluginInfo,
    ProviderEvent,
    ProviderStatus,
    RefundResult,
    WebhookRequest,
    WebhookVerificationError,
    hookimpl,
)
from tuition.runtime import Tuition
from tuition.services import enrollment
from tuition.services.orders import CHECKOUT_GRACE
from tuition.services.payment_events import reconcile
from tuition.services.sweep import sweep
from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition.testing.databases import write_transaction_open

PRICE = {"amount": 2500, "currency": "EUR"}
WAIT = 10  # seconds a thread may take before it counts as stuck (never reached when right)


class Gate:
    """The provider's side: whose checkouts block until ``release``, whose fail, which
    orders were paid, every ``create_checkout`` call, and every provider call that found a
    write transaction open in the database (``writers``)."""

    def __init__(self) -> None:
        self.blocked: set[str] = set()
        self.failures: dict[str, Exception] = {}
        self.paid: set[str] = set()
        self.entered = threading.Event()
        self.release = threading.Event()
        self.calls: list[str] = []
        self.probed: list[str] = []
        self.writers: list[str] = []

    def probe(self, runtime: Tuition, call: str) -> None:
        """Note whether a write transaction (a row lock, the SQLite write lock) is open in
        the database while the provider is called."""
        self.probed.append(call)
        if write_transaction_open(runtime.engine):
            self.writers.append(call)


class GatedProvider(PaymentProvider):
    name = "gated"
    capabilities = Capabilities(currencies=frozenset({"EUR"}))
    frontend_fields = {"pay_here": "where to pay"}
    gate: Gate
    host: Tuition

    @classmethod
    def for_tenant(cls, settings: Mapping[str, Any], host: Host) -> GatedProvider:
        provider = cls(settings)
        provider.host = cast(Tuition, host)  # to look into the database while called
        return provider

    def create_checkout(self, order: OrderInfo) -> CheckoutSession:
        self.gate.probe(self.host, "create_checkout")
        self.gate.calls.append(order.id)
        failure = self.gate.failures.get(order.customer_email or "")
        if failure is not None:
            raise failure
        if order.customer_email in self.gate.blocked:
            self.gate.entered.set()
            assert self.gate.release.wait(30), "the test never released the provider"
        return CheckoutSession(
            reference=f"g_{order.id}", frontend={"pay_here": order.id}, expires_in_seconds=600
        )

    def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        if request.headers.get("X-Signed") != "yes":
            raise WebhookVerificationError("unsigned")
        data = json.loads(request.body)
        return [
            ProviderEvent(
                event_id=data["id"],
                kind="payment.approved",
                raw_type="approved",
                order_id=data["order"],
                payload=data,
            )
        ]

    def fetch_status(self, order: OrderInfo) -> ProviderStatus:
        self.gate.probe(self.host, "fetch_status")
        if order.id not in self.gate.paid:
            return ProviderStatus(kind="payment.pending")
        if order.refunded_amount:
            return ProviderStatus(kind="refund.succeeded", amount=order.refunded_amount)
        return ProviderStatus(
            kind="payment.succeeded",
            payment_id=f"gp_{order.id}",
            amount=order.amount,
            currency=order.currency,
        )

    def refund(self, order: OrderInfo, amount: int) -> RefundResult:
        self.gate.probe(self.host, "refund")
        return RefundResult(
            refund_id=f"gr_{order.id}_{order.refunded_amount + amount}",
            amount=amount,
            status="succeeded",
        )


class GatedPlugin:
    TUITION_PLUGIN = PluginInfo(title="Gated test provider", category="payment")

    def __init__(self, gate: Gate) -> None:
        GatedProvider.gate = gate

    @hookimpl
    def tuition_payment_providers(self) -> list[type[PaymentProvider]]:
        return [GatedProvider]


@pytest.fixture
def gate() -> Iterator[Gate]:
    gate = Gate()
    yield gate
    gate.release.set()  # never leave a request thread waiting, whatever failed


@pytest.fixture
def tuition_plugins(gate: Gate) -> list[tuple[str, Any]]:
    return [("gated_plugin", GatedPlugin(gate))]


@pytest.fixture
def shop(api: Api) -> TenantHandle:
    tenant = api.create_tenant({"gated_plugin": {}, "free_enrollment": {}})
    api.create_course(tenant, "paid", pricing_model="one_time", capacity=5, price=PRICE)
    return tenant


def in_thread(target: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Run ``target`` in a thread of its own; its result lands in ``result["value"]``."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = target()
        except BaseException as exc:  # reported by the test's assertions
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, result


def enroll_request(app: Flask, student: StudentHandle, course: str) -> Callable[[], Any]:
    def post() -> Any:
        return app.test_client().post(
            "/v1/enrollments", json={"course": course}, headers=student.headers
        )

    return post


def state(
    runtime: Tuition, tenant: TenantHandle, student: StudentHandle
) -> tuple[list[str], list[str], int]:
    """The student's order statuses and enrollment statuses, and the course's seats taken."""
    with runtime.session(tenant.id) as session:
        orders = list(
            session.scalars(
                select(Order.status)
                .where(Order.student_id == student.id)
                .order_by(Order.created_at)
            )
        )
        enrollments = list(
            session.scalars(
                select(Enrollment.status)
                .where(Enrollment.student_id == student.id)
                .order_by(Enrollment.created_at)
            )
        )
        seats = session.scalar(select(Course.seats_taken).where(Course.slug == "paid"))
    return orders, enrollments, int(seats or 0)


def test_a_blocked_provider_keeps_no_one_waiting(
    app: Flask, api: Api, runtime: Tuition, shop: TenantHandle, gate: Gate
) -> None:
    first, second = api.signup(shop), api.signup(shop)
    elsewhere = api.create_tenant()
    api.create_course(elsewhere, "free-course")
    gate.blocked.add(first.email)

    slow, slow_answer = in_thread(enroll_request(app, first, "paid"))
    assert gate.entered.wait(WAIT), "the first buyer's checkout never reached the provider"

    # (a) a second buyer of the same course: its seat, order and checkout go through
    other_buyer, other_answer = in_thread(enroll_request(app, second, "paid"))
    other_buyer.join(WAIT)
    assert not other_buyer.is_alive(), "the second buyer waited for the first's provider"
    assert other_answer["value"].status_code == 202, other_answer
    assert other_answer["value"].get_json()["checkout"]["pay_here"]

    # (b) another tenant: a signup and a free enrollment
    def elsewhere_signup_and_enroll() -> tuple[int, int]:
        client = app.test_client()
        signed = client.post(
            "/v1/auth/signup",
            headers=elsewhere.storefront,
            json={"email": "neighbour@example.com", "password": "correct horse battery"},
        )
        headers = elsewhere.as_student(signed.get_json()["token"])
        enrolled = client.post("/v1/enrollments", json={"course": "free-course"}, headers=headers)
        return signed.status_code, enrolled.status_code

    neighbour, neighbour_answer = in_thread(elsewhere_signup_and_enroll)
    neighbour.join(WAIT)
    assert not neighbour.is_alive(), "another tenant waited for this tenant's provider"
    assert neighbour_answer["value"] == (201, 201), neighbour_answer

    # All that while the first buyer's provider call was still blocked, its hold counted.
    assert slow.is_alive() and not gate.release.is_set()
    assert state(runtime, shop, first) == (["checkout_pending"], ["pending"], 2)

    gate.release.set()
    slow.join(WAIT)
    assert not slow.is_alive()
    body = slow_answer["value"].get_json()
    assert slow_answer["value"].status_code == 202, body
    assert body["checkout"]["pay_here"] == body["checkout"]["order_id"]
    order = api.call(
        "GET", f"/v1/orders/{body['checkout']['order_id']}", headers=first.headers, expect=200
    ).get_json()
    assert (order["status"], order["checkout"]) == ("pending", {"pay_here": order["id"]})
    assert state(runtime, shop, first) == (["pending"], ["pending"], 2)


@pytest.mark.parametrize(
    "failure, status, code",
    [
        (PaymentError("card processor on fire", retryable=False), 502, "payment_provider_error"),
        (PaymentError("try later"), 503, "payment_provider_unavailable"),
        (TimeoutError("read timed out"), 503, "payment_provider_unavailable"),
    ],
)
def test_provider_failure_releases_the_hold(
    api: Api,
    runtime: Tuition,
    shop: TenantHandle,
    gate: Gate,
    failure: Exception,
    status: int,
    code: str,
) -> None:
    student = api.signup(shop)
    gate.failures[student.email] = failure
    refused = api.enroll(shop, student, "paid", expect=status)
    assert refused.get_json()["code"] == code
    assert ("Retry-After" in refused.headers) == (status == 503)
    assert state(runtime, shop, student) == (["failed"], ["canceled"], 0)
    with runtime.session(shop.id) as session:
        causes = list(session.scalars(select(OrderTransition.cause).order_by(OrderTransition.id)))
    assert causes == ["enrollment", f"checkout:{code}"]

    del gate.failures[student.email]  # the provider is back: the student tries again
    checkout = api.enroll(shop, student, "paid", expect=202).get_json()["checkout"]
    assert checkout["pay_here"] == checkout["order_id"]
    assert state(runtime, shop, student) == (["failed", "pending"], ["canceled", "pending"], 1)


def hold_without_checkout(runtime: Tuition, tenant: TenantHandle, student: StudentHandle) -> str:
    """Step 1 only, committed: what a process that died before its provider answered
    leaves behind."""
    with runtime.session(tenant.id) as session:
        row, buyer = session.get(Tenant, tenant.id), session.get(Student, student.id)
        assert row is not None and buyer is not None
        outcome = enrollment.enroll(runtime, session, row, buyer, "paid", {"course": "paid"})
        session.commit()
        assert outcome.order is not None
        return outcome.order.id


@pytest.mark.parametrize("chore", ["sweep", "reconcile"])
def test_a_crash_between_the_steps_is_released(
    api: Api, runtime: Tuition, shop: TenantHandle, gate: Gate, chore: str
) -> None:
    student = api.signup(shop)
    order_id = hold_without_checkout(runtime, shop, student)
    assert gate.calls == []
    mine = api.call("GET", "/v1/me/enrollments", headers=student.headers, expect=200).get_json()[
        "items"
    ]
    assert [(e["status"], e["order_id"]) for e in mine] == [("pending", order_id)]
    again = api.enroll(shop, student, "paid", expect=409).get_json()
    assert (again["code"], again["order_id"]) == ("already_enrolled", order_id)

    # Within the grace period the order may still be in its provider's hands.
    assert sweep(runtime)["core"]["stuck_checkouts_released"] == 0  # type: ignore[index]
    assert reconcile(runtime, utcnow() - CHECKOUT_GRACE) == {}
    assert state(runtime, shop, student) == (["checkout_pending"], ["pending"], 1)

    if chore == "sweep":
        later = utcnow() + CHECKOUT_GRACE + timedelta(seconds=1)
        done = sweep(runtime, later)["core"]
        assert done["stuck_checkouts_released"] == 1  # type: ignore[index]
    else:
        assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"checkout_released": 1}
    assert state(runtime, shop, student) == (["failed"], ["canceled"], 0)
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {}  # released once

    checkout = api.enroll(shop, student, "paid", expect=202).get_json()["checkout"]
    assert gate.calls == [checkout["order_id"]]
    assert state(runtime, shop, student) == (["failed", "pending"], ["canceled", "pending"], 1)


def test_a_checkout_stored_after_its_release_stays_released(
    app: Flask, api: Api, runtime: Tuition, shop: TenantHandle, gate: Gate
) -> None:
    student = api.signup(shop)
    gate.blocked.add(student.email)
    slow, answer = in_thread(enroll_request(app, student, "paid"))
    assert gate.entered.wait(WAIT)
    # The provider outlives the grace period: reconcile releases the hold meanwhile.
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"checkout_released": 1}
    gate.release.set()
    slow.join(WAIT)
    assert not slow.is_alive()
    assert answer["value"].status_code == 503
    assert answer["value"].get_json()["code"] == "payment_provider_unavailable"
    assert state(runtime, shop, student) == (["failed"], ["canceled"], 0)
    api.enroll(shop, student, "paid", expect=202)


def test_an_idempotent_replay_makes_no_second_checkout(
    api: Api, shop: TenantHandle, gate: Gate
) -> None:
    student = api.signup(shop)
    headers = {"Idempotency-Key": "buy-once"}
    first = api.enroll(shop, student, "paid", expect=202, headers=headers)
    again = api.enroll(shop, student, "paid", expect=202, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert gate.calls == [first.get_json()["checkout"]["order_id"]]


def test_no_provider_call_runs_inside_a_write_transaction(
    api: Api, runtime: Tuition, shop: TenantHandle, gate: Gate
) -> None:
    """Checkout, the return page, an approval's job, an admin refund and reconcile: the
    provider is never called while a write transaction is open in the database."""
    student, other = api.signup(shop), api.signup(shop)
    order_id = api.enroll(shop, student, "paid", expect=202).get_json()["checkout"]["order_id"]
    refresh = f"/v1/orders/{order_id}/refresh"
    assert (
        api.call("POST", refresh, headers=student.headers, expect=200).get_json()["status"]
        == "pending"
    )
    gate.paid.add(order_id)  # the buyer approves; the event's job completes the payment
    api.call(
        "POST",
        f"/v1/webhooks/gated/{shop.slug}",
        expect=200,
        data=json.dumps({"id": "evt_1", "order": order_id}),
        headers={"X-Signed": "yes", "Content-Type": "application/json"},
    )
    refunded = api.call(
        "POST",
        f"/v1/admin/orders/{order_id}/refund",
        json={"amount": 500},
        headers=shop.admin,
        expect=200,
    ).get_json()
    assert (refunded["outcome"], refunded["order"]["status"]) == (
        "partially_refunded",
        "partially_refunded",
    )
    unpaid = api.enroll(shop, other, "paid", expect=202).get_json()["checkout"]["order_id"]
    gate.paid.add(unpaid)  # paid, its webhook lost: reconcile finds it
    assert reconcile(runtime, utcnow() + timedelta(seconds=1)) == {"fulfilled": 1}
    assert sorted(set(gate.probed)) == ["create_checkout", "fetch_status", "refund"]
    assert len(gate.probed) == 6, gate.probed
    assert gate.writers == []
